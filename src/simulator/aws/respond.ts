// Success (or EKS service error) replies from the simulated cluster state. An EKS cluster state holds
// (docs/simulator.md, "AWS EKS"):
//   ListUpdates:    { cluster?: {updateIds: […]}, nodegroups?: { <name>: {updateIds: […]} } }
//   DescribeUpdate: { <updateId>: {update: {…}} }
// ListUpdates pages the ids (`maxResults` 1–100, an opaque `nextToken`); DescribeUpdate answers
// only ids listed for the resource asked about (the cluster, or `nodegroupName`).

import { AWS_EKS } from '../../providers/names.js';
import type { SimCluster, SimContext, SimReply, SimRequest, SimRoute } from '../types.js';
import { awsJson, eksError } from './replies.js';
import { OPERATIONS } from './routes.js';

export const DEFAULT_PAGE_SIZE = 100;

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

const notFound = (message: string, fields: Record<string, string>, requestId: string): SimReply =>
  eksError({ status: 404, code: 'ResourceNotFoundException', message }, requestId, { fields });

const invalidParameter = (message: string, requestId: string): SimReply =>
  eksError({ status: 400, code: 'InvalidParameterException', message }, requestId);

/** The update ids of the cluster or of one of its node groups; undefined = no such node group. */
function listedIds(cluster: SimCluster, nodegroup: string | undefined): string[] | undefined {
  const state = cluster.state[OPERATIONS.listUpdates];
  const listings = isRecord(state) ? state : {};
  const groups = isRecord(listings['nodegroups']) ? listings['nodegroups'] : {};
  if (nodegroup !== undefined && !Object.hasOwn(groups, nodegroup)) return undefined;
  const body = nodegroup === undefined ? listings['cluster'] : groups[nodegroup];
  const ids = isRecord(body) ? body['updateIds'] : undefined;
  return Array.isArray(ids) ? ids.filter((id): id is string => typeof id === 'string') : [];
}

function page(request: SimRequest, ids: readonly string[], requestId: string): SimReply {
  const size =
    request.query['maxResults'] === undefined ? DEFAULT_PAGE_SIZE : Number(request.query['maxResults']);
  if (!Number.isInteger(size) || size < 1 || size > 100) {
    return invalidParameter('maxResults must be between 1 and 100', requestId);
  }
  const token = request.query['nextToken'];
  const offset = token === undefined ? 0 : Number(Buffer.from(token, 'base64url').toString('utf8'));
  if (!Number.isInteger(offset) || offset < 0 || offset > ids.length) {
    return invalidParameter('The nextToken provided is not valid.', requestId);
  }
  const end = offset + size;
  const nextToken = end < ids.length ? Buffer.from(String(end), 'utf8').toString('base64url') : null;
  return awsJson(200, { updateIds: ids.slice(offset, end), nextToken }, requestId);
}

export function respondAws(request: SimRequest, route: SimRoute, context: SimContext): SimReply {
  const requestId = context.requestId();
  const clusterName = route.clusterID ?? '';
  const cluster = context.cluster(AWS_EKS, clusterName);
  if (!cluster) return notFound(`No cluster found for name: ${clusterName}.`, { clusterName }, requestId);
  const nodegroup = request.query['nodegroupName'];
  const ids = listedIds(cluster, nodegroup);
  if (!ids) {
    return notFound(
      `No node group found for name: ${nodegroup ?? ''}.`,
      { clusterName, nodegroupName: nodegroup ?? '' },
      requestId,
    );
  }
  if (route.operation === OPERATIONS.listUpdates) return page(request, ids, requestId);

  const updateId = route.taskID ?? '';
  const updates = cluster.state[OPERATIONS.describeUpdate];
  const body = isRecord(updates) && Object.hasOwn(updates, updateId) ? updates[updateId] : undefined;
  if (!ids.includes(updateId) || !isRecord(body)) {
    return notFound(`No update found for ID: ${updateId}`, { clusterName }, requestId);
  }
  return awsJson(200, body, requestId);
}
