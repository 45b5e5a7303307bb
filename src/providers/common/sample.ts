// What every provider ships besides its client: a sample watch spec and provider-native
// simulator states (docs/reference.md#simulator). The demo, the bench, the chaos fleet and the
// test helpers build their watches and simulated clusters from these, so a provider added to
// ../samples.ts lands in all of them without a switch statement to extend.

import type { ClusterUpgradeWatchSpec, Observation, ProviderName } from '../../api/types.js';
import type { ClusterState } from '../../simulator/types.js';

/**
 * The provider-specific part of a watch spec: no endpoint, credentials or intervals, and only the
 * fields the provider needs (a defaulted field such as actionMode stays out).
 */
export type SampleSpec<P extends ProviderName = ProviderName> = { provider: P } & Pick<
  ClusterUpgradeWatchSpec,
  'region' | 'clusterID'
> &
  Partial<
    Pick<
      ClusterUpgradeWatchSpec,
      'projectID' | 'components' | 'actionMode' | 'nodegroups' | 'subscriptionID' | 'resourceGroup'
    >
  >;

/** How far on a running sample upgrade is: 0 = just started (0 %), 1 = one step on (progress > 0). */
export type RunningStep = 0 | 1;

/** Provider-native states (operation → body, src/simulator/types.ts) of one simulated cluster. */
export interface SampleStates {
  /** No upgrade reported (the same for every cluster). */
  idle(): ClusterState;
  /** An upgrade Running at `step`. */
  running(clusterID: string, step: RunningStep): ClusterState;
  /** The same upgrade finished: Succeeded at 100 %. */
  succeeded(clusterID: string): ClusterState;
}

export interface ProviderSample<P extends ProviderName = ProviderName> {
  spec: SampleSpec<P>;
  states: SampleStates;
  /** The operation keys a simulated cluster's state may hold (aliases included). */
  stateOperations: readonly string[];
  /** The Observation the operator makes of one of these states (the provider's normalizer). */
  observe(state: ClusterState): Observation;
}
