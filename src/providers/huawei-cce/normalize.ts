// CCE upgrade workflows and upgrade tasks → Observation (docs/reference.md#provider-huaweicce). Pure functions.
//
// Workflow: the newest item by `metadata.creationTimestamp` is tracked. Steps are its
// `pointStatuses` in the order of the `lineStatuses` graph (ties and unconnected points keep
// their list order: PreCheck, Snapshot, Cluster, PostCheck, Rollback). Progress counts finished
// points; while the `Cluster` point runs, the cluster upgrade task's own progress is added as
// the fraction of that point, so the number never drops when the point finishes. A `Rollback`
// point is a step but not forward progress, so it is left out of the progress ratio.

import type { Observation, Phase, Step, StepPhase } from '../../api/types.js';
import { cloudTime, parseCloudDate } from '../common/time.js';
import { compact, enumLookup, finishObservation, nonEmpty } from '../common/normalize-helpers.js';
import { progressPercent } from '../common/progress.js';
import type { PointStatus, UpgradeTask, UpgradeWorkflow, UpgradeWorkflowList } from './schema.js';

/** Workflow `status.phase`. `Pending` means a task in the workflow failed. */
const workflowPhase = enumLookup<Phase>({
  Init: 'Pending',
  Running: 'Running',
  Pending: 'Failed',
  Success: 'Succeeded',
  Cancel: 'Cancelled',
});

/** `pointStatuses[].status`. */
const pointPhase = enumLookup<StepPhase>({
  Init: 'Pending',
  Queuing: 'Pending',
  Running: 'Running',
  Success: 'Succeeded',
  Failed: 'Failed',
});

/** Upgrade task `status.phase`. */
const taskPhase = enumLookup<Phase>({
  Init: 'Pending',
  Queuing: 'Pending',
  Running: 'Running',
  Pause: 'Paused',
  Success: 'Succeeded',
  Failed: 'Failed',
});

const CLUSTER_POINT = 'Cluster';
const ROLLBACK_POINT = 'rollback';

function isPoint(point: PointStatus, taskType: string): boolean {
  return point.taskType?.trim().toLowerCase() === taskType.toLowerCase();
}

/**
 * A degenerate item — no uid, no phase and no points — is no workflow at all
 * (docs/reference.md#provider-huaweicce): an empty `items: {}` must read as Idle, not Unknown.
 */
function isWorkflow(item: UpgradeWorkflow): boolean {
  return (
    nonEmpty(item.metadata?.uid) !== undefined ||
    nonEmpty(item.status?.phase) !== undefined ||
    (item.status?.pointStatuses?.length ?? 0) > 0
  );
}

/** The workflows in `items`, whether the API sent an array, one object or nothing. */
export function workflowItems(list: UpgradeWorkflowList): UpgradeWorkflow[] {
  const items = list.items;
  if (!items) return [];
  return (Array.isArray(items) ? items : [items]).filter(isWorkflow);
}

/** The workflow with the latest `creationTimestamp` (the first listed wins a tie); undefined when none. */
export function newestWorkflow(list: UpgradeWorkflowList): UpgradeWorkflow | undefined {
  let newest: UpgradeWorkflow | undefined;
  let newestTime = Number.NEGATIVE_INFINITY;
  for (const item of workflowItems(list)) {
    const time = parseCloudDate(item.metadata?.creationTimestamp)?.getTime() ?? Number.NEGATIVE_INFINITY;
    if (newest === undefined || time > newestTime) {
      newest = item;
      newestTime = time;
    }
  }
  return newest;
}

/** The task id of the `Cluster` point while it is running, if the workflow names one. */
export function runningClusterTaskId(workflow: UpgradeWorkflow | undefined): string | undefined {
  const point = workflow?.status?.pointStatuses?.find((p) => isPoint(p, CLUSTER_POINT));
  if (!point || pointPhase(point.status) !== 'Running') return undefined;
  return nonEmpty(point.taskID);
}

/** Points in execution order: a topological order of the line graph, list order breaking ties. */
export function orderedPoints(workflow: UpgradeWorkflow): PointStatus[] {
  const points = workflow.status?.pointStatuses ?? [];
  const indexOf = new Map<string, number>();
  points.forEach((point, index) => {
    const key = point.taskType?.trim().toLowerCase();
    if (key && !indexOf.has(key)) indexOf.set(key, index);
  });
  const next: number[][] = points.map(() => []);
  const inDegree: number[] = points.map(() => 0);
  for (const line of workflow.status?.lineStatuses ?? []) {
    const from = indexOf.get(line.startPoint?.taskType?.trim().toLowerCase() ?? '');
    const to = indexOf.get(line.endPoint?.taskType?.trim().toLowerCase() ?? '');
    if (from === undefined || to === undefined || from === to || next[from]!.includes(to)) continue;
    next[from]!.push(to);
    inDegree[to]! += 1;
  }
  const ready = points.map((_, index) => index).filter((index) => inDegree[index] === 0);
  const order: number[] = [];
  while (ready.length > 0) {
    ready.sort((a, b) => a - b);
    const index = ready.shift()!;
    order.push(index);
    for (const to of next[index]!) {
      inDegree[to]! -= 1;
      if (inDegree[to] === 0) ready.push(to);
    }
  }
  // A cycle leaves points unplaced: append them in list order rather than lose them.
  points.forEach((_, index) => {
    if (!order.includes(index)) order.push(index);
  });
  return order.map((index) => points[index]!);
}

function taskFraction(task: UpgradeTask | undefined): number | undefined {
  if (!task) return undefined;
  if (taskPhase(task.status?.phase) === 'Succeeded') return 1;
  const raw = task.status?.progress;
  const value = typeof raw === 'number' ? raw : typeof raw === 'string' ? Number.parseFloat(raw) : Number.NaN;
  if (!Number.isFinite(value)) return undefined;
  return Math.min(100, Math.max(0, value)) / 100;
}

function latestTime(values: unknown[]): string | undefined {
  let latest: Date | undefined;
  for (const value of values) {
    const date = parseCloudDate(value);
    if (date && (!latest || date > latest)) latest = date;
  }
  return latest ? cloudTime(latest.getTime()) : undefined;
}

function pointName(point: PointStatus, index: number): string {
  return nonEmpty(point.taskType) ?? `Task ${index + 1}`;
}

/** Normalize one workflow, optionally with the running `Cluster` point's upgrade task. */
export function normalizeWorkflow(workflow: UpgradeWorkflow, clusterTask?: UpgradeTask): Observation {
  const rawPhase = workflow.status?.phase;
  const points = orderedPoints(workflow);
  // Points but no phase yet: the workflow exists and has not started (docs/reference.md#provider-huaweicce).
  const unphased = nonEmpty(rawPhase) === undefined && points.length > 0;
  let phase: Phase = unphased ? 'Pending' : (workflowPhase(rawPhase) ?? 'Unknown');
  const clusterRunning = points.some((p) => isPoint(p, CLUSTER_POINT) && pointPhase(p.status) === 'Running');
  const task = clusterRunning ? clusterTask : undefined;
  const taskPhaseNow = task ? taskPhase(task.status?.phase) : undefined;
  if (phase === 'Running' && taskPhaseNow === 'Paused') phase = 'Paused';

  const steps: Step[] = points.map((point, index) => {
    let stepPhase: StepPhase = pointPhase(point.status) ?? 'Pending';
    if (phase === 'Cancelled' && (stepPhase === 'Pending' || stepPhase === 'Running'))
      stepPhase = 'Cancelled';
    const finished = stepPhase === 'Succeeded' || stepPhase === 'Failed';
    return compact<Step>({
      name: pointName(point, index),
      phase: stepPhase,
      startTime: cloudTime(point.startTimeStamp),
      completionTime: finished ? cloudTime(point.endTimeStamp) : undefined,
    });
  });

  const forward = points
    .map((point, index) => ({ point, step: steps[index]! }))
    .filter(({ point }) => !isPoint(point, ROLLBACK_POINT));
  let progress: number | undefined;
  if (forward.length > 0) {
    const finished = forward.filter(({ step }) => step.phase === 'Succeeded').length;
    const fraction = clusterRunning ? (taskFraction(task) ?? 0) : 0;
    progress = progressPercent((finished + fraction) / forward.length, phase);
  }

  const running = steps.find((s) => s.phase === 'Running');
  const failed = steps.find((s) => s.phase === 'Failed');
  const terminal = phase === 'Succeeded' || phase === 'Failed' || phase === 'Cancelled';

  let message: string | undefined;
  if (phase === 'Failed') {
    message = failed
      ? `upgrade workflow stopped: step ${failed.name} failed`
      : 'upgrade workflow stopped: a task failed';
  } else if (phase === 'Cancelled') {
    message = 'upgrade workflow was cancelled';
  } else if (phase === 'Paused') {
    message = 'cluster upgrade task is paused';
  } else if (phase === 'Unknown') {
    message = `unrecognised upgrade workflow phase ${JSON.stringify(rawPhase ?? null)}`;
  }

  const pointStatuses = Object.fromEntries(points.map((p, i) => [pointName(p, i), p.status ?? null]));
  return finishObservation({
    phase,
    progress,
    currentStep: running?.name ?? failed?.name,
    steps,
    fromVersion: nonEmpty(workflow.spec?.clusterVersion),
    toVersion: nonEmpty(workflow.spec?.targetVersion),
    upgradeID: nonEmpty(workflow.metadata?.uid),
    startTime: cloudTime(workflow.metadata?.creationTimestamp),
    completionTime: terminal
      ? (latestTime(points.map((p) => p.endTimeStamp)) ?? cloudTime(workflow.metadata?.updateTimestamp))
      : undefined,
    message,
    providerStatus: compact({
      phase: rawPhase ?? null,
      pointStatuses,
      clusterTask: task
        ? compact({
            taskID: runningClusterTaskId(workflow),
            phase: task.status?.phase ?? null,
            progress: task.status?.progress ?? null,
          })
        : undefined,
    }),
  });
}

/** The list endpoint's answer: the newest workflow, or Idle when there is none. */
export function normalizeWorkflowList(list: UpgradeWorkflowList, clusterTask?: UpgradeTask): Observation {
  const workflow = newestWorkflow(list);
  if (!workflow) return { phase: 'Idle' };
  return normalizeWorkflow(workflow, clusterTask);
}

/** `spec.taskID` given: the upgrade task alone. */
export function normalizeTask(task: UpgradeTask): Observation {
  const rawPhase = task.status?.phase;
  const phase = taskPhase(rawPhase) ?? 'Unknown';
  const fraction = taskFraction(task);
  const terminal = phase === 'Succeeded' || phase === 'Failed';
  let message: string | undefined;
  if (phase === 'Failed') message = 'cluster upgrade task failed';
  else if (phase === 'Paused') message = 'cluster upgrade task is paused';
  else if (phase === 'Unknown')
    message = `unrecognised upgrade task phase ${JSON.stringify(rawPhase ?? null)}`;
  return finishObservation({
    phase,
    progress: fraction === undefined ? undefined : progressPercent(fraction, phase),
    fromVersion: nonEmpty(task.spec?.version),
    toVersion: nonEmpty(task.spec?.targetVersion),
    upgradeID: nonEmpty(task.metadata?.uid),
    startTime: cloudTime(task.metadata?.creationTimestamp),
    completionTime: terminal ? cloudTime(task.status?.completionTime) : undefined,
    message,
    providerStatus: compact({ phase: rawPhase ?? null, progress: task.status?.progress ?? null }),
  });
}
