// A virtual clock + timers for unit tests: nothing fires until advance() moves time.
// advance() is async: after each due timer it lets pending promise continuations run,
// so code that awaits between timers behaves as it would in real time.
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
  private nowMs: number;
  private nextId = 1;
  private readonly pending = new Map<number, Pending>();

  constructor(start: Date | string = '2025-01-01T00:00:00Z') {
    this.nowMs = new Date(start).getTime();
  }

  now(): Date {
    return new Date(this.nowMs);
  }

  nowMillis(): number {
    return this.nowMs;
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
