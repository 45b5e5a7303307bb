// Small interfaces ("ports") the controller needs from the runtime, so it can be built and
// tested without it. The runtime's implementations satisfy them structurally (see
// docs in OPERATOR.md); main.ts wires the real ones.

import type { Phase } from '../api/types.js';
import type { StatusUpdateResult } from './status-writer.js';

/** What the work queue does with a reconcile: requeueAfterMs ⇒ forget + addAfter; error ⇒ addRateLimited. */
export interface ReconcileResult {
  requeueAfterMs?: number;
  error?: 'rateLimited';
}

/** Token bucket per key that waits for a token (runtime/token-bucket.ts; paces Events). */
export interface RateLimiterPort {
  acquire(key: string, signal?: AbortSignal): Promise<void>;
}

/** Token bucket per key `provider|accessKeyId|region|fingerprint` that never waits
 *  (runtime/token-bucket.ts): 0 = token taken, otherwise ms until the reserved token is due. */
export interface TokenReserverPort {
  reserve(key: string, count?: number): number;
  tryTake(key: string): boolean;
  giveBack(key: string, count: number): void;
}

/** Bounded concurrency of polls (runtime/semaphore.ts): a release function, or undefined when
 *  every slot is taken (never waits). */
export interface SemaphorePort {
  tryAcquire(): (() => void) | undefined;
}

/** `upgradewatch_reconcile_total{result}` values. */
type ReconcileMetricResult = 'success' | 'error' | 'requeue';

/**
 * The metrics the controller drives; runtime/metrics.ts's `Metrics` satisfies it as is.
 */
export interface ControllerMetrics {
  /** `upgradewatch_upgrade_phase` (1 for `phase`, 0 for the others) and `progress_ratio` (progress in percent). */
  recordWatch(namespace: string, name: string, provider: string, phase: Phase, progress?: number): void;
  /** `upgradewatch_last_successful_poll_timestamp_seconds`. */
  recordSuccessfulPoll(namespace: string, name: string, at: Date): void;
  /** Drops that series (a suspended watch is not polled, so it has no "last poll" to age). */
  forgetSuccessfulPoll(namespace: string, name: string): void;
  /** Removes every series of the object. */
  forgetWatch(namespace: string, name: string): void;
  /** `upgradewatch_cloud_requests_total` and `..._duration_seconds`, once per HTTP request. */
  observeCloudRequest(provider: string, operation: string, result: string, seconds: number): void;
  /** `upgradewatch_status_updates_total{result}`: success, conflict, notFound, error. */
  countStatusUpdate(result: StatusUpdateResult): void;
  /** `upgradewatch_reconcile_total{result}`. */
  countReconcile(result: ReconcileMetricResult): void;
}

type LogFn = (fields: Record<string, unknown>, message: string) => void;

/** pino-compatible subset. */
export interface ControllerLogger {
  debug: LogFn;
  info: LogFn;
  warn: LogFn;
  error: LogFn;
}

export const silentLogger: ControllerLogger = {
  debug: () => {},
  info: () => {},
  warn: () => {},
  error: () => {},
};
