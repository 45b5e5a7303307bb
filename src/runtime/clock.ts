// Time, timers and randomness as injected dependencies, so no test ever sleeps for real
// (test/helpers/fake-timers.ts implements Clock + Timers with a virtual clock).

export interface Clock {
  now(): Date;
}

/** Opaque timer handle; only the Timers that created it can clear it. */
export type TimerHandle = unknown;

export interface Timers {
  setTimeout(fn: () => void, ms: number): TimerHandle;
  clearTimeout(handle: TimerHandle): void;
}

/** A source of uniformly distributed numbers in [0, 1), like Math.random. */
export type Random = () => number;

export const systemClock: Clock = { now: () => new Date() };

/** Milliseconds from an arbitrary origin that only ever move forward at the rate time passes:
 *  for durations (lease expiry, deadlines, backoff). The wall clock (Clock) can be stepped by
 *  NTP or an operator, so it is kept for times written into objects, logs and Events. */
export interface MonotonicClock {
  monotonicMs(): number;
}

export const systemMonotonic: MonotonicClock = { monotonicMs: () => performance.now() };

/** Node fires any delay above 2^31-1 ms after 1 ms: clamp, so a huge delay can never become a hot loop. */
export const MAX_TIMER_DELAY_MS = 2 ** 31 - 1;

export function clampTimerDelay(ms: number): number {
  if (Number.isNaN(ms)) return 0;
  return Math.min(MAX_TIMER_DELAY_MS, Math.max(0, ms));
}

export const systemTimers: Timers = {
  setTimeout: (fn, ms) => setTimeout(fn, clampTimerDelay(ms)),
  clearTimeout: (handle) => clearTimeout(handle as ReturnType<typeof setTimeout>),
};

export const systemRandom: Random = Math.random;

/** The error a cancelled wait rejects with: the signal's reason, or a plain AbortError. */
export function abortReason(signal: AbortSignal): unknown {
  return signal.reason ?? new DOMException('The operation was aborted', 'AbortError');
}

/** Resolves after `ms` on the given timers; rejects with the abort reason if `signal` fires first. */
export function sleep(timers: Timers, ms: number, signal?: AbortSignal): Promise<void> {
  return new Promise((resolve, reject) => {
    if (signal?.aborted) {
      reject(abortReason(signal));
      return;
    }
    const onAbort = (): void => {
      timers.clearTimeout(handle);
      reject(abortReason(signal as AbortSignal));
    };
    const handle = timers.setTimeout(() => {
      signal?.removeEventListener('abort', onAbort);
      resolve();
    }, ms);
    signal?.addEventListener('abort', onAbort, { once: true });
  });
}

/** Waits for `work` at most `ms`: 'done' when it settled in time (a rejection is rethrown),
 *  'timeout' when the time ran out first (the work itself is left running). */
export async function settleWithin(
  timers: Timers,
  work: Promise<unknown>,
  ms: number,
): Promise<'done' | 'timeout'> {
  let handle: TimerHandle | undefined;
  const timedOut = new Promise<'timeout'>((resolve) => {
    handle = timers.setTimeout(() => resolve('timeout'), ms);
  });
  try {
    return await Promise.race([work.then(() => 'done' as const), timedOut]);
  } finally {
    timers.clearTimeout(handle);
  }
}
