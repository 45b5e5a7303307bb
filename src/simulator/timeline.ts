// A simulated cluster's scripted timeline: which provider-native state is in force at a moment.
// Pure arithmetic over an injected "now"; nothing here reads a real clock.

import type { ClusterState } from './types.js';

export interface TimelineEntry {
  /** How long this state stays in force; undefined only for a non-looping timeline's last entry. */
  durationMs?: number;
  state: ClusterState;
}

interface TimelinePosition {
  index: number;
  state: ClusterState;
  /** Milliseconds since the timeline (re)started. */
  elapsedMs: number;
}

/**
 * Index of the entry in force `elapsedMs` after the start: the entry whose window contains it.
 * Without `loop` the last entry persists forever; with `loop` the timeline wraps around.
 */
export function entryIndexAt(entries: readonly TimelineEntry[], loop: boolean, elapsedMs: number): number {
  if (entries.length === 0) throw new Error('a timeline needs at least one entry');
  const total = entries.reduce((sum, entry) => sum + (entry.durationMs ?? Infinity), 0);
  let offset = Math.max(0, elapsedMs);
  if (loop && Number.isFinite(total) && total > 0) offset %= total;
  let end = 0;
  for (let index = 0; index < entries.length; index++) {
    end += entries[index]?.durationMs ?? Infinity;
    if (offset < end) return index;
  }
  return entries.length - 1;
}

export class Timeline {
  private startedAtMs: number;

  constructor(
    readonly entries: readonly TimelineEntry[],
    readonly loop: boolean,
    startedAt: Date,
  ) {
    if (entries.length === 0) throw new Error('a timeline needs at least one entry');
    this.startedAtMs = startedAt.getTime();
  }

  /** A timeline that holds one state forever. */
  static fixed(state: ClusterState, now: Date): Timeline {
    return new Timeline([{ state }], false, now);
  }

  at(now: Date): TimelinePosition {
    const elapsedMs = now.getTime() - this.startedAtMs;
    const index = entryIndexAt(this.entries, this.loop, elapsedMs);
    // entryIndexAt returns a valid index for a non-empty list.
    const state = (this.entries[index] as TimelineEntry).state;
    return { index, state, elapsedMs };
  }

  restart(now: Date): void {
    this.startedAtMs = now.getTime();
  }
}
