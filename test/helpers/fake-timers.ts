// A virtual clock + timers for unit tests: nothing fires until advance() moves time.
// advance() is async: after each due timer it lets pending promise continuations run,
// so code that awaits between timers behaves as it would in real time.
// Two readings, like a real machine: the wall clock (now(), nowMillis()) and a monotonic one
// (monotonicMs()). advance() moves both; stepWallClock() moves only the wall clock, as an NTP
// step or an operator's `date -s` does. Timers run on the monotonic time, as Node's do.
import type { Clock, TimerHandle, Timers } from '../../src/runtime/clock.js';

interface Pending {
  id: number;
  at: number;
  fn: () => void;
}

/** Lets every queued promise continuation (microtask) run, using one real macrotask turn. */
export function flushMicrotasks(): Promise<void> {
  return new Promise((resolve) => setImmediate(resolve));
}

export class FakeTimers implements Clock, Timers {
  /** Monotonic time: what timers fire on. */
  private nowMs: number;
  /** Wall clock minus monotonic time; changed only by stepWallClock(). */
  private wallOffsetMs = 0;
  private nextId = 1;
  private readonly pending = new Map<number, Pending>();

  constructor(start: Date | string = '2025-01-01T00:00:00Z') {
    this.nowMs = new Date(start).getTime();
  }

  now(): Date {
    return new Date(this.nowMs + this.wallOffsetMs);
  }

  /** Wall-clock milliseconds (like Date.now()). */
  nowMillis(): number {
    return this.nowMs + this.wallOffsetMs;
  }

  /** Monotonic milliseconds (like performance.now(), but starting at the wall clock's start). */
  monotonicMs(): number {
    return this.nowMs;
  }

  /** Steps the wall clock by `deltaMs` (negative: backwards); timers and monotonicMs() are unaffected. */
  stepWallClock(deltaMs: number): void {
    this.wallOffsetMs += deltaMs;
  }

  setTimeout(fn: () => void, ms: number): TimerHandle {
    const id = this.nextId++;
    this.pending.set(id, { id, at: this.nowMs + Math.max(0, ms), fn });
    return id;
  }

  clearTimeout(handle: TimerHandle): void {
    if (typeof handle === 'number') this.pending.delete(handle);
  }

  /** Number of timers that have not fired or been cleared. */
  pendingCount(): number {
    return this.pending.size;
  }

  /** Milliseconds until the earliest pending timer, or undefined when none. */
  msUntilNext(): number | undefined {
    const next = this.earliest(Number.POSITIVE_INFINITY);
    return next ? next.at - this.nowMs : undefined;
  }

  /** Moves time forward by `ms`, firing due timers in time order (ties: creation order). */
  async advance(ms: number): Promise<void> {
    const target = this.nowMs + ms;
    await flushMicrotasks();
    for (;;) {
      const next = this.earliest(target);
      if (!next) break;
      this.pending.delete(next.id);
      this.nowMs = Math.max(this.nowMs, next.at);
      next.fn();
      await flushMicrotasks();
    }
    this.nowMs = Math.max(this.nowMs, target);
    await flushMicrotasks();
  }

  private earliest(limit: number): Pending | undefined {
    let best: Pending | undefined;
    for (const p of this.pending.values()) {
      if (p.at > limit) continue;
      if (!best || p.at < best.at || (p.at === best.at && p.id < best.id)) best = p;
    }
    return best;
  }
}
