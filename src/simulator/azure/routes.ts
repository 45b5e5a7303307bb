// The Azure paths the simulator serves (docs/simulator.md#azure-aks): Microsoft Entra's v2.0
// token endpoint and ARM's managed cluster and agent-pool list.

import { AZURE_AKS } from '../../providers/names.js';
import type { SimRequest, SimRoute } from '../types.js';
import { OPERATION_GET_ACCESS_TOKEN } from '../../providers/cloud-common/bearer-get.js';

export const OPERATIONS = {
  token: OPERATION_GET_ACCESS_TOKEN,
  cluster: 'GetManagedCluster',
  pools: 'ListAgentPools',
} as const;

export const AZURE_PROVIDER = AZURE_AKS;

const TOKEN_PATH = /^\/([^/]+)\/oauth2\/v2\.0\/token\/?$/;
// ARM paths are case-insensitive.
const CLUSTER_PATH =
  /^\/subscriptions\/([^/]+)\/resourceGroups\/([^/]+)\/providers\/Microsoft\.ContainerService\/managedClusters\/([^/]+)(\/agentPools)?\/?$/i;

/** An Azure route: `projectID` is the subscription or the tenant; `resourceGroup` the group. */
export type AzureRoute = SimRoute & { resourceGroup?: string };

export function routeAzure(request: SimRequest): AzureRoute | undefined {
  const method = request.method.toUpperCase();
  if (method === 'POST') {
    const token = TOKEN_PATH.exec(request.path);
    return token ? { provider: AZURE_PROVIDER, operation: OPERATIONS.token, projectID: token[1] } : undefined;
  }
  if (method !== 'GET') return undefined;
  const match = CLUSTER_PATH.exec(request.path);
  if (!match) return undefined;
  const [, subscription, resourceGroup, name, pools] = match;
  return {
    provider: AZURE_PROVIDER,
    operation: pools ? OPERATIONS.pools : OPERATIONS.cluster,
    projectID: subscription,
    resourceGroup,
    clusterID: name,
  };
}
