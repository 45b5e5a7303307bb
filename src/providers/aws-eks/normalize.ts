// EKS version updates → Observation (docs/providers-next.md#aws-eks). Pure functions.
//
// One upgrade = the cluster's newest `VersionUpdate` (step "Control plane") plus, for each node
// group the watch names, that node group's newest `VersionUpdate` (step "Node group <name>").
// A node group whose newest update is older than the cluster's (or that has none) has not been
// upgraded yet in this upgrade: its step is Pending. Progress = finished steps / steps.

import type { Observation, Phase, Step, StepPhase } from '../../api/types.js';
import { progressOf } from '../common/progress.js';
import { cloudTime, formatTime } from '../common/time.js';
import { stepToShow } from '../cloud-common/steps.js';
import { compact, enumLookup, finishObservation, nonEmpty } from '../common/normalize-helpers.js';
import type { EksErrorDetail, EksUpdate } from './schema.js';

export const VERSION_UPDATE = 'VersionUpdate';

/** UpdateStatus → step phase (every value of the SDK's enum). */
export const updateStepPhase = enumLookup<StepPhase>({
  InProgress: 'Running',
  Successful: 'Succeeded',
  Failed: 'Failed',
  Cancelled: 'Cancelled',
});

export interface EksUpdates {
  /** The cluster's newest VersionUpdate (DescribeUpdate), if it ever had one. */
  cluster?: EksUpdate;
  /** Each node group named in the watch, in the watch's order, with its newest VersionUpdate. */
  nodegroups?: ReadonlyArray<{ name: string; update?: EksUpdate }>;
}

/** `createdAt` in epoch milliseconds: numbers are epoch seconds (restJson1), strings any cloud time. */
export function createdAtMs(update: EksUpdate | undefined): number | undefined {
  const value = update?.createdAt;
  if (typeof value === 'number') return Number.isFinite(value) && value > 0 ? value * 1000 : undefined;
  const text = cloudTime(value);
  return text === undefined ? undefined : Date.parse(text);
}

function createdAtText(update: EksUpdate | undefined): string | undefined {
  const ms = createdAtMs(update);
  return ms === undefined || Number.isNaN(new Date(ms).getTime()) ? undefined : formatTime(new Date(ms));
}

/** The newest `VersionUpdate` by `createdAt` (the first listed wins a tie; no time loses). */
export function newestVersionUpdate(updates: readonly EksUpdate[]): EksUpdate | undefined {
  let newest: EksUpdate | undefined;
  let newestTime = Number.NEGATIVE_INFINITY;
  for (const update of updates) {
    if (nonEmpty(update.type)?.toLowerCase() !== VERSION_UPDATE.toLowerCase()) continue;
    const time = createdAtMs(update) ?? Number.NEGATIVE_INFINITY;
    if (newest === undefined || time > newestTime) {
      newest = update;
      newestTime = time;
    }
  }
  return newest;
}

/** The `Version` param (or `ReleaseVersion` for a node group's AMI-only update). */
export function paramValue(update: EksUpdate | undefined, type: string): string | undefined {
  const param = (update?.params ?? []).find((p) => nonEmpty(p.type)?.toLowerCase() === type.toLowerCase());
  return nonEmpty(param?.value);
}

function describeErrors(errors: readonly EksErrorDetail[] | null | undefined): string | undefined {
  const parts = (errors ?? []).map((error) => {
    const head = [nonEmpty(error.errorCode), nonEmpty(error.errorMessage)].filter(Boolean).join(': ');
    const ids = (error.resourceIds ?? []).filter((id) => id.trim() !== '');
    return ids.length > 0 ? `${head || 'error'} (${ids.join(', ')})` : head;
  });
  const text = parts.filter((part) => part !== '').join('; ');
  return text === '' ? undefined : text;
}

interface Part {
  name: string;
  update?: EksUpdate;
  /** A node group not upgraded (yet) in this upgrade. */
  waiting: boolean;
}

function stepOf(part: Part): Step {
  if (part.waiting || !part.update) return { name: part.name, phase: 'Pending' };
  const phase = updateStepPhase(part.update.status) ?? 'Pending';
  const errors = describeErrors(part.update.errors);
  return compact<Step>({
    name: part.name,
    phase,
    startTime: createdAtText(part.update),
    message: phase === 'Failed' || phase === 'Cancelled' ? errors : undefined,
  });
}

/** Failed > Unknown > Running > Cancelled > Pending > Succeeded (a part still running wins a cancel). */
function overallPhase(steps: readonly Step[], unknown: boolean): Phase {
  const has = (phase: StepPhase) => steps.some((s) => s.phase === phase);
  if (has('Failed')) return 'Failed';
  if (unknown) return 'Unknown';
  if (has('Running')) return 'Running';
  if (has('Cancelled')) return 'Cancelled';
  if (has('Pending')) return steps.some((s) => s.phase === 'Succeeded') ? 'Running' : 'Pending';
  return 'Succeeded';
}

function nodegroupParts(input: EksUpdates, clusterTime: number | undefined): Part[] {
  return (input.nodegroups ?? []).map(({ name, update }) => {
    const time = createdAtMs(update);
    const older = clusterTime !== undefined && (time === undefined || time < clusterTime);
    return { name: `Node group ${name}`, update, waiting: !update || older };
  });
}

export function normalize(input: EksUpdates): Observation {
  const cluster = input.cluster;
  const clusterTime = createdAtMs(cluster);
  const groups = nodegroupParts(input, cluster ? clusterTime : undefined);
  const parts: Part[] = [
    ...(cluster ? [{ name: 'Control plane', update: cluster, waiting: false }] : []),
    ...groups,
  ];
  const tracked = parts.filter((part) => !part.waiting && part.update);
  if (tracked.length === 0) return { phase: 'Idle' };

  const unknownStatuses = tracked.filter((part) => updateStepPhase(part.update?.status) === undefined);
  const steps = parts.map(stepOf);
  const phase = overallPhase(steps, unknownStatuses.length > 0);
  const done = steps.filter((s) => s.phase === 'Succeeded').length;
  const lead = cluster ?? tracked[0]?.update;
  const failed = tracked.find((part) => stepOf(part).phase === 'Failed');
  const current = stepToShow(steps);

  let message: string | undefined;
  if (phase === 'Failed' && failed) {
    message = `${failed.name} update failed${describeErrors(failed.update?.errors) ? `: ${describeErrors(failed.update?.errors)}` : ''}`;
  } else if (phase === 'Unknown') {
    message = `unrecognised update status ${JSON.stringify(unknownStatuses[0]?.update?.status ?? null)}`;
  }

  return finishObservation({
    phase,
    progress: progressOf(done, steps.length, phase),
    currentStep: phase === 'Succeeded' ? undefined : current?.name,
    steps,
    toVersion: paramValue(lead, 'Version') ?? paramValue(lead, 'ReleaseVersion'),
    upgradeID: nonEmpty(lead?.id),
    startTime: createdAtText(lead),
    message,
    providerStatus: compact({
      status: lead?.status ?? null,
      type: nonEmpty(lead?.type),
      nodegroups:
        groups.length > 0
          ? Object.fromEntries(
              groups.map((g) => [g.name, g.waiting ? 'NotUpdated' : (g.update?.status ?? null)]),
            )
          : undefined,
    }),
  });
}
