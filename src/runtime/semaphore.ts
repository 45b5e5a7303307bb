// Counting semaphore bounding concurrent cloud polls (--max-concurrent-polls; its default is
// DEFAULT_MAX_CONCURRENT_POLLS in src/config.ts).
// Waiters are served first come, first served.
import { abortReason } from './clock.js';

/** Gives the permit back; calling it more than once has no further effect. */
type Release = () => void;

interface Waiter {
  grant: (release: Release) => void;
}

export class Semaphore {
  private free: number;
  private readonly waiters: Waiter[] = [];

  constructor(readonly max: number) {
    if (!Number.isInteger(max) || max < 1) throw new RangeError(`semaphore size must be >= 1 (got ${max})`);
    this.free = max;
  }

  /** Resolves with a release function once a permit is free; rejects if `signal` aborts first. */
  acquire(signal?: AbortSignal): Promise<Release> {
    if (signal?.aborted) return Promise.reject(abortReason(signal));
    if (this.free > 0) {
      this.free -= 1;
      return Promise.resolve(this.releaser());
    }
    return new Promise((resolve, reject) => {
      const waiter: Waiter = {
        grant: (release) => {
          signal?.removeEventListener('abort', onAbort);
          resolve(release);
        },
      };
      const onAbort = (): void => {
        const index = this.waiters.indexOf(waiter);
        if (index >= 0) this.waiters.splice(index, 1);
        reject(abortReason(signal as AbortSignal));
      };
      this.waiters.push(waiter);
      signal?.addEventListener('abort', onAbort, { once: true });
    });
  }

  /** A permit now, or undefined when none is free (never waits, never jumps the queue). */
  tryAcquire(): Release | undefined {
    if (this.free === 0 || this.waiters.length > 0) return undefined;
    this.free -= 1;
    return this.releaser();
  }

  /** Runs `fn` holding a permit. */
  async run<T>(fn: () => Promise<T>, signal?: AbortSignal): Promise<T> {
    const release = await this.acquire(signal);
    try {
      return await fn();
    } finally {
      release();
    }
  }

  /** Permits free right now. */
  available(): number {
    return this.free;
  }

  /** Callers waiting for a permit. */
  waiting(): number {
    return this.waiters.length;
  }

  private releaser(): Release {
    let released = false;
    return () => {
      if (released) return;
      released = true;
      const next = this.waiters.shift();
      if (next) next.grant(this.releaser());
      else this.free += 1;
    };
  }
}
