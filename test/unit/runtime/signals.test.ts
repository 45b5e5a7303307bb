import { EventEmitter } from 'node:events';
import { installShutdownHandlers, type ShutdownStep } from '../../../src/runtime/signals.js';
import { FakeTimers, flushMicrotasks } from '../../helpers/fake-timers.js';

function setup(steps: ShutdownStep[]) {
  const source = new EventEmitter();
  const timers = new FakeTimers();
  const exits: number[] = [];
  const logs: Array<[string, object, string]> = [];
  const handle = installShutdownHandlers({
    steps,
    source,
    timers,
    exit: (code) => exits.push(code),
    logger: {
      info: (obj, msg) => logs.push(['info', obj, msg]),
      error: (obj, msg) => logs.push(['error', obj, msg]),
    },
  });
  return { source, timers, exits, logs, handle };
}

describe('installShutdownHandlers', () => {
  test('SIGTERM runs the steps in order, one after another, then exits 0', async () => {
    const order: string[] = [];
    let releaseDrain: () => void = () => {};
    const { source, exits } = setup([
      { name: 'stop informer', run: () => void order.push('informer') },
      {
        name: 'drain queue',
        run: () => new Promise<void>((resolve) => (releaseDrain = () => (order.push('drain'), resolve()))),
      },
      { name: 'release lease', run: async () => void order.push('lease') },
      { name: 'close servers', run: async () => void order.push('servers') },
    ]);
    source.emit('SIGTERM');
    await flushMicrotasks();
    expect(order).toEqual(['informer']); // the lease is not released before the drain finished
    releaseDrain();
    await flushMicrotasks();
    expect(order).toEqual(['informer', 'drain', 'lease', 'servers']);
    expect(exits).toEqual([0]);
  });

  test('a failing step is logged and the rest still run', async () => {
    const ran: string[] = [];
    const { source, exits, logs } = setup([
      { name: 'a', run: () => Promise.reject(new Error('nope')) },
      { name: 'b', run: () => void ran.push('b') },
    ]);
    source.emit('SIGINT');
    await flushMicrotasks();
    expect(ran).toEqual(['b']);
    expect(logs.some(([level, obj]) => level === 'error' && (obj as { step?: string }).step === 'a')).toBe(
      true,
    );
    expect(exits).toEqual([0]);
  });

  test('a hanging step is abandoned after its timeout', async () => {
    const ran: string[] = [];
    const { source, exits, timers } = setup([
      { name: 'hang', run: () => new Promise(() => {}), timeoutMs: 10_000 },
      { name: 'next', run: () => void ran.push('next') },
    ]);
    source.emit('SIGTERM');
    await timers.advance(9_999);
    expect(ran).toEqual([]);
    await timers.advance(1);
    expect(ran).toEqual(['next']);
    expect(exits).toEqual([0]);
  });

  test('a second signal during shutdown exits at once with 1', async () => {
    const { source, exits } = setup([{ name: 'hang', run: () => new Promise(() => {}) }]);
    source.emit('SIGTERM');
    await flushMicrotasks();
    source.emit('SIGINT');
    expect(exits).toEqual([1]);
  });

  test('steps run once even if shutdown is requested twice', async () => {
    let runs = 0;
    const { handle, exits } = setup([{ name: 'count', run: () => void runs++ }]);
    await Promise.all([handle.shutdown('test'), handle.shutdown('again')]);
    expect(runs).toBe(1);
    expect(exits).toEqual([0]);
  });

  test('dispose removes the listeners', () => {
    const { source, handle } = setup([]);
    expect(source.listenerCount('SIGTERM')).toBe(1);
    handle.dispose();
    expect(source.listenerCount('SIGTERM')).toBe(0);
    expect(source.listenerCount('SIGINT')).toBe(0);
  });
});
