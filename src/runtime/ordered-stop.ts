// The operator's ordered stop on SIGTERM (docs/reference.md#shutdown): stop the informer, let
// in-flight polls finish, flush the Events still being written, abort whatever is left, release
// the Lease, close the servers. Each part is injected so the order and the time each step gets
// can be tested on fake timers.
//
// The steps share one budget that ends before main.ts gives up (SHUTDOWN_TIMEOUT_MS). Each later
// step has time reserved, so slow polls or a slow Event flush can never use up the time of the
// Lease release (without it the next leader waits out the whole lease, 15 s); time an earlier
// step leaves unused passes on to the later ones.
import { settleWithin, systemMonotonic, systemTimers, type MonotonicClock, type Timers } from './clock.js';
import type { ShutdownResult } from './workqueue.js';

export interface StoppableParts {
  stopInformer(): void;
  /** Stops the work queue, waiting up to `drainMs` for in-flight handlers. */
  drainQueue(drainMs: number): Promise<ShutdownResult>;
  /** Waits up to `timeoutMs` for Events still being written; false when some were abandoned. */
  flushEvents(timeoutMs: number): Promise<boolean>;
  /** Cancels every poll still running. */
  abortPolls(): void;
  /** Hands the Lease over (no-op without leader election). */
  releaseLease(): Promise<void>;
  /** Closes the servers and connection pools. */
  closeServers(): Promise<void>;
  warn(obj: object, msg: string): void;
}

/** How long main.ts lets the whole stop run before it exits anyway (under the 10 s of
 *  docs/reference.md#shutdown). Only a guard: the budget below ends before it. */
export const SHUTDOWN_TIMEOUT_MS = 9_500;

/** The stop's time, step by step; the drain gets what the others leave. */
export const SHUTDOWN_BUDGET = {
  totalMs: 9_000,
  /** Events still queued after the last reconcile. */
  eventFlushMs: 1_000,
  /** A Lease get + update: milliseconds on a healthy apiserver, 1.5 s covers a slow one. */
  leaseReleaseMs: 1_500,
  closeMs: 500,
} as const;

/** The longest the drain waits for in-flight polls: 9 − 1 − 1.5 − 0.5 = 6 s. */
const SHUTDOWN_DRAIN_MS =
  SHUTDOWN_BUDGET.totalMs -
  SHUTDOWN_BUDGET.eventFlushMs -
  SHUTDOWN_BUDGET.leaseReleaseMs -
  SHUTDOWN_BUDGET.closeMs;

interface StopOptions {
  /** At most this long for the drain (default and ceiling: SHUTDOWN_DRAIN_MS). */
  drainMs?: number;
  timers?: Timers;
  monotonic?: MonotonicClock;
}

export async function stopInOrder(parts: StoppableParts, opts: StopOptions = {}): Promise<void> {
  const timers = opts.timers ?? systemTimers;
  const monotonic = opts.monotonic ?? systemMonotonic;
  const { eventFlushMs, leaseReleaseMs, closeMs } = SHUTDOWN_BUDGET;
  const deadline = monotonic.monotonicMs() + SHUTDOWN_BUDGET.totalMs;
  /** Time left before the deadline once `reservedMs` is kept for the steps after this one. */
  const left = (reservedMs: number): number => Math.max(0, deadline - reservedMs - monotonic.monotonicMs());

  parts.stopInformer();
  const drainMs = Math.min(opts.drainMs ?? SHUTDOWN_DRAIN_MS, left(eventFlushMs + leaseReleaseMs + closeMs));
  const drained = await parts.drainQueue(drainMs);
  if (!drained.drained) parts.warn({ inFlight: drained.inFlight }, 'in-flight polls abandoned at shutdown');
  if (!(await parts.flushEvents(left(leaseReleaseMs + closeMs))))
    parts.warn({}, 'Events still being written were abandoned at shutdown');
  parts.abortPolls();
  const releaseMs = left(closeMs);
  try {
    if ((await settleWithin(timers, parts.releaseLease(), releaseMs)) === 'timeout')
      parts.warn(
        { timeoutMs: releaseMs },
        'the Lease was not released in time: the next leader waits for it to expire',
      );
  } catch (err) {
    parts.warn({ err }, 'the Lease could not be released: the next leader waits for it to expire');
  }
  if ((await settleWithin(timers, parts.closeServers(), left(0))) === 'timeout')
    parts.warn({}, 'servers not closed in time at shutdown');
}
