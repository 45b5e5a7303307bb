// GKE upgrade operations → Observation (docs/providers-next.md#google-gke). Pure functions.
//
// The tracked upgrade is the newest (by startTime) UPGRADE_MASTER / UPGRADE_NODES operation whose
// targetLink names the watched cluster. Steps are `progress.stages`; without stages, one step
// for the operation itself. Progress: the operation's own metrics when they give a ratio, else
// (finished stages + the running stage's metric ratio) / stages.

import type { Observation, Phase, Step, StepPhase } from '../../api/types.js';
import { progressPercent } from '../common/progress.js';
import { cloudTime, parseCloudDate } from '../common/time.js';
import { stepToShow } from '../cloud-common/steps.js';
import { compact, enumLookup, finishObservation, nonEmpty } from '../common/normalize-helpers.js';
import type { GkeMetric, GkeOperation, OperationProgress } from './schema.js';

export const UPGRADE_OPERATION_TYPES = ['UPGRADE_MASTER', 'UPGRADE_NODES'] as const;
/** google.rpc.Code.CANCELLED: a DONE operation with this error code was cancelled, not failed. */
export const RPC_CANCELLED = 1;

/** Operation.status (every value of the discovery enum); DONE is split by `error` below. */
const operationStatus = enumLookup<Phase | 'Done'>({
  PENDING: 'Pending',
  RUNNING: 'Running',
  DONE: 'Done',
  ABORTING: 'Cancelled',
  STATUS_UNSPECIFIED: 'Unknown',
});

const stageStatus = enumLookup<StepPhase>({
  PENDING: 'Pending',
  RUNNING: 'Running',
  DONE: 'Succeeded',
  ABORTING: 'Cancelled',
});

/** Does `targetLink` name this cluster (the cluster itself or one of its node pools)? */
export function targetsCluster(operation: GkeOperation, cluster: string): boolean {
  const link = nonEmpty(operation.targetLink);
  if (!link) return false;
  const segments = link.split('?')[0]!.split('/');
  const at = segments.indexOf('clusters');
  return at >= 0 && segments[at + 1] === cluster;
}

export function newestUpgradeOperation(
  operations: readonly GkeOperation[],
  cluster: string,
): GkeOperation | undefined {
  let newest: GkeOperation | undefined;
  let newestTime = Number.NEGATIVE_INFINITY;
  for (const operation of operations) {
    const type = nonEmpty(operation.operationType)?.toUpperCase();
    if (!(UPGRADE_OPERATION_TYPES as readonly string[]).includes(type ?? '')) continue;
    if (!targetsCluster(operation, cluster)) continue;
    const time = parseCloudDate(operation.startTime)?.getTime() ?? Number.NEGATIVE_INFINITY;
    if (newest === undefined || time > newestTime) {
      newest = operation;
      newestTime = time;
    }
  }
  return newest;
}

function metricValue(metrics: readonly GkeMetric[], name: string): number | undefined {
  const key = name.replace(/[\s_]+/g, ' ').toLowerCase();
  const metric = metrics.find(
    (m) =>
      (m.name ?? '')
        .replace(/[\s_]+/g, ' ')
        .trim()
        .toLowerCase() === key,
  );
  if (!metric) return undefined;
  const raw = metric.doubleValue ?? metric.intValue;
  const value = typeof raw === 'string' ? Number(raw) : raw;
  return typeof value === 'number' && Number.isFinite(value) ? value : undefined;
}

/**
 * A 0..1 ratio from a metric bundle: `progress` / `progress scale` (scale 1 when absent), else
 * `nodes done` / `nodes total` — the two shapes the discovery document gives as examples.
 */
export function metricsRatio(metrics: readonly GkeMetric[] | null | undefined): number | undefined {
  const list = metrics ?? [];
  const progress = metricValue(list, 'progress');
  if (progress !== undefined) {
    const scale = metricValue(list, 'progress scale') ?? 1;
    return scale > 0 ? progress / scale : undefined;
  }
  const done = metricValue(list, 'nodes done');
  const total = metricValue(list, 'nodes total');
  return done !== undefined && total !== undefined && total > 0 ? done / total : undefined;
}

/** The node pool `targetLink` names (`…/clusters/<c>/nodePools/<pool>`), if any. */
export function targetNodePool(operation: GkeOperation): string | undefined {
  const link = nonEmpty(operation.targetLink) ?? '';
  return /\/nodePools\/([^/?]+)/.exec(link)?.[1];
}

/** UPGRADE_MASTER upgrades the control plane; UPGRADE_NODES a node pool (or the nodes). */
export function isMasterUpgrade(operation: GkeOperation): boolean {
  return nonEmpty(operation.operationType)?.toUpperCase() === 'UPGRADE_MASTER';
}

function operationStepName(operation: GkeOperation): string {
  if (isMasterUpgrade(operation)) return 'Control plane';
  const pool = targetNodePool(operation);
  return pool ? `Node pool ${pool}` : 'Nodes';
}

function phaseOf(operation: GkeOperation): Phase {
  const status = operationStatus(operation.status);
  if (status !== 'Done') return status ?? 'Unknown';
  if (!operation.error) return 'Succeeded';
  return operation.error.code === RPC_CANCELLED ? 'Cancelled' : 'Failed';
}

function stepsOf(operation: GkeOperation, phase: Phase): Step[] {
  const stages: OperationProgress[] = operation.progress?.stages ?? [];
  if (stages.length === 0) {
    const stepPhase: StepPhase =
      phase === 'Unknown' || phase === 'Idle' || phase === 'Paused' ? 'Pending' : phase;
    return [{ name: operationStepName(operation), phase: stepPhase }];
  }
  const steps = stages.map((stage, index): Step => ({
    name: nonEmpty(stage.name) ?? `Stage ${index + 1}`,
    phase: stageStatus(stage.status) ?? 'Pending',
  }));
  // The operation failed or was cancelled: the stage it stopped in (the first not DONE) says so.
  if (phase === 'Failed' || phase === 'Cancelled') {
    const stopped = steps.find((s) => s.phase !== 'Succeeded');
    if (stopped) stopped.phase = phase;
  }
  return steps;
}

function ratioOf(operation: GkeOperation, steps: readonly Step[]): number | undefined {
  const own = metricsRatio(operation.progress?.metrics);
  if (own !== undefined) return own;
  const stages = operation.progress?.stages ?? [];
  if (stages.length === 0) return undefined;
  const done = steps.filter((s) => s.phase === 'Succeeded').length;
  const runningIndex = steps.findIndex((s) => s.phase === 'Running');
  const partial = runningIndex >= 0 ? (metricsRatio(stages[runningIndex]?.metrics) ?? 0) : 0;
  return (done + Math.min(1, Math.max(0, partial))) / stages.length;
}

export function normalize(operations: readonly GkeOperation[], cluster: string): Observation {
  const operation = newestUpgradeOperation(operations, cluster);
  if (!operation) return { phase: 'Idle' };
  const phase = phaseOf(operation);
  const steps = stepsOf(operation, phase);
  const ratio = ratioOf(operation, steps);
  const current = stepToShow(steps);
  const errorText = nonEmpty(operation.error?.message) ?? nonEmpty(operation.statusMessage);
  let message: string | undefined;
  if (phase === 'Failed') message = errorText ?? 'operation failed';
  else if (phase === 'Cancelled') message = errorText;
  else if (phase === 'Unknown')
    message = `unrecognised operation status ${JSON.stringify(operation.status ?? null)}`;
  const terminal = phase === 'Succeeded' || phase === 'Failed' || phase === 'Cancelled';

  return finishObservation({
    phase,
    progress: ratio === undefined ? (phase === 'Succeeded' ? 100 : undefined) : progressPercent(ratio, phase),
    currentStep: phase === 'Succeeded' ? undefined : current?.name,
    steps,
    upgradeID: nonEmpty(operation.name),
    startTime: cloudTime(operation.startTime),
    completionTime: terminal ? cloudTime(operation.endTime) : undefined,
    message,
    providerStatus: compact({
      status: operation.status ?? null,
      operationType: nonEmpty(operation.operationType),
      detail: nonEmpty(operation.detail),
      errorCode: operation.error?.code ?? undefined,
    }),
  });
}
