// The AWSEKS client against the simulator's AWS module in process (real SigV4 checks, real AWS
// bodies): mapping of the scripted states, node groups as steps, progress over a whole upgrade,
// and the request it signs. Budget and memory: ./client-budget.test.ts; errors:
// ./client-errors.test.ts.
import { createAwsEksFamily } from '../../../../src/providers/aws-eks/index.js';
import { EksUpdateMemory } from '../../../../src/providers/aws-eks/memory.js';
import type { HttpRequest } from '../../../../src/providers/common/transport.js';
import type { ClusterState } from '../../../../src/simulator/types.js';
import { smithySignedHeaders } from '../../signing/smithy-oracle.js';
import { awsHarness, BASE_URL, connect, eksSpec, GROUPS, KEY, observation, states } from './sim-helpers.js';

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
