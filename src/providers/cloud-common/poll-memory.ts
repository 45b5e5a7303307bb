// What a Google or Azure client remembers between polls of one watch. The reconciler connects a
// fresh client for every poll, so the memory lives beside the family, keyed by the watched
// cluster and credential. Bounded: past MAX_ENTRIES the oldest entry goes (a forgotten entry
// costs one extra request or an Idle-for-Succeeded after restart, never a wrong answer).

export const MAX_ENTRIES = 10_000;

export interface PollMemory<T> {
  get(key: string): T | undefined;
  set(key: string, value: T): void;
  size(): number;
}

export function createPollMemory<T>(maxEntries = MAX_ENTRIES): PollMemory<T> {
  const entries = new Map<string, T>();
  return {
    get: (key) => entries.get(key),
    set(key, value) {
      entries.delete(key); // re-insert: the newest write is the last evicted
      entries.set(key, value);
      if (entries.size > maxEntries) entries.delete(entries.keys().next().value!);
    },
    size: () => entries.size,
  };
}

/** Progress that never goes backwards within one upgrade: the higher of the remembered and the
 *  new figure while the upgrade id stays the same (a new id starts over). */
export function keepProgressForward(
  previous: { upgradeID?: string; progress?: number } | undefined,
  next: { upgradeID?: string; progress?: number },
): number | undefined {
  const before = previous?.upgradeID === next.upgradeID ? previous?.progress : undefined;
  if (before === undefined) return next.progress;
  return next.progress === undefined ? before : Math.max(before, next.progress);
}
