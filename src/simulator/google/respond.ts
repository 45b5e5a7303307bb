// GKE operations and clusters from the simulated clusters (docs/simulator.md#google-gke). A GKE
// cluster's state holds `ListOperations: { operations: [...] }`, the Operation bodies that name
// it in their targetLink, and `GetCluster`, its Cluster body (a minimal RUNNING body without
// versions when the state has none). The real list spans a location, so the module lists every
// simulated GKE cluster of the request's project and location: it needs the core's
// `clustersOf(provider)` (SimContext.clustersOf).

import type { SimCluster, SimContext, SimReply } from '../types.js';
import { jsonReply } from '../oauth/json-reply.js';
import { notFound, permissionDenied, rpcError } from './replies.js';
import { GOOGLE_PROVIDER, OPERATIONS, type GoogleRoute } from './routes.js';

/** The context the location-wide list reads (SimContext.clustersOf). */
export type ListingContext = SimContext;

function operationsOf(cluster: SimCluster): Record<string, unknown>[] {
  const list = cluster.state[OPERATIONS.list];
  const operations =
    typeof list === 'object' && list !== null ? (list as { operations?: unknown }).operations : [];
  return Array.isArray(operations)
    ? operations.filter((op): op is Record<string, unknown> => typeof op === 'object' && op !== null)
    : [];
}

/** Clusters of the project and location, or undefined when the location has none (404). */
function clustersAt(route: GoogleRoute, context: ListingContext): SimCluster[] | undefined {
  const all = context.clustersOf(GOOGLE_PROVIDER);
  const here = all.filter(
    (cluster) =>
      cluster.projectID === route.projectID &&
      (cluster.region === undefined || cluster.region === route.region),
  );
  return here.length > 0 ? here : undefined;
}

/** The IAM permission each API route needs (Google names it in its 403). */
const PERMISSIONS: Readonly<Record<string, string>> = {
  [OPERATIONS.list]: 'container.operations.list',
  [OPERATIONS.get]: 'container.operations.get',
  [OPERATIONS.cluster]: 'container.clusters.get',
};

export function permissionOf(route: GoogleRoute): string {
  return PERMISSIONS[route.operation] ?? PERMISSIONS[OPERATIONS.list]!;
}

/** `projects/{p}/locations/{l}`, the location a route reads. */
const locationOf = (route: GoogleRoute): string =>
  `projects/${route.projectID ?? ''}/locations/${route.region ?? ''}`;

/** The resource a route reads, as Google names it in its 403 and 404 texts. */
export function resourceOf(route: GoogleRoute): string {
  const location = locationOf(route);
  return route.operation === OPERATIONS.cluster ? `${location}/clusters/${route.clusterID ?? ''}` : location;
}

/** clusters.get of a cluster Google does not have: `404 NOT_FOUND` "Not found: <name>." */
export function clusterNotFound(route: GoogleRoute): SimReply {
  return rpcError(404, 'NOT_FOUND', `Not found: ${resourceOf(route)}.`);
}

function clusterBody(cluster: SimCluster, route: GoogleRoute): Record<string, unknown> {
  const body = cluster.state[OPERATIONS.cluster];
  if (typeof body === 'object' && body !== null && !Array.isArray(body))
    return body as Record<string, unknown>;
  return { name: cluster.clusterID, location: route.region, status: 'RUNNING' };
}

/** The account may read the project (its credential's projectIds; none = every project). */
export function projectAllowed(subject: string, projectID: string | undefined, context: SimContext): boolean {
  const allowed = context.credential(subject)?.projectIds;
  return !allowed || allowed.length === 0 || (projectID !== undefined && allowed.includes(projectID));
}

export function respondGoogle(route: GoogleRoute, context: ListingContext, subject: string): SimReply {
  const location = locationOf(route);
  if (!projectAllowed(subject, route.projectID, context)) {
    return permissionDenied(permissionOf(route), resourceOf(route));
  }
  const clusters = clustersAt(route, context);
  if (route.operation === OPERATIONS.cluster) {
    const cluster = clusters?.find((c) => c.clusterID === route.clusterID);
    return cluster ? jsonReply(200, clusterBody(cluster, route)) : clusterNotFound(route);
  }
  if (!clusters) return notFound(`Location "${location}"`);
  const operations = clusters.flatMap(operationsOf);
  if (route.operation === OPERATIONS.list) return jsonReply(200, operations.length > 0 ? { operations } : {});
  const operation = operations.find((op) => op.name === route.taskID);
  return operation
    ? jsonReply(200, operation)
    : notFound(`Operation "${location}/operations/${route.taskID ?? ''}"`);
}
