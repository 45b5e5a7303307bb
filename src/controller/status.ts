// The next status from the previous one and the outcome of a reconcile (pure).
//
// - observed: the observation replaces every observation field (it is a full snapshot), and
//   lastSyncTime becomes the poll time;
// - transient error: phase, progress, steps and every other observed field — including
//   `message` — stay as last known; only Synced changes (its message names the request id);
// - permanent error: observed fields stay, `message` becomes the error text;
// - suspended: everything stays, Synced False `Suspended`.
// Error outcomes never wipe the status: with no previous phase they report phase `Unknown`.
// status.history is carried over from the previous status and grows only from an observation
// (see ./history.ts).

import type { ClusterUpgradeWatchStatus, Observation, Phase } from '../api/types.js';
import { settleProgress } from '../providers/common/progress.js';
import { computeConditions, type Situation } from './conditions.js';
import { nextHistory } from './history.js';
import type { PermanentReason, TransientReason } from './reasons.js';
import { formatTime } from '../providers/common/time.js';
import { trimText } from './text.js';

export type Outcome =
  | { kind: 'observed'; observation: Observation; at: Date }
  | { kind: 'permanentError'; reason: PermanentReason; message: string }
  | { kind: 'transientError'; reason: TransientReason; message: string; retryAfterMs?: number }
  | { kind: 'suspended' };

interface StatusContext {
  generation: number | undefined;
  now: Date;
}

const OBSERVATION_FIELDS = [
  'phase',
  'progress',
  'currentStep',
  'steps',
  'fromVersion',
  'toVersion',
  'upgradeID',
  'startTime',
  'completionTime',
  'nodes',
  'components',
  'message',
  'providerStatus',
] as const satisfies readonly (keyof Observation)[];

function observedFields(status: ClusterUpgradeWatchStatus | undefined): Partial<Observation> {
  const out: Partial<Observation> = {};
  if (!status) return out;
  for (const field of OBSERVATION_FIELDS) {
    if (status[field] !== undefined && status[field] !== null) {
      (out as Record<string, unknown>)[field] = status[field];
    }
  }
  return out;
}

/** Trims texts and holds progress to the rules (docs/reference.md#progress-rules). */
function cleanObservation(observation: Observation): Partial<Observation> & { phase: Phase } {
  const clean = observedFields(observation as ClusterUpgradeWatchStatus) as Partial<Observation> & {
    phase: Phase;
  };
  if (clean.message !== undefined) clean.message = trimText(clean.message);
  if (clean.currentStep !== undefined) clean.currentStep = trimText(clean.currentStep);
  if (clean.steps) {
    clean.steps = clean.steps.map((step) =>
      step.message === undefined ? step : { ...step, message: trimText(step.message) },
    );
  }
  const progress = settleProgress(clean.progress, clean.phase);
  if (progress !== undefined) clean.progress = progress;
  return clean;
}

/**
 * Progress never goes backwards within one upgrade (docs/reference.md#progress-rules): while
 * the cloud names the same upgradeID, a lower figure keeps the one already shown. A CCE Cluster
 * point that fails at 35 % stops counting its task, which would drop 58 % to 50 % (found by the
 * chaos run). Without an upgradeID a new upgrade cannot be told from the last one: nothing is kept.
 */
function keepProgressForward(
  next: ClusterUpgradeWatchStatus,
  previous: ClusterUpgradeWatchStatus | undefined,
): void {
  if (next.progress === undefined || previous?.progress === undefined) return;
  if (next.upgradeID === undefined || next.upgradeID !== previous.upgradeID) return;
  if (next.progress < previous.progress)
    next.progress = settleProgress(previous.progress, next.phase ?? 'Unknown');
}

function situationOf(outcome: Outcome, phase: Phase, step: string | undefined, progress?: number): Situation {
  switch (outcome.kind) {
    case 'observed':
      return { kind: 'phase', phase, step, progress };
    case 'permanentError':
      return { kind: 'permanentError', reason: outcome.reason };
    case 'transientError':
      return { kind: 'transientError', reason: outcome.reason };
    case 'suspended':
      return { kind: 'suspended' };
  }
}

export function nextStatus(
  previous: ClusterUpgradeWatchStatus | undefined,
  outcome: Outcome,
  ctx: StatusContext,
): ClusterUpgradeWatchStatus {
  const base: ClusterUpgradeWatchStatus =
    outcome.kind === 'observed'
      ? { ...cleanObservation(outcome.observation), lastSyncTime: formatTime(outcome.at) }
      : {
          ...observedFields(previous),
          phase: previous?.phase ?? 'Unknown',
          lastSyncTime: previous?.lastSyncTime,
        };
  if (outcome.kind === 'observed') keepProgressForward(base, previous);
  if (outcome.kind === 'permanentError') base.message = trimText(outcome.message);
  const conditionMessage =
    outcome.kind === 'observed' ? (base.message ?? '') : outcome.kind === 'suspended' ? '' : outcome.message;
  const conditions = computeConditions({
    situation: situationOf(outcome, base.phase ?? 'Unknown', base.currentStep, base.progress),
    previous: previous?.conditions,
    generation: ctx.generation,
    now: ctx.now,
    message: conditionMessage,
  });
  const status: ClusterUpgradeWatchStatus = { ...base, conditions };
  const history = outcome.kind === 'observed' ? nextHistory(previous, base) : previous?.history;
  if (history?.length) status.history = history;
  if (ctx.generation !== undefined) status.observedGeneration = ctx.generation;
  if (status.lastSyncTime === undefined) delete status.lastSyncTime;
  return status;
}

/** JSON with sorted keys and no undefined/null members: equal text ⇔ semantically equal. */
export function canonicalJson(value: unknown): string {
  return JSON.stringify(canonicalize(value));
}

function canonicalize(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(canonicalize);
  if (value !== null && typeof value === 'object') {
    const out: Record<string, unknown> = {};
    for (const key of Object.keys(value).sort()) {
      const member = (value as Record<string, unknown>)[key];
      if (member === undefined || member === null) continue;
      out[key] = canonicalize(member);
    }
    return out;
  }
  return value;
}

function comparable(status: ClusterUpgradeWatchStatus | undefined): unknown {
  if (!status) return {};
  const { lastSyncTime: _ignored, conditions, ...rest } = status;
  const sorted = conditions ? [...conditions].sort((a, b) => a.type.localeCompare(b.type)) : undefined;
  return { ...rest, conditions: sorted };
}

/** True when anything but `lastSyncTime` differs (the heartbeat handles that one). */
export function statusChanged(
  a: ClusterUpgradeWatchStatus | undefined,
  b: ClusterUpgradeWatchStatus | undefined,
): boolean {
  return canonicalJson(comparable(a)) !== canonicalJson(comparable(b));
}

/** True when `next` carries a lastSyncTime at least `heartbeatMs` newer than the stored one. */
export function heartbeatDue(
  previous: ClusterUpgradeWatchStatus | undefined,
  next: ClusterUpgradeWatchStatus,
  heartbeatMs: number,
): boolean {
  if (!next.lastSyncTime) return false;
  if (!previous?.lastSyncTime) return true;
  const before = Date.parse(previous.lastSyncTime);
  const after = Date.parse(next.lastSyncTime);
  if (Number.isNaN(before)) return true;
  return after - before >= heartbeatMs;
}
