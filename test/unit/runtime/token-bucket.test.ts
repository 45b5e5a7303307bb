import { TokenBucketLimiter } from '../../../src/runtime/token-bucket.js';
import { FakeTimers, flushMicrotasks } from '../../helpers/fake-timers.js';

function setup(qps = 10, burst = 20) {
  const timers = new FakeTimers();
  const limiter = new TokenBucketLimiter({ qps, burst, clock: timers, timers, sweepEveryMs: 60_000 });
  const granted: number[] = [];
  const start = timers.nowMillis();
  const take = (key: string, signal?: AbortSignal) =>
    limiter.acquire(key, signal).then(() => granted.push(timers.nowMillis() - start));
  return { timers, limiter, granted, take };
}

describe('TokenBucketLimiter', () => {
  test('allows a burst at once, then the steady rate', async () => {
    const { timers, granted, take } = setup(10, 20);
    for (let i = 0; i < 25; i++) void take('k');
    await flushMicrotasks();
    expect(granted).toHaveLength(20); // the burst
    await timers.advance(100);
    expect(granted).toHaveLength(21);
    await timers.advance(400);
    expect(granted).toHaveLength(25);
    // the five waiters were spaced 100 ms apart (10 qps)
    expect(granted.slice(20)).toEqual([100, 200, 300, 400, 500]);
  });

  test('over a long run, grants never exceed burst + qps * elapsed', async () => {
    const { timers, granted, take } = setup(5, 3);
    for (let i = 0; i < 100; i++) void take('k');
    for (let t = 0; t <= 10_000; t += 250) {
      await timers.advance(250);
      const elapsedS = (t + 250) / 1000;
      expect(granted.length).toBeLessThanOrEqual(3 + 5 * elapsedS);
    }
    expect(granted).toHaveLength(54); // 3 at once, then one every 200 ms for 10.25 s
  });

  test('tokens refill while idle, up to the burst only', async () => {
    const { timers, granted, take } = setup(10, 20);
    for (let i = 0; i < 20; i++) void take('k');
    await flushMicrotasks();
    await timers.advance(60_000); // far more than needed to refill
    for (let i = 0; i < 21; i++) void take('k');
    await flushMicrotasks();
    expect(granted).toHaveLength(40); // 20 + a full burst of 20, not more
  });

  test('each key has its own bucket', async () => {
    const { granted, take } = setup(1, 2);
    for (let i = 0; i < 3; i++) void take('alibaba|AK1|cn-hangzhou');
    for (let i = 0; i < 2; i++) void take('huawei|AK2|cn-north-4');
    await flushMicrotasks();
    expect(granted).toHaveLength(4); // 2 + 2; the third on key 1 waits
  });

  test('an aborted waiter rejects and gives its reserved token back', async () => {
    const { timers, granted, take } = setup(1, 1);
    void take('k');
    const controller = new AbortController();
    const aborted = take('k', controller.signal);
    await flushMicrotasks();
    controller.abort(new Error('shutdown'));
    await expect(aborted).rejects.toThrow('shutdown');
    await timers.advance(1_000);
    void take('k');
    await flushMicrotasks();
    // the token the aborted caller reserved (due at 1 s) went to the next caller
    expect(granted).toEqual([0, 1_000]);
    expect(timers.pendingCount()).toBe(0);
  });

  test('an already-aborted signal rejects at once without taking a token', async () => {
    const { limiter, granted, take } = setup(1, 1);
    const controller = new AbortController();
    controller.abort(new Error('early'));
    await expect(limiter.acquire('k', controller.signal)).rejects.toThrow('early');
    void take('k');
    await flushMicrotasks();
    expect(granted).toEqual([0]);
  });

  test('full idle buckets are evicted, buckets with waiters kept', async () => {
    const { timers, limiter, granted, take } = setup(1, 1);
    void take('idle');
    for (let i = 0; i < 100; i++) void take('busy'); // waiters reach 99 s into the future
    await flushMicrotasks();
    expect(limiter.size()).toBe(2);
    await timers.advance(60_000);
    void take('other'); // the next acquire sweeps
    await flushMicrotasks();
    expect(limiter.size()).toBe(2); // 'idle' (full) evicted; 'busy' (waiters) kept; 'other' new
    // the kept bucket keeps its schedule: its last waiter is served at 99 s
    await timers.advance(39_000);
    expect(granted.filter((t) => t <= 99_000)).toHaveLength(102);
    expect(Math.max(...granted)).toBe(99_000);
  });

  test('reserve(n) takes n tokens; tryTake never goes into debt; giveBack refills up to the burst', async () => {
    const { timers, limiter } = setup(10, 3);
    expect(limiter.reserve('k', 3)).toBe(0);
    expect(limiter.tryTake('k')).toBe(false); // empty: no token on credit
    expect(limiter.reserve('k', 2)).toBe(200); // the second of two more is due in 200 ms
    await timers.advance(200);
    expect(limiter.tryTake('k')).toBe(false); // both went to the reservation
    limiter.giveBack('k', 10);
    for (let i = 0; i < 3; i++) expect(limiter.tryTake('k')).toBe(true); // capped at the burst
    expect(limiter.tryTake('k')).toBe(false);
  });

  test('rejects nonsensical settings', () => {
    expect(() => new TokenBucketLimiter({ qps: 0 })).toThrow(RangeError);
    expect(() => new TokenBucketLimiter({ burst: 0 })).toThrow(RangeError);
  });
});
