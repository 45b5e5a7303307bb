// Success (or ACK service error) replies from the simulated cluster state. The state holds each
// operation's body verbatim (see ../types.ts): the module only picks the right piece.

import { ALIBABA_ACK, ALIBABA_ACK_ADDONS } from '../../providers/names.js';
import type { SimContext, SimReply, SimRequest, SimRoute } from '../types.js';
import { GATEWAY_ERRORS, clusterNotFound, gatewayError, ok, taskNotFound } from './replies.js';
import { OPERATIONS } from './routes.js';

/** State key of the add-on status map. The real API action is DescribeClusterAddonsUpgradeStatus. */
const ADDONS_STATE_KEYS = ['GetClusterAddonUpgradeStatus', OPERATIONS.addonsUpgradeStatus] as const;

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** `componentIds=["a","b"]`: one JSON array of names. undefined = all; null = malformed. */
export function requestedComponents(query: Record<string, string>): string[] | undefined | null {
  const raw = query['componentIds'];
  if (raw === undefined || raw.trim() === '') return undefined;
  try {
    const parsed: unknown = JSON.parse(raw);
    if (Array.isArray(parsed) && parsed.every((item) => typeof item === 'string')) return parsed as string[];
  } catch {
    // fall through
  }
  return null;
}

function upgradeStatus(route: SimRoute, context: SimContext, requestId: string): SimReply {
  const cluster = context.cluster(ALIBABA_ACK, route.clusterID ?? '');
  if (!cluster) return clusterNotFound(route.clusterID ?? '', requestId);
  const body = cluster.state[OPERATIONS.upgradeStatus];
  return ok(isRecord(body) ? body : {}, requestId);
}

function taskInfo(route: SimRoute, context: SimContext, requestId: string): SimReply {
  const taskID = route.taskID ?? '';
  const cluster = context.clusterByTask(ALIBABA_ACK, OPERATIONS.taskInfo, taskID);
  const tasks = cluster?.state[OPERATIONS.taskInfo];
  const task = isRecord(tasks) && Object.hasOwn(tasks, taskID) ? tasks[taskID] : undefined;
  if (!isRecord(task)) return taskNotFound(taskID, requestId);
  return ok(task, requestId);
}

function addonsStatus(
  request: SimRequest,
  route: SimRoute,
  context: SimContext,
  requestId: string,
): SimReply {
  const clusterID = route.clusterID ?? '';
  const cluster = context.cluster(ALIBABA_ACK_ADDONS, clusterID) ?? context.cluster(ALIBABA_ACK, clusterID);
  if (!cluster) return clusterNotFound(clusterID, requestId);
  const wanted = requestedComponents(request.query);
  if (wanted === null) {
    return gatewayError(GATEWAY_ERRORS.invalidParameter, {
      requestId,
      message: 'The specified parameter componentIds is invalid.',
      ...(request.headers['host'] ? { host: request.headers['host'] } : {}),
    });
  }
  const all = ADDONS_STATE_KEYS.map((key) => cluster.state[key]).find(isRecord) ?? {};
  const body =
    wanted === undefined
      ? all
      : Object.fromEntries(
          wanted.filter((name) => Object.hasOwn(all, name)).map((name) => [name, all[name]]),
        );
  return ok(body, requestId);
}

export function respondAlibaba(request: SimRequest, route: SimRoute, context: SimContext): SimReply {
  const requestId = context.requestId();
  switch (route.operation) {
    case OPERATIONS.upgradeStatus:
      return upgradeStatus(route, context, requestId);
    case OPERATIONS.taskInfo:
      return taskInfo(route, context, requestId);
    case OPERATIONS.addonsUpgradeStatus:
      return addonsStatus(request, route, context, requestId);
    default:
      return gatewayError(GATEWAY_ERRORS.unknownApi, { requestId });
  }
}
