// Operator processes with --leader-elect on a Lease (docs/reference.md#leader-election, docs/reference.md#shutdown), each
// under the ServiceAccount bound only by deploy/rbac/ (the Lease lives in the namespace whose
// Role grants leases get/create/update), on the real kube-apiserver. Each test starts its own
// replicas on its own Lease and CR, so any of them can run alone:
//  - of two replicas only the leader polls: the simulator's counter grows and only the leader's
//    upgradewatch_cloud_requests_total counts; upgradewatch_leader is 1 on it and 0 on the other;
//  - SIGKILL the leader (no release: its Lease must expire, 15 s) ⇒ the other takes over, not
//    before the lease duration has passed since the last renewal, and polling continues (how
//    long a takeover takes is measured by `npm run bench:operator`, not asserted here);
//  - SIGTERM a lone leader ⇒ exit code 0 within the 10 s shutdown budget
//    (docs/reference.md#shutdown) and the Lease released (holder cleared, duration 1 s).
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
  selectorFor,
  sleep,
  waitForWatch,
  withLogs,
} from '../helpers/operator-harness.js';
import { ACK } from '../helpers/operator-states.js';

jest.setTimeout(180_000);

let suite: Suite;
const replicas: OperatorProcess[] = [];
const logs = () => replicas.map((r) => ({ name: `operator ${r.name}`, tail: () => r.logTail() }));
const leaseNamespace = () => operatorServiceAccount().namespace;

async function leaderGauge(op: OperatorProcess): Promise<number> {
  return metricSum(await op.metrics(), 'upgradewatch_leader');
}
async function cloudRequests(op: OperatorProcess): Promise<number> {
  return metricSum(await op.metrics(), 'upgradewatch_cloud_requests_total');
}
interface LeaseSpec {
  holderIdentity?: string;
  leaseDurationSeconds?: number;
  renewTime?: string;
  acquireTime?: string;
}
async function readLease(leaseName: string): Promise<LeaseSpec> {
  const res = await kube(
    suite.kc,
    'GET',
    `/apis/coordination.k8s.io/v1/namespaces/${leaseNamespace()}/leases/${leaseName}`,
  );
  if (res.status !== 200) throw new Error(`lease GET → ${res.status}`);
  return res.body.spec ?? {};
}

/** Starts replicas on a Lease and a CR of their own (label run `<test>`). */
async function startReplicas(
  test: string,
  names: string[],
): Promise<{ ops: OperatorProcess[]; cluster: string; leaseName: string }> {
  const leaseName = `op-le-${test}-${Date.now().toString(36)}`;
  const run = `${suite.space.run}-${test}`;
  const ops = await Promise.all(
    names.map((name) =>
      OperatorProcess.start({
        name: `${test}-${name}`,
        kubeconfig: suite.saKubeconfig,
        selector: selectorFor(run),
        args: [
          '--leader-elect',
          '--leader-election-namespace',
          leaseNamespace(),
          '--leader-election-id',
          leaseName,
        ],
      }),
    ),
  );
  replicas.push(...ops);
  const cluster = clusterId(test);
  putState(suite, 'AlibabaACK', cluster, ACK.upgrading);
  await createWatch(suite.space, test, specFor(suite, 'AlibabaACK', cluster), run);
  return { ops, cluster, leaseName };
}

/** The replica whose upgradewatch_leader is 1, once exactly one is (a hang guard of 30 s). */
async function electedOf(ops: OperatorProcess[]): Promise<[OperatorProcess, OperatorProcess[]]> {
  return eventually(
    'one leader',
    async () => {
      const gauges = await Promise.all(ops.map(leaderGauge));
      if (gauges.reduce((x, y) => x + y, 0) !== 1) return undefined;
      const leader = ops[gauges.indexOf(1)]!;
      return [leader, ops.filter((o) => o !== leader)] as [OperatorProcess, OperatorProcess[]];
    },
    30_000,
    200,
  );
}

const identityOf = (op: OperatorProcess) => op.lines.find((l) => l.msg === 'became leader')?.identity;

beforeAll(async () => {
  [suite] = await Promise.all([setupSuite('op-le'), ensureOperatorBuilt()]);
});

afterEach(async () => {
  for (const op of replicas.splice(0)) {
    if (op.exit === undefined) op.signal('SIGKILL');
    await op.exited;
  }
});

afterAll(async () => {
  await teardownSuite(suite);
});

describe('leader election', () => {
  it('exactly one replica leads, and only the leader polls the cloud', () =>
    withLogs(logs, async () => {
      const { ops, cluster, leaseName } = await startReplicas('one', ['a', 'b']);
      const [leader, [follower]] = await electedOf(ops);
      await waitForWatch(
        suite.space,
        'one',
        'a first poll',
        (w) => condition(w, 'Synced')?.status === 'True',
        20_000,
      );
      // Three polls by the leader (pollInterval 5s); the deadline only guards against a hang.
      await eventually('three polls', async () => (await cloudRequests(leader)) >= 3, 60_000, 200);
      const [byLeader, byFollower] = await Promise.all([cloudRequests(leader), cloudRequests(follower!)]);
      expect(byFollower).toBe(0);
      expect(await leaderGauge(follower!)).toBe(0);
      // The simulator saw the leader's requests and no others.
      expect(requestCount(suite, cluster)).toBe(byLeader);
      expect(identityOf(leader)).toBeDefined();
      expect((await readLease(leaseName)).holderIdentity).toBe(identityOf(leader));
    }));

  it('SIGKILL of the leader: the other replica takes over once the lease expired, and polling continues', () =>
    withLogs(logs, async () => {
      const { ops, cluster, leaseName } = await startReplicas('kill', ['a', 'b']);
      const [leader, [follower]] = await electedOf(ops);
      leader.signal('SIGKILL');
      await leader.exited;
      // The dead leader's last renewal: the lease must run its 15 s from there.
      const last = await readLease(leaseName);
      expect(last.holderIdentity).toBe(identityOf(leader));
      const before = requestCount(suite, cluster);
      // A hang guard of 60 s; the takeover time itself is a benchmark figure.
      await eventually('the follower to lead', async () => (await leaderGauge(follower!)) === 1, 60_000, 200);
      const taken = await readLease(leaseName);
      expect(taken.holderIdentity).toBe(identityOf(follower!));
      // Not before the lease expired: acquired at least the lease duration after the last renewal.
      expect(Date.parse(taken.acquireTime!) - Date.parse(last.renewTime!)).toBeGreaterThanOrEqual(
        (last.leaseDurationSeconds ?? 0) * 1000,
      );
      expect(last.leaseDurationSeconds).toBe(15);
      await eventually(
        'polls by the new leader',
        () => requestCount(suite, cluster) >= before + 2,
        30_000,
        100,
      );
      expect(await cloudRequests(follower!)).toBeGreaterThanOrEqual(2);
    }));

  it('SIGTERM: the leader exits 0 within the shutdown budget and releases the Lease', () =>
    withLogs(logs, async () => {
      const { ops, cluster, leaseName } = await startReplicas('term', ['a']);
      const [leader] = await electedOf(ops);
      await waitForWatch(
        suite.space,
        'term',
        'a first poll',
        (w) => condition(w, 'Synced')?.status === 'True',
        20_000,
      );
      leader.signal('SIGTERM');
      // 10 s is the shutdown contract (the kubelet's grace period), not a speed figure.
      const exit = await Promise.race([
        leader.exited,
        new Promise((resolve) =>
          setTimeout(() => resolve({ code: 'still running after 10 s', signal: null }), 10_000).unref(),
        ),
      ]);
      expect(exit).toEqual({ code: 0, signal: null });
      const lease = await readLease(leaseName);
      expect(lease.holderIdentity ?? '').toBe('');
      expect(lease.leaseDurationSeconds).toBe(1);
      // Nobody polls any more (a poll interval and then some).
      const after = requestCount(suite, cluster);
      await sleep(6_000);
      expect(requestCount(suite, cluster)).toBe(after);
    }));
});
