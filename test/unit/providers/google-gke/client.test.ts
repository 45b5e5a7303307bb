// The GKE client against the simulator's Google module, in process (injected transport, virtual
// clock): service-account key → RS256 assertion → token endpoint → bearer GETs of the operations;
// every error class from Google's real bodies; the token cache; the request-count rule; progress
// that never goes backwards.
import { generateKeyPairSync } from 'node:crypto';
import type { ClusterUpgradeWatchSpec } from '../../../../src/api/types.js';
import { createTokenCache } from '../../../../src/providers/cloud-common/token-cache.js';
import type { Credentials } from '../../../../src/providers/common/credentials.js';
import type { HttpRequest, HttpResponse, HttpTransport } from '../../../../src/providers/common/transport.js';
import { connectGoogleGke } from '../../../../src/providers/google-gke/client.js';
import {
  GKE_FROM_VERSION,
  GKE_STATES,
  gkeOperationName,
  GKE_TO_VERSION,
  googleGkeSample,
} from '../../../../src/providers/google-gke/sample.js';
import { googleGke } from '../../../../src/providers/google-gke/index.js';
import { createGoogleCloud } from '../../../../src/simulator/google/index.js';
import { GOOGLE_PROVIDER } from '../../../../src/simulator/google/routes.js';
import type { ClusterState } from '../../../../src/simulator/types.js';
import { bearerSim, progressThrough, requestsPerPoll, simWire } from '../../simulator/bearer-sim-helpers.js';

const pair = () => generateKeyPairSync('rsa', { modulusLength: 2048 });
const { privateKey, publicKey } = pair();
const EMAIL = 'upgradewatch@demo-project-1.iam.gserviceaccount.com';
const PRIVATE_PEM = privateKey.export({ type: 'pkcs8', format: 'pem' }).toString();
const serviceAccountKey = JSON.stringify({
  type: 'service_account',
  project_id: 'demo-project-1',
  private_key_id: 'key-id-0001',
  private_key: PRIVATE_PEM,
  client_email: EMAIL,
});
const spec = googleGkeSample.spec as ClusterUpgradeWatchSpec;
const states: Record<string, ClusterState> = {
  idle: GKE_STATES.idle(),
  running: GKE_STATES.running(spec.clusterID, 1),
  succeeded: GKE_STATES.succeeded(spec.clusterID),
  failed: GKE_STATES.failed(spec.clusterID),
};
const credentials = { serviceAccountKey } as Credentials;

function setup(options: { tokenLifetimeSeconds?: number; publicPem?: string; projectIds?: string[] } = {}) {
  return bearerSim({
    cloud: createGoogleCloud,
    tokenLifetimeSeconds: options.tokenLifetimeSeconds,
    credential: {
      accessKeyId: EMAIL,
      accessKeySecret: options.publicPem ?? publicKey.export({ type: 'spki', format: 'pem' }).toString(),
      ...(options.projectIds ? { projectIds: options.projectIds } : {}),
    },
    cluster: {
      provider: GOOGLE_PROVIDER,
      clusterID: spec.clusterID,
      projectID: spec.projectID,
      region: spec.region,
      state: states.idle!,
    },
    connect: connectGoogleGke,
    spec,
    credentials,
  });
}

describe('GKE client against the simulated Google API', () => {
  it('Idle → Running with steps → Succeeded, following the running operation by name', async () => {
    const sim = setup();
    expect((await sim.observe()).phase).toBe('Idle');
    sim.cluster.state = states.running!;
    const running = await sim.observe();
    expect(running).toMatchObject({
      phase: 'Running',
      upgradeID: gkeOperationName(spec.clusterID),
      currentStep: 'Upgrading control plane',
      progress: 33,
      fromVersion: GKE_FROM_VERSION,
    });
    expect(running.toVersion).toBeUndefined(); // the target is known once the master runs it
    expect(running.steps?.map((s) => s.phase)).toEqual(['Succeeded', 'Running', 'Pending']);
    expect((await sim.observe()).fromVersion).toBe(GKE_FROM_VERSION); // remembered, not read again
    sim.cluster.state = states.succeeded!;
    expect(await sim.observe()).toMatchObject({
      phase: 'Succeeded',
      progress: 100,
      completionTime: '2026-12-07T02:25:00Z',
      fromVersion: GKE_FROM_VERSION,
      toVersion: GKE_TO_VERSION,
    });
    // token, list (idle), list (finds it running) + the cluster (version before), get (follows
    // it), get (DONE) + the cluster (version after), then back to the list, which reads nothing
    // more for an operation whose both reads are made.
    expect(sim.wire.sent).toEqual([
      'GetAccessToken',
      'ListOperations',
      'ListOperations',
      'GetCluster',
      'GetOperation',
      'GetOperation',
      'GetCluster',
    ]);
    expect(await sim.observe()).toMatchObject({ phase: 'Succeeded', toVersion: GKE_TO_VERSION });
    expect(sim.wire.sent.slice(7)).toEqual(['ListOperations']);
  });

  it('a failed upgrade: DONE with an error is Failed, the error message shown', async () => {
    const sim = setup();
    sim.cluster.state = states.failed!;
    const failed = await sim.observe();
    expect(failed).toMatchObject({
      phase: 'Failed',
      message: 'Control plane upgrade failed: health check timed out',
      currentStep: 'Verifying',
    });
    // First seen already DONE and failed: the master version cannot tell old from new.
    expect([failed.fromVersion, failed.toVersion]).toEqual([undefined, undefined]);
  });

  // why: UPGRADE_NODES names a node pool in its targetLink; that pool's version is the one that
  // moves, not the master's (which is already at the target) nor another pool's.
  it('a node-pool upgrade reports the named pool’s versions', async () => {
    const sim = setup();
    const pools = (gpu: string) => [
      { name: 'default-pool', version: '1.33.5-gke.1080000' },
      { name: 'gpu', version: gpu },
    ];
    const nodes = (status: string, gpu: string): ClusterState => ({
      ListOperations: {
        operations: [
          {
            name: 'operation-1765000000002-pool',
            operationType: 'UPGRADE_NODES',
            status,
            targetLink: `https://container.googleapis.com/v1/projects/${spec.projectID}/locations/${spec.region}/clusters/${spec.clusterID}/nodePools/gpu`,
            startTime: '2026-12-07T04:00:00Z',
          },
        ],
      },
      GetCluster: { name: spec.clusterID, currentMasterVersion: '1.35.0-gke.1', nodePools: pools(gpu) },
    });
    sim.cluster.state = nodes('RUNNING', '1.34.0-gke.1');
    expect(await sim.observe()).toMatchObject({
      phase: 'Running',
      currentStep: 'Node pool gpu',
      fromVersion: '1.34.0-gke.1',
    });
    sim.cluster.state = nodes('DONE', '1.35.0-gke.1');
    expect(await sim.observe()).toMatchObject({
      phase: 'Succeeded',
      fromVersion: '1.34.0-gke.1',
      toVersion: '1.35.0-gke.1',
    });
  });

  // why: a followed operation Google no longer keeps costs a get and a list in one poll; the
  // cluster read for the operation the list shows then waits for the next poll.
  it('a poll that already sent two requests leaves the cluster read to the next one', async () => {
    const sim = setup();
    sim.cluster.state = states.running!;
    await sim.observe(); // token + list + the cluster
    await sim.observe(); // get
    const renamed = JSON.parse(
      JSON.stringify(states.running!).replaceAll(
        gkeOperationName(spec.clusterID),
        'operation-1765000000000-e5f6a7b8',
      ),
    ) as ClusterState;
    sim.cluster.state = renamed;
    const before = sim.wire.sent.length;
    const moved = await sim.observe();
    expect(sim.wire.sent.slice(before)).toEqual(['GetOperation', 'ListOperations']);
    expect(moved).toMatchObject({ upgradeID: 'operation-1765000000000-e5f6a7b8' });
    expect(moved.fromVersion).toBeUndefined();
    expect(await sim.observe()).toMatchObject({ fromVersion: GKE_FROM_VERSION });
    expect(sim.wire.sent.slice(before + 2)).toEqual(['GetOperation', 'GetCluster']);
  });

  it('request-count rule: no poll sends more than 2 API requests, a steady one sends 1, the token is fetched once', async () => {
    const sim = setup();
    sim.cluster.state = states.running!;
    const perPoll = await requestsPerPoll(sim, 10, 30_000);
    // Poll 1: the token (not counted), the list and the cluster (version before); then get only.
    expect(perPoll).toEqual([3, 1, 1, 1, 1, 1, 1, 1, 1, 1]);
    expect(sim.wire.sent.filter((op) => op === 'GetAccessToken')).toHaveLength(1);
    expect(sim.wire.sent.filter((op) => op === 'GetCluster')).toHaveLength(1);
  });

  it('token refresh mid-upgrade: a token near expiry is replaced before the API refuses it', async () => {
    const sim = setup({ tokenLifetimeSeconds: 600 });
    sim.cluster.state = states.running!;
    await sim.observe();
    sim.context.advance(310_000); // refreshed 5 min before expiry
    expect((await sim.observe()).phase).toBe('Running');
    expect(sim.cloud.tokens.issued()).toBe(2);
  });

  it('a token the API no longer accepts (401 UNAUTHENTICATED) is dropped: the next poll gets a new one', async () => {
    const sim = setup();
    // A second simulated Google that never issued the first one's token: to it, the cached
    // token is unknown, as a revoked one is to Google.
    const other = createGoogleCloud();
    const stale = simWire(other, sim.context);
    const cache = createTokenCache({ clock: sim.context });
    const poll = (transport: HttpTransport) =>
      connectGoogleGke(
        { spec, credentials, baseUrl: 'http://sim.test', transport, clock: sim.context },
        { cache },
      ).observe();
    expect((await poll(sim.wire.transport)).ok).toBe(true);
    expect(await poll(stale.transport)).toMatchObject({
      ok: false,
      error: { class: 'AuthFailed', code: 'UNAUTHENTICATED', httpStatus: 401 },
    });
    expect(stale.sent).toEqual(['ListOperations']); // the cached token was used, not refreshed
    expect((await poll(stale.transport)).ok).toBe(true);
    expect(stale.sent).toEqual(['ListOperations', 'GetAccessToken', 'ListOperations']);
  });

  it('progress never goes backwards within one operation', async () => {
    const sim = setup();
    const op = (done: string) => ({
      ListOperations: {
        operations: [
          {
            name: 'operation-1765000000001-nodes',
            operationType: 'UPGRADE_NODES',
            status: 'RUNNING',
            targetLink: `https://container.googleapis.com/v1/projects/${spec.projectID}/locations/${spec.region}/clusters/${spec.clusterID}/nodePools/pool-1`,
            startTime: '2026-12-07T03:00:00Z',
            progress: {
              metrics: [
                { name: 'NODES_TOTAL', intValue: '10' },
                { name: 'NODES_DONE', intValue: done },
              ],
            },
          },
        ],
      },
    });
    expect(await progressThrough(sim, ['2', '6', '4', '8'].map(op))).toEqual([20, 60, 60, 80]);
  });

  it('through the family: bounded, and no secret in any error text', async () => {
    const sim = setup({ publicPem: pair().publicKey.export({ type: 'spki', format: 'pem' }).toString() });
    const result = await sim.pollViaFamily(googleGke, credentials);
    expect(result).toMatchObject({ ok: false, error: { class: 'AuthFailed', code: 'invalid_grant' } });
    const text = JSON.stringify(result);
    expect(text).toContain('Invalid JWT Signature.');
    expect(text).not.toContain('PRIVATE KEY');
    expect(text).not.toContain('key-id-0001');
  });
});

describe('GKE error classes from Google bodies', () => {
  type Row = [
    why: string,
    operation: string,
    fault: 'throttle' | 'auth' | 'not-found' | 'server-error' | 'clock-skew',
    expected: object,
  ];
  it.each<Row>([
    [
      '429 RESOURCE_EXHAUSTED with Retry-After is Throttled and honours the delay',
      'ListOperations',
      'throttle',
      { class: 'Throttled', code: 'RESOURCE_EXHAUSTED', retryAfterMs: 20_000 },
    ],
    [
      '403 PERMISSION_DENIED is AuthFailed',
      'ListOperations',
      'auth',
      { class: 'AuthFailed', code: 'PERMISSION_DENIED', httpStatus: 403 },
    ],
    ['404 NOT_FOUND is NotFound', 'ListOperations', 'not-found', { class: 'NotFound', code: 'NOT_FOUND' }],
    [
      '500 INTERNAL is ServerError',
      'ListOperations',
      'server-error',
      { class: 'ServerError', httpStatus: 500 },
    ],
    [
      'the token endpoint refusing the assertion is AuthFailed',
      'GetAccessToken',
      'auth',
      { class: 'AuthFailed', code: 'invalid_grant' },
    ],
    [
      'the token endpoint refusing iat/exp is ClockSkew',
      'GetAccessToken',
      'clock-skew',
      { class: 'ClockSkew', code: 'invalid_grant' },
    ],
  ])('%s', async (_why, operation, kind, expected) => {
    const result = await setup().pollWithFault(operation, kind);
    expect(result.ok).toBe(false);
    expect(!result.ok && result.error).toMatchObject(expected);
  });

  it.each([
    [
      'a project the account may not read: 403 PERMISSION_DENIED',
      { projectIds: ['another-project'] },
      {},
      { class: 'AuthFailed', code: 'PERMISSION_DENIED' },
    ],
    [
      'a location with no clusters: 404 NOT_FOUND',
      {},
      { region: 'europe-west4' },
      { class: 'NotFound', code: 'NOT_FOUND' },
    ],
    [
      'an assertion signed by another key: invalid_grant',
      { publicPem: pair().publicKey.export({ type: 'spki', format: 'pem' }).toString() },
      {},
      { class: 'AuthFailed', code: 'invalid_grant' },
    ],
  ])('real checks: %s', async (_why, options, over, expected) => {
    const sim = setup(options);
    const result = await sim.poll(over);
    expect(!result.ok && result.error).toMatchObject(expected);
  });

  // why: the cluster read is a request like the others: its refusal fails the poll with its own
  // class (nothing is remembered, so the next poll reads again), never a silently missing version.
  it.each<[string, 'throttle' | 'auth' | 'not-found', object]>([
    ['429 on GetCluster is Throttled', 'throttle', { class: 'Throttled', code: 'RESOURCE_EXHAUSTED' }],
    [
      '403 on GetCluster names container.clusters.get',
      'auth',
      {
        class: 'AuthFailed',
        code: 'PERMISSION_DENIED',
        message: expect.stringContaining('container.clusters.get'),
      },
    ],
    [
      '404 on GetCluster is NotFound, Google’s "Not found: <name>." text',
      'not-found',
      { class: 'NotFound', message: expect.stringContaining(`Not found: projects/${spec.projectID}`) },
    ],
  ])('%s', async (_why, kind, expected) => {
    const sim = setup();
    sim.cluster.state = states.running!;
    const result = await sim.pollWithFault('GetCluster', kind);
    expect(!result.ok && result.error).toMatchObject(expected);
    expect(await sim.observe()).toMatchObject({ fromVersion: GKE_FROM_VERSION });
    expect(sim.wire.sent.filter((op) => op === 'GetCluster')).toHaveLength(2);
  });

  it('a Secret without a usable service-account key is AuthFailed before any request', async () => {
    const sim = setup();
    const result = await sim.poll({}, { serviceAccountKey: '{"type":"authorized_user"}' } as Credentials);
    expect(!result.ok && result.error).toMatchObject({ class: 'AuthFailed' });
    expect(sim.wire.sent).toEqual([]);
  });
});

describe('secrets in replies', () => {
  it('the token endpoint echoing the signed assertion back: masked in the error (it buys a token for an hour)', async () => {
    const sim = setup();
    let assertion = '';
    const transport = (request: HttpRequest): Promise<HttpResponse> => {
      assertion = new URLSearchParams(request.body).get('assertion') ?? '';
      return Promise.resolve({
        status: 400,
        headers: {},
        body: JSON.stringify({ error: 'invalid_request', error_description: `got ${request.body ?? ''}` }),
      });
    };
    const result = await googleGke
      .connect({ spec, credentials, baseUrl: 'http://sim.test', transport, clock: sim.context })
      .observe();
    expect(result).toMatchObject({ ok: false, error: { class: 'RequestRejected', code: 'invalid_request' } });
    expect(assertion.length).toBeGreaterThan(100);
    expect(JSON.stringify(result)).not.toContain(assertion);
  });
});
