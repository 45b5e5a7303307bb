// Events are written off the reconcile path, like client-go's EventBroadcaster: a reconcile
// hands its Events over and returns at once; a few lanes write them in the background. All
// Events of one object go through the same lane, so they reach the API server in the order
// they happened (UpgradeStarted before StepStarted before UpgradeSucceeded). When the backlog
// is full, new Events are dropped with a log line instead of slowing the reconciles down —
// Events are best effort (client-go drops when its channel is full, too). An optional rate
// limit (one token per Event, shared by all lanes) keeps a burst of Events — 5000 watches
// found mid-upgrade at start-up each say UpgradeStarted — from taking kube-apiserver time
// the status writes need: status first, Events trickle after.

import type { ClusterUpgradeWatch } from '../api/types.js';
import type { Clock } from '../runtime/clock.js';
import type { EventRecorderFn } from './event-recorder.js';
import type { EventSpec } from './events.js';
import type { RateLimiterPort } from './ports.js';

const DEFAULT_EVENT_LANES = 8;
/** A cold start with 5000 upgrades running queues 10 000 Events (UpgradeStarted + StepStarted
 *  each), ~3 min at 50/s; a queued Event holds only the object's identity (~0.5 KiB). */
const DEFAULT_MAX_PENDING_EVENTS = 20_000;
/** Event writes per second (and burst) when the operator rate-limits them. */
export const DEFAULT_EVENT_QPS = 50;
export const DEFAULT_EVENT_BURST = 100;
const EVENT_BUCKET = 'events';

interface EventLanes {
  /** Queue the Events; resolves at once. */
  record: EventRecorderFn;
  /** Wait until every queued Event is written, at most `timeoutMs`; true when drained. */
  flush(timeoutMs: number): Promise<boolean>;
  /** Events queued or being written. */
  pending(): number;
}

interface EventLanesOptions {
  lanes?: number;
  maxPending?: number;
  /** One token per Event written (key "events"); none: as fast as the API server answers. */
  rateLimiter?: RateLimiterPort;
  /** Told about each batch dropped because the backlog was full. */
  onDrop?: (object: ClusterUpgradeWatch, events: readonly EventSpec[]) => void;
}

interface Job {
  object: ClusterUpgradeWatch;
  events: readonly EventSpec[];
}

/** What an Event needs of its object: a queued Event must not keep a whole old version alive. */
function involvedOnly(object: ClusterUpgradeWatch): ClusterUpgradeWatch {
  const { name, namespace, uid, resourceVersion } = object.metadata;
  const metadata: ClusterUpgradeWatch['metadata'] = { name, namespace };
  if (uid !== undefined) metadata.uid = uid;
  if (resourceVersion !== undefined) metadata.resourceVersion = resourceVersion;
  return { apiVersion: object.apiVersion, kind: object.kind, metadata } as ClusterUpgradeWatch;
}

/** FNV-1a: a cheap, stable spread of object identities over the lanes. */
export function laneOf(identity: string, lanes: number): number {
  let hash = 0x811c9dc5;
  for (let i = 0; i < identity.length; i++) {
    hash ^= identity.charCodeAt(i);
    hash = Math.imul(hash, 0x01000193);
  }
  return (hash >>> 0) % lanes;
}

export function createEventLanes(write: EventRecorderFn, options: EventLanesOptions = {}): EventLanes {
  const laneCount = Math.max(1, options.lanes ?? DEFAULT_EVENT_LANES);
  const maxPending = Math.max(1, options.maxPending ?? DEFAULT_MAX_PENDING_EVENTS);
  const queues: Job[][] = Array.from({ length: laneCount }, () => []);
  const busy: boolean[] = new Array<boolean>(laneCount).fill(false);
  let pendingEvents = 0;
  let idleWaiters: (() => void)[] = [];

  function settleIfIdle(): void {
    if (pendingEvents > 0) return;
    const waiters = idleWaiters;
    idleWaiters = [];
    for (const wake of waiters) wake();
  }

  async function drain(lane: number): Promise<void> {
    busy[lane] = true;
    const queue = queues[lane] as Job[];
    try {
      for (let job = queue.shift(); job; job = queue.shift()) {
        try {
          if (options.rateLimiter) {
            for (let i = 0; i < job.events.length; i++) await options.rateLimiter.acquire(EVENT_BUCKET);
          }
          await write(job.object, job.events);
        } catch {
          // The recorder logs and swallows its own failures; nothing may stop the lane.
        }
        pendingEvents -= job.events.length;
      }
    } finally {
      busy[lane] = false;
      settleIfIdle();
    }
  }

  const record: EventRecorderFn = (object, events) => {
    if (events.length === 0) return Promise.resolve();
    if (pendingEvents + events.length > maxPending) {
      options.onDrop?.(object, events);
      return Promise.resolve();
    }
    const { uid, namespace, name } = object.metadata;
    const lane = laneOf(uid ?? `${namespace}/${name}`, laneCount);
    pendingEvents += events.length;
    (queues[lane] as Job[]).push({ object: involvedOnly(object), events });
    if (!busy[lane]) void drain(lane);
    return Promise.resolve();
  };

  return {
    record,
    pending: () => pendingEvents,
    flush(timeoutMs) {
      if (pendingEvents === 0) return Promise.resolve(true);
      return new Promise<boolean>((resolve) => {
        const timer = setTimeout(() => resolve(false), timeoutMs);
        timer.unref?.();
        idleWaiters.push(() => {
          clearTimeout(timer);
          resolve(true);
        });
      });
    },
  };
}

/** Dropped Events add up and are logged at most once per DROP_LOG_EVERY_MS (the first drop at
 *  once), not once per Event; `flush` reports what is still uncounted (at shutdown). */
const DROP_LOG_EVERY_MS = 30_000;

export function dropCounter(
  clock: Clock,
  report: (dropped: number) => void,
): { add(n: number): void; flush(): void } {
  let pending = 0;
  let lastReport = Number.NEGATIVE_INFINITY;
  const flush = (): void => {
    if (pending === 0) return;
    report(pending);
    pending = 0;
    lastReport = clock.now().getTime();
  };
  return {
    add(n) {
      pending += n;
      if (clock.now().getTime() - lastReport >= DROP_LOG_EVERY_MS) flush();
    },
    flush,
  };
}
