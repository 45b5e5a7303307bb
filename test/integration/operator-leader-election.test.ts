// Two operator processes with --leader-elect on one Lease (docs/reference.md#leader-election, docs/reference.md#shutdown),
// each under the ServiceAccount bound only by deploy/rbac/ (the Lease lives in the namespace
// whose Role grants leases get/create/update), on the real kube-apiserver:
//  - only the leader polls: the simulator's counter grows and only the leader's
//    upgradewatch_cloud_requests_total counts; upgradewatch_leader is 1 on it and 0 on the other;
//  - SIGKILL the leader (no release: its Lease must expire, 15 s) ⇒ the other takes over within
//    20 s and polling continues;
//  - SIGTERM the new leader ⇒ exit code 0 within 10 s and the Lease released (holder cleared,
//    duration 1 s, as the runtime's release() does).
import { jest } from '@jest/globals';
import {
  clusterId,
  putState,
  requestCount,
  setupSuite,
  specFor,
  teardownSuite,
  type Suite,
} from '../helpers/operator-fixture.js';
import {
  condition,
  createWatch,
  ensureOperatorBuilt,
  eventually,
  kube,
  metricSum,
  OperatorProcess,
  operatorServiceAccount,
  sleep,
  waitForWatch,
  withLogs,
} from '../helpers/operator-harness.js';
import { ACK } from '../helpers/operator-states.js';

jest.setTimeout(180_000);

let suite: Suite;
let a: OperatorProcess;
let b: OperatorProcess;
let cluster: string;
const leaseName = `op-le-${Date.now().toString(36)}`;
const leaseNamespace = () => operatorServiceAccount().namespace;
const logs = () => [
  { name: 'operator a', tail: () => a?.logTail() ?? '' },
  { name: 'operator b', tail: () => b?.logTail() ?? '' },
];

let leader: OperatorProcess;
let follower: OperatorProcess;

async function leaderGauge(op: OperatorProcess): Promise<number> {
  return metricSum(await op.metrics(), 'upgradewatch_leader');
}
async function cloudRequests(op: OperatorProcess): Promise<number> {
  return metricSum(await op.metrics(), 'upgradewatch_cloud_requests_total');
}
async function readLease(): Promise<{ holderIdentity?: string; leaseDurationSeconds?: number }> {
  const res = await kube(
    suite.kc,
    'GET',
    `/apis/coordination.k8s.io/v1/namespaces/${leaseNamespace()}/leases/${leaseName}`,
  );
  if (res.status !== 200) throw new Error(`lease GET → ${res.status}`);
  return res.body.spec ?? {};
}

function start(name: string): Promise<OperatorProcess> {
  return OperatorProcess.start({
    name,
    kubeconfig: suite.saKubeconfig,
    selector: suite.space.selector,
    args: [
      '--leader-elect',
      '--leader-election-namespace',
      leaseNamespace(),
      '--leader-election-id',
      leaseName,
    ],
  });
}

beforeAll(async () => {
  [suite] = await Promise.all([setupSuite('op-le'), ensureOperatorBuilt()]);
  cluster = clusterId('le');
  putState(suite, 'AlibabaACK', cluster, ACK.upgrading);
  [a, b] = await Promise.all([start('a'), start('b')]);
  await createWatch(suite.space, 'le', specFor(suite, 'AlibabaACK', cluster));
});

afterAll(async () => {
  await teardownSuite(suite);
});

describe('leader election', () => {
  it('exactly one replica leads, and only the leader polls the cloud', () =>
    withLogs(logs, async () => {
      [leader, follower] = await eventually(
        'one leader',
        async () => {
          const [ga, gb] = await Promise.all([leaderGauge(a), leaderGauge(b)]);
          if (ga + gb !== 1) return undefined;
          return ga === 1 ? [a, b] : [b, a];
        },
        30_000,
        200,
      );
      await waitForWatch(
        suite.space,
        'le',
        'a first poll',
        (w) => condition(w, 'Synced')?.status === 'True',
        20_000,
      );
      await sleep(11_000); // two more timed polls (pollInterval 5s)
      const [byLeader, byFollower] = await Promise.all([cloudRequests(leader), cloudRequests(follower)]);
      expect(byLeader).toBeGreaterThanOrEqual(3);
      expect(byFollower).toBe(0);
      expect(await leaderGauge(follower)).toBe(0);
      // The simulator saw the leader's requests and no others.
      expect(requestCount(suite, cluster)).toBe(byLeader);
      const lease = await readLease();
      const identity = leader.lines.find((l) => l.msg === 'became leader')?.identity;
      expect(identity).toBeDefined();
      expect(lease.holderIdentity).toBe(identity);
    }));

  it('SIGKILL of the leader: the other replica takes over within 20 s and polling continues', () =>
    withLogs(logs, async () => {
      const killedAt = Date.now();
      leader.signal('SIGKILL');
      await leader.exited;
      const before = requestCount(suite, cluster);
      await eventually('the follower to lead', async () => (await leaderGauge(follower)) === 1, 25_000, 200);
      const takeoverMs = Date.now() - killedAt;
      process.stdout.write(`METRIC leader-takeover-ms=${takeoverMs}\n`);
      expect(takeoverMs).toBeLessThanOrEqual(20_000);
      await eventually(
        'polls by the new leader',
        () => requestCount(suite, cluster) >= before + 2,
        15_000,
        100,
      );
      expect(await cloudRequests(follower)).toBeGreaterThanOrEqual(2);
      const identity = follower.lines.find((l) => l.msg === 'became leader')?.identity;
      expect((await readLease()).holderIdentity).toBe(identity);
    }));

  it('SIGTERM: the leader exits 0 within 10 s and releases the Lease', () =>
    withLogs(logs, async () => {
      const sentAt = Date.now();
      follower.signal('SIGTERM');
      const exit = await Promise.race([
        follower.exited,
        new Promise((resolve) =>
          setTimeout(() => resolve({ code: 'still running after 10 s', signal: null }), 10_000).unref(),
        ),
      ]);
      const exitMs = Date.now() - sentAt;
      process.stdout.write(`METRIC sigterm-exit-ms=${exitMs}\n`);
      expect(exit).toEqual({ code: 0, signal: null });
      const lease = await readLease();
      expect(lease.holderIdentity ?? '').toBe('');
      expect(lease.leaseDurationSeconds).toBe(1);
      // Nobody polls any more.
      const after = requestCount(suite, cluster);
      await sleep(6_000);
      expect(requestCount(suite, cluster)).toBe(after);
    }));
});
