// The operator's ordered stop on SIGTERM (docs/reference.md#shutdown): stop the informer, let
// in-flight polls finish, flush the Events still being written, abort whatever is left, release
// the Lease, close the servers. Each part is injected so the order and the time each step gets
// can be tested on fake timers.
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
 *  docs/reference.md#shutdown). */
export const SHUTDOWN_TIMEOUT_MS = 9_500;
export const SHUTDOWN_DRAIN_MS = 8_000;
/** How long shutdown waits for Events still queued after the last reconcile. */
export const EVENT_FLUSH_MS = 2_000;

export async function stopInOrder(parts: StoppableParts, drainMs = SHUTDOWN_DRAIN_MS): Promise<void> {
  parts.stopInformer();
  const drained = await parts.drainQueue(drainMs);
  if (!drained.drained) parts.warn({ inFlight: drained.inFlight }, 'in-flight polls abandoned at shutdown');
  if (!(await parts.flushEvents(EVENT_FLUSH_MS)))
    parts.warn({}, 'Events still being written were abandoned at shutdown');
  parts.abortPolls();
  await parts.releaseLease();
  await parts.closeServers();
}
