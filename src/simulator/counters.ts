// Request counters per (provider, cluster, operation), each split by outcome, so tests and the
// benchmark can assert exactly how often (and how) the operator called each simulated API.

import type { ProviderName } from '../api/types.js';

/**
 * `ok` (2xx), `rejected` (authentication refused, even when a fault then damaged the body),
 * `error` (other non-2xx), or a fault kind.
 */
export type Outcome = string;

/** Cluster label for requests that name no known cluster (e.g. an unknown task id). */
export const NO_CLUSTER = '-';

export interface CounterKey {
  provider: ProviderName;
  clusterID: string;
  operation: string;
}

export interface CounterEntry extends CounterKey {
  count: number;
  outcomes: Record<Outcome, number>;
}

export interface CounterFilter {
  provider?: ProviderName;
  clusterID?: string;
  operation?: string;
}

export interface CounterReport {
  /** Sum of `count` over `entries`. */
  total: number;
  entries: CounterEntry[];
  /** Requests no simulated cloud recognised (404), unfiltered. */
  unrouted: number;
}

export class RequestCounters {
  private entries = new Map<string, CounterEntry>();
  private unroutedCount = 0;

  /** Count a request as it arrives (before faults or authentication). */
  arrived(key: CounterKey): void {
    this.entry(key).count++;
  }

  /** Record how the request ended. */
  finished(key: CounterKey, outcome: Outcome): void {
    const entry = this.entry(key);
    entry.outcomes[outcome] = (entry.outcomes[outcome] ?? 0) + 1;
  }

  unrouted(): void {
    this.unroutedCount++;
  }

  report(filter: CounterFilter = {}): CounterReport {
    const entries = [...this.entries.values()]
      .filter((entry) => matches(entry, filter))
      .map((entry) => ({ ...entry, outcomes: { ...entry.outcomes } }))
      .sort((a, b) => keyOf(a).localeCompare(keyOf(b)));
    return {
      total: entries.reduce((sum, entry) => sum + entry.count, 0),
      entries,
      unrouted: this.unroutedCount,
    };
  }

  /** Forget the entries matching `filter` (everything, unrouted included, for an empty filter). */
  reset(filter: CounterFilter = {}): void {
    for (const [key, entry] of this.entries) if (matches(entry, filter)) this.entries.delete(key);
    if (filter.provider === undefined && filter.clusterID === undefined && filter.operation === undefined) {
      this.unroutedCount = 0;
    }
  }

  private entry(key: CounterKey): CounterEntry {
    const id = keyOf(key);
    let entry = this.entries.get(id);
    if (!entry) {
      entry = {
        provider: key.provider,
        clusterID: key.clusterID,
        operation: key.operation,
        count: 0,
        outcomes: {},
      };
      this.entries.set(id, entry);
    }
    return entry;
  }
}

function keyOf(key: CounterKey): string {
  return `${key.provider}\u0000${key.clusterID}\u0000${key.operation}`;
}

function matches(entry: CounterEntry, filter: CounterFilter): boolean {
  return (
    (filter.provider === undefined || entry.provider === filter.provider) &&
    (filter.clusterID === undefined || entry.clusterID === filter.clusterID) &&
    (filter.operation === undefined || entry.operation === filter.operation)
  );
}
