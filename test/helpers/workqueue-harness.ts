// A work queue on fake timers with a handler whose calls the test finishes one by one.
import { WorkQueue, type ReconcileResult } from '../../src/runtime/workqueue.js';
import { FakeTimers, flushMicrotasks } from './fake-timers.js';

/** A handler whose calls stay pending until the test resolves them. */
export class ControlledHandler {
  readonly calls: string[] = [];
  private readonly pending: Array<{
    key: string;
    resolve: (r: ReconcileResult) => void;
    reject: (e: unknown) => void;
  }> = [];
  active = 0;
  maxActive = 0;

  readonly fn = (key: string): Promise<ReconcileResult> => {
    this.calls.push(key);
    this.active += 1;
    this.maxActive = Math.max(this.maxActive, this.active);
    return new Promise((resolve, reject) => {
      this.pending.push({
        key,
        resolve: (r) => {
          this.active -= 1;
          resolve(r);
        },
        reject: (e) => {
          this.active -= 1;
          reject(e);
        },
      });
    });
  };

  inFlight(): string[] {
    return this.pending.map((p) => p.key);
  }

  async finish(key: string, result: ReconcileResult = {}): Promise<void> {
    const index = this.pending.findIndex((p) => p.key === key);
    if (index < 0) throw new Error(`${key} is not in flight`);
    const [entry] = this.pending.splice(index, 1);
    entry?.resolve(result);
    await flushMicrotasks();
  }

  async fail(key: string, err: unknown): Promise<void> {
    const index = this.pending.findIndex((p) => p.key === key);
    if (index < 0) throw new Error(`${key} is not in flight`);
    const [entry] = this.pending.splice(index, 1);
    entry?.reject(err);
    await flushMicrotasks();
  }
}

export function setup(opts: { backoff?: (attempt: number) => number } = {}) {
  const timers = new FakeTimers();
  const depths: number[] = [];
  const errors: Array<[string, unknown]> = [];
  const queue = new WorkQueue({
    monotonic: timers,
    timers,
    backoff: opts.backoff ?? ((attempt) => 1000 * 2 ** attempt),
    onDepthChange: (d) => depths.push(d),
    onHandlerError: (key, err) => errors.push([key, err]),
  });
  const handler = new ControlledHandler();
  return { timers, queue, handler, depths, errors };
}
