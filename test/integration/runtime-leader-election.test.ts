// Leader election on a real coordination.k8s.io/v1 Lease (shared kube-apiserver), with the
// production timings (lease 15 s, renew deadline 10 s, retry 2 s): only one of two electors
// leads; when the leader stops renewing the other takes over within 20 s; release() hands
// the lease over at once.
import { CoordinationV1Api, CoreV1Api, KubeConfig } from '@kubernetes/client-node';
import { defaultIdentity, LeaderElector } from '../../src/runtime/leader-election.js';
import { kubeLeaseStore } from '../../src/runtime/lease-store.js';
import { jest } from '@jest/globals';
import { SHARED_KUBECONFIG_ENV } from '../helpers/controlplane-shared.js';

// Real time against a real apiserver; jest's 5 s default is far too short.
jest.setTimeout(60_000);

async function eventually<T>(
  what: string,
  probe: () => T | undefined | false,
  timeoutMs: number,
): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = probe();
    if (value !== undefined && value !== false) return value;
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 50));
  }
}

interface Candidate {
  elector: LeaderElector;
  startedAt: number[];
  lost: string[];
  errors: unknown[];
}

let kc: KubeConfig;
const namespace = `rt-le-${Date.now().toString(36)}`;
const running: LeaderElector[] = [];

function candidate(leaseName: string): Candidate {
  const c: Candidate = {
    startedAt: [],
    lost: [],
    errors: [],
    elector: undefined as unknown as LeaderElector,
  };
  c.elector = new LeaderElector({
    store: kubeLeaseStore(kc, namespace, leaseName),
    identity: defaultIdentity(),
    onStartedLeading: () => c.startedAt.push(Date.now()),
    onStoppedLeading: (reason) => c.lost.push(reason),
    onError: (err) => c.errors.push(err),
  });
  running.push(c.elector);
  return c;
}

async function readLease(name: string) {
  return kc.makeApiClient(CoordinationV1Api).readNamespacedLease({ name, namespace });
}

/** Starts two candidates and returns [leader, follower] once one of them leads. */
async function electOne(leaseName: string): Promise<[Candidate, Candidate]> {
  const a = candidate(leaseName);
  const b = candidate(leaseName);
  a.elector.start();
  b.elector.start();
  const leader = await eventually('a leader', () => [a, b].find((c) => c.elector.isLeader()), 10_000);
  return leader === a ? [a, b] : [b, a];
}

beforeAll(async () => {
  const path = process.env[SHARED_KUBECONFIG_ENV];
  if (!path)
    throw new Error(`${SHARED_KUBECONFIG_ENV} is not set: the jest globalSetup starts the control plane`);
  kc = new KubeConfig();
  kc.loadFromFile(path);
  await kc.makeApiClient(CoreV1Api).createNamespace({ body: { metadata: { name: namespace } } });
});

afterEach(async () => {
  await Promise.all(running.splice(0).map((e) => e.stop()));
});

test('only one of two electors leads, and the Lease names it', async () => {
  const [leader, follower] = await electOne('only-one');
  // Several renewal rounds: leadership stays put and the follower never starts.
  await new Promise((r) => setTimeout(r, 5_000));
  expect(leader.elector.isLeader()).toBe(true);
  expect(follower.elector.isLeader()).toBe(false);
  expect(follower.startedAt).toEqual([]);
  const lease = await readLease('only-one');
  expect(lease.spec?.holderIdentity).toBe(leader.elector.identity);
  expect(lease.spec?.leaseDurationSeconds).toBe(15);
  expect(new Date(lease.spec?.renewTime as unknown as string).getTime()).toBeGreaterThan(Date.now() - 4_000);
  expect(leader.errors).toEqual([]);
});

test('when the leader stops renewing, the other takes over within 20 s', async () => {
  const [leader, follower] = await electOne('takeover');
  const before = await readLease('takeover');
  await leader.elector.stop(); // stops renewing; the lease is left to expire
  const stoppedAt = Date.now();
  await eventually('the follower to lead', () => follower.elector.isLeader(), 25_000);
  const tookMs = (follower.startedAt[0] as number) - stoppedAt;
  expect(tookMs).toBeLessThan(20_000);
  expect(tookMs).toBeGreaterThan(10_000); // it did wait for the lease to expire
  const after = await readLease('takeover');
  expect(after.spec?.holderIdentity).toBe(follower.elector.identity);
  expect(after.spec?.leaseTransitions).toBe((before.spec?.leaseTransitions ?? 0) + 1);
});

test('release() lets the other elector take over at once', async () => {
  const [leader, follower] = await electOne('release');
  await leader.elector.release();
  const releasedAt = Date.now();
  const released = await readLease('release').catch(() => undefined);
  // (the follower may already have taken it by the time we read)
  if (released?.spec?.holderIdentity !== follower.elector.identity) {
    expect(released?.spec?.holderIdentity ?? '').toBe('');
  }
  await eventually('the follower to lead', () => follower.elector.isLeader(), 5_000);
  expect((follower.startedAt[0] as number) - releasedAt).toBeLessThan(3_000); // one retry period (+ jitter)
  expect(leader.lost).toEqual([]);
});
