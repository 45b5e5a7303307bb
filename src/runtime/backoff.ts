// Full-jitter exponential backoff (AWS "Exponential Backoff And Jitter"): the delay for
// attempt n is uniform in [0, min(cap, base * 2^n)). Spreading retries over the whole
// window keeps many failing objects from retrying in lockstep against one cloud API.
import { systemRandom, type Random } from './clock.js';

interface BackoffOptions {
  /** Ceiling of the first delay (attempt 0). */
  baseMs: number;
  /** Largest ceiling any attempt can reach. */
  capMs: number;
  random?: Random;
}

/** Backoff of failing reconciles (docs/reference.md#retry-policy): 5 s doubling, capped at 5 min. */
export const RECONCILE_BACKOFF = { baseMs: 5_000, capMs: 300_000 } as const;

/** Maps an attempt number (0 for the first retry) to a delay in milliseconds. */
export type Backoff = (attempt: number) => number;

/** The upper bound of the delay for `attempt`: min(cap, base * 2^attempt). */
export function backoffCeiling(attempt: number, baseMs: number, capMs: number): number {
  const n = Math.max(0, Math.floor(attempt));
  // 2^n overflows to Infinity for large n, which min() turns into the cap.
  return Math.min(capMs, baseMs * 2 ** n);
}

export function fullJitterBackoff(opts: BackoffOptions): Backoff {
  if (!(opts.baseMs > 0) || !(opts.capMs >= opts.baseMs)) {
    throw new RangeError(`backoff needs 0 < baseMs <= capMs (got ${opts.baseMs}, ${opts.capMs})`);
  }
  const random = opts.random ?? systemRandom;
  return (attempt) => Math.floor(random() * backoffCeiling(attempt, opts.baseMs, opts.capMs));
}
