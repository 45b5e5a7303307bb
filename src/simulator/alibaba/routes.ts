// Which ACK API a request addresses, from its (raw, still encoded) path. Each id is one path
// segment, decoded on its own so an encoded `/` inside an id stays inside it.

import { ALIBABA_ACK, ALIBABA_ACK_ADDONS } from '../../providers/names.js';
import type { SimRequest, SimRoute } from '../types.js';
import { isStsRequest, STS_ACTION } from './sts.js';

export const OPERATIONS = {
  upgradeStatus: 'GetUpgradeStatus',
  taskInfo: 'DescribeTaskInfo',
  addonsUpgradeStatus: 'DescribeClusterAddonsUpgradeStatus',
  /** STS (RRSA); counted under the ACK provider with no cluster (docs/simulator.md). */
  assumeRoleWithOidc: STS_ACTION,
} as const;

function decodeSegment(segment: string): string | undefined {
  try {
    return decodeURIComponent(segment);
  } catch {
    return undefined;
  }
}

/** Segments of the raw path; a trailing slash is tolerated as the gateway does. */
export function pathSegments(rawPath: string): string[] {
  const trimmed = rawPath.replace(/^\/+/, '').replace(/\/+$/, '');
  return trimmed === '' ? [] : trimmed.split('/');
}

export function routeAlibaba(request: SimRequest): SimRoute | undefined {
  if (isStsRequest(request)) return { provider: ALIBABA_ACK, operation: OPERATIONS.assumeRoleWithOidc };
  const s = pathSegments(request.rawPath);
  const id = (raw: string | undefined) => (raw === undefined || raw === '' ? undefined : decodeSegment(raw));

  if (
    s.length === 6 &&
    s[0] === 'api' &&
    s[1] === 'v2' &&
    s[2] === 'clusters' &&
    s[4] === 'upgrade' &&
    s[5] === 'status'
  ) {
    const clusterID = id(s[3]);
    return clusterID ? { provider: ALIBABA_ACK, operation: OPERATIONS.upgradeStatus, clusterID } : undefined;
  }
  if (s.length === 2 && s[0] === 'tasks') {
    const taskID = id(s[1]);
    return taskID ? { provider: ALIBABA_ACK, operation: OPERATIONS.taskInfo, taskID } : undefined;
  }
  if (s.length === 4 && s[0] === 'clusters' && s[2] === 'components' && s[3] === 'upgradestatus') {
    const clusterID = id(s[1]);
    return clusterID
      ? { provider: ALIBABA_ACK_ADDONS, operation: OPERATIONS.addonsUpgradeStatus, clusterID }
      : undefined;
  }
  return undefined;
}
