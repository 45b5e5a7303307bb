// Conditions from a situation, exactly per the table of docs/reference.md#conditions (pure).
//
// Rules shared by every row, after cert-manager's readiness controller and metav1.Condition:
// - each written condition carries the generation it was computed for (`observedGeneration`);
// - `lastTransitionTime` moves only when that condition's `status` flips — a new reason or
//   message alone keeps it;
// - "unchanged" / "last known" rows keep the previous condition verbatim (including its own
//   observedGeneration, which honestly says which spec it was computed for). When there is no
//   previous condition yet, the condition is written as `Unknown` with the row's reason.

import type { Condition, ConditionStatus, Phase } from '../api/types.js';
import {
  CONDITION_ORDER,
  ConditionType,
  SyncReason,
  UpgradeReason,
  type PermanentReason,
  type TransientReason,
} from './reasons.js';
import { formatTime } from '../providers/common/time.js';
import { trimText } from './text.js';

export type Situation =
  | { kind: 'phase'; phase: Phase; step?: string; progress?: number }
  | { kind: 'permanentError'; reason: PermanentReason }
  | { kind: 'transientError'; reason: TransientReason }
  | { kind: 'suspended' };

interface ConditionInput {
  situation: Situation;
  previous: readonly Condition[] | undefined;
  generation: number | undefined;
  now: Date;
  /** Human text of the situation: the provider's message, or the error description. */
  message: string;
}

/** metav1.Condition reason pattern. */
export const CONDITION_REASON_PATTERN = /^[A-Za-z]([A-Za-z0-9_,:]*[A-Za-z0-9_])?$/;
const MAX_REASON_LENGTH = 128;

/**
 * A step name as a condition reason: words are joined in CamelCase, characters the reason
 * pattern forbids are dropped (`node-1: upgrade plugins` → `Node1:UpgradePlugins`). Falls back
 * to `UpgradeInProgress` when nothing usable is left.
 */
export function stepReason(step: string | undefined): string {
  if (!step) return UpgradeReason.UpgradeInProgress;
  const joined = step
    .split(/[^A-Za-z0-9_,:]+/)
    .filter((word) => word.length > 0)
    .map((word) => word.charAt(0).toUpperCase() + word.slice(1))
    .join('');
  const trimmed = joined
    .replace(/^[^A-Za-z]+/, '')
    .slice(0, MAX_REASON_LENGTH)
    .replace(/[,:]+$/, '');
  return CONDITION_REASON_PATTERN.test(trimmed) ? trimmed : UpgradeReason.UpgradeInProgress;
}

type Desired = { status: ConditionStatus; reason: string; message: string } | { keep: true; reason: string };

type Row = Record<ConditionType, Desired>;

function set(status: ConditionStatus, reason: string, message: string): Desired {
  return { status, reason, message };
}

const keep = (reason: string): Desired => ({ keep: true, reason });

const SYNCED_OK = set('True', SyncReason.PollSucceeded, 'The last poll of the cloud API succeeded');

function phaseRow(phase: Phase, step: string | undefined, progress: number | undefined, detail: string): Row {
  const F = 'False' as const;
  const T = 'True' as const;
  switch (phase) {
    case 'Idle': {
      const r = UpgradeReason.NoUpgradeInProgress;
      const text = detail || 'No upgrade in progress';
      return {
        Ready: set(T, r, text),
        Progressing: set(F, r, text),
        Stalled: set(F, r, text),
        Synced: SYNCED_OK,
      };
    }
    case 'Pending':
    case 'Running': {
      const r = UpgradeReason.UpgradeInProgress;
      const stepText = step ?? (phase === 'Pending' ? 'Upgrade pending' : 'Upgrade in progress');
      const pct = progress === undefined ? '' : ` (${progress}%)`;
      const summary = `Upgrade ${phase === 'Pending' ? 'pending' : 'in progress'}${pct}${step ? `: ${step}` : ''}`;
      return {
        Ready: set(T, r, summary),
        Progressing: set(T, stepReason(step), stepText),
        Stalled: set(F, r, summary),
        Synced: SYNCED_OK,
      };
    }
    case 'Paused': {
      const r = UpgradeReason.UpgradePaused;
      const text = detail || `Upgrade paused${step ? ` at ${step}` : ''}`;
      return {
        Ready: set(F, r, text),
        Progressing: set(F, r, text),
        Stalled: set(F, r, text),
        Synced: SYNCED_OK,
      };
    }
    case 'Succeeded': {
      const r = UpgradeReason.UpgradeSucceeded;
      const text = detail || 'Upgrade succeeded';
      return {
        Ready: set(T, r, text),
        Progressing: set(F, r, text),
        Stalled: set(F, r, text),
        Synced: SYNCED_OK,
      };
    }
    case 'Failed': {
      const r = UpgradeReason.UpgradeFailed;
      const text = detail || `Upgrade failed${step ? ` at ${step}` : ''}`;
      return {
        Ready: set(F, r, text),
        Progressing: set(F, r, text),
        Stalled: set(T, r, text),
        Synced: SYNCED_OK,
      };
    }
    case 'Cancelled': {
      const r = UpgradeReason.UpgradeCancelled;
      const text = detail || 'Upgrade cancelled';
      return {
        Ready: set(T, r, text),
        Progressing: set(F, r, text),
        Stalled: set(F, r, text),
        Synced: SYNCED_OK,
      };
    }
    case 'Unknown': {
      const r = UpgradeReason.UnknownPhase;
      const text =
        detail || 'The provider reported a state this operator does not recognise; see status.providerStatus';
      return {
        Ready: set('Unknown', r, text),
        Progressing: set('Unknown', r, text),
        Stalled: set(F, r, text),
        Synced: SYNCED_OK,
      };
    }
  }
}

function rowFor(situation: Situation, message: string): Row {
  switch (situation.kind) {
    case 'phase':
      return phaseRow(situation.phase, situation.step, situation.progress, message);
    case 'permanentError': {
      const r = situation.reason;
      return {
        Ready: set('False', r, message),
        Progressing: keep(r),
        Stalled: set('True', r, message),
        Synced: set('False', r, message),
      };
    }
    case 'transientError': {
      const r = situation.reason;
      return { Ready: keep(r), Progressing: keep(r), Stalled: keep(r), Synced: set('False', r, message) };
    }
    case 'suspended': {
      const r = SyncReason.Suspended;
      const text = message || 'spec.suspend is true: no cloud calls are made';
      return { Ready: keep(r), Progressing: keep(r), Stalled: keep(r), Synced: set('False', r, text) };
    }
  }
}

export function computeConditions(input: ConditionInput): Condition[] {
  const { situation, previous, generation, now } = input;
  const row = rowFor(situation, trimText(input.message));
  const at = formatTime(now);
  return CONDITION_ORDER.map((type) => {
    const before = previous?.find((c) => c.type === type);
    const desired = row[type];
    if ('keep' in desired) {
      if (before) return { ...before };
      return withGeneration(
        {
          type,
          status: 'Unknown',
          reason: desired.reason,
          message: 'Not observed yet',
          lastTransitionTime: at,
        },
        generation,
      );
    }
    const lastTransitionTime =
      before && before.status === desired.status && before.lastTransitionTime
        ? before.lastTransitionTime
        : at;
    return withGeneration(
      {
        type,
        status: desired.status,
        reason: desired.reason,
        message: trimText(desired.message),
        lastTransitionTime,
      },
      generation,
    );
  });
}

function withGeneration(condition: Condition, generation: number | undefined): Condition {
  return generation === undefined ? condition : { ...condition, observedGeneration: generation };
}

export function findCondition(
  conditions: readonly Condition[] | undefined,
  type: ConditionType,
): Condition | undefined {
  return conditions?.find((c) => c.type === type);
}
