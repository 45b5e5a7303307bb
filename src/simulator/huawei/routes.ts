// The Huawei Cloud API paths the simulator serves (docs/reference.md#provider-huaweicce, docs/reference.md#provider-huaweicss).

import { HUAWEI_CCE, HUAWEI_CSS } from '../../providers/names.js';
import type { SimRequest, SimRoute } from '../types.js';
import { ID_TOKEN_OPERATION, ID_TOKEN_PATH, SECURITY_TOKEN_OPERATION, SECURITY_TOKEN_PATH } from './iam.js';

export const OPERATIONS = {
  listWorkflows: 'ListUpgradeWorkFlows',
  showTask: 'ShowUpgradeClusterTask',
  /** The SDK calls it `UpgradeDetail`; the simulator contract (types.ts) names it `ListClustersDetails`. */
  upgradeDetail: 'ListClustersDetails',
  /** IAM OIDC federation; counted under the CCE provider with no cluster (docs/simulator.md). */
  idToken: ID_TOKEN_OPERATION,
  securityToken: SECURITY_TOKEN_OPERATION,
} as const;

const CCE_WORKFLOWS = /^\/api\/v3\/projects\/([^/]+)\/clusters\/([^/]+)\/operation\/upgradeworkflows\/?$/;
const CCE_TASK = /^\/api\/v3\/projects\/([^/]+)\/clusters\/([^/]+)\/operation\/upgrade\/tasks\/([^/]+)\/?$/;
const CSS_DETAIL = /^\/v1\.0\/([^/]+)\/clusters\/([^/]+)\/upgrade\/detail\/?$/;

export function routeHuawei(request: SimRequest): SimRoute | undefined {
  if (request.method.toUpperCase() === 'POST') {
    if (ID_TOKEN_PATH.test(request.path)) return { provider: HUAWEI_CCE, operation: OPERATIONS.idToken };
    if (SECURITY_TOKEN_PATH.test(request.path))
      return { provider: HUAWEI_CCE, operation: OPERATIONS.securityToken };
    return undefined;
  }
  if (request.method.toUpperCase() !== 'GET') return undefined;
  let match = CCE_WORKFLOWS.exec(request.path);
  if (match) {
    return {
      provider: HUAWEI_CCE,
      operation: OPERATIONS.listWorkflows,
      projectID: match[1],
      clusterID: match[2],
    };
  }
  match = CCE_TASK.exec(request.path);
  if (match) {
    return {
      provider: HUAWEI_CCE,
      operation: OPERATIONS.showTask,
      projectID: match[1],
      clusterID: match[2],
      taskID: match[3],
    };
  }
  match = CSS_DETAIL.exec(request.path);
  if (match) {
    return {
      provider: HUAWEI_CSS,
      operation: OPERATIONS.upgradeDetail,
      projectID: match[1],
      clusterID: match[2],
    };
  }
  return undefined;
}
