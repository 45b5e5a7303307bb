// Leader-election timing defects of issue 17, each reproduced on fake timers: the retry rate while
// the observed lease is expired and the store keeps failing.
import { FakeTimers, flushMicrotasks } from '../../helpers/fake-timers.js';
import { elector, FakeLeaseStore } from '../../helpers/fake-lease-store.js';

/** Records the (virtual) time of every get(), i.e. of every attempt. */
function countAttempts(store: FakeLeaseStore, timers: FakeTimers): number[] {
  const at: number[] = [];
  const get = store.get.bind(store);
  store.get = () => {
    at.push(timers.nowMillis());
    return get();
  };
  return at;
}

describe('LeaderElector timing', () => {
  // Defect 2: the candidate's delay was min(jitter, time until the observed lease expires),
  // floored at 0 — once expired, every failed attempt was followed by another at once.
  test('a candidate whose attempts keep failing after the observed lease expired still waits retry period + jitter', async () => {
    const timers = new FakeTimers();
    const store = new FakeLeaseStore();
    store.overwrite({ holderIdentity: 'dead', leaseDurationSeconds: 15, leaseTransitions: 0 });
    store.failuresBeforeHang = 200; // on a hot loop, stop after 200 attempts (see FakeLeaseStore)
    const attempts = countAttempts(store, timers);
    const { e, events } = elector(store, timers, 'b', () => 0.5); // delay: 2 s + 10% × 0.5 = 2.1 s
    const start = timers.nowMillis();
    e.start();
    await flushMicrotasks(); // observes the lease held by "dead" at t0
    store.mode = 'fail'; // apiserver unreachable from now on
    await timers.advance(30_000); // lease expired at 15 s on the candidate's clock

    const expected = Array.from({ length: 15 }, (_, i) => start + i * 2_100); // 0, 2.1 … 29.4 s
    expect(attempts).toEqual(expected);
    expect(events.errors).toHaveLength(14);
    expect(e.isLeader()).toBe(false);
    await e.stop();
  });
});
