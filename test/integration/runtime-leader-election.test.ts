// Leader election on a real coordination.k8s.io/v1 Lease (shared kube-apiserver), with the
// production timings (lease 15 s, renew deadline 10 s, retry 2 s) on a virtual clock that only
// the test moves: the Lease reads and writes are real, time is not, so the order of events is
// checked and no test depends on how fast this machine is (takeover times are measured by
// `npm run bench:operator`). Only one of two electors leads; when the leader stops renewing the
// other takes over once the lease has expired on its clock and not before; release() hands the
// lease over at the other's next try. Each test has its own Lease and electors.
import { CoordinationV1Api, CoreV1Api, KubeConfig } from '@kubernetes/client-node';
import {
  defaultIdentity,
  LEADER_ELECTION_DEFAULTS,
  LeaderElector,
  type LeaseStore,
} from '../../src/runtime/leader-election.js';
import { kubeLeaseStore } from '../../src/runtime/lease-store.js';
import { jest } from '@jest/globals';
import { SHARED_KUBECONFIG_ENV } from '../helpers/controlplane-shared.js';
import { FakeTimers } from '../helpers/fake-timers.js';
import { eventually } from '../helpers/operator-harness.js';

// Real API calls between virtual steps; the deadlines below only guard against a hang.
jest.setTimeout(120_000);

const { leaseDurationMs, retryPeriodMs } = LEADER_ELECTION_DEFAULTS;
/** Virtual time moves in steps this long; each waits for the Lease calls it started. */
const STEP_MS = 100;

interface Candidate {
  elector: LeaderElector;
  /** Virtual times of onStartedLeading. */
  startedAt: number[];
  lost: string[];
  errors: unknown[];
}

let kc: KubeConfig;
const namespace = `rt-le-${Date.now().toString(36)}`;
const running: LeaderElector[] = [];
let clock: FakeTimers;
let inFlight = 0;

/** The real Lease store, with its calls counted so time only moves when none is running. */
function countedStore(store: LeaseStore): LeaseStore {
  const counted =
    <A extends unknown[], R>(call: (...args: A) => Promise<R>) =>
    async (...args: A): Promise<R> => {
      inFlight += 1;
      try {
        return await call(...args);
      } finally {
        inFlight -= 1;
      }
    };
  return {
    get: counted(() => store.get()),
    create: counted((record) => store.create(record)),
    update: counted((record, rv) => store.update(record, rv)),
  };
}

/** Waits (real time) until no Lease call is running and the electors' continuations ran. */
async function quiesce(): Promise<void> {
  await eventually('the Lease calls to finish', () => inFlight === 0, 10_000, 2);
  await clock.advance(0);
}

/** Moves virtual time by `ms` in steps, letting every Lease call finish after each step. */
async function drive(ms: number, stop: () => boolean = () => false): Promise<void> {
  await quiesce();
  for (let moved = 0; moved < ms && !stop(); moved += STEP_MS) {
    await clock.advance(Math.min(STEP_MS, ms - moved));
    await quiesce();
  }
}

function candidate(leaseName: string): Candidate {
  const c: Candidate = {
    startedAt: [],
    lost: [],
    errors: [],
    elector: undefined as unknown as LeaderElector,
  };
  c.elector = new LeaderElector({
    store: countedStore(kubeLeaseStore(kc, namespace, leaseName)),
    identity: defaultIdentity(),
    clock,
    monotonic: clock,
    timers: clock,
    onStartedLeading: () => c.startedAt.push(clock.nowMillis()),
    onStoppedLeading: (reason) => c.lost.push(reason),
    onError: (err) => c.errors.push(err),
  });
  running.push(c.elector);
  return c;
}

/** A failed read fails the test (it is never turned into an empty holder). */
async function readLease(name: string) {
  return kc.makeApiClient(CoordinationV1Api).readNamespacedLease({ name, namespace });
}

function renewMillis(lease: Awaited<ReturnType<typeof readLease>>): number {
  return new Date(lease.spec?.renewTime as unknown as string).getTime();
}

/** Starts two candidates and returns [leader, follower] once one of them leads. */
async function electOne(leaseName: string): Promise<[Candidate, Candidate]> {
  const a = candidate(leaseName);
  const b = candidate(leaseName);
  a.elector.start();
  b.elector.start();
  const leads = () => [a, b].some((c) => c.elector.isLeader());
  await drive(2 * retryPeriodMs, leads);
  const leader = [a, b].find((c) => c.elector.isLeader());
  if (!leader) throw new Error('no elector leads after two retry periods');
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

beforeEach(() => {
  clock = new FakeTimers(new Date());
  inFlight = 0;
});

afterEach(async () => {
  const stopping = Promise.all(running.splice(0).map((e) => e.stop()));
  await clock.advance(0);
  await stopping;
});

test('only one of two electors leads, and the Lease names it', async () => {
  const [leader, follower] = await electOne('only-one');
  // Several renewal rounds: leadership stays put and the follower never starts.
  await drive(5 * retryPeriodMs);
  expect(leader.elector.isLeader()).toBe(true);
  expect(follower.elector.isLeader()).toBe(false);
  expect(follower.startedAt).toEqual([]);
  const lease = await readLease('only-one');
  expect(lease.spec?.holderIdentity).toBe(leader.elector.identity);
  expect(lease.spec?.leaseDurationSeconds).toBe(leaseDurationMs / 1000);
  // Renewed within the last retry period (+ a step), on the electors' clock.
  expect(clock.nowMillis() - renewMillis(lease)).toBeLessThanOrEqual(retryPeriodMs + STEP_MS);
  expect(leader.errors).toEqual([]);
});

test('when the leader stops renewing, the other takes over once the lease has expired, not before', async () => {
  const [leader, follower] = await electOne('takeover');
  await drive(3 * retryPeriodMs);
  await leader.elector.stop(); // stops renewing; the lease is left to expire
  const before = await readLease('takeover');
  const lastRenew = renewMillis(before);
  expect(before.spec?.holderIdentity).toBe(leader.elector.identity);

  // Until the lease duration has passed since the last renewal, the follower must wait.
  await drive(lastRenew + leaseDurationMs - STEP_MS - clock.nowMillis());
  expect(follower.elector.isLeader()).toBe(false);
  expect(follower.startedAt).toEqual([]);

  // Then it takes over: it saw the last renewal at most one retry period (+10 % jitter) after
  // it was written, and counts the lease duration from then.
  await drive(retryPeriodMs * 1.1 + 5 * STEP_MS, () => follower.elector.isLeader());
  expect(follower.elector.isLeader()).toBe(true);
  expect(follower.startedAt[0]! - lastRenew).toBeGreaterThanOrEqual(leaseDurationMs);
  const after = await readLease('takeover');
  expect(after.spec?.holderIdentity).toBe(follower.elector.identity);
  expect(after.spec?.leaseTransitions).toBe((before.spec?.leaseTransitions ?? 0) + 1);
});

test('release() clears the holder, and the other elector takes over at its next try', async () => {
  const [leader, follower] = await electOne('release');
  await leader.elector.release();
  const releasedAt = clock.nowMillis();
  // Virtual time has not moved since the release, so the follower cannot have taken it yet:
  // the Lease shows the release itself (holder cleared, duration 1 s).
  const released = await readLease('release');
  expect(released.spec?.holderIdentity ?? '').toBe('');
  expect(released.spec?.leaseDurationSeconds).toBe(1);
  await drive(retryPeriodMs * 1.1 + 2 * STEP_MS, () => follower.elector.isLeader());
  expect(follower.elector.isLeader()).toBe(true);
  // One retry period (+10 % jitter) at most, in the electors' own time.
  expect(follower.startedAt[0]! - releasedAt).toBeLessThanOrEqual(retryPeriodMs * 1.1 + STEP_MS);
  expect(leader.lost).toEqual([]);
});
