import { Semaphore } from '../../../src/runtime/semaphore.js';
import { flushMicrotasks } from '../../helpers/fake-timers.js';

describe('Semaphore', () => {
  test('hands out at most `max` permits; waiters get them first come, first served', async () => {
    const sem = new Semaphore(2);
    const r1 = await sem.acquire();
    await sem.acquire();
    expect(sem.available()).toBe(0);
    const order: string[] = [];
    const w1 = sem.acquire().then((release) => (order.push('w1'), release));
    const w2 = sem.acquire().then((release) => (order.push('w2'), release));
    await flushMicrotasks();
    expect(order).toEqual([]);
    expect(sem.waiting()).toBe(2);
    r1();
    await flushMicrotasks();
    expect(order).toEqual(['w1']);
    (await w1)();
    await flushMicrotasks();
    expect(order).toEqual(['w1', 'w2']);
    (await w2)();
    expect(sem.available()).toBe(1);
  });

  test('releasing twice frees only one permit', async () => {
    const sem = new Semaphore(1);
    const release = await sem.acquire();
    release();
    release();
    expect(sem.available()).toBe(1);
  });

  test('run() holds a permit for the duration of fn and releases it when fn throws', async () => {
    const sem = new Semaphore(1);
    let during = -1;
    await sem.run(async () => {
      during = sem.available();
    });
    expect(during).toBe(0);
    await expect(sem.run(() => Promise.reject(new Error('x')))).rejects.toThrow('x');
    expect(sem.available()).toBe(1);
  });

  test('an aborted waiter leaves the queue and does not consume a permit', async () => {
    const sem = new Semaphore(1);
    const release = await sem.acquire();
    const controller = new AbortController();
    const waiting = sem.acquire(controller.signal);
    controller.abort(new Error('gone'));
    await expect(waiting).rejects.toThrow('gone');
    expect(sem.waiting()).toBe(0);
    release();
    expect(sem.available()).toBe(1);
    await expect(sem.acquire(controller.signal)).rejects.toThrow('gone'); // already aborted
  });

  test('rejects a size below one', () => {
    expect(() => new Semaphore(0)).toThrow(RangeError);
  });
});
