// A list+watch cache of Kubernetes objects with add/update/delete callbacks (docs/reference.md#reconcile-loop).
// Long (over 300 lines) because list, watch, resync and their recovery share one cache and
// one loop whose states must be read together; see the list below.
//
// Why not client-node's makeInformer/ListWatch (1.4): its doneHandler stops for good on any
// error other than 410 (only an "error" callback fires, which is easy to miss), the watch
// request has no timeout so a half-open connection stalls it silently, and restarting it from
// the error callback races with the aborted request's own done callback (which aborts the
// *current* request). This informer keeps client-node's streaming Watch for the HTTP part and
// owns the loop:
//  - list (paged) when it has no resourceVersion, diffing against the cache so deletions
//    missed while disconnected become delete callbacks;
//  - watch from the last resourceVersion with bookmarks and a server-side timeout, so the
//    server closes watches regularly and a clean close just reconnects;
//  - 410 Gone (HTTP status or ERROR event) ⇒ forget the resourceVersion and relist at once;
//  - any other failure ⇒ restart after a capped backoff (1 s doubling to 30 s, full jitter);
//  - a watchdog restarts an attempt that has shown no sign of life for watchdogMs;
//  - every attempt has a generation number; callbacks of superseded attempts are ignored.
import { objectKeyOf } from '../api/object-key.js';
import { fullJitterBackoff, type Backoff } from './backoff.js';
import {
  systemClock,
  systemRandom,
  systemTimers,
  type Clock,
  type Random,
  type TimerHandle,
  type Timers,
} from './clock.js';

export interface KubeObject {
  metadata?: { name?: string; namespace?: string; resourceVersion?: string };
}

export interface ListPage<T> {
  items: T[];
  resourceVersion: string;
  /** Continue token of the next page, when there is one. */
  continue?: string;
}

interface StreamHandle {
  abort(): void;
}

export interface ListStreamSource<T> {
  list(opts: { limit: number; continue?: string }): Promise<ListPage<T>>;
  /** Opens a Kubernetes watch stream from `resourceVersion`; `onDone` is called once when it ends
   *  (err undefined = clean close). */
  stream(
    resourceVersion: string,
    timeoutSeconds: number,
    onEvent: (type: string, object: unknown) => void,
    onDone: (err?: unknown) => void,
  ): Promise<StreamHandle>;
}

export interface InformerHandlers<T> {
  onAdd?(obj: T): void;
  onUpdate?(obj: T, old: T): void;
  onDelete?(obj: T): void;
  /** The first full list has been applied. */
  onSynced?(): void;
  /** A list or watch failed; the informer retries after `retryInMs`. */
  onError?(err: unknown, info: { phase: 'list' | 'watch' | 'watchdog'; retryInMs: number }): void;
}

export interface InformerOptions<T> {
  source: ListStreamSource<T>;
  handlers?: InformerHandlers<T>;
  clock?: Clock;
  timers?: Timers;
  random?: Random;
  /** Restart an attempt silent for this long (default 5 min). Watches ask the server to close
   *  them after 50–80% of this, so a healthy watch never trips it. */
  watchdogMs?: number;
  /** Delay before restart number n after failures (default 1 s doubling, cap 30 s, full jitter). */
  backoff?: Backoff;
  pageSize?: number;
  /** Applied to every listed or watched object before it is cached and handed to the
   *  callbacks (controller-runtime's cache transform), e.g. stripUnreadFields. */
  transform?: (obj: T) => T;
}

const INFORMER_DEFAULTS = {
  watchdogMs: 300_000,
  pageSize: 500,
  backoffBaseMs: 1_000,
  backoffCapMs: 30_000,
};

/** A clean watch close sooner than this, with no events, counts as a failure (no hot loop). */
const MIN_HEALTHY_STREAM_MS = 1_000;

/** The cache key: "namespace/name" (just "name" for cluster-scoped objects). */
export function objectKey(obj: KubeObject): string {
  return objectKeyOf(obj.metadata?.namespace, obj.metadata?.name ?? '');
}

/** True when the spec changed (metadata.generation moved). Status-only writes — including the
 *  operator's own — bump resourceVersion but not generation; enqueueing on those would make
 *  every status write trigger another poll. Label/annotation edits do not count either. */
export function generationChanged(obj: KubeObject, old: KubeObject): boolean {
  const gen = (o: KubeObject): unknown => (o.metadata as { generation?: unknown } | undefined)?.generation;
  return gen(obj) === undefined || gen(obj) !== gen(old);
}

/** The metadata fields the operator reads; everything else in metadata is dropped. */
const KEPT_METADATA = [
  'name',
  'namespace',
  'uid',
  'generation',
  'resourceVersion',
  'deletionTimestamp',
] as const;

/**
 * Keeps only what the operator reads — metadata name, namespace, uid, generation,
 * resourceVersion and deletionTimestamp, plus apiVersion, kind, spec and status — and drops the
 * rest: labels and annotations (a tenant can attach megabytes of them, and Kubernetes has no
 * total-size limit on labels), managedFields (grows with every writer) and kubectl's
 * last-applied copy. Like controller-runtime's TransformStripManagedFields, but an allow-list,
 * so a new metadata field cannot grow the cache either (docs/reliability.md#8-multi-tenancy).
 * Returns a new object; the original (with everything it holds) can be collected.
 */
export function stripUnreadFields<T extends KubeObject>(obj: T): T {
  const { metadata, ...rest } = obj as T & Record<string, unknown>;
  if (!metadata) return obj;
  const kept: Record<string, unknown> = {};
  const source = metadata as Record<string, unknown>;
  for (const field of KEPT_METADATA) if (source[field] !== undefined) kept[field] = source[field];
  const out: Record<string, unknown> = { metadata: kept };
  for (const field of ['apiVersion', 'kind', 'spec', 'status']) if (field in rest) out[field] = rest[field];
  return out as T;
}

/** Splits a key made by objectKey (the one splitter, src/api/object-key.ts). */

/** True for a 410 Gone, whether thrown (statusCode/code) or sent as an ERROR event's Status. */
export function isGone(err: unknown): boolean {
  if (typeof err !== 'object' || err === null) return false;
  const e = err as { statusCode?: unknown; code?: unknown; reason?: unknown };
  return e.statusCode === 410 || e.code === 410 || e.reason === 'Expired' || e.reason === 'Gone';
}

function resourceVersionOf(obj: unknown): string | undefined {
  const rv = (obj as KubeObject | null)?.metadata?.resourceVersion;
  return typeof rv === 'string' && rv !== '' ? rv : undefined;
}

/** An ERROR watch event carries a metav1.Status; make it an Error that keeps code and reason. */
function statusError(status: unknown): Error {
  const s = (status ?? {}) as { code?: unknown; reason?: unknown; message?: unknown };
  const err = new Error(`watch error: ${typeof s.message === 'string' ? s.message : 'unknown'}`);
  return Object.assign(err, { code: s.code, reason: s.reason });
}

export class Informer<T extends KubeObject> {
  private readonly source: ListStreamSource<T>;
  private readonly handlers: InformerHandlers<T>;
  private readonly clock: Clock;
  private readonly timers: Timers;
  private readonly random: Random;
  private readonly watchdogMs: number;
  private readonly backoff: Backoff;
  private readonly pageSize: number;
  private readonly transform: (obj: T) => T;

  private readonly cache = new Map<string, T>();
  private resourceVersion = '';
  private synced = false;
  private readonly syncWaiters = new Set<() => void>();
  private running = false;
  private generation = 0;
  private failures = 0;
  private handle: StreamHandle | undefined;
  private watchdog: TimerHandle | undefined;
  private restartTimer: TimerHandle | undefined;

  constructor(opts: InformerOptions<T>) {
    this.source = opts.source;
    this.handlers = opts.handlers ?? {};
    this.clock = opts.clock ?? systemClock;
    this.timers = opts.timers ?? systemTimers;
    this.random = opts.random ?? systemRandom;
    this.watchdogMs = opts.watchdogMs ?? INFORMER_DEFAULTS.watchdogMs;
    this.backoff =
      opts.backoff ??
      fullJitterBackoff({
        baseMs: INFORMER_DEFAULTS.backoffBaseMs,
        capMs: INFORMER_DEFAULTS.backoffCapMs,
        random: this.random,
      });
    this.pageSize = opts.pageSize ?? INFORMER_DEFAULTS.pageSize;
    this.transform = opts.transform ?? ((obj) => obj);
  }

  /** Starts listing and watching in the background (errors are retried, never thrown). */
  start(): void {
    if (this.running) return;
    this.running = true;
    void this.attempt();
  }

  /** Stops watching; the cache keeps its content. */
  stop(): void {
    this.running = false;
    this.generation += 1;
    this.clearTimers();
    this.closeStream();
  }

  /** True once the first full list has been applied (stays true). */
  hasSynced(): boolean {
    return this.synced;
  }

  get(key: string): T | undefined {
    return this.cache.get(key);
  }

  list(): T[] {
    return [...this.cache.values()];
  }

  /** Resolves when synced; rejects if `signal` aborts first. */
  waitForSync(signal?: AbortSignal): Promise<void> {
    if (this.synced) return Promise.resolve();
    return new Promise((resolve, reject) => {
      const onAbort = (): void => {
        this.syncWaiters.delete(waiter);
        reject(signal?.reason ?? new Error('aborted while waiting for the informer to sync'));
      };
      const waiter = (): void => {
        signal?.removeEventListener('abort', onAbort);
        resolve();
      };
      this.syncWaiters.add(waiter);
      signal?.addEventListener('abort', onAbort, { once: true });
    });
  }

  private async attempt(): Promise<void> {
    const gen = ++this.generation;
    this.armWatchdog(gen);
    if (this.resourceVersion === '') {
      let items: T[];
      let resourceVersion: string;
      try {
        ({ items, resourceVersion } = await this.listAll(gen));
      } catch (err) {
        if (gen === this.generation) this.fail(gen, err, 'list');
        return;
      }
      if (gen !== this.generation) return;
      this.replace(items);
      this.resourceVersion = resourceVersion;
      this.failures = 0;
      if (!this.synced) {
        this.synced = true;
        this.handlers.onSynced?.();
        for (const wake of this.syncWaiters) wake();
        this.syncWaiters.clear();
      }
      this.armWatchdog(gen);
    }

    const openedAt = this.clock.now().getTime();
    let sawEvent = false;
    const timeoutSeconds = Math.max(1, Math.floor((this.watchdogMs / 1000) * (0.5 + 0.3 * this.random())));
    const onEvent = (type: string, object: unknown): void => {
      if (gen !== this.generation) return;
      sawEvent = true;
      if (type !== 'ERROR') this.failures = 0;
      this.armWatchdog(gen);
      this.applyEvent(gen, type, object);
    };
    const onDone = (err?: unknown): void => {
      if (gen !== this.generation) return;
      this.handle = undefined;
      if (err !== undefined && err !== null) {
        if (isGone(err)) this.relistNow(gen);
        else this.fail(gen, err, 'watch');
        return;
      }
      const healthy = sawEvent || this.clock.now().getTime() - openedAt >= MIN_HEALTHY_STREAM_MS;
      if (healthy) this.restart(gen, 0);
      else this.fail(gen, new Error('watch closed immediately'), 'watch');
    };
    try {
      const handle = await this.source.stream(this.resourceVersion, timeoutSeconds, onEvent, onDone);
      if (gen !== this.generation) handle.abort();
      else this.handle = handle;
    } catch (err) {
      if (gen === this.generation) this.fail(gen, err, 'watch');
    }
  }

  private async listAll(gen: number): Promise<{ items: T[]; resourceVersion: string }> {
    const items: T[] = [];
    let next: string | undefined;
    let resourceVersion = '';
    do {
      const page = await this.source.list({ limit: this.pageSize, ...(next ? { continue: next } : {}) });
      if (gen !== this.generation) break;
      // Transformed page by page: the raw objects of earlier pages are not kept until the end.
      for (const item of page.items) items.push(this.transform(item));
      resourceVersion = page.resourceVersion;
      next = page.continue || undefined;
    } while (next);
    return { items, resourceVersion };
  }

  private applyEvent(gen: number, type: string, object: unknown): void {
    switch (type) {
      case 'ADDED':
      case 'MODIFIED':
        this.upsert(this.transform(object as T));
        break;
      case 'DELETED': {
        const deleted = this.transform(object as T);
        const key = objectKey(deleted);
        const old = this.cache.get(key);
        this.cache.delete(key);
        this.handlers.onDelete?.(deleted ?? old);
        break;
      }
      case 'BOOKMARK':
        break;
      case 'ERROR': {
        const err = statusError(object);
        if (isGone(err)) this.relistNow(gen);
        else this.fail(gen, err, 'watch');
        return;
      }
      default:
        return;
    }
    const rv = resourceVersionOf(object);
    if (rv) this.resourceVersion = rv;
  }

  /** Caches an already transformed object. */
  private upsert(obj: T): void {
    const key = objectKey(obj);
    const old = this.cache.get(key);
    this.cache.set(key, obj);
    if (!old) this.handlers.onAdd?.(obj);
    else if (resourceVersionOf(old) !== resourceVersionOf(obj) || !resourceVersionOf(obj)) {
      this.handlers.onUpdate?.(obj, old);
    }
  }

  /** Applies a full list: deletions for vanished keys, adds for new ones, updates for changed ones. */
  private replace(items: T[]): void {
    const fresh = new Map(items.map((obj) => [objectKey(obj), obj] as const));
    for (const [key, old] of [...this.cache]) {
      if (fresh.has(key)) continue;
      this.cache.delete(key);
      this.handlers.onDelete?.(old);
    }
    for (const obj of fresh.values()) this.upsert(obj);
  }

  private relistNow(gen: number): void {
    this.resourceVersion = '';
    this.restart(gen, 0);
  }

  private fail(gen: number, err: unknown, phase: 'list' | 'watch' | 'watchdog'): void {
    const retryInMs = this.backoff(this.failures);
    this.failures += 1;
    this.handlers.onError?.(err, { phase, retryInMs });
    this.restart(gen, retryInMs);
  }

  /** Ends attempt `gen` and schedules the next one. */
  private restart(gen: number, delayMs: number): void {
    if (gen !== this.generation || !this.running) return;
    this.generation += 1; // anything still arriving for `gen` is now ignored
    this.clearTimers();
    this.closeStream();
    this.restartTimer = this.timers.setTimeout(() => {
      this.restartTimer = undefined;
      if (this.running) void this.attempt();
    }, delayMs);
  }

  private armWatchdog(gen: number): void {
    if (this.watchdog !== undefined) this.timers.clearTimeout(this.watchdog);
    this.watchdog = this.timers.setTimeout(() => {
      this.watchdog = undefined;
      if (gen !== this.generation) return;
      const err = new Error(`no list or watch activity for ${this.watchdogMs} ms`);
      this.handlers.onError?.(err, { phase: 'watchdog', retryInMs: 0 });
      this.restart(gen, 0);
    }, this.watchdogMs);
  }

  private clearTimers(): void {
    if (this.watchdog !== undefined) this.timers.clearTimeout(this.watchdog);
    if (this.restartTimer !== undefined) this.timers.clearTimeout(this.restartTimer);
    this.watchdog = undefined;
    this.restartTimer = undefined;
  }

  private closeStream(): void {
    const handle = this.handle;
    this.handle = undefined;
    handle?.abort();
  }
}
