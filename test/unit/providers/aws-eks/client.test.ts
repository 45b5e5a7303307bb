// The AWSEKS client against the simulator's AWS module in process (real SigV4 checks, real AWS
// bodies): mapping of the scripted states, node groups as steps, the request budget of a steady
// poll, the terminal-update memory, progress over a whole upgrade, and every error class.
import type { Observation } from '../../../../src/api/types.js';
import { createAwsEksFamily } from '../../../../src/providers/aws-eks/index.js';
import { awsEksFacts } from '../../../../src/providers/aws-eks/facts.js';
import { EksUpdateMemory } from '../../../../src/providers/aws-eks/memory.js';
import type { ObserveResult, RequestObserver } from '../../../../src/providers/common/provider.js';
import type { HttpRequest } from '../../../../src/providers/common/transport.js';
import { createAwsCloud } from '../../../../src/simulator/aws/index.js';
import type { ClusterState } from '../../../../src/simulator/types.js';
import { observationProblems } from '../huawei-common/helpers.js';
import { smithySignedHeaders } from '../../signing/smithy-oracle.js';
import { awsHarness, BASE_URL, eksSpec, KEY, type SimHarness } from './sim-helpers.js';

const states = awsEksFacts.simulatorStates as unknown as Record<
  'idle' | 'running' | 'succeeded' | 'failed',
  ClusterState
>;
const GROUPS = ['general', 'gpu'];

function connect(h: SimHarness, nodegroups?: string[], memory = new EksUpdateMemory(), credentials = KEY) {
  const events: Parameters<RequestObserver>[0][] = [];
  const family = createAwsEksFamily(memory);
  const client = family.connect({
    spec: eksSpec(nodegroups),
    credentials,
    baseUrl: BASE_URL,
    transport: h.transport,
    clock: { now: () => h.world.now },
    onRequest: (event) => events.push(event),
  });
  return { client, events, family };
}

function observation(result: ObserveResult): Observation {
  if (!result.ok)
    throw new Error(`expected an observation, got ${result.error.class}: ${result.error.message}`);
  expect(observationProblems(result.observation)).toEqual([]);
  return result.observation;
}

/** Requests of one poll. */
async function poll(h: SimHarness, client: { observe(): Promise<ObserveResult> }) {
  const before = h.seen.length;
  const result = await client.observe();
  return { result, requests: h.seen.slice(before) };
}

describe('AWSEKS client: the scripted states (awsEksFacts.simulatorStates)', () => {
  const STEPS = ['Control plane', 'Node group general', 'Node group gpu'];
  const upgrade = { toVersion: '1.31', upgradeID: '0c9e8f6a-3d5b-4c1e-9a7f-2b8d6e4c1a01' };
  const steps = (...phases: string[]) =>
    phases.map((phase, i) => expect.objectContaining({ name: STEPS[i], phase }));
  it.each([
    // why: a cluster that never had an update is Idle, not Succeeded
    ['idle', { phase: 'Idle' }],
    // why: control plane done, one node group updating, one not started: Running with three steps
    [
      'running',
      { phase: 'Running', progress: 33, steps: steps('Succeeded', 'Running', 'Pending'), ...upgrade },
    ],
    // why: every followed part Successful
    [
      'succeeded',
      { phase: 'Succeeded', progress: 100, steps: steps('Succeeded', 'Succeeded', 'Succeeded'), ...upgrade },
    ],
    // why: a node group's Failed update fails the upgrade, its errors[] become the message
    [
      'failed',
      {
        phase: 'Failed',
        progress: 66,
        steps: steps('Succeeded', 'Succeeded', 'Failed'),
        message: expect.stringContaining(
          'NodeCreationFailure: Instances failed to join the kubernetes cluster',
        ),
        ...upgrade,
      },
    ],
  ] as const)('%s', async (name, expected) => {
    const h = awsHarness(states[name]);
    const o = observation(await connect(h, GROUPS).client.observe());
    expect(o).toMatchObject(expected);
  });

  it('Idle says nothing more: no steps, no progress, no upgrade id', async () => {
    const o = observation(await connect(awsHarness(states.idle), GROUPS).client.observe());
    expect(o).toEqual({ phase: 'Idle' });
  });

  it('without nodegroups only the control plane is a step', async () => {
    const h = awsHarness(states.running);
    const o = observation(await connect(h).client.observe());
    expect(o.phase).toBe('Succeeded');
    expect(o.steps?.map((s) => s.name)).toEqual(['Control plane']);
    // and no node group was asked about
    expect(h.seen.some((r) => r.includes('nodegroupName'))).toBe(false);
  });

  it('asks each named node group with nodegroupName, and reports every request for metrics', async () => {
    const h = awsHarness(states.succeeded);
    const { client, events } = connect(h, GROUPS);
    await client.observe();
    expect(h.seen.filter((r) => r.includes('nodegroupName=general'))).toHaveLength(2); // list + describe
    expect(h.seen.filter((r) => r.includes('nodegroupName=gpu'))).toHaveLength(2);
    expect(events.map((e) => e.operation).sort()).toEqual([
      ...Array(3).fill('DescribeUpdate'),
      ...Array(3).fill('ListUpdates'),
    ]);
    expect(events.every((e) => String(e.provider) === 'AWSEKS' && e.result === 'Success')).toBe(true);
  });
});

describe('AWSEKS client: request budget and terminal-update memory', () => {
  it.each([
    // why: the rule — a steady poll (nothing can change) costs at most 2 requests
    ['cluster alone', undefined, 1],
    ['cluster + 2 node groups', GROUPS, 2],
    ['cluster + 5 node groups', ['a', 'b', 'c', 'd', 'e'], 2],
  ])(
    'steady polls of a finished upgrade, %s: within the budget, no DescribeUpdate',
    async (_why, groups, budget) => {
      const base = states.succeeded as {
        ListUpdates: { cluster: unknown; nodegroups: Record<string, unknown> };
      };
      const nodegroups = Object.fromEntries(
        (groups ?? []).map((g) => [g, base.ListUpdates.nodegroups['general']]),
      );
      const h = awsHarness({
        ...states.succeeded,
        ListUpdates: { cluster: base.ListUpdates.cluster, nodegroups },
      });
      const { client } = connect(h, groups);
      const first = await poll(h, client);
      expect(first.requests.length).toBeGreaterThan(budget); // the first poll lists and describes everything
      for (let i = 0; i < 12; i += 1) {
        const { result, requests } = await poll(h, client);
        observation(result);
        expect(requests).toHaveLength(budget);
        expect(requests.every((r) => /\/updates\?/.test(r) && !/\/updates\/[^?]/.test(r))).toBe(true);
      }
    },
  );

  it('a steady poll lists the node groups in turn, so a new node-group update is seen within (node groups) polls', async () => {
    const h = awsHarness(states.succeeded);
    const { client } = connect(h, GROUPS);
    await client.observe();
    const listed: string[] = [];
    for (let i = 0; i < 4; i += 1) {
      const { requests } = await poll(h, client);
      listed.push(
        requests.find((r) => r.includes('nodegroupName'))!.replace(/.*nodegroupName=([a-z]+).*/, '$1'),
      );
    }
    expect(listed).toEqual(['general', 'gpu', 'general', 'gpu']);

    // A new gpu update appears (newer than the control plane's): seen at the latest on the 2nd poll.
    const NEW = 'ffffffff-0000-4000-8000-000000000001';
    const next = structuredClone(states.succeeded) as {
      ListUpdates: { nodegroups: Record<string, { updateIds: string[] }> };
      DescribeUpdate: Record<string, unknown>;
    };
    next.ListUpdates.nodegroups['gpu']!.updateIds.push(NEW);
    next.DescribeUpdate[NEW] = {
      update: {
        id: NEW,
        status: 'InProgress',
        type: 'VersionUpdate',
        params: [{ type: 'ReleaseVersion', value: '1.31.2-20241201' }],
        createdAt: 1733486400,
        errors: [],
      },
    };
    h.setState(next as unknown as ClusterState);
    const phases: string[] = [];
    for (let i = 0; i < 2; i += 1) phases.push(observation(await client.observe()).phase);
    expect(phases).toContain('Running');
  });

  it('describes a terminal update once, an InProgress one on every poll', async () => {
    const h = awsHarness(states.running);
    const memory = new EksUpdateMemory();
    const describes = (requests: string[], id: string) =>
      requests.filter((r) => r.includes(`/updates/${id}`)).length;
    const CLUSTER_UPDATE = '0c9e8f6a-3d5b-4c1e-9a7f-2b8d6e4c1a01';
    const GENERAL_UPDATE = '7a1b2c3d-4e5f-4a6b-8c7d-9e0f1a2b3c02';
    const counts = { cluster: 0, general: 0 };
    for (let i = 0; i < 3; i += 1) {
      // a fresh client per poll, as the reconciler connects: the memory is the family's
      const { requests } = await poll(h, connect(h, GROUPS, memory).client);
      counts.cluster += describes(requests, CLUSTER_UPDATE);
      counts.general += describes(requests, GENERAL_UPDATE);
    }
    expect(counts).toEqual({ cluster: 1, general: 3 });
  });

  it('follows nextToken across ListUpdates pages and still picks the newest VersionUpdate', async () => {
    const ids = Array.from(
      { length: 150 },
      (_, i) => `00000000-0000-4000-8000-${String(i).padStart(12, '0')}`,
    );
    const DescribeUpdate = Object.fromEntries(
      ids.map((id, i) => [
        id,
        {
          update: {
            id,
            status: 'Successful',
            type: i % 2 ? 'LoggingUpdate' : 'VersionUpdate',
            params: [{ type: 'Version', value: `1.${i}` }],
            createdAt: 1700000000 + i,
          },
        },
      ]),
    );
    const h = awsHarness({ ListUpdates: { cluster: { updateIds: ids } }, DescribeUpdate });
    const o = observation(await connect(h).client.observe());
    expect(h.seen.filter((r) => r.includes('/updates?'))).toHaveLength(2);
    expect(o.toVersion).toBe('1.148'); // 149 is a LoggingUpdate
  });
});

describe('AWSEKS client: a whole upgrade, poll by poll', () => {
  const U = {
    cp: 'aaaaaaaa-0000-4000-8000-000000000001',
    general: 'aaaaaaaa-0000-4000-8000-000000000002',
    gpu: 'aaaaaaaa-0000-4000-8000-000000000003',
  };
  const t0 = 1733479200;
  const update = (id: string, status: string, createdAt: number) => ({
    update: { id, status, type: 'VersionUpdate', params: [{ type: 'Version', value: '1.31' }], createdAt },
  });
  const state = (cp?: string, general?: string, gpu?: string): ClusterState => ({
    ListUpdates: {
      cluster: { updateIds: cp ? [U.cp] : [] },
      nodegroups: {
        general: { updateIds: general ? [U.general] : [] },
        gpu: { updateIds: gpu ? [U.gpu] : [] },
      },
    },
    DescribeUpdate: {
      ...(cp ? { [U.cp]: update(U.cp, cp, t0) } : {}),
      ...(general ? { [U.general]: update(U.general, general, t0 + 600) } : {}),
      ...(gpu ? { [U.gpu]: update(U.gpu, gpu, t0 + 1200) } : {}),
    },
  });
  const timeline: Array<[ClusterState, string]> = [
    [state(), 'Idle'],
    [state('InProgress'), 'Running'],
    [state('InProgress'), 'Running'],
    [state('Successful'), 'Running'], // node groups named but not started: not done
    [state('Successful', 'InProgress'), 'Running'],
    [state('Successful', 'Successful'), 'Running'],
    [state('Successful', 'Successful', 'InProgress'), 'Running'],
    [state('Successful', 'Successful', 'Successful'), 'Succeeded'],
    [state('Successful', 'Successful', 'Successful'), 'Succeeded'],
  ];

  it('Idle → Running (steps advance) → Succeeded, progress never going backwards', async () => {
    const h = awsHarness(timeline[0]![0]);
    const memory = new EksUpdateMemory();
    const seen: Array<[string, number | undefined]> = [];
    for (const [s, phase] of timeline) {
      h.setState(s);
      const o = observation(await connect(h, GROUPS, memory).client.observe());
      expect(o.phase).toBe(phase);
      seen.push([o.phase, o.progress]);
    }
    const progress = seen.filter(([phase]) => phase !== 'Idle').map(([, p]) => p ?? 0);
    expect(progress).toEqual([...progress].sort((a, b) => a - b));
    expect(progress).toEqual([0, 0, 33, 33, 66, 66, 100, 100]);
  });
});

describe('AWSEKS client: every error class from the simulator', () => {
  it.each([
    // why: EKS throttles with 400 ThrottlingException — the code decides, not the status
    ['throttle', undefined, undefined, 'Throttled', 'ThrottlingException', 400],
    // why: 429 TooManyRequestsException carries Retry-After, which must be honoured
    ['throttle', 7, undefined, 'Throttled', 'TooManyRequestsException', 429],
    // why: a bad or unknown key
    ['auth', undefined, undefined, 'AuthFailed', 'UnrecognizedClientException', 403],
    // why: InvalidSignatureException "Signature expired" is the clock, not the key
    ['clock-skew', undefined, undefined, 'ClockSkew', 'InvalidSignatureException', 403],
    ['not-found', undefined, undefined, 'NotFound', 'ResourceNotFoundException', 404],
    ['server-error', undefined, undefined, 'ServerError', 'ServerException', 500],
    [
      'server-error',
      undefined,
      'ServiceUnavailableException',
      'ServerError',
      'ServiceUnavailableException',
      503,
    ],
  ] as const)(
    'injected %s (retry %s, %s) → %s',
    async (kind, retryAfterSeconds, serverError, cls, code, status) => {
      const cloud = createAwsCloud(serverError ? { serverError } : {});
      const h = awsHarness(states.running, undefined, cloud);
      h.fault = { kind, ...(retryAfterSeconds !== undefined ? { retryAfterSeconds } : {}) };
      const result = await connect(h, GROUPS).client.observe();
      expect(result).toMatchObject({
        ok: false,
        error: {
          class: cls,
          code,
          httpStatus: status,
          requestId: expect.stringMatching(/^0+\d+-AAAA/),
          ...(retryAfterSeconds === undefined ? {} : { retryAfterMs: retryAfterSeconds * 1000 }),
        },
      });
      expect(h.seen).toHaveLength(1); // the first failure ends the poll
    },
  );

  const wrongSecret = { ...KEY, accessKeySecret: 'not-the-secret-at-all' };
  it.each([
    // why: the simulator recomputes the signature: a wrong secret is InvalidSignatureException
    [
      'a wrong secret',
      () => awsHarness(states.idle),
      wrongSecret,
      'AuthFailed',
      'InvalidSignatureException',
      0,
    ],
    // why: an access key the cloud does not know
    [
      'an unknown key',
      () => awsHarness(states.idle),
      { ...KEY, accessKeyId: 'AKIAUNKNOWNKEY000000' },
      'AuthFailed',
      'UnrecognizedClientException',
      0,
    ],
    // why: the client's clock 10 minutes behind the cloud's
    [
      'a clock 10 minutes behind',
      () => awsHarness(states.idle),
      KEY,
      'ClockSkew',
      'InvalidSignatureException',
      -600_000,
    ],
    // why: a cluster name EKS does not have
    [
      'a missing cluster',
      () => {
        const h = awsHarness(states.idle);
        h.world.clusters = [];
        return h;
      },
      KEY,
      'NotFound',
      'ResourceNotFoundException',
      0,
    ],
  ] as const)('real refusal: %s', async (_why, make, credentials, cls, code, clockOffsetMs) => {
    const h = make();
    const family = createAwsEksFamily(new EksUpdateMemory());
    const result = await family
      .connect({
        spec: eksSpec(),
        credentials,
        baseUrl: BASE_URL,
        transport: h.transport,
        clock: { now: () => new Date(h.world.now.getTime() + clockOffsetMs) },
      })
      .observe();
    expect(result).toMatchObject({ ok: false, error: { class: cls, code } });
    // no secret in what the operator shows
    expect(JSON.stringify(result)).not.toContain(credentials.accessKeySecret);
  });

  it('an expired temporary key is ExpiredTokenException → AuthFailed; a missing token is refused too', async () => {
    const h = awsHarness(states.idle);
    const temp = h.context.issueCredential({ lifetimeMs: 60_000, prefix: 'ASIA' });
    const credentials = {
      accessKeyId: temp.accessKeyId,
      accessKeySecret: temp.accessKeySecret,
      securityToken: temp.securityToken,
    };
    const run = (c: typeof credentials | typeof KEY) =>
      createAwsEksFamily()
        .connect({
          spec: eksSpec(),
          credentials: c,
          baseUrl: BASE_URL,
          transport: h.transport,
          clock: { now: () => h.world.now },
        })
        .observe();
    expect((await run(credentials)).ok).toBe(true);
    const noToken = await run({ accessKeyId: temp.accessKeyId, accessKeySecret: temp.accessKeySecret });
    expect(noToken.ok ? undefined : noToken.error.code).toBe('UnrecognizedClientException');
    h.world.now = new Date(h.world.now.getTime() + 61_000);
    const expired = await run(credentials);
    expect(expired.ok ? undefined : expired.error).toMatchObject({
      class: 'AuthFailed',
      code: 'ExpiredTokenException',
      httpStatus: 403,
    });
  });

  it('a node-group name EKS cannot have is refused before any request', async () => {
    const h = awsHarness(states.idle);
    const result = await connect(h, ['../x']).client.observe();
    expect(result.ok ? undefined : result.error.class).toBe('RequestRejected');
    expect(h.seen).toEqual([]);
  });
});

describe('AWSEKS client: the request it sends', () => {
  it('is signed exactly as @smithy/signature-v4 (the official signer) signs it', async () => {
    const sent: HttpRequest[] = [];
    const h = awsHarness(states.running);
    const recording = async (request: HttpRequest) => {
      sent.push(request);
      return h.transport(request);
    };
    const token = 'IQoJb3JpZ2luX2VjEXAMPLETOKEN';
    const temp = { ...KEY, securityToken: token };
    h.world.credentials = [{ ...KEY, securityToken: token }];
    await createAwsEksFamily()
      .connect({
        spec: eksSpec(GROUPS),
        credentials: temp,
        baseUrl: BASE_URL,
        transport: recording,
        clock: { now: () => h.world.now },
      })
      .observe();
    expect(sent.length).toBeGreaterThan(2);
    for (const request of sent) {
      const url = new URL(request.url);
      const signed = await smithySignedHeaders({
        accessKeyId: KEY.accessKeyId,
        secretAccessKey: KEY.accessKeySecret,
        sessionToken: token,
        region: 'us-west-2',
        host: url.host,
        wirePath: url.pathname,
        query: Object.fromEntries(url.searchParams),
        headers: { accept: 'application/json' },
        now: h.world.now,
      });
      expect(request.headers.authorization).toBe(signed.authorization);
      expect(request.headers['x-amz-security-token']).toBe(token);
    }
  });
});
