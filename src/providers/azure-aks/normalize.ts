// AKS managed cluster + agent pools → Observation (docs/providers-next.md#azure-aks). Pure.
//
// AKS keeps no upgrade record: the managed cluster and each agent pool carry an ARM
// `provisioningState` and a desired / current Kubernetes version. Parts = the control plane,
// then each agent pool (by name); progress = finished parts / parts.
//
// A part is Running while Upgrading, Failed / Cancelled when its state says so, Pending while its
// current version lags the desired one, and Succeeded once both agree. Whether a settled cluster
// is Succeeded or Idle cannot be read from one answer (a cluster upgraded an hour ago looks like
// one never upgraded), so the caller says whether it saw this upgrade running: `upgradeSeen`.

import type { Observation, Phase, Step, StepPhase } from '../../api/types.js';
import { progressOf } from '../common/progress.js';
import { stepToShow } from '../cloud-common/steps.js';
import { compact, enumLookup, finishObservation, nonEmpty } from '../common/normalize-helpers.js';
import type { AksAgentPool, AksManagedCluster } from './schema.js';

type PartState = StepPhase | 'Settled';

/** provisioningState values this provider reads; other ARM states are other operations. */
export const provisioningStatePhase = enumLookup<PartState>({
  Upgrading: 'Running',
  Failed: 'Failed',
  Canceled: 'Cancelled',
  Succeeded: 'Settled',
  // Other operations the AKS docs list: no upgrade running, the versions tell the rest.
  Creating: 'Settled',
  Updating: 'Settled',
  Scaling: 'Settled',
  Starting: 'Settled',
  Stopping: 'Settled',
  Deleting: 'Settled',
  Migrating: 'Settled',
});

export interface AksState {
  cluster: AksManagedCluster;
  /** AgentPools_List `value`; when absent, the cluster's `agentPoolProfiles` are used. */
  agentPools?: readonly AksAgentPool[];
  /** The caller saw a part of this cluster Running or Pending since it started watching. */
  upgradeSeen?: boolean;
}

interface Part {
  name: string;
  state: string | null | undefined;
  desired?: string;
  current?: string;
}

function poolPart(pool: AksAgentPool, index: number): Part {
  const props = pool.properties;
  return {
    name: `Agent pool ${nonEmpty(pool.name) ?? index + 1}`,
    state: props?.provisioningState ?? pool.provisioningState,
    desired: nonEmpty(props?.orchestratorVersion ?? pool.orchestratorVersion),
    current: nonEmpty(props?.currentOrchestratorVersion ?? pool.currentOrchestratorVersion),
  };
}

function stepPhase(part: Part): StepPhase | undefined {
  const state = provisioningStatePhase(part.state);
  if (state === undefined) return undefined;
  if (state !== 'Settled') return state;
  return part.desired !== undefined && part.current !== undefined && part.desired !== part.current
    ? 'Pending'
    : 'Succeeded';
}

export function parts(input: AksState): Part[] {
  const props = input.cluster.properties;
  const pools = input.agentPools ?? props?.agentPoolProfiles ?? [];
  const control: Part = {
    name: 'Control plane',
    state: props?.provisioningState,
    desired: nonEmpty(props?.kubernetesVersion),
    current: nonEmpty(props?.currentKubernetesVersion),
  };
  const named = pools.map(poolPart).sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
  return [control, ...named];
}

function overall(steps: readonly Step[], unknown: boolean, upgradeSeen: boolean): Phase {
  const has = (phase: StepPhase) => steps.some((s) => s.phase === phase);
  if (has('Failed')) return 'Failed';
  if (unknown) return 'Unknown';
  if (has('Running')) return 'Running';
  if (has('Cancelled')) return 'Cancelled';
  if (has('Pending')) return upgradeSeen ? 'Running' : 'Idle';
  return upgradeSeen ? 'Succeeded' : 'Idle';
}

export function normalize(input: AksState): Observation {
  const all = parts(input);
  const unknown = all.filter((part) => stepPhase(part) === undefined);
  const steps = all.map((part): Step => ({ name: part.name, phase: stepPhase(part) ?? 'Pending' }));
  const phase = overall(steps, unknown.length > 0, input.upgradeSeen === true);
  const control = all[0]!;
  const providerStatus = compact({
    provisioningState: control.state ?? null,
    agentPools: Object.fromEntries(all.slice(1).map((p) => [p.name, p.state ?? null])),
  });
  if (phase === 'Idle') return finishObservation({ phase, fromVersion: control.current, providerStatus });

  const done = steps.filter((s) => s.phase === 'Succeeded').length;
  const current = stepToShow(steps);
  const failed = steps.filter((s) => s.phase === 'Failed').map((s) => s.name);
  let message: string | undefined;
  if (phase === 'Failed') message = `provisioning failed: ${failed.join(', ')}`;
  else if (phase === 'Unknown') {
    message = `unrecognised provisioningState ${JSON.stringify(unknown[0]?.state ?? null)} (${unknown[0]?.name})`;
  }
  return finishObservation({
    phase,
    progress: progressOf(done, steps.length, phase),
    currentStep: phase === 'Succeeded' ? undefined : current?.name,
    steps,
    fromVersion: control.current !== control.desired ? control.current : undefined,
    toVersion: control.desired,
    message,
    providerStatus,
  });
}
