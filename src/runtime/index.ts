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
export {
  backoffCeiling,
  fullJitterBackoff,
  RECONCILE_BACKOFF,
  type Backoff,
  type BackoffOptions,
} from './backoff.js';
export {
  WorkQueue,
  type ReconcileHandler,
  type ReconcileResult,
  type ShutdownResult,
  type WorkQueueOptions,
} from './workqueue.js';
export {
  DEFAULT_CLOUD_BURST,
  DEFAULT_CLOUD_QPS,
  TokenBucketLimiter,
  type RateLimiter,
  type TokenBucketOptions,
} from './token-bucket.js';
export { DEFAULT_MAX_CONCURRENT_POLLS, Semaphore, type Release } from './semaphore.js';
export {
  generationChanged,
  Informer,
  INFORMER_DEFAULTS,
  isGone,
  objectKey,
  type InformerHandlers,
  type InformerOptions,
  type KubeObject,
  type ListPage,
  type ListStreamSource,
  type StreamHandle,
} from './informer.js';
export {
  createWatchInformer,
  customResourceSource,
  type CustomResourceSourceOptions,
  type WatchInformerOptions,
} from './kube-source.js';
export {
  defaultIdentity,
  LEADER_ELECTION_DEFAULTS,
  LeaderElector,
  type LeaderElectorOptions,
  type LeaseRecord,
  type LeaseStore,
  type StoredLease,
} from './leader-election.js';
export { kubeLeaseStore } from './lease-store.js';
export {
  SHUTDOWN_BUDGET,
  SHUTDOWN_DRAIN_MS,
  SHUTDOWN_TIMEOUT_MS,
  stopInOrder,
  type StopOptions,
  type StoppableParts,
} from './ordered-stop.js';
export { queueingHandlers, type KeyQueue } from './queue-handlers.js';
export { createSharedAgentPool, makeKeepAliveApiClient, type SharedAgentPool } from './kube-api-client.js';
export {
  createMetrics,
  LEADER_ELECTION_RESULTS,
  METRIC_NAMES,
  type LeaderElectionResult,
  type Metrics,
  type MetricsOptions,
} from './metrics.js';
export {
  parseBindAddress,
  startMetricsServer,
  startProbeServer,
  type BindAddress,
  type MetricsSource,
  type ProbeChecks,
  type RunningServer,
} from './http-servers.js';
export {
  createLogger,
  defaultSecrets,
  isLogLevel,
  isSensitiveKey,
  LOG_LEVELS,
  REDACTED,
  redactText,
  redactValue,
  registerSecret,
  SecretRegistry,
  type Logger,
  type LoggerOptions,
  type LogLevel,
} from './logger.js';
export {
  installShutdownHandlers,
  type ShutdownHandle,
  type ShutdownLogger,
  type ShutdownOptions,
  type ShutdownStep,
  type SignalSource,
} from './signals.js';
