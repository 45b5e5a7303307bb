// Client-side rate limiting of cloud calls: one token bucket per key (for polls
// `provider|accessKeyId|region|credential fingerprint`, docs/reference.md#rate-limits), `burst`
// tokens, refilled at `qps` per second. A caller that finds no token reserves the next one:
// acquire() waits for it (Events), reserve() returns when it is due so a reconcile can requeue
// itself for then instead of holding a worker. Either way reservations are served in order and
// the rate holds however many callers queue up. A full bucket is the
// same as a new one, so full idle buckets are dropped and the map stays small.
import { abortReason, systemClock, systemTimers, type Clock, type Timers } from './clock.js';

interface RateLimiter {
  /** Resolves when the caller may send one request for `key`; rejects if `signal` aborts first. */
  acquire(key: string, signal?: AbortSignal): Promise<void>;
}

/** The non-blocking side: a caller that must never wait (a reconcile worker) reserves instead. */
interface TokenReserver {
  /** Takes `count` tokens (default 1) for `key` now (returns 0) or reserves the next free ones
   *  and returns the ms until the last is due; the caller comes back then and goes ahead without
   *  reserving again. */
  reserve(key: string, count?: number): number;
  /** Takes one token only if one is free now (no debt, no reservation); false otherwise. */
  tryTake(key: string): boolean;
  /** Returns `count` taken but unused tokens (capped at the burst). */
  giveBack(key: string, count: number): void;
}

interface TokenBucketOptions {
  qps?: number;
  burst?: number;
  clock?: Clock;
  timers?: Timers;
  /** How often (at most) full idle buckets are swept away. */
  sweepEveryMs?: number;
}

const DEFAULT_CLOUD_QPS = 10;
const DEFAULT_CLOUD_BURST = 20;

interface Bucket {
  tokens: number;
  updatedAt: number;
  waiters: number;
}

export class TokenBucketLimiter implements RateLimiter, TokenReserver {
  private readonly qps: number;
  private readonly burst: number;
  private readonly clock: Clock;
  private readonly timers: Timers;
  private readonly sweepEveryMs: number;
  private readonly buckets = new Map<string, Bucket>();
  private lastSweep: number;

  constructor(opts: TokenBucketOptions = {}) {
    this.qps = opts.qps ?? DEFAULT_CLOUD_QPS;
    this.burst = opts.burst ?? DEFAULT_CLOUD_BURST;
    if (!(this.qps > 0) || !(this.burst >= 1)) {
      throw new RangeError(`rate limiter needs qps > 0 and burst >= 1 (got ${this.qps}, ${this.burst})`);
    }
    this.clock = opts.clock ?? systemClock;
    this.timers = opts.timers ?? systemTimers;
    this.sweepEveryMs = opts.sweepEveryMs ?? 60_000;
    this.lastSweep = this.clock.now().getTime();
  }

  acquire(key: string, signal?: AbortSignal): Promise<void> {
    if (signal?.aborted) return Promise.reject(abortReason(signal));
    const now = this.clock.now().getTime();
    this.sweep(now);
    const bucket = this.refilled(key, now);
    bucket.tokens -= 1; // take a token now, or reserve the next one
    if (bucket.tokens >= 0) return Promise.resolve();

    const waitMs = Math.ceil((-bucket.tokens * 1000) / this.qps);
    bucket.waiters += 1;
    return new Promise((resolve, reject) => {
      const onAbort = (): void => {
        this.timers.clearTimeout(handle);
        bucket.waiters -= 1;
        bucket.tokens += 1; // give the reservation back
        reject(abortReason(signal as AbortSignal));
      };
      const handle = this.timers.setTimeout(() => {
        signal?.removeEventListener('abort', onAbort);
        bucket.waiters -= 1;
        resolve();
      }, waitMs);
      signal?.addEventListener('abort', onAbort, { once: true });
    });
  }

  reserve(key: string, count = 1): number {
    const now = this.clock.now().getTime();
    this.sweep(now);
    const bucket = this.refilled(key, now);
    bucket.tokens -= count;
    return bucket.tokens >= 0 ? 0 : Math.ceil((-bucket.tokens * 1000) / this.qps);
  }

  tryTake(key: string): boolean {
    const now = this.clock.now().getTime();
    this.sweep(now);
    const bucket = this.refilled(key, now);
    if (bucket.tokens < 1) return false;
    bucket.tokens -= 1;
    return true;
  }

  giveBack(key: string, count: number): void {
    const bucket = this.refilled(key, this.clock.now().getTime());
    bucket.tokens = Math.min(this.burst, bucket.tokens + count);
  }

  /** Number of buckets held (for tests and debugging). */
  size(): number {
    return this.buckets.size;
  }

  private refilled(key: string, now: number): Bucket {
    let bucket = this.buckets.get(key);
    if (!bucket) {
      bucket = { tokens: this.burst, updatedAt: now, waiters: 0 };
      this.buckets.set(key, bucket);
      return bucket;
    }
    const elapsed = Math.max(0, now - bucket.updatedAt);
    bucket.tokens = Math.min(this.burst, bucket.tokens + (elapsed * this.qps) / 1000);
    bucket.updatedAt = now;
    return bucket;
  }

  private sweep(now: number): void {
    if (now - this.lastSweep < this.sweepEveryMs) return;
    this.lastSweep = now;
    for (const [key, bucket] of this.buckets) {
      const tokens = bucket.tokens + ((now - bucket.updatedAt) * this.qps) / 1000;
      if (bucket.waiters === 0 && tokens >= this.burst) this.buckets.delete(key);
    }
  }
}
