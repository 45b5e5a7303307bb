import { sleep } from '../../../src/runtime/clock.js';
import { FakeTimers, flushMicrotasks } from '../../helpers/fake-timers.js';

describe('sleep', () => {
  test('resolves after the given time on the injected timers', async () => {
    const timers = new FakeTimers();
    let done = false;
    void sleep(timers, 1_000).then(() => (done = true));
    await timers.advance(999);
    expect(done).toBe(false);
    await timers.advance(1);
    expect(done).toBe(true);
  });

  test('rejects with the abort reason and clears its timer when aborted', async () => {
    const timers = new FakeTimers();
    const controller = new AbortController();
    const slept = sleep(timers, 1_000, controller.signal);
    controller.abort(new Error('stop'));
    await expect(slept).rejects.toThrow('stop');
    expect(timers.pendingCount()).toBe(0);
    await expect(sleep(timers, 1, controller.signal)).rejects.toThrow('stop'); // already aborted
  });

  test('an abort without a reason rejects with an AbortError', async () => {
    const timers = new FakeTimers();
    const controller = new AbortController();
    const slept = sleep(timers, 1_000, controller.signal);
    controller.abort();
    await expect(slept).rejects.toMatchObject({ name: 'AbortError' });
  });
});

describe('FakeTimers', () => {
  test('fires due timers in time order, ties in creation order, moving now() to each', async () => {
    const timers = new FakeTimers('2025-01-01T00:00:00Z');
    const fired: string[] = [];
    timers.setTimeout(() => fired.push(`b@${timers.now().toISOString()}`), 200);
    timers.setTimeout(() => fired.push(`a@${timers.now().toISOString()}`), 100);
    timers.setTimeout(() => fired.push(`c@${timers.now().toISOString()}`), 200);
    const cleared = timers.setTimeout(() => fired.push('cleared'), 50);
    timers.clearTimeout(cleared);
    expect(timers.msUntilNext()).toBe(100);
    await timers.advance(250);
    expect(fired).toEqual([
      'a@2025-01-01T00:00:00.100Z',
      'b@2025-01-01T00:00:00.200Z',
      'c@2025-01-01T00:00:00.200Z',
    ]);
    expect(timers.now().toISOString()).toBe('2025-01-01T00:00:00.250Z');
  });

  test('timers set by a firing timer (or its promise continuations) within the window fire too', async () => {
    const timers = new FakeTimers();
    const fired: number[] = [];
    timers.setTimeout(() => {
      void Promise.resolve().then(() => timers.setTimeout(() => fired.push(timers.nowMillis()), 100));
    }, 100);
    const start = timers.nowMillis();
    await timers.advance(250);
    expect(fired).toEqual([start + 200]);
    await flushMicrotasks();
    expect(timers.pendingCount()).toBe(0);
  });
});
