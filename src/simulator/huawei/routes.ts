// The Huawei Cloud API paths the simulator serves (docs/reference.md#provider-huaweicce, docs/reference.md#provider-huaweicss).

import type { SimRequest, SimRoute } from '../types.js';

export const OPERATIONS = {
  listWorkflows: 'ListUpgradeWorkFlows',
  showTask: 'ShowUpgradeClusterTask',
  /** The SDK calls it `UpgradeDetail`; the simulator contract (types.ts) names it `ListClustersDetails`. */
  upgradeDetail: 'ListClustersDetails',
} as const;

const CCE_WORKFLOWS = /^\/api\/v3\/projects\/([^/]+)\/clusters\/([^/]+)\/operation\/upgradeworkflows\/?$/;
const CCE_TASK = /^\/api\/v3\/projects\/([^/]+)\/clusters\/([^/]+)\/operation\/upgrade\/tasks\/([^/]+)\/?$/;
const CSS_DETAIL = /^\/v1\.0\/([^/]+)\/clusters\/([^/]+)\/upgrade\/detail\/?$/;

export function routeHuawei(request: SimRequest): SimRoute | undefined {
  if (request.method.toUpperCase() !== 'GET') return undefined;
  let match = CCE_WORKFLOWS.exec(request.path);
  if (match) {
    return {
      provider: 'HuaweiCCE',
      operation: OPERATIONS.listWorkflows,
      projectID: match[1],
      clusterID: match[2],
    };
  }
  match = CCE_TASK.exec(request.path);
  if (match) {
    return {
      provider: 'HuaweiCCE',
      operation: OPERATIONS.showTask,
      projectID: match[1],
      clusterID: match[2],
      taskID: match[3],
    };
  }
  match = CSS_DETAIL.exec(request.path);
  if (match) {
    return {
      provider: 'HuaweiCSS',
      operation: OPERATIONS.upgradeDetail,
      projectID: match[1],
      clusterID: match[2],
    };
  }
  return undefined;
}
