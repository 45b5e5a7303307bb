// The AzureAKS sample (docs/reference.md#provider-azureaks): the spec the demo, the bench and
// the test helpers start from, and the two ARM bodies (ManagedCluster, AgentPools_List,
// api-version 2025-10-01) per phase for the simulator (docs/simulator.md#azure-aks).

import type { ClusterState } from '../../simulator/types.js';
import type { ProviderSample } from '../common/sample.js';
import { AZURE_AKS } from '../names.js';
import { normalize } from './normalize.js';
import type { AksAgentPool, AksManagedCluster } from './schema.js';

export const SAMPLE_SUBSCRIPTION_ID = '00000000-0000-4000-8000-000000000001';
export const SAMPLE_RESOURCE_GROUP = 'rg-demo';
const CLUSTER = 'prod-aks';
const FROM = '1.33.2';
const TO = '1.34.1';

type Pool = readonly [name: string, state: string, desired: string, current: string];

const clusterPath = (clusterID: string) =>
  `/subscriptions/${SAMPLE_SUBSCRIPTION_ID}/resourceGroups/${SAMPLE_RESOURCE_GROUP}` +
  `/providers/Microsoft.ContainerService/managedClusters/${clusterID}`;

/** The two ARM bodies of `clusterID`: the control plane's state and versions, then each pool's. */
function aksState(
  clusterID: string,
  control: readonly [state: string, desired: string, current: string],
  pools: readonly Pool[],
): ClusterState {
  const [provisioningState, kubernetesVersion, currentKubernetesVersion] = control;
  return {
    GetManagedCluster: {
      id: clusterPath(clusterID),
      name: clusterID,
      type: 'Microsoft.ContainerService/ManagedClusters',
      location: 'eastus',
      properties: { provisioningState, kubernetesVersion, currentKubernetesVersion },
    },
    ListAgentPools: {
      value: pools.map(([name, state, orchestratorVersion, currentOrchestratorVersion]) => ({
        id: `${clusterPath(clusterID)}/agentPools/${name}`,
        name,
        type: 'Microsoft.ContainerService/managedClusters/agentPools',
        properties: {
          provisioningState: state,
          orchestratorVersion,
          currentOrchestratorVersion,
          count: 3,
          mode: 'User',
        },
      })),
    },
  };
}

type Part = readonly [state: string, desired: string, current: string];

/** A state of the two-pool cluster: the control plane, then nodepool1 and nodepool2. */
const twoPools =
  (control: Part, pool1: Part, pool2: Part) =>
  (clusterID: string): ClusterState =>
    aksState(clusterID, control, [
      ['nodepool1', ...pool1],
      ['nodepool2', ...pool2],
    ]);

/** One upgrade: control plane, then two agent pools; and its failed end. */
export const AKS_STATES = {
  idle: (clusterID = CLUSTER) =>
    aksState(clusterID, ['Succeeded', FROM, FROM], [['nodepool1', 'Succeeded', FROM, FROM]]),
  controlPlane: twoPools(['Upgrading', TO, FROM], ['Succeeded', TO, FROM], ['Succeeded', TO, FROM]),
  pools: twoPools(['Succeeded', TO, TO], ['Upgrading', TO, FROM], ['Succeeded', TO, FROM]),
  succeeded: twoPools(['Succeeded', TO, TO], ['Succeeded', TO, TO], ['Succeeded', TO, TO]),
  failed: twoPools(['Succeeded', TO, TO], ['Failed', TO, FROM], ['Succeeded', TO, FROM]),
  /**
   * `count` pools (`nodepool1`…), all upgraded but the last, still Upgrading: a list long enough
   * to be paged (docs/simulator.md#azure-aks) whose only running part is on its last page.
   */
  manyPools: (clusterID: string, count: number): ClusterState =>
    aksState(
      clusterID,
      ['Succeeded', TO, TO],
      Array.from({ length: count }, (_unused, i): Pool =>
        i === count - 1
          ? [`nodepool${i + 1}`, 'Upgrading', TO, FROM]
          : [`nodepool${i + 1}`, 'Succeeded', TO, TO],
      ),
    ),
};

export const azureAksSample: ProviderSample<typeof AZURE_AKS> = {
  spec: {
    provider: AZURE_AKS,
    region: 'eastus',
    clusterID: CLUSTER,
    subscriptionID: SAMPLE_SUBSCRIPTION_ID,
    resourceGroup: SAMPLE_RESOURCE_GROUP,
  },
  states: {
    idle: () => AKS_STATES.idle(),
    running: (clusterID, step) =>
      step === 0 ? AKS_STATES.controlPlane(clusterID) : AKS_STATES.pools(clusterID),
    succeeded: AKS_STATES.succeeded,
  },
  stateOperations: ['GetManagedCluster', 'ListAgentPools'],
  // As the client reads it after seeing the upgrade to TO start (AKS keeps no upgrade record).
  observe: (state) => {
    const cluster = state.GetManagedCluster as AksManagedCluster;
    const agentPools = (state.ListAgentPools as { value?: AksAgentPool[] }).value ?? [];
    return normalize({ cluster, agentPools, upgradeSeen: cluster.properties?.kubernetesVersion === TO });
  },
};
