// ARM answers from the simulated AKS clusters (docs/simulator.md#azure-aks). An AKS
// cluster's state holds `GetManagedCluster` (the ManagedCluster body) and `ListAgentPools`
// (`{ value: [...] }`, answered in pages (./pages.ts) when it is long). Where the cluster lives
// is read from the body's ARM `id` (`/subscriptions/<s>/resourceGroups/<g>/…`), else from the
// cluster's projectID (subscription): a request naming another subscription or group gets
// ARM's own 404.

import type { SimContext, SimReply, SimRequest } from '../types.js';
import { jsonReply } from '../oauth/json-reply.js';
import { agentPoolPage } from './pages.js';
import { armError, resourceGroupNotFound, resourceNotFound } from './replies.js';
import { AZURE_PROVIDER, OPERATIONS, type AzureRoute } from './routes.js';

const ARM_ID = /^\/subscriptions\/([^/]+)\/resourceGroups\/([^/]+)\//i;

function record(value: unknown): Record<string, unknown> | undefined {
  return typeof value === 'object' && value !== null && !Array.isArray(value)
    ? (value as Record<string, unknown>)
    : undefined;
}

const same = (a: string | undefined, b: string | undefined) =>
  a === undefined || b === undefined || a.toLowerCase() === b.toLowerCase();

export function respondAzure(request: SimRequest, route: AzureRoute, context: SimContext): SimReply {
  const requestId = context.requestId();
  const name = route.clusterID ?? '';
  const group = route.resourceGroup ?? '';
  const cluster = context.cluster(AZURE_PROVIDER, name);
  const body = record(cluster?.state[OPERATIONS.cluster]);
  if (!cluster || !body) return resourceNotFound(name, group, requestId);
  const id = ARM_ID.exec(typeof body.id === 'string' ? body.id : '');
  if (!same(id?.[1] ?? cluster.projectID, route.projectID)) {
    return armError(
      404,
      'SubscriptionNotFound',
      `The subscription '${route.projectID ?? ''}' could not be found.`,
      requestId,
    );
  }
  if (!same(id?.[2], group)) return resourceGroupNotFound(group, requestId);
  const headers = { 'x-ms-request-id': requestId };
  if (route.operation === OPERATIONS.cluster) return jsonReply(200, body, headers);
  return agentPoolPage(request, record(cluster.state[OPERATIONS.pools]) ?? { value: [] }, headers);
}
