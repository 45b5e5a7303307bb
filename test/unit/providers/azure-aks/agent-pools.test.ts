// AgentPools_List nextLink paging (docs/providers-next.md#azure-aks, client choice "Agent-pool
// pages"): the client follows nextLink on the configured endpoint's origin only, and only for
// MAX_AGENT_POOL_PAGES pages; every refusal is InvalidResponse, and no request leaves the origin.
import type { ClusterUpgradeWatchSpec } from '../../../../src/api/types.js';
import { MAX_AGENT_POOL_PAGES } from '../../../../src/providers/azure-aks/agent-pools.js';
import { connectAzureAks } from '../../../../src/providers/azure-aks/client.js';
import { AKS_STATES, azureAksSample } from '../../../../src/providers/azure-aks/sample.js';
import type { Credentials } from '../../../../src/providers/common/credentials.js';
import type { HttpRequest, HttpResponse } from '../../../../src/providers/common/transport.js';
import { createAzureCloud } from '../../../../src/simulator/azure/index.js';
import { AGENT_POOL_PAGE_SIZE } from '../../../../src/simulator/azure/pages.js';
import { AZURE_PROVIDER } from '../../../../src/simulator/azure/routes.js';
import type { ClusterState } from '../../../../src/simulator/types.js';
import { bearerSim } from '../../simulator/bearer-sim-helpers.js';

const TENANT = '72f988bf-86f1-41af-91ab-2d7cd011db47';
const CLIENT = '11111111-2222-3333-4444-555555555555';
const SECRET = 'sec~ret.Value_1';
const spec = azureAksSample.spec as ClusterUpgradeWatchSpec;
/** The harness's configured endpoint (bearer-sim-helpers' pollingHarness). */
const ENDPOINT = 'http://sim.test:8080';
const POOLS_PATH =
  `/subscriptions/${spec.subscriptionID}/resourceGroups/${spec.resourceGroup}` +
  `/providers/Microsoft.ContainerService/managedClusters/${spec.clusterID}/agentPools`;

/** An answer that replaces the simulator's for some requests (undefined: the simulator answers). */
type Intercept = (request: HttpRequest) => HttpResponse | undefined;

function setup(state: ClusterState, intercept: Intercept = () => undefined) {
  const urls: string[] = [];
  const sim = bearerSim({
    cloud: createAzureCloud,
    credential: { accessKeyId: CLIENT, accessKeySecret: SECRET, projectIds: [TENANT] },
    cluster: { provider: AZURE_PROVIDER, clusterID: spec.clusterID, state },
    connect: connectAzureAks,
    spec,
    credentials: { tenantID: TENANT, clientID: CLIENT, clientSecret: SECRET } as Credentials,
    around: (simulated) => (request) => {
      urls.push(request.url);
      const answer = intercept(request);
      return answer ? Promise.resolve(answer) : simulated(request);
    },
  });
  return { ...sim, urls };
}

/** The sample's two-pool list with a `nextLink` of the test's choosing. */
function withNextLink(nextLink: string): ClusterState {
  const state = AKS_STATES.pools(spec.clusterID);
  return { ...state, ListAgentPools: { ...(state.ListAgentPools as object), nextLink } };
}

describe('AgentPools_List nextLink paging', () => {
  // why: a cluster with more pools than one page; its only running pool is on the last page, so
  // a client that stopped at the first page would read a finished upgrade (Succeeded).
  it('follows a same-origin nextLink to the last page: every pool is a step', async () => {
    const count = 2 * AGENT_POOL_PAGE_SIZE + 5;
    const sim = setup(AKS_STATES.manyPools(spec.clusterID, count));
    const observation = await sim.observe();
    expect(observation.phase).toBe('Running');
    expect(observation.currentStep).toBe(`Agent pool nodepool${count}`);
    expect(observation.steps).toHaveLength(1 + count);
    expect(sim.wire.sent).toEqual([
      'GetAccessToken',
      'GetManagedCluster',
      'ListAgentPools',
      'ListAgentPools',
      'ListAgentPools',
    ]);
    const pages = sim.urls.filter((url) => url.includes('/agentPools'));
    expect(pages.every((url) => url.startsWith(`${ENDPOINT}${POOLS_PATH}?`))).toBe(true);
    expect(pages.slice(1).map((url) => new URL(url).searchParams.get('$skipToken'))).toEqual(['10', '20']);
  });

  // why: a list that fits one page costs one request, as before paging existed.
  it('a list of one page sends one ListAgentPools request', async () => {
    const sim = setup(AKS_STATES.manyPools(spec.clusterID, AGENT_POOL_PAGE_SIZE));
    expect((await sim.observe()).steps).toHaveLength(1 + AGENT_POOL_PAGE_SIZE);
    expect(sim.wire.sent.filter((op) => op === 'ListAgentPools')).toHaveLength(1);
  });

  it('a same-origin nextLink without api-version gets the client’s', async () => {
    const sim = setup(withNextLink(`${ENDPOINT}${POOLS_PATH}?$skipToken=0`));
    await sim.poll();
    expect(new URL(sim.urls.at(-1)!).searchParams.get('api-version')).toBe('2025-10-01');
  });

  // why: each row is a nextLink the bearer token must not follow; the refusal is classified
  // once (InvalidResponse, transient: a later answer may be sound) and nothing is sent to it.
  it.each<[string, string, RegExp]>([
    [
      'another host',
      `https://evil.example${POOLS_PATH}?api-version=2025-10-01`,
      /leaves the endpoint's origin \(https:\/\/evil\.example\)/,
    ],
    ['the same host on another port', `http://sim.test:9090${POOLS_PATH}`, /leaves the endpoint's origin/],
    [
      'the same host over another scheme',
      `https://sim.test:8080${POOLS_PATH}`,
      /leaves the endpoint's origin/,
    ],
    ['a relative link (ARM sends absolute ones)', `${POOLS_PATH}?$skipToken=10`, /not an absolute URL/],
    ['the page just fetched (a loop)', `${ENDPOINT}${POOLS_PATH}?api-version=2025-10-01`, /repeats a page/],
  ])('refused: %s', async (_why, nextLink, message) => {
    const sim = setup(withNextLink(nextLink));
    const result = await sim.poll();
    expect(!result.ok && result.error).toMatchObject({ class: 'InvalidResponse', message });
    expect(sim.urls.every((url) => url.startsWith(`${ENDPOINT}/`))).toBe(true);
    expect(sim.wire.sent.filter((op) => op === 'ListAgentPools')).toHaveLength(1);
  });

  // why: a chain of distinct same-origin links that never ends stops at the page bound.
  it(`stops after ${MAX_AGENT_POOL_PAGES} pages: InvalidResponse, no request beyond the bound`, async () => {
    let page = 0;
    const sim = setup(AKS_STATES.pools(spec.clusterID), (request) => {
      if (!request.url.includes('/agentPools')) return undefined;
      page += 1;
      const nextLink = `${ENDPOINT}${POOLS_PATH}?api-version=2025-10-01&$skipToken=${page}`;
      return { status: 200, headers: {}, body: JSON.stringify({ value: [], nextLink }) };
    });
    const result = await sim.poll();
    expect(!result.ok && result.error).toMatchObject({
      class: 'InvalidResponse',
      message: expect.stringContaining(`more than ${MAX_AGENT_POOL_PAGES} pages`),
    });
    expect(page).toBe(MAX_AGENT_POOL_PAGES);
  });
});
