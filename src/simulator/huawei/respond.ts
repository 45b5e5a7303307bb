// Success (and not-found) replies built from a simulated cluster's provider-native state
// (see ClusterState in ../types.ts):
//   CCE: { ListUpgradeWorkFlows: { kind, apiVersion, items }, ShowUpgradeClusterTask?: { [taskID]: task } }
//   CSS: { ListClustersDetails: { detailList: [...] } }   (`UpgradeDetail` accepted as an alias)
// CSS paging: `offset` is the 1-based position of the page's first entry (default 1; the older
// name `start` is accepted), `limit` 1..1000 (default 10); `totalSize` is the full count.
// `action_mode=AZ_MIGRATION` lists the entries that carry a `migrateParam` (the API shows that
// field only for AZ migrations); no `action_mode` lists the others (a version upgrade). Any other
// `action_mode` value — `UPGRADING` included — is refused as CSS does: "its value can only be
// AZ_MIGRATION" (seed 004; docs/reference.md#provider-huaweicss).

import { HUAWEI_CSS } from '../../providers/names.js';
import type { SimCluster, SimContext, SimReply, SimRequest, SimRoute } from '../types.js';
import { CCE_NOT_FOUND, CSS_BAD_PARAMETER, CSS_NOT_FOUND, cceError, cssError, ok } from './replies.js';
import { OPERATIONS } from './routes.js';

const MAX_LIMIT = 1000;
/** The only `action_mode` value the upgrade-detail API accepts. */
const AZ_MIGRATION = 'AZ_MIGRATION';

function record(value: unknown): Record<string, unknown> | undefined {
  return typeof value === 'object' && value !== null && !Array.isArray(value)
    ? (value as Record<string, unknown>)
    : undefined;
}

function clusterFor(route: SimRoute, context: SimContext): SimCluster | undefined {
  if (!route.clusterID) return undefined;
  const cluster = context.cluster(route.provider, route.clusterID);
  if (!cluster) return undefined;
  if (
    cluster.projectID !== undefined &&
    route.projectID !== undefined &&
    cluster.projectID !== route.projectID
  ) {
    return undefined;
  }
  return cluster;
}

function parseBoundedInt(raw: string | undefined, fallback: number, max: number): number | undefined {
  if (raw === undefined || raw === '') return fallback;
  if (!/^\d+$/.test(raw)) return undefined;
  const value = Number(raw);
  return value >= 1 && value <= max ? value : undefined;
}

function isAzMigration(entry: unknown): boolean {
  const migrateParam = record(entry)?.migrateParam;
  return typeof migrateParam === 'string' && migrateParam.trim() !== '';
}

function respondCss(request: SimRequest, cluster: SimCluster, requestId: string): SimReply {
  const offset = parseBoundedInt(request.query.offset ?? request.query.start, 1, Number.MAX_SAFE_INTEGER);
  const limit = parseBoundedInt(request.query.limit, 10, MAX_LIMIT);
  const mode = request.query.action_mode;
  if (offset === undefined || limit === undefined || (mode !== undefined && mode !== AZ_MIGRATION)) {
    return cssError(400, CSS_BAD_PARAMETER, 'Incorrect parameters.', requestId);
  }
  const state = record(cluster.state[OPERATIONS.upgradeDetail]) ?? record(cluster.state.UpgradeDetail);
  const all = Array.isArray(state?.detailList) ? (state.detailList as unknown[]) : [];
  const wanted = all.filter((entry) => isAzMigration(entry) === (mode === AZ_MIGRATION));
  return ok(
    { totalSize: wanted.length, detailList: wanted.slice(offset - 1, offset - 1 + limit) },
    requestId,
  );
}

export function respondHuawei(request: SimRequest, route: SimRoute, context: SimContext): SimReply {
  const requestId = context.requestId();
  const cluster = clusterFor(route, context);
  if (route.provider === HUAWEI_CSS) {
    if (!cluster) return cssError(404, CSS_NOT_FOUND, 'The cluster does not exist.', requestId);
    return respondCss(request, cluster, requestId);
  }
  if (!cluster) return cceError(404, CCE_NOT_FOUND, 'Resource not found', requestId);
  if (route.operation === OPERATIONS.showTask) {
    const tasks = record(cluster.state[OPERATIONS.showTask]);
    const task = route.taskID !== undefined && tasks ? tasks[route.taskID] : undefined;
    if (task === undefined) return cceError(404, CCE_NOT_FOUND, 'Resource not found', requestId);
    return ok(task, requestId);
  }
  return ok(
    cluster.state[OPERATIONS.listWorkflows] ?? { kind: 'List', apiVersion: 'v3', items: [] },
    requestId,
  );
}
