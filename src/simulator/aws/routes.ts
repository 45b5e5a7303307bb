// Which AWS API a request addresses: the two EKS update operations by path, STS by its `Action`
// (form body or query on `/`). Each id is one path segment, decoded on its own.

import { AWS_EKS } from '../../providers/names.js';
import { pathSegments } from '../alibaba/routes.js';
import type { SimRequest, SimRoute } from '../types.js';

export const OPERATIONS = {
  listUpdates: 'ListUpdates',
  describeUpdate: 'DescribeUpdate',
  /** STS; counted under the EKS provider with no cluster (docs/simulator.md). */
  assumeRoleWithWebIdentity: 'AssumeRoleWithWebIdentity',
} as const;

/** awsQuery parameters: the query, then the form body (the body wins). */
export function stsParameters(request: SimRequest): Record<string, string> {
  const form = request.method === 'POST' ? Object.fromEntries(new URLSearchParams(request.body)) : {};
  return { ...request.query, ...form };
}

function decodeSegment(segment: string | undefined): string | undefined {
  if (segment === undefined || segment === '') return undefined;
  try {
    return decodeURIComponent(segment);
  } catch {
    return undefined;
  }
}

export function routeAws(request: SimRequest): SimRoute | undefined {
  const s = pathSegments(request.rawPath);
  if (s.length === 0) {
    return stsParameters(request)['Action'] === OPERATIONS.assumeRoleWithWebIdentity
      ? { provider: AWS_EKS, operation: OPERATIONS.assumeRoleWithWebIdentity }
      : undefined;
  }
  if (request.method !== 'GET' || s[0] !== 'clusters' || s[2] !== 'updates') return undefined;
  const clusterID = decodeSegment(s[1]);
  if (!clusterID) return undefined;
  if (s.length === 3) return { provider: AWS_EKS, operation: OPERATIONS.listUpdates, clusterID };
  const taskID = decodeSegment(s[3]);
  if (s.length === 4 && taskID) {
    return { provider: AWS_EKS, operation: OPERATIONS.describeUpdate, clusterID, taskID };
  }
  return undefined;
}
