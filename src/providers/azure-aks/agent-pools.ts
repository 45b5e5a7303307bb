// AgentPools_List with its `nextLink` paging (docs/providers-next.md#azure-aks, client choice
// "Agent-pool pages"). ARM answers a list as `{ value: [...], nextLink? }`; a `nextLink` is the
// absolute URL of the next page. Every page is fetched with the watch's bearer token, so a
// nextLink is followed only when it is on the same origin (scheme, host, port) as the configured
// endpoint: an answer that points elsewhere would otherwise receive the token. Such a link, a
// link that is not a URL, a link already fetched in this listing (a loop) and a chain longer
// than MAX_AGENT_POOL_PAGES pages are refused as InvalidResponse (docs/reference.md#error-classes):
// a partial list would hide pools and could read an unfinished upgrade as Succeeded.

import type { CloudError } from '../common/errors.js';
import { zodBodyParser } from '../common/signed-get.js';
import { bearerGet, type BearerContext, type BearerSource } from '../cloud-common/bearer-get.js';
import { agentPoolListSchema, AKS_API_VERSION, withVersion, type AksAgentPool } from './schema.js';

export const OPERATION_LIST_AGENT_POOLS = 'ListAgentPools';
/**
 * Pages one listing may fetch. AKS allows at most 100 node pools per cluster and ARM pages them
 * far more coarsely than one pool a page, so 20 pages is more than any real cluster needs; the
 * bound stops a hostile or broken chain of links after 20 requests.
 */
export const MAX_AGENT_POOL_PAGES = 20;

const parsePools = zodBodyParser(agentPoolListSchema);

export type AgentPoolsRead = { ok: true; agentPools: AksAgentPool[] } | { ok: false; error: CloudError };

const refused = (why: string): AgentPoolsRead => ({
  ok: false,
  error: { class: 'InvalidResponse', message: `agent pool list refused: ${why}` },
});

/**
 * The next page's URL, or a refusal. A link without `api-version` gets the client's (ARM's links
 * carry it, with a `$skipToken`).
 */
function nextPageUrl(
  nextLink: string,
  allowedOrigin: string,
  fetched: ReadonlySet<string>,
): { ok: true; url: string } | { ok: false; why: string } {
  let next: URL;
  try {
    next = new URL(nextLink);
  } catch {
    return { ok: false, why: 'nextLink is not an absolute URL' };
  }
  if (next.origin !== allowedOrigin) {
    return { ok: false, why: `nextLink leaves the endpoint's origin (${next.origin})` };
  }
  if (!next.searchParams.has('api-version')) next.searchParams.set('api-version', AKS_API_VERSION);
  const url = next.toString();
  return fetched.has(url) ? { ok: false, why: 'nextLink repeats a page already fetched' } : { ok: true, url };
}

/** Every agent pool of the cluster at `clusterUrl`, following nextLink on the endpoint's origin. */
export async function listAgentPools(
  source: BearerSource,
  context: BearerContext,
  clusterUrl: string,
): Promise<AgentPoolsRead> {
  const allowedOrigin = new URL(clusterUrl).origin;
  const agentPools: AksAgentPool[] = [];
  const fetched = new Set<string>();
  let url = withVersion(`${clusterUrl}/agentPools`);
  for (;;) {
    if (fetched.size >= MAX_AGENT_POOL_PAGES) return refused(`more than ${MAX_AGENT_POOL_PAGES} pages`);
    fetched.add(url);
    const page = await bearerGet(source, context, {
      operation: OPERATION_LIST_AGENT_POOLS,
      url,
      parse: parsePools,
    });
    if (!page.ok) return page;
    agentPools.push(...(page.value.value ?? []));
    const nextLink = page.value.nextLink;
    if (nextLink === undefined || nextLink === null || nextLink === '') return { ok: true, agentPools };
    const next = nextPageUrl(nextLink, allowedOrigin, fetched);
    if (!next.ok) return refused(next.why);
    url = next.url;
  }
}
