// The ordered stop under main.ts's shutdown timeout, on fake timers: whatever the polls and the
// Event flush do, the Lease must be released before the process exits.
import { EventEmitter } from 'node:events';
import {
  SHUTDOWN_BUDGET,
  SHUTDOWN_TIMEOUT_MS,
  stopInOrder,
  type StoppableParts,
} from '../../../src/runtime/ordered-stop.js';
import { installShutdownHandlers } from '../../../src/runtime/signals.js';
import { WorkQueue } from '../../../src/runtime/workqueue.js';
import { FakeTimers, flushMicrotasks } from '../../helpers/fake-timers.js';

interface Timeline {
  releasedAt?: number;
  closedAt?: number;
  exitedAt?: number;
  warnings: string[];
}

/** An operator with one poll in flight for `pollMs`, an Event flush that uses all the time it
 *  is given, and a Lease release that takes `releaseMs`; SIGTERM runs the stop under main.ts's
 *  timeout. */
async function shutdownWith(opts: { pollMs: number; releaseMs: number; releaseFails?: boolean }) {
  const timers = new FakeTimers();
  const start = timers.monotonicMs();
  const at = (): number => timers.monotonicMs() - start;
  const timeline: Timeline = { warnings: [] };
  const queue = new WorkQueue({ monotonic: timers, timers });
  queue.start(() => new Promise((resolve) => timers.setTimeout(() => resolve({}), opts.pollMs)), 1);
  queue.add('ns/slow');
  await flushMicrotasks();
  const parts: StoppableParts = {
    stopInformer: () => {},
    drainQueue: (drainMs) => queue.shutdown({ drainMs }),
    flushEvents: (ms) => new Promise((resolve) => timers.setTimeout(() => resolve(false), ms)),
    abortPolls: () => {},
    releaseLease: () =>
      new Promise((resolve, reject) =>
        timers.setTimeout(() => {
          if (opts.releaseFails) {
            reject(new Error('connect ECONNREFUSED'));
            return;
          }
          timeline.releasedAt = at();
          resolve();
        }, opts.releaseMs),
      ),
    closeServers: async () => void (timeline.closedAt = at()),
    warn: (_obj, msg) => void timeline.warnings.push(msg),
  };
  const source = new EventEmitter();
  installShutdownHandlers({
    steps: [
      {
        name: 'operator',
        run: () => stopInOrder(parts, { timers, monotonic: timers }),
        timeoutMs: SHUTDOWN_TIMEOUT_MS,
      },
    ],
    source,
    timers,
    exit: () => void (timeline.exitedAt = at()),
    logger: { info: () => {}, error: () => {} },
  });
  source.emit('SIGTERM');
  await timers.advance(20_000);
  return timeline;
}

describe('stopInOrder', () => {
  // Defect 5 of issue 17: the drain (up to 8 s) and the Event flush (up to 2 s) could use up
  // more than main.ts's 9.5 s, which then exited without releasing the Lease, and the next
  // leader waited out the whole lease (up to 15 s).
  test('with an 8 s poll in flight and a slow Event flush, the Lease is released before the process exits', async () => {
    const timeline = await shutdownWith({ pollMs: 8_000, releaseMs: 300 });
    expect(timeline.releasedAt).toBeDefined();
    expect(timeline.closedAt).toBeDefined();
    expect(timeline.exitedAt).toBeLessThanOrEqual(SHUTDOWN_TIMEOUT_MS);
    expect(timeline.releasedAt!).toBeLessThanOrEqual(timeline.exitedAt!);
  });

  test('a Lease release that hangs (apiserver gone) still lets the servers close and the stop end within its budget', async () => {
    const timeline = await shutdownWith({ pollMs: 1_000, releaseMs: Number.POSITIVE_INFINITY });
    expect(timeline.releasedAt).toBeUndefined();
    expect(timeline.closedAt).toBe(SHUTDOWN_BUDGET.totalMs - SHUTDOWN_BUDGET.closeMs);
    expect(timeline.exitedAt).toBe(timeline.closedAt); // the stop ended by itself, not by main.ts's timeout
    expect(timeline.warnings).toContainEqual(expect.stringMatching(/Lease was not released in time/));
  });

  test('time a quick drain leaves unused passes on to the Event flush, and the release keeps its reserve', async () => {
    const timeline = await shutdownWith({ pollMs: 100, releaseMs: 300 });
    // the flush (this fake always takes all it is given) gets everything up to the release's reserve
    expect(timeline.releasedAt).toBe(
      SHUTDOWN_BUDGET.totalMs - SHUTDOWN_BUDGET.leaseReleaseMs - SHUTDOWN_BUDGET.closeMs + 300,
    );
    expect(timeline.warnings).toEqual(['Events still being written were abandoned at shutdown']);
  });

  test('a Lease release that fails still lets the servers close', async () => {
    const timeline = await shutdownWith({ pollMs: 100, releaseMs: 50, releaseFails: true });
    expect(timeline.releasedAt).toBeUndefined();
    expect(timeline.closedAt).toBeDefined();
    expect(timeline.warnings).toContainEqual(expect.stringMatching(/Lease could not be released/));
  });
});
