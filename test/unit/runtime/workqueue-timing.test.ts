// Work-queue defects of issue 17, each reproduced on fake timers: a 0 ms backoff requeue that
// ran one key twice at once, and delayed-add deadlines compared on the wall clock.
import type { ReconcileResult } from '../../../src/runtime/workqueue.js';
import { flushMicrotasks } from '../../helpers/fake-timers.js';
import { ControlledHandler, setup } from '../../helpers/workqueue-harness.js';

describe('WorkQueue timing', () => {
  // Defect 1 of issue 17: the failed key left `processing` before its backoff requeue, so a
  // 0 ms backoff (full jitter draws 0 about once in 5000) queued it, and then the "dirty after
  // the handler" step queued it a second time: two handlers for one key at once.
  test('a failure whose backoff comes out at 0 ms, with keys waiting, requeues the key exactly once and never runs it twice at once', async () => {
    const { queue, timers } = setup({ backoff: () => 0 });
    const handler = new ControlledHandler();
    let activeK = 0;
    let maxActiveK = 0;
    const tracked = async (key: string): Promise<ReconcileResult> => {
      if (key !== 'ns/k') return handler.fn(key);
      activeK += 1;
      maxActiveK = Math.max(maxActiveK, activeK);
      try {
        return await handler.fn(key);
      } finally {
        activeK -= 1;
      }
    };
    queue.start(tracked, 2);
    for (const key of ['ns/k', 'ns/a', 'ns/b', 'ns/c']) queue.add(key);
    await flushMicrotasks();
    expect(handler.inFlight()).toEqual(['ns/k', 'ns/a']);

    await handler.fail('ns/k', new Error('poll failed')); // backoff 0: requeued behind b and c
    expect(queue.depth()).toBe(2); // c and k (b started in k's slot); not c, k, k
    await handler.finish('ns/a');
    await handler.finish('ns/b');
    await handler.finish('ns/c');
    await timers.advance(1);
    expect(maxActiveK).toBe(1);
    await handler.finish('ns/k');
    await timers.advance(1);
    expect(handler.calls.filter((k) => k === 'ns/k')).toHaveLength(2);
    expect(handler.inFlight()).toEqual([]);
    expect(queue.depth()).toBe(0);
  });

  // Defect 3 (in the queue): a delayed add's deadline was a wall-clock time, so after a forward
  // step of the clock an earlier deadline looked later than the pending one and was dropped.
  test('after a wall-clock step forward, an earlier addAfter still replaces a later pending one', async () => {
    const { queue, handler, timers } = setup();
    queue.start(handler.fn, 1);
    queue.addAfter('ns/a', 10_000);
    timers.stepWallClock(30_000);
    queue.addAfter('ns/a', 5_000);
    await timers.advance(5_000);
    expect(handler.calls).toEqual(['ns/a']);
  });
});
