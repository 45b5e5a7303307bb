// When to poll next (pure), docs/reference.md#retry-policy and docs/reference.md#reconcile-loop.
//
// - success, active phase (Pending, Running, Paused, Unknown) → pollInterval ±10 %.
//   Paused counts as active: an operator can resume it at any moment and the status should
//   follow within one pollInterval. Unknown counts as active: we cannot tell it is over.
// - success, Idle or terminal (Succeeded, Failed, Cancelled) → idlePollInterval ±10 %.
// - transient error → exponential backoff with full jitter: 5 s doubling per consecutive
//   failure, capped at 5 min, never below 1 s; a Retry-After hint wins when it is longer.
//   The attempt counter resets on any non-transient outcome.
// - permanent cloud error (AuthFailed, ClockSkew, NotFound, RequestRejected) → 10 min plus up to 10 % — never
//   less, so a locked-out key is tried at most once per 10 min. A new generation or a rotated
//   Secret retries at once (decided by the reconciler, which compares them before polling).
// - CredentialsNotFound → re-read the Secret every 30 s (no cloud call);
//   InvalidSpec → 10 min (an edit of the spec triggers a reconcile anyway).

import type { PollIntervals } from '../api/defaults.js';
import type { Phase } from '../api/types.js';
import type { Outcome } from './status.js';

const JITTER_FRACTION = 0.1;
const TRANSIENT_BASE_MS = 5_000;
const TRANSIENT_CAP_MS = 5 * 60_000;
export const MIN_RETRY_MS = 1_000;
const PERMANENT_RETRY_MS = 10 * 60_000;
export const CREDENTIALS_RECHECK_MS = 30_000;
export const INVALID_SPEC_RECHECK_MS = 10 * 60_000;

type Random = () => number;

const ACTIVE_PHASES: ReadonlySet<Phase> = new Set<Phase>(['Pending', 'Running', 'Paused', 'Unknown']);

function isActivePhase(phase: Phase | undefined): boolean {
  return phase !== undefined && ACTIVE_PHASES.has(phase);
}

/** `ms` ±10 %. */
export function jittered(ms: number, random: Random): number {
  return Math.round(ms * (1 - JITTER_FRACTION + 2 * JITTER_FRACTION * random()));
}

/** Full-jitter backoff for the `attempt`-th consecutive transient failure (0-based). */
export function transientBackoffMs(attempt: number, random: Random): number {
  const ceiling = Math.min(TRANSIENT_CAP_MS, TRANSIENT_BASE_MS * 2 ** Math.min(attempt, 30));
  return Math.max(MIN_RETRY_MS, Math.round(random() * ceiling));
}

interface PollDelay {
  delayMs: number;
  /** Consecutive transient failures after this outcome (0 after anything else). */
  attempt: number;
}

/** Delay until the next cloud poll after a poll with `outcome`. */
export function nextPollDelay(
  outcome: Outcome,
  phase: Phase | undefined,
  intervals: PollIntervals,
  attempt: number,
  random: Random,
): PollDelay {
  switch (outcome.kind) {
    case 'observed': {
      const base = isActivePhase(outcome.observation.phase) ? intervals.activeMs : intervals.idleMs;
      return { delayMs: jittered(base, random), attempt: 0 };
    }
    case 'transientError': {
      const backoff = transientBackoffMs(attempt, random);
      return { delayMs: Math.max(backoff, outcome.retryAfterMs ?? 0), attempt: attempt + 1 };
    }
    case 'permanentError':
      return { delayMs: Math.round(PERMANENT_RETRY_MS * (1 + JITTER_FRACTION * random())), attempt: 0 };
    case 'suspended': {
      const base = isActivePhase(phase) ? intervals.activeMs : intervals.idleMs;
      return { delayMs: jittered(base, random), attempt: 0 };
    }
  }
}
