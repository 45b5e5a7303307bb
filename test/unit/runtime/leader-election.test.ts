import { hostname } from 'node:os';
import { defaultIdentity, LeaderElector } from '../../../src/runtime/leader-election.js';
import { FakeTimers, flushMicrotasks } from '../../helpers/fake-timers.js';
import { elector, FakeLeaseStore } from '../../helpers/fake-lease-store.js';

describe('LeaderElector', () => {
  test('acquires a missing lease at once and writes a complete record', async () => {
    const timers = new FakeTimers();
    const store = new FakeLeaseStore();
    const { e, events } = elector(store, timers, 'a');
    e.start();
    await flushMicrotasks();
    expect(e.isLeader()).toBe(true);
    expect(events.started).toEqual([timers.nowMillis()]);
    expect(store.lease?.record).toEqual({
      holderIdentity: 'a',
      leaseDurationSeconds: 15,
      acquireTime: timers.now(),
      renewTime: timers.now(),
      leaseTransitions: 0,
    });
    await e.stop();
  });

  test('renews every retry period, keeping acquireTime and transitions', async () => {
    const timers = new FakeTimers();
    const store = new FakeLeaseStore();
    const { e } = elector(store, timers, 'a');
    e.start();
    await flushMicrotasks();
    const acquired = store.lease?.record.acquireTime;
    await timers.advance(2_000);
    expect(store.lease?.record.renewTime).toEqual(timers.now());
    expect(store.lease?.record.acquireTime).toEqual(acquired);
    await timers.advance(2_000);
    expect(store.writes).toBe(3);
    expect(store.lease?.record.leaseTransitions).toBe(0);
    await e.stop();
  });

  test('only one of two candidates leads while the leader keeps renewing', async () => {
    const timers = new FakeTimers();
    const store = new FakeLeaseStore();
    const a = elector(store, timers, 'a');
    const b = elector(store, timers, 'b', () => 0.5);
    a.e.start();
    await flushMicrotasks();
    b.e.start();
    for (let i = 0; i < 60; i++) {
      await timers.advance(1_000);
      expect([a.e.isLeader(), b.e.isLeader()]).toEqual([true, false]);
    }
    expect(b.events.started).toEqual([]);
    await Promise.all([a.e.stop(), b.e.stop()]);
  });

  test('the leader stops leading when no renewal succeeds within the renew deadline', async () => {
    const timers = new FakeTimers();
    const store = new FakeLeaseStore();
    const { e, events } = elector(store, timers, 'a');
    e.start();
    await flushMicrotasks();
    await timers.advance(2_000); // last successful renewal at t0 + 2 s
    const lastRenewal = timers.nowMillis();
    store.mode = 'fail';
    await timers.advance(9_999);
    expect(e.isLeader()).toBe(true); // failed renewals alone are tolerated until the deadline
    expect(events.errors.length).toBeGreaterThan(0);
    await timers.advance(1);
    expect(e.isLeader()).toBe(false);
    expect(events.stopped).toEqual([
      { at: lastRenewal + 10_000, reason: expect.stringMatching(/renew deadline/) },
    ]);
    await e.done();
  });

  test('a renewal that hangs does not keep the leader leading past the deadline', async () => {
    const timers = new FakeTimers();
    const store = new FakeLeaseStore();
    const { e, events } = elector(store, timers, 'a');
    e.start();
    await flushMicrotasks();
    const acquiredAt = timers.nowMillis();
    store.mode = 'hang';
    await timers.advance(10_000);
    expect(events.stopped.map((s) => s.at)).toEqual([acquiredAt + 10_000]);
    expect(e.isLeader()).toBe(false);
  });

  test('the leader steps down at once when the lease shows another holder', async () => {
    const timers = new FakeTimers();
    const store = new FakeLeaseStore();
    const { e, events } = elector(store, timers, 'a');
    e.start();
    await flushMicrotasks();
    store.overwrite({ holderIdentity: 'intruder', leaseDurationSeconds: 15, leaseTransitions: 1 });
    await timers.advance(2_000);
    expect(e.isLeader()).toBe(false);
    expect(events.stopped).toEqual([{ at: timers.nowMillis(), reason: expect.stringMatching(/intruder/) }]);
  });

  test('a candidate takes over a lease that has not changed for leaseDuration on its own clock', async () => {
    const timers = new FakeTimers();
    const store = new FakeLeaseStore();
    // The record claims a renewal far in the past (a skewed clock elsewhere); that must not matter:
    // the candidate measures from when it first saw this version of the record.
    store.overwrite({
      holderIdentity: 'crashed',
      leaseDurationSeconds: 15,
      renewTime: new Date('2000-01-01T00:00:00Z'),
      leaseTransitions: 4,
    });
    const { e, events } = elector(store, timers, 'b');
    const firstSeen = timers.nowMillis();
    e.start();
    await timers.advance(15_999);
    expect(e.isLeader()).toBe(false);
    await timers.advance(1);
    // taken at the first retry tick after expiry (2 s retries: 16 s) — like client-go, the
    // candidate does not wake up early at the expiry itself (issue 17 defect 2)
    expect(e.isLeader()).toBe(true);
    expect(events.started).toEqual([firstSeen + 16_000]);
    expect(store.lease?.record).toMatchObject({ holderIdentity: 'b', leaseTransitions: 5 });
    await e.stop();
  });

  test('a changed record restarts the candidate’s expiry clock', async () => {
    const timers = new FakeTimers();
    const store = new FakeLeaseStore();
    store.overwrite({ holderIdentity: 'other', leaseDurationSeconds: 15, leaseTransitions: 0 });
    const { e } = elector(store, timers, 'b');
    e.start();
    await timers.advance(10_000);
    store.overwrite({ holderIdentity: 'other', leaseDurationSeconds: 15, leaseTransitions: 0 }); // a renewal
    await timers.advance(10_000); // 20 s after first sight, but only ~10 s after the renewal
    expect(e.isLeader()).toBe(false);
    await timers.advance(8_000);
    expect(e.isLeader()).toBe(true);
    await e.stop();
  });

  test('release() hands the lease over: holder cleared, 1 s duration, the other candidate takes it at its next try', async () => {
    const timers = new FakeTimers();
    const store = new FakeLeaseStore();
    const a = elector(store, timers, 'a');
    const b = elector(store, timers, 'b');
    a.e.start();
    await flushMicrotasks();
    b.e.start();
    await timers.advance(5_000);
    await a.e.release();
    expect(store.lease?.record).toMatchObject({ holderIdentity: '', leaseDurationSeconds: 1 });
    expect(a.events.stopped).toEqual([]); // release is caller-initiated: no "lost" callback
    expect(a.e.isLeader()).toBe(false);
    const releasedAt = timers.nowMillis();
    await timers.advance(2_000);
    expect(b.e.isLeader()).toBe(true);
    expect(b.events.started[0]! - releasedAt).toBeLessThanOrEqual(2_000);
    expect(store.lease?.record).toMatchObject({ holderIdentity: 'b', leaseTransitions: 1 });
    await b.e.stop();
  });

  test('release() by a non-leader leaves the lease alone', async () => {
    const timers = new FakeTimers();
    const store = new FakeLeaseStore();
    const a = elector(store, timers, 'a');
    const b = elector(store, timers, 'b');
    a.e.start();
    await flushMicrotasks();
    b.e.start();
    await flushMicrotasks();
    await b.e.release();
    expect(store.lease?.record.holderIdentity).toBe('a');
    await a.e.stop();
  });

  test('stop() ends campaigning without writing the lease or calling onStoppedLeading', async () => {
    const timers = new FakeTimers();
    const store = new FakeLeaseStore();
    const { e, events } = elector(store, timers, 'a');
    e.start();
    await flushMicrotasks();
    const writes = store.writes;
    await e.stop();
    await timers.advance(30_000);
    expect(store.writes).toBe(writes);
    expect(events.stopped).toEqual([]);
    expect(timers.pendingCount()).toBe(0);
  });

  test('a conflicting write while acquiring is an error for this round, not a crash', async () => {
    const timers = new FakeTimers();
    const store = new FakeLeaseStore();
    store.overwrite({ holderIdentity: '', leaseDurationSeconds: 1, leaseTransitions: 2 });
    const update = store.update.bind(store);
    let first = true;
    store.update = async (record, rv) => {
      if (first) {
        first = false;
        store.overwrite({ holderIdentity: 'racer', leaseDurationSeconds: 15, leaseTransitions: 3 });
      }
      return update(record, rv);
    };
    const { e, events } = elector(store, timers, 'b');
    e.start();
    await flushMicrotasks();
    expect(e.isLeader()).toBe(false);
    expect(events.errors).toHaveLength(1);
    await timers.advance(10_000);
    expect(e.isLeader()).toBe(false); // racer's fresh lease is respected
    await e.stop();
  });

  test('rejects timings that cannot work', () => {
    const store = new FakeLeaseStore();
    const base = { store, identity: 'x', onStartedLeading: () => {}, onStoppedLeading: () => {} };
    expect(() => new LeaderElector({ ...base, leaseDurationMs: 10_000, renewDeadlineMs: 10_000 })).toThrow(
      RangeError,
    );
    expect(() => new LeaderElector({ ...base, renewDeadlineMs: 2_000, retryPeriodMs: 2_000 })).toThrow(
      RangeError,
    );
  });

  test('defaultIdentity is hostname_pid_random, distinct per random draw', () => {
    expect(defaultIdentity(() => 0.5)).toBe(`${hostname()}_${process.pid}_7fffffff`);
    expect(defaultIdentity(() => 0)).toBe(`${hostname()}_${process.pid}_00000000`);
  });
});
