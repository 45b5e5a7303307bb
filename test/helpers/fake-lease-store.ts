// An in-memory Lease for leader-election unit tests, and an elector wired to fake timers that
// records what it reports.
import {
  LeaderElector,
  type LeaseRecord,
  type LeaseStore,
  type StoredLease,
} from '../../src/runtime/leader-election.js';
import type { LeaderElectionResult } from '../../src/runtime/metrics.js';
import type { FakeTimers } from './fake-timers.js';

/** An in-memory Lease with resourceVersion conflicts, and switches to fail or hang calls. */
export class FakeLeaseStore implements LeaseStore {
  lease: StoredLease | null = null;
  mode: 'ok' | 'fail' | 'hang' = 'ok';
  writes = 0;
  /** In 'fail' mode, calls hang after this many failures: a retry hot loop under fake timers
   *  then stops instead of spinning forever, and the test can count its attempts. */
  failuresBeforeHang = Number.POSITIVE_INFINITY;
  private failures = 0;
  private rv = 0;

  private gate(): Promise<void> {
    if (this.mode === 'fail' && this.failures >= this.failuresBeforeHang) return new Promise(() => {});
    if (this.mode === 'fail') {
      this.failures += 1;
      return Promise.reject(new Error('apiserver unavailable'));
    }
    if (this.mode === 'hang') return new Promise(() => {});
    return Promise.resolve();
  }

  private store(record: LeaseRecord): StoredLease {
    this.writes += 1;
    this.lease = { record: { ...record }, resourceVersion: String(++this.rv) };
    return this.lease;
  }

  /** Another writer replaces the lease directly. */
  overwrite(record: LeaseRecord): void {
    this.store(record);
  }

  async get(): Promise<StoredLease | null> {
    await this.gate();
    return this.lease && { record: { ...this.lease.record }, resourceVersion: this.lease.resourceVersion };
  }

  async create(record: LeaseRecord): Promise<StoredLease> {
    await this.gate();
    if (this.lease) throw Object.assign(new Error('already exists'), { code: 409 });
    return this.store(record);
  }

  async update(record: LeaseRecord, resourceVersion: string): Promise<StoredLease> {
    await this.gate();
    if (this.lease?.resourceVersion !== resourceVersion)
      throw Object.assign(new Error('conflict'), { code: 409 });
    return this.store(record);
  }
}

export interface ElectorEvents {
  started: number[];
  stopped: Array<{ at: number; reason: string }>;
  errors: unknown[];
  /** What each attempt reported to onAttempt (the source of the attempts metric). */
  attempts: LeaderElectionResult[];
}

export function elector(store: LeaseStore, timers: FakeTimers, identity: string, random = () => 0) {
  const events: ElectorEvents = { started: [], stopped: [], errors: [], attempts: [] };
  const e = new LeaderElector({
    store,
    identity,
    clock: timers,
    monotonic: timers,
    timers,
    random,
    onStartedLeading: () => events.started.push(timers.nowMillis()),
    onStoppedLeading: (reason) => events.stopped.push({ at: timers.nowMillis(), reason }),
    onError: (err) => events.errors.push(err),
    onAttempt: (result) => events.attempts.push(result),
  });
  return { e, events };
}
