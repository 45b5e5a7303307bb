// Public API of the operator runtime: informer, work queue, rate limiting, leader election,
// metrics, HTTP servers, logging and shutdown.
export {
  abortReason,
  settleWithin,
  sleep,
  systemClock,
  systemMonotonic,
  systemRandom,
  systemTimers,
  type Clock,
  type MonotonicClock,
  type Random,
  type TimerHandle,
  type Timers,
} from './clock.js';
export { backoffCeiling, fullJitterBackoff, RECONCILE_BACKOFF, type Backoff } from './backoff.js';
export { WorkQueue, type ReconcileResult, type ShutdownResult } from './workqueue.js';
export { TokenBucketLimiter } from './token-bucket.js';
export { Semaphore } from './semaphore.js';
export {
  generationChanged,
  Informer,
  isGone,
  objectKey,
  type InformerHandlers,
  type InformerOptions,
  type KubeObject,
  type ListPage,
  type ListStreamSource,
} from './informer.js';
export { createWatchInformer } from './kube-source.js';
export {
  defaultIdentity,
  LEADER_ELECTION_DEFAULTS,
  LeaderElector,
  type LeaseRecord,
  type LeaseStore,
  type StoredLease,
} from './leader-election.js';
export { kubeLeaseStore } from './lease-store.js';
export { SHUTDOWN_BUDGET, SHUTDOWN_TIMEOUT_MS, stopInOrder, type StoppableParts } from './ordered-stop.js';
export { queueingHandlers } from './queue-handlers.js';
export { createSharedAgentPool, makeKeepAliveApiClient, type SharedAgentPool } from './kube-api-client.js';
export { createMetrics, METRIC_NAMES, type LeaderElectionResult, type Metrics } from './metrics.js';
export {
  parseBindAddress,
  startMetricsServer,
  startProbeServer,
  type RunningServer,
} from './http-servers.js';
export {
  createLogger,
  isLogLevel,
  isSensitiveKey,
  REDACTED,
  redactText,
  redactValue,
  registerSecret,
  SecretRegistry,
  type Logger,
  type LogLevel,
} from './logger.js';
export { installShutdownHandlers, type ShutdownStep } from './signals.js';
