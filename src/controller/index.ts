// The controller's public surface and a factory wiring it to client-node 2 APIs.

import type { ResolvedSpec } from '../api/defaults.js';
import type { ClusterUpgradeWatch, ProviderName } from '../api/types.js';
import type { Credentials } from '../providers/common/credentials.js';
import type { ConnectingFamily } from '../providers/common/provider.js';
import type { Clock } from '../runtime/clock.js';
import type { HttpTransport } from '../providers/common/transport.js';
import { createCredentialsPort } from '../credentials/port.js';
import type { WorkloadIdentitySource } from '../credentials/workload-identity.js';
import { createCredentialsReader, kubeSecretSource, type SecretApi } from '../credentials/secret-reader.js';
import { createEventLanes, dropCounter } from './event-lanes.js';
import { createEventRecorder, kubeEventSink, type CoreV1EventApi } from './event-recorder.js';
import type {
  ControllerLogger,
  ControllerMetrics,
  RateLimiterPort,
  SemaphorePort,
  TokenReserverPort,
} from './ports.js';
import { createReconciler, type Reconciler, type ReconcilerOptions, type SpecParser } from './reconciler.js';
import { createStatusWriter, kubeStatusPatcher, type CustomObjectsStatusApi } from './status-writer.js';

export interface ControllerDeps {
  /** Informer cache lookup by `namespace/name`. */
  getWatch(key: string): ClusterUpgradeWatch | undefined;
  /** `parseSpec` of src/api/schema.ts. */
  parseSpec: SpecParser;
  /** `families` of src/providers/registry.ts. */
  families: Partial<Record<ProviderName, ConnectingFamily>>;
  /** Production: createAxiosTransport(). */
  transport: HttpTransport;
  /** Cloud tokens of polls (never waits: reserve-then-requeue). */
  rateLimiter: TokenReserverPort;
  semaphore: SemaphorePort;
  metrics: ControllerMetrics;
  /** client-node 2 `kc.makeApiClient(CoreV1Api)` and `kc.makeApiClient(CustomObjectsApi)`. */
  coreApi: SecretApi & CoreV1EventApi;
  customObjectsApi: CustomObjectsStatusApi;
  options: ReconcilerOptions;
  clock?: Clock;
  random?: () => number;
  logger?: ControllerLogger;
  /** Aborted on shutdown. */
  signal?: AbortSignal;
  /** Keyless credentials (spec.workloadIdentity); without it such watches get CredentialsNotFound. */
  workloadIdentity?: WorkloadIdentitySource;
  /** Told every credential read with the Secret's namespace (operator.ts registers the values
   *  with the log redactor, per tenant). */
  onCredentials?: (credentials: Credentials, namespace: string) => void;
  /** --require-credentials-label: only Secrets labelled upgradewatch.io/credentials: "true". */
  requireCredentialsLabel?: boolean;
  /** Paces Event writes (one token per Event); without it Events go as fast as the API answers. */
  eventRateLimiter?: RateLimiterPort;
  /** Reported as the Events' source host / reportingInstance (e.g. the pod name). */
  instance?: string;
}

interface Controller extends Reconciler {
  /** Wait (at most `timeoutMs`) for the Events still being written in the background. */
  flushEvents(timeoutMs: number): Promise<boolean>;
}

export function createController(deps: ControllerDeps): Controller {
  const clock = deps.clock ?? { now: () => new Date() };
  const credentials = createCredentialsReader({
    readSecret: kubeSecretSource(deps.coreApi, { requireLabel: deps.requireCredentialsLabel ?? false }),
    clock,
    ...(deps.onCredentials ? { onCredentials: deps.onCredentials } : {}),
  });
  const writeStatus = createStatusWriter({
    patch: kubeStatusPatcher(deps.customObjectsApi),
    onResult: (result) => deps.metrics.countStatusUpdate(result),
  });
  const writeEvents = createEventRecorder({
    sink: kubeEventSink(deps.coreApi),
    clock,
    ...(deps.instance ? { instance: deps.instance } : {}),
    ...(deps.logger ? { logger: deps.logger } : {}),
  });
  const droppedEvents = dropCounter(clock, (dropped) =>
    deps.logger?.warn({ dropped }, 'Event backlog full: Events dropped'),
  );
  const events = createEventLanes(writeEvents, {
    ...(deps.eventRateLimiter ? { rateLimiter: deps.eventRateLimiter } : {}),
    onDrop: (_object, dropped) => droppedEvents.add(dropped.length),
  });
  const reconciler = createReconciler({
    getWatch: deps.getWatch,
    parseSpec: deps.parseSpec,
    getCredentials: createCredentialsPort({
      secrets: credentials,
      ...(deps.workloadIdentity ? { workloadIdentity: deps.workloadIdentity } : {}),
    }),
    families: deps.families,
    transport: deps.transport,
    rateLimiter: deps.rateLimiter,
    semaphore: deps.semaphore,
    writeStatus,
    recordEvents: events.record,
    metrics: deps.metrics,
    clock,
    random: deps.random ?? Math.random,
    ...(deps.logger ? { logger: deps.logger } : {}),
    ...(deps.signal ? { signal: deps.signal } : {}),
    options: deps.options,
  });
  return {
    ...reconciler,
    flushEvents: async (timeoutMs) => {
      const drained = await events.flush(timeoutMs);
      droppedEvents.flush();
      return drained;
    },
  };
}

export type { ResolvedSpec };
export { createReconciler, CONFLICT_REQUEUE_MS } from './reconciler.js';
export type { Reconciler, ReconcilerOptions, SpecParser } from './reconciler.js';
export type {
  ControllerLogger,
  ControllerMetrics,
  RateLimiterPort,
  ReconcileResult,
  SemaphorePort,
  TokenReserverPort,
} from './ports.js';
export { silentLogger } from './ports.js';
export { createStatusWriter, kubeStatusPatcher, mergePatch } from './status-writer.js';
export type { StatusUpdateResult, StatusWriter } from './status-writer.js';
export { createEventRecorder, kubeEventSink } from './event-recorder.js';
export { createEventLanes, DEFAULT_EVENT_BURST, DEFAULT_EVENT_QPS } from './event-lanes.js';
export { createCredentialsReader, kubeSecretSource } from '../credentials/secret-reader.js';
export { resolveBaseUrl } from './endpoint.js';
export * from './reasons.js';
