// Prometheus metrics (docs/reference.md#metrics): exactly the upgradewatch_* series below plus Node's default
// process metrics, in a registry of their own (so tests and several instances don't collide).
import { collectDefaultMetrics, Counter, Gauge, Histogram, Registry } from 'prom-client';
import { PHASES, type Phase } from '../api/types.js';

export const METRIC_NAMES = {
  upgradePhase: 'upgradewatch_upgrade_phase',
  progressRatio: 'upgradewatch_upgrade_progress_ratio',
  cloudRequests: 'upgradewatch_cloud_requests_total',
  cloudRequestDuration: 'upgradewatch_cloud_request_duration_seconds',
  lastSuccessfulPoll: 'upgradewatch_last_successful_poll_timestamp_seconds',
  statusUpdates: 'upgradewatch_status_updates_total',
  reconciles: 'upgradewatch_reconcile_total',
  workqueueDepth: 'upgradewatch_workqueue_depth',
  leader: 'upgradewatch_leader',
  leaderElectionAttempts: 'upgradewatch_leader_election_attempts_total',
} as const;

/** Outcome of one leader-election attempt (read + create/update of the Lease). */
const LEADER_ELECTION_RESULTS = ['success', 'held', 'error'] as const;
/** success: this replica holds the lease afterwards; held: another replica's lease is still
 *  valid; error: a read or write failed (apiserver unreachable, 409, 429, 5xx, 403). */
export type LeaderElectionResult = (typeof LEADER_ELECTION_RESULTS)[number];

/** Cloud requests take up to the 10 s client timeout. */
const CLOUD_DURATION_BUCKETS = [0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10];

export interface Metrics {
  readonly registry: Registry;
  /** Content-Type of the text exposition. */
  readonly contentType: string;
  /** The text exposition of every series. */
  expose(): Promise<string>;
  /** Phase gauge (1 for `phase`, 0 for the other phases) and progress ratio (absent when undefined). */
  recordWatch(namespace: string, name: string, provider: string, phase: Phase, progress?: number): void;
  recordSuccessfulPoll(namespace: string, name: string, at: Date): void;
  /** Removes the last-successful-poll series of the object (while it is suspended). */
  forgetSuccessfulPoll(namespace: string, name: string): void;
  /** Removes every series of the object (on delete). */
  forgetWatch(namespace: string, name: string): void;
  /** `result` is `success` or a CloudError class such as `Throttled`. */
  observeCloudRequest(provider: string, operation: string, result: string, seconds: number): void;
  countStatusUpdate(result: string): void;
  countReconcile(result: string): void;
  setWorkqueueDepth(depth: number): void;
  setLeader(isLeader: boolean): void;
  countLeaderElectionAttempt(result: LeaderElectionResult): void;
}

interface MetricsOptions {
  /** Register Node process metrics (default true). */
  processMetrics?: boolean;
}

// Long because it declares every metric of docs/reference.md#metrics in one list, one short
// block each; splitting it would scatter the catalogue.
export function createMetrics(opts: MetricsOptions = {}): Metrics {
  const registry = new Registry();
  if (opts.processMetrics ?? true) collectDefaultMetrics({ register: registry });
  const registers = [registry];

  const phaseGauge = new Gauge({
    name: METRIC_NAMES.upgradePhase,
    help: 'Current upgrade phase of a ClusterUpgradeWatch: 1 for its phase, 0 for the others.',
    labelNames: ['namespace', 'name', 'provider', 'phase'] as const,
    registers,
  });
  const progressGauge = new Gauge({
    name: METRIC_NAMES.progressRatio,
    help: 'Upgrade progress of a ClusterUpgradeWatch as a ratio 0..1 (absent when unknown).',
    labelNames: ['namespace', 'name', 'provider'] as const,
    registers,
  });
  const cloudRequests = new Counter({
    name: METRIC_NAMES.cloudRequests,
    help: 'Cloud API requests by provider, operation and result (success or error class).',
    labelNames: ['provider', 'operation', 'result'] as const,
    registers,
  });
  const cloudDuration = new Histogram({
    name: METRIC_NAMES.cloudRequestDuration,
    help: 'Duration of cloud API requests in seconds.',
    labelNames: ['provider', 'operation'] as const,
    buckets: CLOUD_DURATION_BUCKETS,
    registers,
  });
  const lastPoll = new Gauge({
    name: METRIC_NAMES.lastSuccessfulPoll,
    help: 'Unix time of the last successful cloud poll of a ClusterUpgradeWatch.',
    labelNames: ['namespace', 'name'] as const,
    registers,
  });
  const statusUpdates = new Counter({
    name: METRIC_NAMES.statusUpdates,
    help: 'Status subresource writes by result.',
    labelNames: ['result'] as const,
    registers,
  });
  const reconciles = new Counter({
    name: METRIC_NAMES.reconciles,
    help: 'Reconciles by result.',
    labelNames: ['result'] as const,
    registers,
  });
  const depthGauge = new Gauge({
    name: METRIC_NAMES.workqueueDepth,
    help: 'Keys waiting in the work queue.',
    registers,
  });
  const leaderGauge = new Gauge({
    name: METRIC_NAMES.leader,
    help: '1 while this replica holds the leader lease (or runs without leader election), else 0.',
    registers,
  });
  const electionAttempts = new Counter({
    name: METRIC_NAMES.leaderElectionAttempts,
    help: 'Leader-election attempts (acquire or renew the Lease) by result: success, held or error.',
    labelNames: ['result'] as const,
    registers,
  });
  depthGauge.set(0);
  leaderGauge.set(0);
  for (const result of LEADER_ELECTION_RESULTS) electionAttempts.inc({ result }, 0);

  /** Provider label last recorded per object, so forgetWatch can remove exact label sets. */
  const providers = new Map<string, string>();
  const objectKey = (namespace: string, name: string): string => `${namespace}/${name}`;

  const removePhaseAndProgress = (namespace: string, name: string, provider: string): void => {
    for (const phase of PHASES) phaseGauge.remove({ namespace, name, provider, phase });
    progressGauge.remove({ namespace, name, provider });
  };

  return {
    registry,
    contentType: registry.contentType,
    expose: () => registry.metrics(),
    recordWatch(namespace, name, provider, phase, progress) {
      const key = objectKey(namespace, name);
      const previous = providers.get(key);
      if (previous !== undefined && previous !== provider) removePhaseAndProgress(namespace, name, previous);
      providers.set(key, provider);
      for (const p of PHASES) phaseGauge.set({ namespace, name, provider, phase: p }, p === phase ? 1 : 0);
      if (progress === undefined) progressGauge.remove({ namespace, name, provider });
      else progressGauge.set({ namespace, name, provider }, Math.min(100, Math.max(0, progress)) / 100);
    },
    recordSuccessfulPoll(namespace, name, at) {
      lastPoll.set({ namespace, name }, at.getTime() / 1000);
    },
    forgetSuccessfulPoll(namespace, name) {
      lastPoll.remove({ namespace, name });
    },
    forgetWatch(namespace, name) {
      const key = objectKey(namespace, name);
      const provider = providers.get(key);
      if (provider !== undefined) removePhaseAndProgress(namespace, name, provider);
      providers.delete(key);
      lastPoll.remove({ namespace, name });
    },
    observeCloudRequest(provider, operation, result, seconds) {
      cloudRequests.inc({ provider, operation, result });
      cloudDuration.observe({ provider, operation }, seconds);
    },
    countStatusUpdate(result) {
      statusUpdates.inc({ result });
    },
    countReconcile(result) {
      reconciles.inc({ result });
    },
    setWorkqueueDepth(depth) {
      depthGauge.set(depth);
    },
    setLeader(isLeader) {
      leaderGauge.set(isLeader ? 1 : 0);
    },
    countLeaderElectionAttempt(result) {
      electionAttempts.inc({ result });
    },
  };
}
