// Leader-election timing defects of issue 17, each reproduced on fake timers: the retry rate while
// the observed lease is expired and the store keeps failing; wall-clock steps during a lease; an
// acquisition whose answer comes after the renew deadline.
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
    expect(events.attempts).toEqual(['held', ...Array<string>(14).fill('error')]);
    expect(e.isLeader()).toBe(false);
    await e.stop();
  });

  // Defect 3: lease expiry (and the renew deadline) were measured on the wall clock, so a
  // clock step moved them. Durations must come from the monotonic clock; only what is written
  // into the Lease (acquireTime, renewTime) is wall-clock time.
  describe('a wall-clock step of ±30 s during a lease changes nothing', () => {
    test('backwards: a dead leader is still taken over at the first retry after 15 s', async () => {
      const timers = new FakeTimers();
      const store = new FakeLeaseStore();
      store.overwrite({ holderIdentity: 'dead', leaseDurationSeconds: 15, leaseTransitions: 0 });
      const { e, events } = elector(store, timers, 'b'); // retries every 2 s exactly
      const start = timers.monotonicMs();
      e.start();
      await timers.advance(5_000);
      timers.stepWallClock(-30_000);
      await timers.advance(10_999);
      expect(e.isLeader()).toBe(false);
      await timers.advance(1);
      expect(e.isLeader()).toBe(true); // 16 s after first sight, on the monotonic clock
      expect(timers.monotonicMs() - start).toBe(16_000);
      expect(events.started).toHaveLength(1);
      expect(store.lease?.record.renewTime).toEqual(timers.now()); // written in wall-clock time
      await e.stop();
    });

    test('forwards: a live lease does not look expired before 15 s have passed', async () => {
      const timers = new FakeTimers();
      const store = new FakeLeaseStore();
      store.overwrite({ holderIdentity: 'live', leaseDurationSeconds: 15, leaseTransitions: 0 });
      const { e } = elector(store, timers, 'b');
      e.start();
      await timers.advance(3_000);
      timers.stepWallClock(30_000);
      await timers.advance(11_999); // 14.999 s after the candidate first saw the record
      expect(e.isLeader()).toBe(false);
      expect(store.lease?.record.holderIdentity).toBe('live');
      await e.stop();
    });

    test('forwards during a renewal: the leader keeps leading (its renew deadline is not used up)', async () => {
      const timers = new FakeTimers();
      const store = new FakeLeaseStore();
      const { e, events } = elector(store, timers, 'a');
      e.start();
      await flushMicrotasks();
      const get = store.get.bind(store);
      store.get = () => {
        store.get = get;
        timers.stepWallClock(30_000); // the step happens while the renewal is in flight
        return get();
      };
      await timers.advance(2_001); // the renewal at 2 s, plus a moment for a deadline to fire
      expect(e.isLeader()).toBe(true);
      expect(events.stopped).toEqual([]);
      await e.stop();
    });
  });

  // Defect 5 (second part): an acquisition answered after the renew deadline started leading
  // and, the deadline being already past, stopped at once: workers started, then the process
  // exited with "lost leadership".
  test('an acquisition answered after the renew deadline does not start leading; the next quick attempt does', async () => {
    const timers = new FakeTimers();
    const store = new FakeLeaseStore();
    const { e, events } = elector(store, timers, 'b'); // retries every 2 s exactly
    const get = store.get.bind(store);
    store.get = () => {
      store.get = get; // only the first read is slow
      return new Promise((resolve, reject) => timers.setTimeout(() => get().then(resolve, reject), 11_000));
    };
    const start = timers.monotonicMs();
    e.start();
    await timers.advance(11_000); // the lease is written as ours 11 s after the attempt began
    expect(store.lease?.record.holderIdentity).toBe('b');
    expect(events.started).toEqual([]);
    expect(events.stopped).toEqual([]);
    expect(e.isLeader()).toBe(false);
    await timers.advance(2_000); // next attempt: a quick renewal of the lease it holds
    expect(e.isLeader()).toBe(true);
    expect(events.started).toEqual([start + 13_000]);
    expect(events.stopped).toEqual([]);
    await e.stop();
  });
});
