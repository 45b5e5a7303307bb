// Kubernetes Events derived from a status transition (pure), docs/reference.md#events.
//
// Phase events fire only on a successful poll whose phase (or tracked upgradeID) differs from
// the previous status. On first sight (never polled successfully before) a historical
// `Succeeded`/`Cancelled` upgrade is not announced — it did not happen now — but an active,
// paused or failed one is, because someone may need to act on it.
// `InvalidSpec`, `CredentialsNotFound`, `AuthFailed` and `RequestRejected` fire when Synced enters
// that reason (docs/reference.md#events).
// `PollFailed` covers the remaining cloud errors and is rate-limited by the caller (one per
// 30 min per object and reason, see `PollFailedLimiter`).

import type { ClusterUpgradeWatchStatus, Phase } from '../api/types.js';
import { findCondition } from './conditions.js';
import { ConditionType, EventReason, PermanentReason, SyncReason, type EventType } from './reasons.js';
import type { Outcome } from './status.js';
import { trimText } from './text.js';

export interface EventSpec {
  type: EventType;
  reason: EventReason;
  message: string;
}

const ACTIVE: ReadonlySet<Phase | undefined> = new Set<Phase | undefined>(['Pending', 'Running', 'Paused']);

/** Synced reasons that have an Event of their own, emitted on entry. */
const ENTRY_WARNINGS: ReadonlyMap<string, EventReason> = new Map<string, EventReason>([
  [PermanentReason.InvalidSpec, EventReason.InvalidSpec],
  [PermanentReason.CredentialsNotFound, EventReason.CredentialsNotFound],
  [PermanentReason.AuthFailed, EventReason.AuthFailed],
  [PermanentReason.RequestRejected, EventReason.RequestRejected],
]);

function versions(status: ClusterUpgradeWatchStatus): string {
  const parts: string[] = [];
  if (status.fromVersion) parts.push(`from ${status.fromVersion}`);
  if (status.toVersion) parts.push(`to ${status.toVersion}`);
  if (status.upgradeID) parts.push(`(${status.upgradeID})`);
  return parts.length ? ` ${parts.join(' ')}` : '';
}

// Long (just over 80 lines) because it is one pass over the three kinds of transition that emit
// an Event (Synced reason, phase, step), read top to bottom.
export function transitionEvents(
  previous: ClusterUpgradeWatchStatus | undefined,
  next: ClusterUpgradeWatchStatus,
): EventSpec[] {
  const events: EventSpec[] = [];
  const prevSynced = findCondition(previous?.conditions, ConditionType.Synced);
  const nextSynced = findCondition(next.conditions, ConditionType.Synced);

  const entry =
    nextSynced && nextSynced.status === 'False' ? ENTRY_WARNINGS.get(nextSynced.reason) : undefined;
  if (entry && prevSynced?.reason !== nextSynced?.reason) {
    events.push({ type: 'Warning', reason: entry, message: trimText(nextSynced?.message) });
  }

  if (nextSynced?.reason !== SyncReason.PollSucceeded) return events;

  const firstSight = !previous?.lastSyncTime;
  const prevPhase = previous?.phase;
  const newUpgrade = !!previous?.upgradeID && !!next.upgradeID && previous.upgradeID !== next.upgradeID;
  const phaseChanged = firstSight || prevPhase !== next.phase || newUpgrade;

  if (phaseChanged) {
    switch (next.phase) {
      case 'Pending':
      case 'Running':
        if (firstSight || newUpgrade || !ACTIVE.has(prevPhase)) {
          events.push({
            type: 'Normal',
            reason: EventReason.UpgradeStarted,
            message: `Upgrade started${versions(next)}`,
          });
        }
        break;
      case 'Paused':
        events.push({
          type: 'Warning',
          reason: EventReason.UpgradePaused,
          message: trimText(
            `Upgrade paused${next.currentStep ? ` at ${next.currentStep}` : ''}${versions(next)}`,
          ),
        });
        break;
      case 'Succeeded':
        if (!firstSight) {
          events.push({
            type: 'Normal',
            reason: EventReason.UpgradeSucceeded,
            message: `Upgrade succeeded${versions(next)}`,
          });
        }
        break;
      case 'Cancelled':
        if (!firstSight) {
          events.push({
            type: 'Normal',
            reason: EventReason.UpgradeCancelled,
            message: `Upgrade cancelled${versions(next)}`,
          });
        }
        break;
      case 'Failed':
        events.push({
          type: 'Warning',
          reason: EventReason.UpgradeFailed,
          message: trimText(`Upgrade failed${versions(next)}${next.message ? `: ${next.message}` : ''}`),
        });
        break;
      default:
        break;
    }
  }

  const running = next.phase === 'Running' || next.phase === 'Pending';
  if (running && next.currentStep && (next.currentStep !== previous?.currentStep || newUpgrade)) {
    events.push({
      type: 'Normal',
      reason: EventReason.StepStarted,
      message: trimText(`Step ${next.currentStep} started`),
    });
  }
  return events;
}

/** The PollFailed Event for a failed poll, or undefined when the failure has its own Event. */
export function pollFailedEvent(outcome: Outcome): EventSpec | undefined {
  if (
    outcome.kind === 'transientError' ||
    (outcome.kind === 'permanentError' && !ENTRY_WARNINGS.has(outcome.reason))
  ) {
    return {
      type: 'Warning',
      reason: EventReason.PollFailed,
      message: trimText(`${outcome.reason}: ${outcome.message}`),
    };
  }
  return undefined;
}

const POLL_FAILED_WINDOW_MS = 30 * 60_000;

/** At most one PollFailed per object and reason per window (docs/reference.md#events). */
export class PollFailedLimiter {
  private readonly lastAt = new Map<string, number>();

  constructor(private readonly windowMs = POLL_FAILED_WINDOW_MS) {}

  /** True (and remembers `nowMs`) when an event for `reason` may be emitted now. */
  allow(reason: string, nowMs: number): boolean {
    const last = this.lastAt.get(reason);
    if (last !== undefined && nowMs - last < this.windowMs) return false;
    this.lastAt.set(reason, nowMs);
    return true;
  }
}
