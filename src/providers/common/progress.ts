// The progress rules, written once (docs/reference.md#progress-rules): a phase that reached
// Succeeded shows 100, and only Succeeded does — any other phase shows at most 99, even when
// every step reads finished (ACK `running` + `upgrade_step: success`). Normalizers compute with
// these helpers and the controller holds every observation to them before it is written.

import type { Phase } from '../../api/types.js';

export const SUCCEEDED_PROGRESS = 100;
export const MAX_UNFINISHED_PROGRESS = 99;

/** Integer percentage of a 0..1 ratio (rounded down; a non-finite ratio counts as 0). */
export function progressPercent(ratio: number, phase: Phase): number {
  if (phase === 'Succeeded') return SUCCEEDED_PROGRESS;
  const clamped = Number.isFinite(ratio) ? Math.min(1, Math.max(0, ratio)) : 0;
  // The epsilon keeps 0.29 * 100 = 28.999… at 29.
  return Math.min(MAX_UNFINISHED_PROGRESS, Math.floor(clamped * 100 + 1e-9));
}

/** `done` of `total` as a percentage; undefined when there is nothing to divide by. */
export function progressOf(done: number, total: number, phase: Phase): number | undefined {
  if (phase === 'Succeeded') return SUCCEEDED_PROGRESS;
  return total > 0 ? progressPercent(done / total, phase) : undefined;
}

/** A percentage already computed (0–100, maybe fractional) held to the rules. */
export function settleProgress(progress: number | undefined, phase: Phase): number | undefined {
  if (phase === 'Succeeded') return SUCCEEDED_PROGRESS;
  return progress === undefined ? undefined : progressPercent(progress / 100, phase);
}
