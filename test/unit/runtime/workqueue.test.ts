import { flushMicrotasks } from '../../helpers/fake-timers.js';
import { setup } from '../../helpers/workqueue-harness.js';

describe('WorkQueue', () => {
  test('a key added while it is processing is not run concurrently, and runs exactly once more afterwards', async () => {
    const { queue, handler } = setup();
    queue.start(handler.fn, 4);
    queue.add('ns/a');
    await flushMicrotasks();
    expect(handler.inFlight()).toEqual(['ns/a']);

    queue.add('ns/a');
    queue.add('ns/a'); // several adds during processing coalesce into one rerun
    await flushMicrotasks();
    expect(handler.inFlight()).toEqual(['ns/a']);
    expect(handler.calls).toEqual(['ns/a']);

    await handler.finish('ns/a');
    expect(handler.calls).toEqual(['ns/a', 'ns/a']);
    await handler.finish('ns/a');
    expect(handler.calls).toEqual(['ns/a', 'ns/a']);
    expect(queue.depth()).toBe(0);
  });

  test('adding a key that is already waiting is a no-op (coalescing)', async () => {
    const { queue, handler } = setup();
    queue.add('ns/a');
    queue.add('ns/b');
    queue.add('ns/a');
    expect(queue.depth()).toBe(2);
    queue.start(handler.fn, 1);
    await flushMicrotasks();
    await handler.finish('ns/a');
    await handler.finish('ns/b');
    expect(handler.calls).toEqual(['ns/a', 'ns/b']);
  });

  test('addAfter: the earliest pending deadline wins, a later one does not postpone it', async () => {
    const { queue, handler, timers } = setup();
    queue.start(handler.fn, 1);
    queue.addAfter('ns/a', 10_000);
    queue.addAfter('ns/a', 30_000); // later: ignored
    await timers.advance(9_999);
    expect(handler.calls).toEqual([]);
    await timers.advance(1);
    expect(handler.calls).toEqual(['ns/a']);
    await handler.finish('ns/a');
    await timers.advance(60_000);
    expect(handler.calls).toEqual(['ns/a']); // the 30 s request did not survive as a second timer
  });

  test('addAfter: an earlier deadline replaces a later pending one', async () => {
    const { queue, handler, timers } = setup();
    queue.start(handler.fn, 1);
    queue.addAfter('ns/a', 30_000);
    queue.addAfter('ns/a', 5_000);
    await timers.advance(5_000);
    expect(handler.calls).toEqual(['ns/a']);
    await handler.finish('ns/a');
    await timers.advance(60_000);
    expect(handler.calls).toEqual(['ns/a']);
  });

  test('a key that starts processing drops its pending timer; the result decides the next run', async () => {
    const { queue, handler, timers } = setup();
    queue.start(handler.fn, 1);
    queue.addAfter('ns/a', 10_000);
    queue.add('ns/a'); // e.g. a watch event
    await flushMicrotasks();
    await handler.finish('ns/a', { requeueAfterMs: 30_000 });
    await timers.advance(29_999);
    expect(handler.calls).toEqual(['ns/a']); // not re-run at 10 s
    await timers.advance(1);
    expect(handler.calls).toEqual(['ns/a', 'ns/a']);
  });

  test('requeueAfterMs from the handler requeues the key after that delay', async () => {
    const { queue, handler, timers } = setup();
    queue.start(handler.fn, 1);
    queue.add('ns/a');
    await flushMicrotasks();
    await handler.finish('ns/a', { requeueAfterMs: 30_000 });
    expect(queue.depth()).toBe(0);
    await timers.advance(30_000);
    expect(handler.calls).toEqual(['ns/a', 'ns/a']);
  });

  test('failures back off exponentially per key, capped by the backoff function, and forget resets', async () => {
    const { queue, handler, timers } = setup({ backoff: (attempt) => Math.min(8_000, 1_000 * 2 ** attempt) });
    queue.start(handler.fn, 1);
    queue.add('ns/a');
    await flushMicrotasks();
    const runTimes: number[] = [timers.nowMillis()];
    const start = timers.nowMillis();
    for (let i = 0; i < 5; i++) {
      await handler.finish('ns/a', { error: 'rateLimited' });
      const before = handler.calls.length;
      while (handler.calls.length === before) await timers.advance(500);
      runTimes.push(timers.nowMillis() - start);
    }
    const gaps = runTimes.slice(1).map((t, i) => t - (i === 0 ? 0 : (runTimes[i] as number)));
    // 1 s, 2 s, 4 s, 8 s, then capped at 8 s
    expect(gaps).toEqual([1_000, 2_000, 4_000, 8_000, 8_000]);
    expect(queue.retries('ns/a')).toBe(5);

    // A success forgets the failures: the next failure starts from the base delay again.
    await handler.finish('ns/a', {});
    expect(queue.retries('ns/a')).toBe(0);
    queue.add('ns/a');
    await flushMicrotasks();
    await handler.finish('ns/a', { error: 'rateLimited' });
    await timers.advance(999);
    expect(handler.calls).toHaveLength(7);
    await timers.advance(1);
    expect(handler.calls).toHaveLength(8);
  });

  test('backoff is per key: one failing key does not delay another', async () => {
    const { queue, handler, timers } = setup();
    queue.start(handler.fn, 2);
    queue.add('ns/bad');
    queue.add('ns/good');
    await flushMicrotasks();
    for (let i = 0; i < 3; i++) queue.addRateLimited('ns/bad'); // pretend 3 earlier failures
    expect(queue.retries('ns/bad')).toBe(3);
    expect(queue.retries('ns/good')).toBe(0);
    await handler.finish('ns/good', { error: 'rateLimited' });
    await timers.advance(1_000);
    expect(handler.calls.filter((k) => k === 'ns/good')).toHaveLength(2);
  });

  test('a thrown handler error is reported and the key retried with backoff', async () => {
    const { queue, handler, timers, errors } = setup();
    queue.start(handler.fn, 1);
    queue.add('ns/a');
    await flushMicrotasks();
    const boom = new Error('boom');
    await handler.fail('ns/a', boom);
    expect(errors).toEqual([['ns/a', boom]]);
    expect(queue.retries('ns/a')).toBe(1);
    await timers.advance(1_000);
    expect(handler.calls).toEqual(['ns/a', 'ns/a']);
  });

  test('never runs more than `concurrency` handlers at once, and runs waiting keys in order', async () => {
    const { queue, handler } = setup();
    queue.start(handler.fn, 2);
    for (const k of ['a', 'b', 'c', 'd', 'e']) queue.add(k);
    await flushMicrotasks();
    expect(handler.inFlight()).toEqual(['a', 'b']);
    expect(queue.depth()).toBe(3);
    await handler.finish('b');
    expect(handler.inFlight()).toEqual(['a', 'c']);
    await handler.finish('a');
    await handler.finish('c');
    await handler.finish('d');
    await handler.finish('e');
    expect(handler.calls).toEqual(['a', 'b', 'c', 'd', 'e']);
    expect(handler.maxActive).toBe(2);
  });

  test('depth counts waiting keys only and reports changes', async () => {
    const { queue, handler, depths, timers } = setup();
    queue.add('a');
    queue.add('b');
    queue.addAfter('c', 1_000);
    expect(queue.depth()).toBe(2); // delayed keys are not waiting yet
    queue.start(handler.fn, 1);
    await flushMicrotasks();
    expect(queue.depth()).toBe(1);
    await timers.advance(1_000);
    expect(queue.depth()).toBe(2);
    expect(depths).toEqual([1, 2, 1, 2]);
  });

  test('remove drops the waiting entry, the pending timer and the backoff', async () => {
    const { queue, handler, timers } = setup();
    queue.add('ns/waiting');
    queue.addAfter('ns/delayed', 5_000);
    queue.addRateLimited('ns/failing');
    queue.remove('ns/waiting');
    queue.remove('ns/delayed');
    queue.remove('ns/failing');
    expect(queue.depth()).toBe(0);
    expect(queue.retries('ns/failing')).toBe(0);
    expect(timers.pendingCount()).toBe(0);
    queue.start(handler.fn, 1);
    await timers.advance(600_000);
    expect(handler.calls).toEqual([]);
  });

  test('remove during processing: the in-flight result does not requeue the key, and no rerun happens', async () => {
    const { queue, handler, timers } = setup();
    queue.start(handler.fn, 1);
    queue.add('ns/a');
    await flushMicrotasks();
    queue.add('ns/a'); // dirty
    queue.remove('ns/a'); // object deleted
    await handler.finish('ns/a', { requeueAfterMs: 1_000 });
    await timers.advance(60_000);
    expect(handler.calls).toEqual(['ns/a']);

    // A key re-created after removal works normally again.
    queue.add('ns/a');
    await flushMicrotasks();
    expect(handler.calls).toEqual(['ns/a', 'ns/a']);
  });

  test('shutdown refuses new work, drops waiting keys and timers, and waits for in-flight handlers', async () => {
    const { queue, handler, timers } = setup();
    queue.start(handler.fn, 1);
    queue.add('ns/a');
    queue.add('ns/b');
    queue.addAfter('ns/c', 1_000);
    await flushMicrotasks();

    let result: unknown;
    const done = queue.shutdown({ drainMs: 10_000 }).then((r) => (result = r));
    queue.add('ns/d');
    queue.addAfter('ns/e', 1);
    queue.addRateLimited('ns/f');
    expect(queue.isShuttingDown()).toBe(true);
    expect(queue.depth()).toBe(0);
    await timers.advance(5_000);
    expect(result).toBeUndefined(); // still waiting for ns/a
    await handler.finish('ns/a', { requeueAfterMs: 1 });
    await done;
    expect(result).toEqual({ drained: true, inFlight: [] });
    await timers.advance(60_000);
    expect(handler.calls).toEqual(['ns/a']);
    expect(timers.pendingCount()).toBe(0);
  });

  test('shutdown gives up after drainMs and reports the keys still in flight', async () => {
    const { queue, handler, timers } = setup();
    queue.start(handler.fn, 2);
    queue.add('ns/slow');
    await flushMicrotasks();
    let result: unknown;
    void queue.shutdown({ drainMs: 10_000 }).then((r) => (result = r));
    await timers.advance(9_999);
    expect(result).toBeUndefined();
    await timers.advance(1);
    expect(result).toEqual({ drained: false, inFlight: ['ns/slow'] });
  });

  test('start validates concurrency and may be called only once', () => {
    const { queue, handler } = setup();
    expect(() => queue.start(handler.fn, 0)).toThrow(RangeError);
    queue.start(handler.fn, 1);
    expect(() => queue.start(handler.fn, 1)).toThrow(/already started/);
  });
});
