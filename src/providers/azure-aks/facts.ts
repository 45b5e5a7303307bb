// What the registry step needs to know about AzureAKS (docs/providers-next.md#azure-aks): spec
// fields and their patterns, Secret keys, the auth scheme, a sample spec and the simulator
// states (one per phase) the demo, bench and chaos fleet use. Plain data; nothing reads it until
// the provider is registered.

import { AZURE_AKS } from '../cloud-common/provider-name.js';
import { AKS_CLUSTER_NAME, AZURE_SECRET_KEYS, RESOURCE_GROUP, SUBSCRIPTION_ID } from './spec.js';

const SUBSCRIPTION = '00000000-0000-4000-8000-000000000001';
const GROUP = 'rg-demo';
const CLUSTER = 'prod-aks';
const CLUSTER_ID = `/subscriptions/${SUBSCRIPTION}/resourceGroups/${GROUP}/providers/Microsoft.ContainerService/managedClusters/${CLUSTER}`;

/** A ManagedCluster body (api-version 2025-10-01) with the control plane's state and versions. */
function managedCluster(
  provisioningState: string,
  desired: string,
  current: string,
): Record<string, unknown> {
  return {
    id: CLUSTER_ID,
    name: CLUSTER,
    type: 'Microsoft.ContainerService/ManagedClusters',
    location: 'eastus',
    properties: { provisioningState, kubernetesVersion: desired, currentKubernetesVersion: current },
  };
}

/** An AgentPools_List body: each pool's state and versions. */
function agentPools(
  pools: ReadonlyArray<readonly [name: string, state: string, desired: string, current: string]>,
) {
  return {
    value: pools.map(([name, provisioningState, orchestratorVersion, currentOrchestratorVersion]) => ({
      id: `${CLUSTER_ID}/agentPools/${name}`,
      name,
      type: 'Microsoft.ContainerService/managedClusters/agentPools',
      properties: {
        provisioningState,
        orchestratorVersion,
        currentOrchestratorVersion,
        count: 3,
        mode: 'User',
      },
    })),
  };
}

export const azureAksFacts = {
  name: AZURE_AKS,
  cloud: 'azure',
  spec: {
    /** spec.region is required by the CRD but unused: ARM is one global endpoint. */
    required: ['region', 'clusterID', 'subscriptionID', 'resourceGroup'],
    allowed: ['region', 'clusterID', 'subscriptionID', 'resourceGroup', 'endpoint', 'credentialsRef'],
    patterns: {
      subscriptionID: SUBSCRIPTION_ID.source,
      resourceGroup: RESOURCE_GROUP.source,
      /** AKS names allow `_` (PATTERNS.cloudID does not): the CRD needs this pattern for AKS. */
      clusterID: AKS_CLUSTER_NAME.source,
      region: '^[a-z0-9]{2,32}$',
    },
  },
  secretKeys: AZURE_SECRET_KEYS,
  authScheme: 'Microsoft Entra OAuth2 client credentials (client secret)',
  defaultBaseUrl: 'https://management.azure.com',
  /** The ARM host and the Entra token host. */
  allowedDomains: ['management.azure.com', 'login.microsoftonline.com'],
  sampleSpec: {
    provider: AZURE_AKS,
    region: 'eastus',
    clusterID: CLUSTER,
    subscriptionID: SUBSCRIPTION,
    resourceGroup: GROUP,
  },
  /** Simulator cluster states (docs/simulator.md#azure-aks): the two ARM bodies per phase. */
  simulatorStates: {
    idle: {
      GetManagedCluster: managedCluster('Succeeded', '1.33.2', '1.33.2'),
      ListAgentPools: agentPools([['nodepool1', 'Succeeded', '1.33.2', '1.33.2']]),
    },
    running: {
      GetManagedCluster: managedCluster('Succeeded', '1.34.1', '1.34.1'),
      ListAgentPools: agentPools([
        ['nodepool1', 'Upgrading', '1.34.1', '1.33.2'],
        ['nodepool2', 'Succeeded', '1.34.1', '1.33.2'],
      ]),
    },
    succeeded: {
      GetManagedCluster: managedCluster('Succeeded', '1.34.1', '1.34.1'),
      ListAgentPools: agentPools([
        ['nodepool1', 'Succeeded', '1.34.1', '1.34.1'],
        ['nodepool2', 'Succeeded', '1.34.1', '1.34.1'],
      ]),
    },
    failed: {
      GetManagedCluster: managedCluster('Succeeded', '1.34.1', '1.34.1'),
      ListAgentPools: agentPools([
        ['nodepool1', 'Failed', '1.34.1', '1.33.2'],
        ['nodepool2', 'Succeeded', '1.34.1', '1.33.2'],
      ]),
    },
  },
} as const;
