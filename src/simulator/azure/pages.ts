// AgentPools_List pages (docs/simulator.md#azure-aks): a scenario with more than
// AGENT_POOL_PAGE_SIZE pools is answered page by page, as ARM pages a long list: each page but
// the last carries a `nextLink`, the absolute URL of the next page on the origin the request
// came to (its scheme and Host), with ARM's `$skipToken`. A skip token the simulator did not
// issue is ARM's 400.

import { jsonReply } from '../oauth/json-reply.js';
import type { SimReply, SimRequest } from '../types.js';
import { armError } from './replies.js';

/** Pools per page; a list of this many or fewer is one page without a nextLink. */
export const AGENT_POOL_PAGE_SIZE = 10;
export const SKIP_TOKEN = '$skipToken';

function nextLink(request: SimRequest, skip: number): string {
  const origin = `${request.scheme ?? 'http'}://${request.headers['host'] ?? 'localhost'}`;
  const query = new URLSearchParams({ ...request.query, [SKIP_TOKEN]: String(skip) });
  return `${origin}${request.rawPath}?${query.toString()}`;
}

/** The page of `list` (`{ value: [...] }`) the request's `$skipToken` asks for. */
export function agentPoolPage(
  request: SimRequest,
  list: Record<string, unknown>,
  headers: Record<string, string>,
): SimReply {
  const pools: unknown[] = Array.isArray(list.value) ? list.value : [];
  const token = request.query[SKIP_TOKEN];
  if (token === undefined && pools.length <= AGENT_POOL_PAGE_SIZE) return jsonReply(200, list, headers);
  const skip = token === undefined ? 0 : Number(token);
  if (!Number.isInteger(skip) || skip < 0 || skip >= pools.length || skip % AGENT_POOL_PAGE_SIZE !== 0) {
    return armError(
      400,
      'InvalidSkipToken',
      `The skip token '${token ?? ''}' is not valid.`,
      headers['x-ms-request-id'] ?? '',
    );
  }
  const end = skip + AGENT_POOL_PAGE_SIZE;
  return jsonReply(
    200,
    {
      ...list,
      value: pools.slice(skip, end),
      ...(end < pools.length ? { nextLink: nextLink(request, end) } : {}),
    },
    headers,
  );
}
