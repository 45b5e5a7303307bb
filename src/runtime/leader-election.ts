// Leader election over a coordination.k8s.io/v1 Lease, after client-go's leaderelection:
//  - a candidate tries every retryPeriod (+ up to 10% jitter) to acquire the lease; it may take it
//    when nobody holds it, or when the record has not changed for leaseDuration as measured
//    on the candidate's own monotonic clock since it last saw the record change (no cross-node
//    clock comparison, and a wall-clock step changes nothing); between two attempts it always waits the retry period plus jitter;
//  - the leader renews every retryPeriod; if no renewal succeeded within renewDeadline, or the
//    lease shows another holder, it stops leading at once (onStoppedLeading) and the elector ends —
//    like controller-runtime, the caller is expected to exit and start over; an acquisition
//    answered only after renewDeadline does not start leading (its next attempt renews);
//  - release() clears holderIdentity and sets leaseDurationSeconds to 1, so a waiting candidate takes
//    over on its next try instead of waiting out the lease.
// The Lease API is behind LeaseStore (kubeLeaseStore in ./lease-store.ts); tests use a fake.
import { hostname } from 'node:os';
import {
  sleep,
  systemClock,
  systemMonotonic,
  systemRandom,
  systemTimers,
  type Clock,
  type MonotonicClock,
  type Random,
  type TimerHandle,
  type Timers,
} from './clock.js';
import type { LeaderElectionResult } from './metrics.js';

export interface LeaseRecord {
  /** '' when released. */
  holderIdentity: string;
  leaseDurationSeconds: number;
  acquireTime?: Date;
  renewTime?: Date;
  leaseTransitions: number;
}

export interface StoredLease {
  record: LeaseRecord;
  /** Optimistic-concurrency token; changes on every write. */
  resourceVersion: string;
}

export interface LeaseStore {
  /** The lease, or null when it does not exist. */
  get(): Promise<StoredLease | null>;
  /** Creates the lease; rejects if it already exists. */
  create(record: LeaseRecord): Promise<StoredLease>;
  /** Replaces the lease if it still has `resourceVersion`; rejects on conflict. */
  update(record: LeaseRecord, resourceVersion: string): Promise<StoredLease>;
}

export const LEADER_ELECTION_DEFAULTS = {
  leaseDurationMs: 15_000,
  renewDeadlineMs: 10_000,
  retryPeriodMs: 2_000,
} as const;

interface LeaderElectorOptions {
  store: LeaseStore;
  identity: string;
  leaseDurationMs?: number;
  renewDeadlineMs?: number;
  retryPeriodMs?: number;
  /** Wall clock: only for acquireTime/renewTime written into the Lease. */
  clock?: Clock;
  /** Every duration (lease expiry, renew deadline) is measured on this (default performance.now()). */
  monotonic?: MonotonicClock;
  timers?: Timers;
  random?: Random;
  /** This replica now leads: start reconciling. */
  onStartedLeading: () => void;
  /** Leadership was lost (renew deadline passed or another holder): stop reconciling at once.
   *  Not called for stop()/release(), which the caller initiates. */
  onStoppedLeading: (reason: string) => void;
  /** A different holder was observed (for logs). */
  onNewLeader?: (identity: string) => void;
  /** A lease read/write failed (it is retried). */
  onError?: (err: unknown) => void;
  /** Every attempt to acquire or renew, with its outcome (for the attempts metric). */
  onAttempt?: (result: LeaderElectionResult) => void;
}

/** hostname_pid_random, unique per process even when pods share a hostname. */
export function defaultIdentity(random: Random = systemRandom): string {
  const suffix = Math.floor(random() * 0xffffffff)
    .toString(16)
    .padStart(8, '0');
  return `${hostname()}_${process.pid}_${suffix}`;
}

type State = 'new' | 'candidate' | 'leading' | 'ended';

const RENEW_DEADLINE_PASSED = 'failed to renew the lease within the renew deadline';

export class LeaderElector {
  private readonly store: LeaseStore;
  readonly identity: string;
  private readonly leaseDurationMs: number;
  private readonly renewDeadlineMs: number;
  private readonly retryPeriodMs: number;
  private readonly clock: Clock;
  private readonly monotonic: MonotonicClock;
  private readonly timers: Timers;
  private readonly random: Random;
  private readonly opts: LeaderElectorOptions;

  private state: State = 'new';
  /** The last lease seen and when (our monotonic clock) it was first seen in that version. */
  private observed: StoredLease | null = null;
  private observedAt = 0;
  private lastLeader = '';
  private deadline: TimerHandle | undefined;
  private wake = new AbortController();
  private loop: Promise<void> = Promise.resolve();

  constructor(opts: LeaderElectorOptions) {
    this.opts = opts;
    this.store = opts.store;
    this.identity = opts.identity;
    this.leaseDurationMs = opts.leaseDurationMs ?? LEADER_ELECTION_DEFAULTS.leaseDurationMs;
    this.renewDeadlineMs = opts.renewDeadlineMs ?? LEADER_ELECTION_DEFAULTS.renewDeadlineMs;
    this.retryPeriodMs = opts.retryPeriodMs ?? LEADER_ELECTION_DEFAULTS.retryPeriodMs;
    if (!(this.leaseDurationMs > this.renewDeadlineMs && this.renewDeadlineMs > this.retryPeriodMs)) {
      throw new RangeError('leader election needs leaseDuration > renewDeadline > retryPeriod');
    }
    this.clock = opts.clock ?? systemClock;
    this.monotonic = opts.monotonic ?? systemMonotonic;
    this.timers = opts.timers ?? systemTimers;
    this.random = opts.random ?? systemRandom;
  }

  /** Read through a method: the state changes across awaits, which TypeScript's narrowing ignores. */
  private currentState(): State {
    return this.state;
  }

  isLeader(): boolean {
    return this.state === 'leading';
  }

  /** Starts campaigning; call once. */
  start(): void {
    if (this.state !== 'new') throw new Error('LeaderElector already started');
    this.state = 'candidate';
    this.loop = this.run();
  }

  /** Resolves once the elector has ended (lost, stopped or released). */
  done(): Promise<void> {
    return this.loop;
  }

  /** Stops campaigning/renewing without touching the lease (it expires on its own). */
  async stop(): Promise<void> {
    this.end();
    await this.loop;
  }

  /** Stops, then hands the lease over: holder cleared, duration 1 s. No-op unless we hold it. */
  async release(): Promise<void> {
    await this.stop();
    const current = await this.store.get();
    if (!current || current.record.holderIdentity !== this.identity) return;
    const now = this.clock.now();
    await this.store.update(
      {
        holderIdentity: '',
        leaseDurationSeconds: 1,
        acquireTime: now,
        renewTime: now,
        leaseTransitions: current.record.leaseTransitions,
      },
      current.resourceVersion,
    );
  }

  private end(): void {
    if (this.state === 'ended') return;
    this.state = 'ended';
    this.clearDeadline();
    this.wake.abort();
  }

  private async run(): Promise<void> {
    while (this.state !== 'ended') {
      const wasLeading = this.state === 'leading';
      const startedAt = this.monotonic.monotonicMs();
      let ok = false;
      try {
        ok = await this.tryAcquireOrRenew();
        this.opts.onAttempt?.(ok ? 'success' : 'held');
      } catch (err) {
        this.opts.onAttempt?.('error');
        this.opts.onError?.(err);
      }
      // The deadline may have fired, or stop() been called, while the call was in flight.
      const state = this.currentState();
      if (state === 'ended' || (wasLeading && state !== 'leading')) break;
      // The renew deadline counts from when this attempt began (the renewTime it wrote).
      const deadlineInMs = this.renewDeadlineMs - (this.monotonic.monotonicMs() - startedAt);
      if (ok && deadlineInMs <= 0) {
        // Answered too late to count. A leader has lost; a candidate does not start leading for
        // a moment only to stop at once — it holds the lease, so its next attempt renews it.
        if (wasLeading) {
          this.lose(RENEW_DEADLINE_PASSED);
          break;
        }
      } else if (ok) {
        this.armDeadline(deadlineInMs);
        if (this.state === 'candidate') {
          this.state = 'leading';
          this.opts.onStartedLeading();
        }
      } else if (wasLeading && this.heldByOther()) {
        this.lose(`lease taken over by ${this.observed?.record.holderIdentity}`);
        break;
      }
      const delay = this.state === 'leading' ? this.retryPeriodMs : this.candidateDelay();
      try {
        await sleep(this.timers, delay, this.wake.signal);
      } catch {
        break; // woken by end()
      }
    }
  }

  /** One attempt; true when we hold the lease afterwards. */
  private async tryAcquireOrRenew(): Promise<boolean> {
    const now = this.clock.now();
    const fresh: LeaseRecord = {
      holderIdentity: this.identity,
      leaseDurationSeconds: Math.ceil(this.leaseDurationMs / 1000),
      acquireTime: now,
      renewTime: now,
      leaseTransitions: 0,
    };
    const current = await this.store.get();
    if (!current) {
      this.observe(await this.store.create(fresh));
      return true;
    }
    this.observe(current);
    const record = current.record;
    const mine = record.holderIdentity === this.identity;
    if (!mine && record.holderIdentity !== '' && this.observedValid()) return false;
    const next: LeaseRecord = mine
      ? { ...record, leaseDurationSeconds: fresh.leaseDurationSeconds, renewTime: now }
      : { ...fresh, leaseTransitions: record.leaseTransitions + 1 };
    this.observe(await this.store.update(next, current.resourceVersion));
    return true;
  }

  private observe(lease: StoredLease): void {
    if (this.observed?.resourceVersion !== lease.resourceVersion) {
      this.observed = lease;
      this.observedAt = this.monotonic.monotonicMs();
    }
    const holder = lease.record.holderIdentity;
    if (holder !== '' && holder !== this.lastLeader) {
      this.lastLeader = holder;
      if (holder !== this.identity) this.opts.onNewLeader?.(holder);
    }
  }

  /** Retry period plus up to 10% jitter, always — like client-go's JitterUntil. Waking early
   *  at the observed lease's expiry would gain at most one period, and once it has passed
   *  such a delay is 0: every failed attempt (apiserver down, 429, 5xx) would be followed by
   *  another at once, from every standby, during the very outage that caused the failover. */
  private candidateDelay(): number {
    return this.retryPeriodMs * (1 + 0.1 * this.random());
  }

  /** The observed record is still within its lease duration, on our monotonic clock. */
  private observedValid(): boolean {
    const durationMs = (this.observed?.record.leaseDurationSeconds ?? 0) * 1000;
    return this.observedAt + durationMs > this.monotonic.monotonicMs();
  }

  private heldByOther(): boolean {
    const holder = this.observed?.record.holderIdentity ?? '';
    return holder !== '' && holder !== this.identity;
  }

  private armDeadline(ms: number): void {
    this.clearDeadline();
    this.deadline = this.timers.setTimeout(() => {
      if (this.state === 'leading') this.lose(RENEW_DEADLINE_PASSED);
    }, ms);
  }

  private clearDeadline(): void {
    if (this.deadline !== undefined) this.timers.clearTimeout(this.deadline);
    this.deadline = undefined;
  }

  private lose(reason: string): void {
    this.end();
    this.opts.onStoppedLeading(reason);
  }
}
