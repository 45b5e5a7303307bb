// The AKS client against the simulator's Azure module, in process (injected transport, virtual
// clock): Entra client credentials → bearer token → the managed cluster and its agent pools;
// every error class from Azure's real bodies; token refresh and the 401 drop; the request-count
// rule; Succeeded-or-Idle memory; progress that never goes backwards.
import type { ClusterUpgradeWatchSpec } from '../../../../src/api/types.js';
import { connectAzureAks } from '../../../../src/providers/azure-aks/client.js';
import { AKS_STATES, azureAksSample } from '../../../../src/providers/azure-aks/sample.js';
import { azureAks } from '../../../../src/providers/azure-aks/index.js';
import { createPollMemory } from '../../../../src/providers/cloud-common/poll-memory.js';
import { createTokenCache } from '../../../../src/providers/cloud-common/token-cache.js';
import type { Credentials } from '../../../../src/providers/common/credentials.js';
import type { LastSeen } from '../../../../src/providers/common/provider.js';
import type { HttpRequest, HttpResponse } from '../../../../src/providers/common/transport.js';
import { createAzureCloud } from '../../../../src/simulator/azure/index.js';
import { AZURE_PROVIDER } from '../../../../src/simulator/azure/routes.js';
import type { ClusterState } from '../../../../src/simulator/types.js';
import {
  bearerSim,
  ListingFakeContext,
  progressThrough,
  requestsPerPoll,
} from '../../simulator/bearer-sim-helpers.js';

const TENANT = '72f988bf-86f1-41af-91ab-2d7cd011db47';
const CLIENT = '11111111-2222-3333-4444-555555555555';
const SECRET = 'sec~ret.Value_1';
const spec = azureAksSample.spec as ClusterUpgradeWatchSpec;
const states: Record<string, ClusterState> = {
  idle: AKS_STATES.idle(spec.clusterID),
  running: AKS_STATES.pools(spec.clusterID),
  succeeded: AKS_STATES.succeeded(spec.clusterID),
  failed: AKS_STATES.failed(spec.clusterID),
};
const secretOf = (clientSecret = SECRET) =>
  ({ tenantID: TENANT, clientID: CLIENT, clientSecret }) as Credentials;

function setup(options: { tokenLifetimeSeconds?: number; tenants?: string[] } = {}) {
  return bearerSim({
    cloud: createAzureCloud,
    tokenLifetimeSeconds: options.tokenLifetimeSeconds,
    credential: { accessKeyId: CLIENT, accessKeySecret: SECRET, projectIds: options.tenants ?? [TENANT] },
    cluster: { provider: AZURE_PROVIDER, clusterID: spec.clusterID, state: states.idle! },
    connect: connectAzureAks,
    spec,
    credentials: secretOf(),
  });
}

describe('AKS client against the simulated Azure API', () => {
  it('Idle → Running (control plane, then each agent pool) → Succeeded', async () => {
    const sim = setup();
    expect((await sim.observe()).phase).toBe('Idle');
    sim.cluster.state = states.running!;
    const running = await sim.observe();
    expect(running).toMatchObject({
      phase: 'Running',
      toVersion: '1.34.1',
      progress: 33,
      currentStep: 'Agent pool nodepool1',
    });
    expect(running.steps?.map((s) => [s.name, s.phase])).toEqual([
      ['Control plane', 'Succeeded'],
      ['Agent pool nodepool1', 'Running'],
      ['Agent pool nodepool2', 'Pending'],
    ]);
    sim.cluster.state = states.succeeded!;
    // Succeeded, not Idle: this client saw the upgrade to 1.34.1 running.
    expect(await sim.observe()).toMatchObject({ phase: 'Succeeded', progress: 100 });
  });

  it('a settled cluster never seen upgrading is Idle, even with an agent pool lagging (version skew is allowed)', async () => {
    const sim = setup();
    sim.cluster.state = {
      ...states.running!,
      ListAgentPools: {
        value: [
          {
            name: 'nodepool1',
            properties: {
              provisioningState: 'Succeeded',
              orchestratorVersion: '1.34.1',
              currentOrchestratorVersion: '1.33.2',
            },
          },
        ],
      },
    };
    expect((await sim.observe()).phase).toBe('Idle');
  });

  // why: AKS keeps no upgrade record and the client's memory lives in one process, so after an
  // operator restart or a leader change the watch's own status is what says an upgrade was seen
  // (the chaos run found Succeeded turning Idle, and Running turning Idle, without it).
  it('a fresh process resumes from the status: a settled upgrade stays Succeeded, one in flight stays Running', async () => {
    const sim = setup();
    const fresh = async (lastSeen?: LastSeen) => {
      const result = await connectAzureAks(
        {
          spec,
          credentials: secretOf(),
          baseUrl: 'http://sim.test:8080',
          transport: sim.wire.transport,
          clock: sim.context,
          ...(lastSeen ? { lastSeen } : {}),
        },
        { cache: createTokenCache({ clock: sim.context }), memory: createPollMemory() },
      ).observe();
      if (!result.ok) throw new Error(`poll failed: ${result.error.class}`);
      return result.observation.phase;
    };
    sim.cluster.state = states.succeeded!;
    expect(await fresh()).toBe('Idle'); // nothing to resume from: indistinguishable from no upgrade
    expect(await fresh({ phase: 'Succeeded', toVersion: '1.34.1' })).toBe('Succeeded');
    expect(await fresh({ phase: 'Running', toVersion: '1.34.1' })).toBe('Succeeded');
    expect(await fresh({ phase: 'Idle' })).toBe('Idle'); // no version to compare with
    expect(await fresh({ phase: 'Idle', fromVersion: '1.34.1' })).toBe('Idle'); // settled where it was
    // The status was settled at 1.33.2 and the cluster is settled at 1.34.1 now: an upgrade began
    // and ended while no leader polled (the chaos run's leader changes found it reading Idle).
    expect(await fresh({ phase: 'Idle', fromVersion: '1.33.2' })).toBe('Succeeded');
    // An earlier upgrade's Succeeded (to 1.33.2) and a newer version now: a later upgrade, unwatched.
    expect(await fresh({ phase: 'Succeeded', toVersion: '1.33.2' })).toBe('Succeeded');
    // In flight with nothing Upgrading at this moment: a pool still behind the control plane.
    sim.cluster.state = {
      ...states.succeeded!,
      ListAgentPools: {
        value: [
          {
            name: 'nodepool1',
            properties: {
              provisioningState: 'Succeeded',
              orchestratorVersion: '1.34.1',
              currentOrchestratorVersion: '1.33.2',
            },
          },
        ],
      },
    };
    expect(await fresh({ phase: 'Running', toVersion: '1.34.1' })).toBe('Running');
    expect(await fresh({ phase: 'Idle', fromVersion: '1.33.2' })).toBe('Running'); // moved off 1.33.2
    expect(await fresh()).toBe('Idle');
  });

  // why: a poll interval longer than a short upgrade (or a slow leader hand-over) can miss every
  // Upgrading answer; the control plane's version moving off the one last seen settled still
  // says an upgrade happened, and the watch must not stay Idle over it.
  it('an upgrade begun and ended between two polls reads Succeeded, and stays so', async () => {
    const sim = setup();
    expect(await sim.observe()).toMatchObject({ phase: 'Idle', fromVersion: '1.33.2' });
    sim.cluster.state = states.succeeded!;
    expect(await sim.observe()).toMatchObject({ phase: 'Succeeded', toVersion: '1.34.1', progress: 100 });
    expect(await sim.observe()).toMatchObject({ phase: 'Succeeded', toVersion: '1.34.1' });
  });

  it('a failed upgrade names the failed part', async () => {
    const sim = setup();
    sim.cluster.state = states.failed!;
    expect(await sim.observe()).toMatchObject({
      phase: 'Failed',
      message: 'provisioning failed: Agent pool nodepool1',
    });
  });

  it('request-count rule: two ARM requests per poll, the token fetched once', async () => {
    const sim = setup();
    sim.cluster.state = states.running!;
    const perPoll = await requestsPerPoll(sim, 10, 30_000);
    expect(perPoll).toEqual([3, 2, 2, 2, 2, 2, 2, 2, 2, 2]); // the first poll also fetches the token
    expect(sim.wire.sent.filter((op) => op === 'GetAccessToken')).toHaveLength(1);
  });

  it('token refresh mid-upgrade: an hour-long upgrade with 10-minute tokens never meets an expired one', async () => {
    const sim = setup({ tokenLifetimeSeconds: 600 });
    sim.cluster.state = states.running!;
    for (let minute = 0; minute < 60; minute += 1) {
      expect((await sim.observe()).phase).toBe('Running');
      sim.context.advance(60_000);
    }
    // Refreshed every 5 minutes (5 min before each 10-minute token runs out).
    expect(sim.cloud.tokens.issued()).toBe(12);
  });

  it('an expired token the client still holds: 401 ExpiredAuthenticationToken drops it, the next poll recovers', async () => {
    const sim = setup({ tokenLifetimeSeconds: 600 });
    // The operator's clock stands still (a suspended VM): it believes its token fresh while
    // the simulator's clock runs past the token's expiry.
    const stopped = { now: () => new Date(Date.parse('2024-05-01T10:00:00Z')) };
    const cache = createTokenCache({ clock: stopped });
    const poll = () =>
      connectAzureAks(
        {
          spec,
          credentials: secretOf(),
          baseUrl: 'http://sim.test',
          transport: sim.wire.transport,
          clock: stopped,
        },
        { cache, memory: createPollMemory() },
      ).observe();
    expect((await poll()).ok).toBe(true);
    sim.context.advance(600_000);
    expect(await poll()).toMatchObject({
      ok: false,
      error: { class: 'AuthFailed', code: 'ExpiredAuthenticationToken', httpStatus: 401 },
    });
    expect((await poll()).ok).toBe(true);
    expect(sim.cloud.tokens.issued()).toBe(2);
  });

  it('progress never goes backwards within one upgrade (pools reported in a different state later)', async () => {
    const sim = setup();
    const pools = (a: string, b: string) => ({
      GetManagedCluster: (states.running as Record<string, unknown>).GetManagedCluster,
      ListAgentPools: {
        value: [
          {
            name: 'nodepool1',
            properties: {
              provisioningState: a,
              orchestratorVersion: '1.34.1',
              currentOrchestratorVersion: a === 'Succeeded' ? '1.34.1' : '1.33.2',
            },
          },
          {
            name: 'nodepool2',
            properties: {
              provisioningState: b,
              orchestratorVersion: '1.34.1',
              currentOrchestratorVersion: '1.33.2',
            },
          },
        ],
      },
    });
    const series = [
      pools('Upgrading', 'Succeeded'),
      pools('Succeeded', 'Upgrading'),
      pools('Upgrading', 'Succeeded'),
      pools('Succeeded', 'Upgrading'),
    ];
    expect(await progressThrough(sim, series)).toEqual([33, 66, 66, 66]);
  });

  it('through the family: bounded, and the client secret never in an error text', async () => {
    const sim = setup();
    const result = await sim.pollViaFamily(azureAks, secretOf('wrong-secret-value'));
    expect(result).toMatchObject({
      ok: false,
      error: { class: 'AuthFailed', code: 'invalid_client', httpStatus: 401 },
    });
    expect(JSON.stringify(result)).not.toContain('wrong-secret-value');
  });
});

describe('AKS error classes from Azure bodies', () => {
  type Fault = 'throttle' | 'auth' | 'not-found' | 'server-error' | 'clock-skew';
  it.each<[string, string, Fault, object]>([
    [
      '429 with Retry-After is Throttled and honours the delay',
      'GetManagedCluster',
      'throttle',
      { class: 'Throttled', code: 'SubscriptionRequestsThrottled', retryAfterMs: 20_000 },
    ],
    [
      '403 AuthorizationFailed is AuthFailed',
      'GetManagedCluster',
      'auth',
      { class: 'AuthFailed', code: 'AuthorizationFailed', httpStatus: 403 },
    ],
    [
      '404 ResourceNotFound on the agent pools is NotFound',
      'ListAgentPools',
      'not-found',
      { class: 'NotFound', code: 'ResourceNotFound' },
    ],
    [
      '500 InternalServerError is ServerError',
      'GetManagedCluster',
      'server-error',
      { class: 'ServerError', code: 'InternalServerError' },
    ],
    [
      'Entra refusing the secret is AuthFailed',
      'GetAccessToken',
      'auth',
      { class: 'AuthFailed', code: 'invalid_client' },
    ],
    ['Entra AADSTS700024 (time range) is ClockSkew', 'GetAccessToken', 'clock-skew', { class: 'ClockSkew' }],
  ])('%s', async (_why, operation, kind, expected) => {
    const result = await setup().pollWithFault(operation, kind);
    expect(!result.ok && result.error).toMatchObject(expected);
  });

  it.each<[string, Record<string, unknown>, Parameters<typeof setup>[0], Credentials, object]>([
    [
      'a wrong client secret: 401 invalid_client (AADSTS7000215)',
      {},
      {},
      secretOf('not-the-secret'),
      { class: 'AuthFailed', code: 'invalid_client' },
    ],
    [
      'an app not registered in the tenant: unauthorized_client (AADSTS700016)',
      {},
      { tenants: ['00000000-0000-0000-0000-000000000000'] },
      secretOf(),
      { class: 'AuthFailed', code: 'unauthorized_client' },
    ],
    [
      'another resource group: 404 ResourceGroupNotFound',
      { resourceGroup: 'rg-other' },
      {},
      secretOf(),
      { class: 'NotFound', code: 'ResourceGroupNotFound' },
    ],
    [
      'another cluster name: 404 ResourceNotFound',
      { clusterID: 'nope' },
      {},
      secretOf(),
      { class: 'NotFound', code: 'ResourceNotFound' },
    ],
    [
      'another subscription: 404 SubscriptionNotFound',
      { subscriptionID: '00000000-0000-4000-8000-0000000000ff' },
      {},
      secretOf(),
      { class: 'NotFound', code: 'SubscriptionNotFound' },
    ],
  ])('real checks: %s', async (_why, over, options, credentials, expected) => {
    const sim = setup(options);
    const result = await sim.poll(over, credentials);
    expect(!result.ok && result.error).toMatchObject(expected);
  });

  it.each([
    ['no subscriptionID', { subscriptionID: undefined }],
    ['a resource group with a slash (it goes into the path)', { resourceGroup: 'rg/../x' }],
  ])('a spec with %s is refused before any request', async (_why, over) => {
    const sim = setup();
    const result = await sim.poll(over);
    expect(!result.ok && result.error).toMatchObject({ class: 'RequestRejected' });
    expect(sim.wire.sent).toEqual([]);
  });

  it('the API without a token: 401 AuthenticationFailed; with an unknown one: InvalidAuthenticationToken', async () => {
    const sim = setup();
    const url = `http://sim.test/subscriptions/${azureAksSample.spec.subscriptionID}/resourceGroups/rg-demo/providers/Microsoft.ContainerService/managedClusters/prod-aks?api-version=2025-10-01`;
    const bare = await sim.wire.transport({ method: 'GET', url, headers: {} });
    const forged = await sim.wire.transport({
      method: 'GET',
      url,
      headers: { authorization: 'Bearer forged' },
    });
    expect([bare.status, JSON.parse(bare.body)]).toEqual([
      401,
      { error: expect.objectContaining({ code: 'AuthenticationFailed' }) },
    ]);
    expect([forged.status, JSON.parse(forged.body)]).toEqual([
      401,
      { error: expect.objectContaining({ code: 'InvalidAuthenticationToken' }) },
    ]);
  });
});

describe('secrets in replies', () => {
  it.each([
    ['the token endpoint echoing the client secret', 'POST'],
    ['the API echoing the bearer token', 'GET'],
  ])('%s: masked in the error', async (_why, failing) => {
    const context = new ListingFakeContext();
    const token = 'eyJ0eXAi.issued-token-Qm7pX2';
    const transport = (request: HttpRequest): Promise<HttpResponse> => {
      const echo = `${request.headers.authorization ?? ''} ${request.body ?? ''}`;
      if (request.method === failing) {
        return Promise.resolve({
          status: 400,
          headers: {},
          body: JSON.stringify({ error: { code: 'BadRequest', message: `you sent ${echo}` } }),
        });
      }
      return Promise.resolve({
        status: 200,
        headers: {},
        body: `{"token_type":"Bearer","expires_in":3599,"access_token":"${token}"}`,
      });
    };
    const result = await azureAks
      .connect({ spec, credentials: secretOf(), baseUrl: 'http://sim.test', transport, clock: context })
      .observe();
    expect(result).toMatchObject({ ok: false, error: { class: 'RequestRejected', code: 'BadRequest' } });
    const text = JSON.stringify(result);
    expect(text).toContain('you sent');
    expect(text).not.toContain(SECRET);
    expect(text).not.toContain(token);
  });
});
