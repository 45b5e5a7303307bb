// The progress rules, written once (docs/reference.md#progress-rules): a phase that reached
// Succeeded shows 100, and only Succeeded does — any other phase shows at most 99, even when
// every step reads finished (ACK `running` + `upgrade_step: success`). Normalizers compute with
// these helpers and the controller holds every observation to them before it is written.

import type { Phase } from '../../api/types.js';

const SUCCEEDED_PROGRESS = 100;
const MAX_UNFINISHED_PROGRESS = 99;

/**
 * A percentage (0–100, maybe fractional, maybe absent) held to the rules: Succeeded ⇒ 100
 * whatever was computed; any other phase is rounded down and capped at 99 (a non-finite value
 * counts as 0). The only place the rules are written.
 */
export function settleProgress(progress: number, phase: Phase): number;
export function settleProgress(progress: number | undefined, phase: Phase): number | undefined;
export function settleProgress(progress: number | undefined, phase: Phase): number | undefined {
  if (phase === 'Succeeded') return SUCCEEDED_PROGRESS;
  if (progress === undefined) return undefined;
  const clamped = Number.isFinite(progress) ? Math.min(100, Math.max(0, progress)) : 0;
  // The epsilon keeps 0.29 * 100 = 28.999… at 29.
  return Math.min(MAX_UNFINISHED_PROGRESS, Math.floor(clamped + 1e-9));
}

/** Integer percentage of a 0..1 ratio. */
export function progressPercent(ratio: number, phase: Phase): number {
  return settleProgress(ratio * 100, phase);
}

/** `done` of `total` as a percentage; undefined when there is nothing to divide by. */
export function progressOf(done: number, total: number, phase: Phase): number | undefined {
  return settleProgress(total > 0 ? (done / total) * 100 : undefined, phase);
}
