// CSS upgrade / AZ-migration details → Observation (docs/reference.md#provider-huaweicss). Pure functions.
//
// The entry with the latest `startTime` across every page is tracked (the first one listed
// wins a tie). Node lists are comma-separated strings, possibly with spaces; progress is
// completed / total nodes. The steps are the current node's `currentNodeDetail` by `order`.

import type { ActionMode, NodesStatus, Observation, Phase, Step, StepPhase } from '../../api/types.js';
import { parseJsonRecord } from '../common/classify.js';
import { cloudTime, parseCloudDate } from '../common/time.js';
import { compact, enumLookup, finishObservation, nonEmpty } from '../common/normalize-helpers.js';
import { progressPercent } from '../common/progress.js';
import type { NodeStep, UpgradeDetail } from './schema.js';

/** The spellings the upgrade detail and its node steps share. */
const CSS_STATES = { RUNNING: 'Running', SUCCESS: 'Succeeded', FAILED: 'Failed' } as const;

const detailPhase = enumLookup<Phase>({ ...CSS_STATES, PARTIAL_FAILED: 'Failed' });

const nodeStepPhase = enumLookup<StepPhase>({ WAITING: 'Pending', ...CSS_STATES });

/** `"a, b,,c "` → `["a","b","c"]`, duplicates removed. */
export function splitNodes(value: unknown): string[] {
  if (typeof value !== 'string') return [];
  return [
    ...new Set(
      value
        .split(',')
        .map((name) => name.trim())
        .filter((name) => name !== ''),
    ),
  ];
}

/** The entry with the latest `startTime`; entries without a readable time lose to any with one. */
export function latestDetail(details: readonly UpgradeDetail[]): UpgradeDetail | undefined {
  let latest: UpgradeDetail | undefined;
  let latestTime = Number.NEGATIVE_INFINITY;
  for (const detail of details) {
    const time = parseCloudDate(detail.startTime)?.getTime() ?? Number.NEGATIVE_INFINITY;
    if (latest === undefined || time > latestTime) {
      latest = detail;
      latestTime = time;
    }
  }
  return latest;
}

function orderOf(step: NodeStep): number {
  const value = typeof step.order === 'number' ? step.order : Number.parseFloat(String(step.order ?? ''));
  return Number.isFinite(value) ? value : Number.POSITIVE_INFINITY;
}

/** `currentNodeDetail` sorted by `order` (stable; entries without an order go last). */
export function nodeSteps(detail: UpgradeDetail): Step[] {
  return (detail.currentNodeDetail ?? [])
    .map((step, index) => ({ step, index }))
    .sort((a, b) => orderOf(a.step) - orderOf(b.step) || a.index - b.index)
    .map(({ step, index }) => {
      const phase = nodeStepPhase(step.status) ?? 'Pending';
      const finished = phase === 'Succeeded' || phase === 'Failed';
      return compact<Step>({
        name: nonEmpty(step.name) ?? `Step ${index + 1}`,
        phase,
        startTime: cloudTime(step.beginTime),
        completionTime: finished ? cloudTime(step.endTime) : undefined,
      });
    });
}

/**
 * `"{node}: {step}"` for the running step (else the failed one); between two steps of a node
 * (none running, as in seed 004's first example) the first waiting step; else just the node
 * (docs/reference.md#provider-huaweicss).
 */
function currentStepOf(steps: readonly Step[], node: string | undefined): string | undefined {
  const step =
    steps.find((s) => s.phase === 'Running') ??
    steps.find((s) => s.phase === 'Failed') ??
    steps.find((s) => s.phase === 'Pending');
  if (node === undefined) return step?.name;
  return step ? `${node}: ${step.name}` : node;
}

/** JSON carried inside a string field; kept only when it is an object. */
function embeddedObject(value: unknown): Record<string, unknown> | undefined {
  if (typeof value !== 'string' || value.trim() === '') return undefined;
  return parseJsonRecord(value);
}

export function normalizeDetails(
  details: readonly UpgradeDetail[],
  actionMode: ActionMode = 'Upgrading',
): Observation {
  const detail = latestDetail(details);
  if (!detail) return { phase: 'Idle' };
  const what = actionMode === 'AZMigration' ? 'AZ migration' : 'upgrade';
  const rawStatus = detail.status;
  const phase = detailPhase(rawStatus) ?? 'Unknown';
  const partial = typeof rawStatus === 'string' && rawStatus.trim().toUpperCase() === 'PARTIAL_FAILED';

  const total = splitNodes(detail.totalNodes);
  const completed = splitNodes(detail.completedNodes);
  const currentNames = splitNodes(detail.currentNodeName);
  const current =
    phase === 'Succeeded'
      ? []
      : currentNames.length > 0
        ? currentNames
        : splitNodes(detail.currentBatchNodes);
  const completedCount = total.length > 0 ? Math.min(completed.length, total.length) : completed.length;
  const nodes: NodesStatus | undefined =
    total.length > 0 || completed.length > 0 || current.length > 0
      ? { total: total.length, completed: completedCount, current }
      : undefined;

  const steps = nodeSteps(detail);
  const currentStep =
    phase === 'Succeeded'
      ? undefined
      : currentStepOf(steps, current.length > 0 ? current.join(', ') : undefined);

  let message: string | undefined;
  if (partial) {
    message = `${what} partially failed: ${completedCount} of ${total.length} nodes completed`;
  } else if (phase === 'Failed') {
    message = `${what} failed${currentStep ? ` at ${currentStep}` : ''}`;
  } else if (phase === 'Unknown') {
    message = `unrecognised ${what} status ${JSON.stringify(rawStatus ?? null)}`;
  }

  const terminal = phase === 'Succeeded' || phase === 'Failed';
  return finishObservation({
    phase,
    progress: total.length > 0 ? progressPercent(completedCount / total.length, phase) : undefined,
    currentStep,
    steps,
    toVersion: nonEmpty(detail.imageInfo?.datastoreVersion),
    upgradeID: nonEmpty(detail.id),
    startTime: cloudTime(detail.startTime),
    completionTime: terminal ? cloudTime(detail.endTime) : undefined,
    nodes,
    message,
    providerStatus: compact({
      status: rawStatus ?? null,
      executeTimes: detail.executeTimes ?? undefined,
      image: nonEmpty(detail.imageInfo?.displayName),
      migrateParam: embeddedObject(detail.migrateParam),
      finalAzInfoMap: embeddedObject(detail.finalAzInfoMap),
    }),
  });
}
