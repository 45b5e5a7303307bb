// Wires the runtime pieces and the controller into one running operator (docs/reference.md#reconcile-loop, docs/reference.md#flags):
// informer → work queue → reconciler, behind optional Lease leader election, with metrics,
// probes and an ordered shutdown. `main.ts` only parses flags and calls `startOperator`.

import { createWorkloadIdentitySource } from './credentials/workload-identity.js';
import { setMaxListeners } from 'node:events';
import { readFileSync } from 'node:fs';
import { hostname } from 'node:os';
import { CoreV1Api, CustomObjectsApi, KubeConfig } from '@kubernetes/client-node';
import { parseSpec } from './api/schema.js';
import type { OperatorConfig } from './config.js';
import { createController, DEFAULT_EVENT_BURST, DEFAULT_EVENT_QPS } from './controller/index.js';
import { createAxiosTransport } from './providers/common/axios-transport.js';
import type { HttpTransport } from './providers/common/transport.js';
import { secretValues } from './providers/common/credentials.js';
import { families } from './providers/registry.js';
import {
  createMetrics,
  createSharedAgentPool,
  makeKeepAliveApiClient,
  createWatchInformer,
  defaultIdentity,
  kubeLeaseStore,
  LeaderElector,
  objectKey,
  parseBindAddress,
  queueingHandlers,
  registerSecret,
  RECONCILE_BACKOFF,
  fullJitterBackoff,
  Semaphore,
  startMetricsServer,
  startProbeServer,
  stopInOrder,
  TokenBucketLimiter,
  WorkQueue,
  type Clock,
  type Logger,
  type MonotonicClock,
  type RunningServer,
  type Timers,
} from './runtime/index.js';
import { splitKey } from './api/object-key.js';

export interface RunningOperator {
  /** Ordered stop: informer, drain in-flight polls (≤ drainMs), release the lease, close servers. */
  stop(drainMs?: number): Promise<void>;
  metricsUrl?: string;
  probeUrl?: string;
  /** True while a key waits in the work queue or is being reconciled (tests wait for quiet). */
  busy(): boolean;
}

/**
 * Test seams, all optional; production (`main.ts`) passes none. An injected clock + timers
 * drive the controller and the work queue (poll schedule, requeues, Secret cache, status and
 * Event times) so integration tests can move hours of schedule without sleeping; the cloud
 * rate limiter follows the injected clock too (cloudRateLimiter). The informer, leader election
 * and the Event rate limiter keep real time.
 */
interface OperatorOverrides {
  clock?: Clock;
  /** Durations of the work queue (delayed-add deadlines); pair it with `timers`. */
  monotonic?: MonotonicClock;
  timers?: Timers;
  random?: () => number;
  transport?: HttpTransport;
}

/**
 * The cloud calls' token bucket (docs/reference.md#rate-limits), on the operator's clock: poll
 * admission adds the delays the bucket returns to that clock's now, so both must be one clock.
 * (On the wall clock under a virtual one, a 10 qps bucket drained in virtual seconds and a steady
 * poll that needed one request more than it reserved, such as a token refresh, was cut.)
 */
export function cloudRateLimiter(
  config: Pick<OperatorConfig, 'cloudQps' | 'cloudBurst'>,
  clock?: Clock,
): TokenBucketLimiter {
  return new TokenBucketLimiter({
    qps: config.cloudQps,
    burst: config.cloudBurst,
    ...(clock ? { clock } : {}),
  });
}

/** --kubeconfig, else in-cluster, else $KUBECONFIG / ~/.kube/config (docs/reference.md#flags). */
function loadKubeConfig(path: string | undefined): KubeConfig {
  const kc = new KubeConfig();
  if (path) kc.loadFromFile(path);
  else if (process.env.KUBERNETES_SERVICE_HOST) kc.loadFromCluster();
  else kc.loadFromDefault();
  return kc;
}

// Long because it is the one place that wires every part together in start order (clients,
// controller, queue, informer, leader election, servers); each step is a few lines.
export async function startOperator(
  config: OperatorConfig,
  logger: Logger,
  onFatal: (reason: string) => void,
  overrides: OperatorOverrides = {},
): Promise<RunningOperator> {
  const kc = loadKubeConfig(config.kubeconfig);
  const metrics = createMetrics();
  const abort = new AbortController();
  // One signal for every poll: each in-flight request and Event rate-limit wait listens to
  // it (and removes its listener after), so more than 10 at once is by design, not a leak — and
  // Node's MaxListenersExceededWarning would be a non-JSON stderr line (found by the chaos run).
  setMaxListeners(0, abort.signal);
  const kubeAgents = createSharedAgentPool();
  const ca = config.cloudCaFile ? readFileSync(config.cloudCaFile, 'utf8') : undefined;
  const identity = `${hostname()}_${defaultIdentity().split('_').slice(-1)[0]}`;

  const transport = overrides.transport ?? createAxiosTransport(ca ? { ca } : {});
  const coreApi = makeKeepAliveApiClient(kc, CoreV1Api, kubeAgents);
  const workloadIdentity = createWorkloadIdentitySource({
    serviceAccounts: coreApi,
    transport,
    clock: overrides.clock ?? { now: () => new Date() },
    allowCustomEndpoints: config.allowCustomEndpoints,
    onSecret: registerSecret,
    signal: abort.signal,
  });

  const controller = createController({
    getWatch: (key) => informer.get(key),
    parseSpec,
    families,
    transport,
    workloadIdentity,
    rateLimiter: cloudRateLimiter(config, overrides.clock),
    semaphore: new Semaphore(config.maxConcurrentPolls),
    eventRateLimiter: new TokenBucketLimiter({ qps: DEFAULT_EVENT_QPS, burst: DEFAULT_EVENT_BURST }),
    metrics,
    coreApi,
    customObjectsApi: makeKeepAliveApiClient(kc, CustomObjectsApi, kubeAgents),
    options: {
      allowCustomEndpoints: config.allowCustomEndpoints,
      heartbeatMs: config.statusHeartbeatMs,
      maxConcurrentPollsPerNamespace: config.maxConcurrentPollsPerNamespace,
    },
    logger,
    signal: abort.signal,
    instance: identity,
    requireCredentialsLabel: config.requireCredentialsLabel,
    onCredentials: (credentials, namespace) => {
      for (const value of secretValues(credentials)) registerSecret(value, namespace);
    },
    ...(overrides.clock ? { clock: overrides.clock } : {}),
    ...(overrides.random ? { random: overrides.random } : {}),
  });

  const queue = new WorkQueue({
    ...(overrides.monotonic ? { monotonic: overrides.monotonic } : {}),
    ...(overrides.timers ? { timers: overrides.timers } : {}),
    backoff: fullJitterBackoff(RECONCILE_BACKOFF),
    onDepthChange: (depth) => metrics.setWorkqueueDepth(depth),
    onHandlerError: (key, err) => logger.error({ key, err }, 'reconcile failed'),
  });

  const informer = createWatchInformer(kc, {
    agents: kubeAgents,
    ...(config.namespace ? { namespace: config.namespace } : {}),
    ...(config.selector ? { labelSelector: config.selector } : {}),
    handlers: {
      ...queueingHandlers(queue, (obj) => {
        const key = objectKey(obj);
        controller.onDelete(key, obj.metadata?.uid);
        const { namespace, name } = splitKey(key);
        metrics.forgetWatch(namespace, name);
      }),
      onSynced: () => logger.info({ objects: informer.list().length }, 'informer synced'),
      onError: (err, info) => logger.warn({ err, ...info }, 'informer restarting'),
    },
  });

  const workers = Math.max(4, config.maxConcurrentPolls * 2);
  const startWorking = (): void => {
    metrics.setLeader(true);
    queue.start((key) => controller.reconcile(key), workers);
    logger.info({ workers }, 'reconciling');
  };

  let elector: LeaderElector | undefined;
  if (config.leaderElect) {
    elector = new LeaderElector({
      store: kubeLeaseStore(kc, config.leaderElectionNamespace, config.leaderElectionId, kubeAgents),
      identity,
      onStartedLeading: () => {
        logger.info({ identity }, 'became leader');
        startWorking();
      },
      onStoppedLeading: (reason) => {
        // controller-runtime semantics: a replica that lost the lease stops at once and exits.
        metrics.setLeader(false);
        abort.abort();
        logger.error({ identity, reason }, 'lost leadership');
        onFatal(`lost leadership: ${String(reason)}`);
      },
      onNewLeader: (leader) => logger.info({ leader }, 'leader observed'),
      onError: (err) => logger.warn({ err }, 'leader election error'),
      onAttempt: (outcome) => metrics.countLeaderElectionAttempt(outcome),
    });
  }

  const servers: RunningServer[] = [];
  const metricsBind = parseBindAddress(config.metricsBindAddress);
  const probeBind = parseBindAddress(config.healthProbeBindAddress);
  const result: RunningOperator = {
    stop: async () => {},
    busy: () => queue.depth() > 0 || queue.inFlight().length > 0,
  };
  if (metricsBind) {
    const server = await startMetricsServer(metricsBind, metrics);
    servers.push(server);
    result.metricsUrl = server.url;
  }
  if (probeBind) {
    const server = await startProbeServer(probeBind, { ready: () => informer.hasSynced() });
    servers.push(server);
    result.probeUrl = server.url;
  }

  informer.start();
  if (elector) elector.start();
  else startWorking();
  logger.info(
    {
      namespace: config.namespace ?? '(all)',
      selector: config.selector ?? '',
      leaderElect: config.leaderElect,
      metrics: result.metricsUrl,
      probes: result.probeUrl,
    },
    'upgradewatch started',
  );

  let stopping: Promise<void> | undefined;
  result.stop = (drainMs) => {
    stopping ??= stopInOrder(
      {
        stopInformer: () => informer.stop(),
        drainQueue: (ms) => queue.shutdown({ drainMs: ms }),
        flushEvents: (ms) => controller.flushEvents(ms),
        abortPolls: () => abort.abort(),
        releaseLease: async () => {
          if (elector) await elector.release();
          metrics.setLeader(false);
        },
        closeServers: async () => {
          await Promise.all(servers.map((s) => s.close()));
          await kubeAgents.destroy();
        },
        warn: (obj, msg) => logger.warn(obj, msg),
      },
      drainMs === undefined ? {} : { drainMs },
    );
    return stopping;
  };
  return result;
}
