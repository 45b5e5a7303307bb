// The Google paths the simulator serves (docs/simulator.md#google-gke): the OAuth2 token
// endpoint (oauth2.googleapis.com/token), STS's token exchange (sts.googleapis.com/v1/token), GKE's `projects.locations.operations` list and get, and
// `projects.locations.clusters.get`.

import { GOOGLE_GKE } from '../../providers/names.js';
import type { SimRequest, SimRoute } from '../types.js';
import { OPERATION_GET_ACCESS_TOKEN } from '../../providers/cloud-common/bearer-get.js';

export const OPERATIONS = {
  token: OPERATION_GET_ACCESS_TOKEN,
  list: 'ListOperations',
  get: 'GetOperation',
  cluster: 'GetCluster',
} as const;

export const GOOGLE_PROVIDER = GOOGLE_GKE;

/** oauth2.googleapis.com/token, and STS's /v1/token (../google/sts.ts): one origin here. */
const TOKEN_PATH = /^\/(?:v1\/)?token\/?$/;
const OPERATIONS_PATH = /^\/v1\/projects\/([^/]+)\/locations\/([^/]+)\/operations(?:\/([^/]+))?\/?$/;
const CLUSTER_PATH = /^\/v1\/projects\/([^/]+)\/locations\/([^/]+)\/clusters\/([^/]+)\/?$/;

/** A GKE route; `region` is the location (SimRoute has no field of its own for it). */
export type GoogleRoute = SimRoute & { region?: string };

export function routeGoogle(request: SimRequest): GoogleRoute | undefined {
  const method = request.method.toUpperCase();
  if (method === 'POST') {
    return TOKEN_PATH.test(request.path)
      ? { provider: GOOGLE_PROVIDER, operation: OPERATIONS.token }
      : undefined;
  }
  if (method !== 'GET') return undefined;
  const cluster = CLUSTER_PATH.exec(request.path);
  if (cluster) {
    const [, projectID, region, clusterID] = cluster;
    return { provider: GOOGLE_PROVIDER, operation: OPERATIONS.cluster, projectID, region, clusterID };
  }
  const match = OPERATIONS_PATH.exec(request.path);
  if (!match) return undefined;
  const [, projectID, region, name] = match;
  return name
    ? { provider: GOOGLE_PROVIDER, operation: OPERATIONS.get, projectID, region, taskID: name }
    : { provider: GOOGLE_PROVIDER, operation: OPERATIONS.list, projectID, region };
}
