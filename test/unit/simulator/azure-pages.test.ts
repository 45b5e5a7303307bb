// The simulator's paged AgentPools_List (docs/simulator.md#azure-aks): a long list is answered
// AGENT_POOL_PAGE_SIZE pools a page, each page but the last with an absolute nextLink on the
// origin the request came to; a skip token the simulator did not issue is ARM's 400.
import { AGENT_POOL_PAGE_SIZE, agentPoolPage, SKIP_TOKEN } from '../../../src/simulator/azure/pages.js';
import { toSimRequest } from '../../../src/simulator/request.js';
import type { SimRequest } from '../../../src/simulator/types.js';

const PATH =
  '/subscriptions/s/resourceGroups/g/providers/Microsoft.ContainerService/managedClusters/c/agentPools';
const HEADERS = { 'x-ms-request-id': 'req-1' };
const pools = (count: number) =>
  Array.from({ length: count }, (_unused, i) => ({ name: `nodepool${i + 1}` }));

function request(query: Record<string, string>, over: Partial<SimRequest> = {}): SimRequest {
  return {
    method: 'GET',
    rawPath: PATH,
    path: PATH,
    rawQuery: new URLSearchParams(query).toString(),
    query,
    headers: { host: 'sim.test:8080' },
    body: '',
    ...over,
  };
}

interface Page {
  value: Array<{ name: string }>;
  nextLink?: string;
}
const body = (reply: { body: string }) => JSON.parse(reply.body) as Page;

describe('simulated AgentPools_List pages', () => {
  it('a list of one page is answered as it is, without a nextLink', () => {
    const list = { value: pools(AGENT_POOL_PAGE_SIZE) };
    const reply = agentPoolPage(request({ 'api-version': '2025-10-01' }), list, HEADERS);
    expect([reply.status, JSON.parse(reply.body)]).toEqual([200, list]);
  });

  // why: following the nextLinks must give every pool once, in order, and end.
  it('a long list: pages of AGENT_POOL_PAGE_SIZE linked by nextLink until the last', () => {
    const list = { value: pools(2 * AGENT_POOL_PAGE_SIZE + 3) };
    const seen: string[] = [];
    const links: string[] = [];
    let query: Record<string, string> = { 'api-version': '2025-10-01' };
    for (let guard = 0; guard < 10; guard += 1) {
      const page = body(agentPoolPage(request(query), list, HEADERS));
      seen.push(...page.value.map((pool) => pool.name));
      if (page.nextLink === undefined) break;
      links.push(page.nextLink);
      query = Object.fromEntries(new URL(page.nextLink).searchParams);
    }
    expect(seen).toEqual(list.value.map((pool) => pool.name));
    expect(links).toEqual([
      `http://sim.test:8080${PATH}?api-version=2025-10-01&%24skipToken=10`,
      `http://sim.test:8080${PATH}?api-version=2025-10-01&%24skipToken=20`,
    ]);
  });

  it('a request that came over TLS gets https nextLinks', () => {
    const page = body(agentPoolPage(request({}, { scheme: 'https' }), { value: pools(11) }, HEADERS));
    expect(page.nextLink).toMatch(/^https:\/\/sim\.test:8080\//);
  });

  it.each(['abc', '-10', '7', '30'])('skip token %s, one the simulator never issued: 400', (token) => {
    const reply = agentPoolPage(request({ [SKIP_TOKEN]: token }), { value: pools(25) }, HEADERS);
    expect(reply.status).toBe(400);
    expect(JSON.parse(reply.body)).toEqual({
      error: { code: 'InvalidSkipToken', message: `The skip token '${token}' is not valid.` },
    });
  });

  it('the server marks a request that came over a TLS socket (the scheme of its links)', () => {
    const incoming = (encrypted: boolean) => ({ url: PATH, headers: {}, socket: { encrypted } });
    expect(toSimRequest(incoming(true), '').scheme).toBe('https');
    expect(toSimRequest(incoming(false), '').scheme).toBeUndefined();
  });
});
