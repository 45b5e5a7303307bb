// A work queue of object keys (namespace/name), modelled on client-go's rate-limited delaying
// queue. Guarantees:
//  - exclusivity: a key is never handled twice at once; an add while it is being handled marks it
//    dirty and it runs once more afterwards;
//  - coalescing: adding a key that is already waiting is a no-op;
//  - delayed adds use one timer per key and the earliest deadline wins; a key that starts
//    processing drops its timer (the reconcile it stood for is happening now, and its result
//    decides the next requeue);
//  - per-key backoff for failures (addRateLimited), reset by forget().
// The handler's ReconcileResult is applied by the queue, so reconcilers never sleep or loop.
import { fullJitterBackoff, RECONCILE_BACKOFF, type Backoff } from './backoff.js';
import {
  systemMonotonic,
  systemTimers,
  type MonotonicClock,
  type TimerHandle,
  type Timers,
} from './clock.js';

export interface ReconcileResult {
  /** Reconcile again after this delay (resets the key's failure backoff). */
  requeueAfterMs?: number;
  /** The reconcile failed in a way that should be retried with per-key backoff. */
  error?: 'rateLimited';
}

type ReconcileHandler = (key: string) => Promise<ReconcileResult | void>;

interface WorkQueueOptions {
  /** Delayed-add deadlines are compared on this (default performance.now()): a wall-clock
   *  step must not make an earlier deadline look later than a pending one. */
  monotonic?: MonotonicClock;
  timers?: Timers;
  /** Delay for the n-th consecutive failure of a key (default: full jitter, 5 s doubling, cap 5 min). */
  backoff?: Backoff;
  /** Called when a handler throws (the key is retried with backoff). */
  onHandlerError?: (key: string, err: unknown) => void;
  /** Called whenever the number of waiting keys changes (for the workqueue_depth gauge). */
  onDepthChange?: (depth: number) => void;
}

export interface ShutdownResult {
  /** True when every in-flight handler finished within drainMs. */
  drained: boolean;
  /** Keys still being handled when shutdown returned. */
  inFlight: string[];
}

interface DelayedAdd {
  at: number;
  handle: TimerHandle;
}

export class WorkQueue {
  private readonly monotonic: MonotonicClock;
  private readonly timers: Timers;
  private readonly backoff: Backoff;
  private readonly onHandlerError: (key: string, err: unknown) => void;
  private readonly onDepthChange: (depth: number) => void;

  /** Keys waiting to be handled, in order; never contains a key that is processing. */
  private readonly waiting: string[] = [];
  /** Keys that need handling: waiting, or processing and added again meanwhile. */
  private readonly dirty = new Set<string>();
  private readonly processing = new Set<string>();
  /** Processing keys removed meanwhile: their handler's result must not requeue them. */
  private readonly removedWhileProcessing = new Set<string>();
  private readonly delayed = new Map<string, DelayedAdd>();
  private readonly failures = new Map<string, number>();

  private handler: ReconcileHandler | undefined;
  private concurrency = 0;
  private stopping = false;
  private idleWaiters: Array<() => void> = [];
  private lastDepth = 0;

  constructor(opts: WorkQueueOptions = {}) {
    this.monotonic = opts.monotonic ?? systemMonotonic;
    this.timers = opts.timers ?? systemTimers;
    this.backoff = opts.backoff ?? fullJitterBackoff(RECONCILE_BACKOFF);
    this.onHandlerError = opts.onHandlerError ?? (() => {});
    this.onDepthChange = opts.onDepthChange ?? (() => {});
  }

  /** Queues the key for handling now (no-op when it is already waiting or after shutdown). */
  add(key: string): void {
    if (this.stopping) return;
    this.removedWhileProcessing.delete(key);
    if (this.dirty.has(key)) return;
    this.dirty.add(key);
    if (this.processing.has(key)) return; // re-queued when its handler finishes
    this.waiting.push(key);
    this.depthChanged();
    this.dispatch();
  }

  /** Queues the key after `ms`; if a timer for the key is already pending, the earlier one wins. */
  addAfter(key: string, ms: number): void {
    if (this.stopping) return;
    if (ms <= 0) {
      this.add(key);
      return;
    }
    this.removedWhileProcessing.delete(key);
    // Already waiting and not processing: it will run sooner than any timer.
    if (this.dirty.has(key) && !this.processing.has(key)) return;
    const at = this.monotonic.monotonicMs() + ms;
    const existing = this.delayed.get(key);
    if (existing && existing.at <= at) return;
    if (existing) this.timers.clearTimeout(existing.handle);
    const handle = this.timers.setTimeout(() => {
      if (this.delayed.get(key)?.handle !== handle) return;
      this.delayed.delete(key);
      this.add(key);
    }, ms);
    this.delayed.set(key, { at, handle });
  }

  /** Queues the key after its backoff delay; each call counts one more consecutive failure. */
  addRateLimited(key: string): void {
    if (this.stopping) return;
    const attempt = this.failures.get(key) ?? 0;
    this.failures.set(key, attempt + 1);
    this.addAfter(key, this.backoff(attempt));
  }

  /** Resets the key's failure count, so its next addRateLimited starts from the base delay. */
  forget(key: string): void {
    this.failures.delete(key);
  }

  /** Consecutive failures counted for the key since the last forget(). */
  retries(key: string): number {
    return this.failures.get(key) ?? 0;
  }

  /** Drops every trace of the key (waiting entry, timer, backoff), e.g. when its object is deleted.
   *  A handler already running for it finishes, but its result does not requeue it. */
  remove(key: string): void {
    this.cancelDelayed(key);
    this.failures.delete(key);
    this.dirty.delete(key);
    if (this.processing.has(key)) {
      this.removedWhileProcessing.add(key);
      return;
    }
    const index = this.waiting.indexOf(key);
    if (index >= 0) {
      this.waiting.splice(index, 1);
      this.depthChanged();
    }
  }

  /** Keys waiting to be handled (not counting processing keys or pending timers). */
  depth(): number {
    return this.waiting.length;
  }

  /** Keys whose handler is running now. */
  inFlight(): string[] {
    return [...this.processing];
  }

  isShuttingDown(): boolean {
    return this.stopping;
  }

  /** Starts handling keys with at most `concurrency` handlers at once. Call once. */
  start(handler: ReconcileHandler, concurrency: number): void {
    if (this.handler) throw new Error('WorkQueue already started');
    if (!Number.isInteger(concurrency) || concurrency < 1) {
      throw new RangeError(`concurrency must be a positive integer (got ${concurrency})`);
    }
    this.handler = handler;
    this.concurrency = concurrency;
    this.dispatch();
  }

  /** Stops taking work: drops waiting keys and timers, refuses new adds, and waits up to
   *  `drainMs` for in-flight handlers. Their results are not applied. */
  async shutdown(opts: { drainMs: number }): Promise<ShutdownResult> {
    this.stopping = true;
    for (const key of [...this.delayed.keys()]) this.cancelDelayed(key);
    this.waiting.length = 0;
    this.dirty.clear();
    this.depthChanged();
    if (this.processing.size > 0) {
      await new Promise<void>((resolve) => {
        const wake = (): void => {
          this.timers.clearTimeout(handle);
          this.idleWaiters = this.idleWaiters.filter((w) => w !== wake);
          resolve();
        };
        const handle = this.timers.setTimeout(wake, opts.drainMs);
        this.idleWaiters.push(wake);
      });
    }
    return { drained: this.processing.size === 0, inFlight: this.inFlight() };
  }

  private dispatch(): void {
    const handler = this.handler;
    if (!handler) return;
    while (!this.stopping && this.processing.size < this.concurrency && this.waiting.length > 0) {
      const key = this.waiting.shift() as string;
      this.dirty.delete(key);
      this.cancelDelayed(key);
      this.processing.add(key);
      void this.runOne(handler, key);
    }
    this.depthChanged();
  }

  private async runOne(handler: ReconcileHandler, key: string): Promise<void> {
    let result: ReconcileResult | void = undefined;
    let failed = false;
    try {
      result = await handler(key);
    } catch (err) {
      failed = true;
      this.onHandlerError(key, err);
    }
    // The result is applied while the key still counts as processing (controller-runtime:
    // AddRateLimited/AddAfter before Done): a 0 ms requeue then only marks it dirty, and the
    // step below queues it exactly once. Applied after leaving `processing`, a 0 ms requeue
    // would queue it and the dirty check a second time: two handlers for one key at once.
    const removed = this.removedWhileProcessing.delete(key);
    if (!this.stopping && !removed) {
      if (failed || result?.error === 'rateLimited') {
        this.addRateLimited(key);
      } else {
        this.forget(key);
        if (result?.requeueAfterMs !== undefined) this.addAfter(key, result.requeueAfterMs);
      }
    }
    this.processing.delete(key);
    if (!this.stopping && this.dirty.has(key)) this.waiting.push(key);
    if (this.processing.size === 0) for (const wake of [...this.idleWaiters]) wake();
    this.dispatch();
  }

  private cancelDelayed(key: string): void {
    const pending = this.delayed.get(key);
    if (!pending) return;
    this.timers.clearTimeout(pending.handle);
    this.delayed.delete(key);
  }

  private depthChanged(): void {
    if (this.waiting.length === this.lastDepth) return;
    this.lastDepth = this.waiting.length;
    this.onDepthChange(this.lastDepth);
  }
}
