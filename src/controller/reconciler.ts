// The reconcile function (docs/reference.md#reconcile-loop), after controller-runtime's Reconciler: it never sleeps or
// loops — it returns when to come back and the work queue owns timers, retries and backoff.
//
// reconcile(key) = read the CR from the informer cache → validate the spec → endpoint (docs/reference.md#endpoint-rules)
// → credentials → poll the cloud *if a poll is due* → compute status and conditions → write
// only when changed (or the lastSyncTime heartbeat is due) → Events → requeue.
//
// "If a poll is due" is the heart of it. Reconciles are triggered by much more than our timer:
// our own status writes, informer resyncs, label edits. Per-object memory (keyed by uid) holds
// the last poll: when, for which generation and Secret fingerprint, its outcome, and when the
// next poll is due. A poll happens only when there is no memory, the generation changed, the
// Secret changed, or the due time passed; otherwise the remembered outcome is re-applied to
// the current status (which also retries a status write that hit a conflict without calling
// the cloud again). So AuthFailed costs at most one cloud request per 10 minutes however often
// the object is reconciled, and a rotated Secret or an edited spec is retried at once.

import {
  applyRuntimeDefaults,
  DEFAULT_IDLE_POLL_INTERVAL,
  DEFAULT_POLL_INTERVAL,
  MIN_IDLE_POLL_INTERVAL,
  MIN_POLL_INTERVAL,
  type ResolvedSpec,
} from '../api/defaults.js';
import { parseDuration } from '../api/duration.js';
import {
  PROVIDERS,
  type ClusterUpgradeWatch,
  type ClusterUpgradeWatchStatus,
  type Observation,
  type ProviderName,
} from '../api/types.js';
import { describeCloudError, isPermanent, type CloudError } from '../providers/common/errors.js';
import type { Clock, Credentials, ObserveResult, ProviderFamily } from '../providers/common/provider.js';
import { TransportError, type HttpTransport } from '../providers/common/transport.js';
import type { CredentialsPort } from '../credentials/port.js';
import { resolveBaseUrl } from './endpoint.js';
import type { EventRecorderFn } from './event-recorder.js';
import { pollFailedEvent, PollFailedLimiter, transitionEvents, type EventSpec } from './events.js';
import {
  CREDENTIALS_RECHECK_MS,
  INVALID_SPEC_RECHECK_MS,
  MIN_RETRY_MS,
  nextPollDelay,
  type PollIntervals,
} from './poll-policy.js';
import {
  silentLogger,
  type ControllerLogger,
  type ControllerMetrics,
  type ReconcileResult,
  type SemaphorePort,
  type TokenReserverPort,
} from './ports.js';
import { createPollAdmission, type AdmittedPoll } from './poll-admission.js';
import { PermanentReason, type TransientReason } from './reasons.js';
import { heartbeatDue, nextStatus, statusChanged, type Outcome } from './status.js';
import type { StatusWriter } from './status-writer.js';
import { redactSecrets } from './text.js';

export type SpecParseResult = { ok: true; spec: ResolvedSpec } | { ok: false; message: string };
export type SpecParser = (raw: unknown) => SpecParseResult;

export interface ReconcilerOptions {
  /** --allow-custom-endpoints */
  allowCustomEndpoints: boolean;
  /** --status-heartbeat: write lastSyncTime at most this often when nothing else changed. Default 10 min. */
  heartbeatMs?: number;
  /** --max-concurrent-polls-per-namespace (default 8); 0 = no cap. */
  maxConcurrentPollsPerNamespace?: number;
}

export interface ReconcilerDeps {
  /** The CR from the informer cache, undefined when it is gone. */
  getWatch(key: string): ClusterUpgradeWatch | undefined;
  parseSpec: SpecParser;
  /** Credentials from the watch's Secret or workload identity (src/credentials/port.ts). */
  getCredentials: CredentialsPort;
  families: Partial<Record<ProviderName, ProviderFamily>>;
  transport: HttpTransport;
  rateLimiter: TokenReserverPort;
  semaphore: SemaphorePort;
  writeStatus: StatusWriter;
  recordEvents: EventRecorderFn;
  metrics: ControllerMetrics;
  clock: Clock;
  /** [0, 1), for jitter. */
  random: () => number;
  logger?: ControllerLogger;
  /** Aborted on shutdown: no status is written for an aborted poll. */
  signal?: AbortSignal;
  options: ReconcilerOptions;
}

export interface Reconciler {
  reconcile(key: string): Promise<ReconcileResult>;
  /** The object is gone: drop its memory and metric series. */
  onDelete(key: string, uid?: string): void;
  /** Number of objects with per-object memory (for tests and diagnostics). */
  trackedObjects(): number;
}

export const DEFAULT_HEARTBEAT_MS = 10 * 60_000;
export const DEFAULT_MAX_CONCURRENT_POLLS_PER_NAMESPACE = 8;
/** A spec edit polls at once, but not sooner than this after the previous poll: editing the
 *  spec in a loop must not bypass the poll schedule and its backoff. */
export const MIN_EDIT_POLL_INTERVAL_MS = 5_000;
/** Requeue after a status write conflict or 404: the informer catches up within moments. */
export const CONFLICT_REQUEUE_MS = 1_000;

interface LastPoll {
  at: number;
  generation: number | undefined;
  fingerprint: string;
  outcome: Outcome;
  nextPollAt: number;
}

interface ObjectMemory {
  uid: string;
  lastPoll?: LastPoll;
  /** Consecutive transient failures (backoff attempt). */
  attempt: number;
  pollFailed: PollFailedLimiter;
  /** Our last successful write, for when the informer cache has not caught up with it yet. */
  written?: { readAt: string; resourceVersion: string | undefined; status: ClusterUpgradeWatchStatus };
}

function isProviderName(value: unknown): value is ProviderName {
  return typeof value === 'string' && (PROVIDERS as readonly string[]).includes(value);
}

function intervalsOf(spec: ResolvedSpec): PollIntervals {
  const ms = (text: string | undefined, fallback: string, min: string): number =>
    Math.max(parseDuration(min) ?? 0, parseDuration(text ?? fallback) ?? parseDuration(fallback) ?? 0);
  return {
    activeMs: ms(spec.pollInterval, DEFAULT_POLL_INTERVAL, MIN_POLL_INTERVAL),
    idleMs: ms(spec.idlePollInterval, DEFAULT_IDLE_POLL_INTERVAL, MIN_IDLE_POLL_INTERVAL),
  };
}

function splitKey(key: string): { namespace: string; name: string } {
  const slash = key.indexOf('/');
  return slash < 0
    ? { namespace: '', name: key }
    : { namespace: key.slice(0, slash), name: key.slice(slash + 1) };
}

/** The observation with the poll's own secret values masked in every string field (never in
 *  serialized JSON, which a value such as `"}` would break). */
function redactObservation(observation: Observation, secrets: readonly string[]): Observation {
  const walk = (value: unknown): unknown => {
    if (typeof value === 'string') return redactSecrets(value, secrets);
    if (Array.isArray(value)) return value.map(walk);
    if (value === null || typeof value !== 'object') return value;
    return Object.fromEntries(
      Object.entries(value).map(([key, item]) => [redactSecrets(key, secrets), walk(item)]),
    );
  };
  return walk(observation) as Observation;
}

export function createReconciler(deps: ReconcilerDeps): Reconciler {
  const log = deps.logger ?? silentLogger;
  const heartbeatMs = deps.options.heartbeatMs ?? DEFAULT_HEARTBEAT_MS;
  const memories = new Map<string, ObjectMemory>();
  const uidByKey = new Map<string, string>();
  const admission = createPollAdmission({
    rateLimiter: deps.rateLimiter,
    slots: deps.semaphore,
    maxPerNamespace:
      deps.options.maxConcurrentPollsPerNamespace ?? DEFAULT_MAX_CONCURRENT_POLLS_PER_NAMESPACE,
    now: () => deps.clock.now().getTime(),
    random: deps.random,
  });

  function memoryFor(key: string, uid: string): ObjectMemory {
    const known = uidByKey.get(key);
    if (known !== undefined && known !== uid) forgetUid(known); // deleted and re-created
    uidByKey.set(key, uid);
    let memory = memories.get(uid);
    if (!memory) {
      memory = { uid, attempt: 0, pollFailed: new PollFailedLimiter() };
      memories.set(uid, memory);
    }
    return memory;
  }

  function forgetUid(uid: string): void {
    memories.delete(uid);
    admission.forget(uid);
  }

  function onDelete(key: string, uid?: string): void {
    const known = uidByKey.get(key);
    if (known !== undefined) forgetUid(known);
    if (uid !== undefined) forgetUid(uid);
    uidByKey.delete(key);
    const { namespace, name } = splitKey(key);
    deps.metrics.forgetWatch(namespace, name);
  }

  function toOutcome(result: ObserveResult, at: Date, secrets: readonly string[]): Outcome {
    if (result.ok)
      return { kind: 'observed', observation: redactObservation(result.observation, secrets), at };
    const error = result.error;
    const message = redactSecrets(describeCloudError(error), secrets);
    if (isPermanent(error)) {
      return { kind: 'permanentError', reason: error.class as PermanentReason, message };
    }
    const outcome: Outcome = { kind: 'transientError', reason: error.class as TransientReason, message };
    if (error.class === 'Throttled' && error.retryAfterMs !== undefined)
      outcome.retryAfterMs = error.retryAfterMs;
    return outcome;
  }

  /** The token bucket of a poll: per provider, region and *whole* credential. The fingerprint
   *  (a hash of id, secret and token) keeps a tenant who copies another's AccessKeyId — which is
   *  not secret — with a bogus secret from draining the other's bucket. */
  function bucketOf(
    spec: ResolvedSpec,
    credentials: { credentials: Credentials; fingerprint: string },
  ): string {
    return `${spec.provider}|${credentials.credentials.accessKeyId}|${spec.region}|${credentials.fingerprint}`;
  }

  /** One observe call of an admitted poll (see poll-admission.ts); undefined when aborted, a
   *  requeue when a follow-up request found no token free and the poll was cut. */
  async function poll(
    spec: ResolvedSpec,
    family: ProviderFamily,
    credentials: Credentials,
    baseUrl: string,
    admitted: AdmittedPoll,
  ): Promise<{ outcome: Outcome; at: Date } | { requeueAfterMs: number } | undefined> {
    const secrets = [credentials.accessKeySecret, credentials.securityToken ?? ''];
    // Every request takes a token of the poll's reservation, or one free at that moment; none
    // waits with the slot held. Without one the poll is cut (nothing sent, nothing recorded).
    let cut = false;
    const transport: HttpTransport = async (request) => {
      if (!admitted.takeRequestToken()) {
        cut = true;
        throw new TransportError(
          'no cloud token free for a follow-up request: the poll is requeued',
          'aborted',
        );
      }
      return deps.transport(request);
    };
    let result: ObserveResult;
    let released: { cutRetryInMs?: number };
    try {
      const client = family.connect({
        spec,
        credentials,
        baseUrl,
        transport,
        clock: deps.clock,
        onRequest: (event) => {
          if (cut) return; // the request that found no token was never sent
          deps.metrics.observeCloudRequest(
            event.provider,
            event.operation,
            event.result,
            event.durationSeconds,
          );
        },
      });
      result = await client.observe(deps.signal);
    } catch (error) {
      // A provider client must not throw (its contract returns CloudError); if it does, the
      // poll failed in a way retrying may fix.
      const text = error instanceof Error ? error.message : String(error);
      result = {
        ok: false,
        error: { class: 'InvalidResponse', message: `provider client error: ${text}` },
      };
    } finally {
      released = admitted.release();
    }
    if (deps.signal?.aborted) return undefined;
    if (released.cutRetryInMs !== undefined) return { requeueAfterMs: released.cutRetryInMs };
    const at = deps.clock.now();
    return { outcome: toOutcome(result, at, secrets), at };
  }

  function exchangeFailure(error: CloudError | undefined): { outcome: Outcome; at: Date } {
    const at = deps.clock.now();
    const failure: CloudError = error ?? { class: 'InvalidResponse', message: 'no credentials' };
    return { outcome: toOutcome({ ok: false, error: failure }, at, []), at };
  }

  async function reconcileWatch(key: string, watch: ClusterUpgradeWatch): Promise<ReconcileResult> {
    const { namespace, name } = watch.metadata;
    const uid = watch.metadata.uid ?? key;
    const memory = memoryFor(key, uid);
    const generation = watch.metadata.generation;
    const cachedRv = watch.metadata.resourceVersion;
    const stale =
      memory.written !== undefined && cachedRv !== undefined && cachedRv === memory.written.readAt;
    const previous = stale ? memory.written?.status : watch.status;
    const resourceVersion = stale ? memory.written?.resourceVersion : cachedRv;
    const rawProvider = (watch.spec as { provider?: unknown } | undefined)?.provider;

    /** Writes status if needed, emits Events, records metrics, returns the requeue. */
    const settle = async (
      outcome: Outcome,
      requeueAfterMs: number | undefined,
      extraEvents: EventSpec[] = [],
    ): Promise<ReconcileResult> => {
      const now = deps.clock.now();
      const next = nextStatus(previous, outcome, { generation, now });
      const events = [...extraEvents];
      if (statusChanged(previous, next) || heartbeatDue(previous, next, heartbeatMs)) {
        const written = await deps.writeStatus({ namespace, name, resourceVersion, previous, next });
        if (written.result === 'success') {
          memory.written = { readAt: cachedRv ?? '', resourceVersion: written.resourceVersion, status: next };
          events.unshift(...transitionEvents(previous, next));
        } else {
          if (events.length > 0) await deps.recordEvents(watch, events);
          const retry = written.result === 'conflict' || written.result === 'notFound';
          // A conflict or a vanished object is routine (the informer catches up); anything
          // else means the API server refused or failed the write.
          const fields = { namespace, name, result: written.result };
          if (retry) log.info(fields, `status not written: ${written.message}`);
          else log.warn(fields, `status not written: ${written.message}`);
          deps.metrics.countReconcile(retry ? 'requeue' : 'error');
          return retry ? { requeueAfterMs: CONFLICT_REQUEUE_MS } : { error: 'rateLimited' };
        }
      }
      if (events.length > 0) await deps.recordEvents(watch, events);
      if (isProviderName(rawProvider) && next.phase) {
        deps.metrics.recordWatch(namespace, name, rawProvider, next.phase, next.progress);
      }
      deps.metrics.countReconcile(
        outcome.kind === 'observed' || outcome.kind === 'suspended' ? 'success' : 'error',
      );
      return requeueAfterMs === undefined ? {} : { requeueAfterMs };
    };

    const parsed = deps.parseSpec(watch.spec);
    if (!parsed.ok) {
      return settle(
        { kind: 'permanentError', reason: PermanentReason.InvalidSpec, message: parsed.message },
        INVALID_SPEC_RECHECK_MS,
      );
    }
    const spec = applyRuntimeDefaults(parsed.spec);
    if (spec.suspend) {
      // Not polled on purpose: no last-poll timestamp to age into a PollingFailing alert.
      deps.metrics.forgetSuccessfulPoll(namespace, name);
      return settle({ kind: 'suspended' }, undefined);
    }

    const family = deps.families[spec.provider];
    if (!family) {
      const message = `provider ${spec.provider} is not available in this build of the operator`;
      return settle(
        { kind: 'permanentError', reason: PermanentReason.InvalidSpec, message },
        INVALID_SPEC_RECHECK_MS,
      );
    }
    const endpoint = resolveBaseUrl(spec, family, deps.options.allowCustomEndpoints);
    if (!endpoint.ok) {
      return settle(
        { kind: 'permanentError', reason: PermanentReason.InvalidSpec, message: endpoint.message },
        INVALID_SPEC_RECHECK_MS,
      );
    }
    const credentials = await deps.getCredentials({ namespace, spec, baseUrl: endpoint.baseUrl });
    let exchangeError: CloudError | undefined;
    if (!credentials.ok) {
      const error = credentials.error;
      if (error.class === 'CredentialsNotFound') {
        return settle(
          { kind: 'permanentError', reason: PermanentReason.CredentialsNotFound, message: error.message },
          CREDENTIALS_RECHECK_MS,
        );
      }
      exchangeError = error;
    }

    const nowMs = deps.clock.now().getTime();
    const last = memory.lastPoll;
    const due =
      last === undefined ||
      last.generation !== generation ||
      last.fingerprint !== credentials.fingerprint ||
      nowMs >= last.nextPollAt;
    if (due && last !== undefined && last.generation !== generation && nowMs < last.nextPollAt) {
      // A spec edit polls at once, but an edit loop cannot poll faster than the minimum interval.
      const editPollAt = last.at + MIN_EDIT_POLL_INTERVAL_MS;
      if (nowMs < editPollAt) {
        deps.metrics.countReconcile('requeue');
        return { requeueAfterMs: editPollAt - nowMs };
      }
    }

    let current: LastPoll;
    const extraEvents: EventSpec[] = [];
    if (due) {
      // A failed keyless exchange (refused, throttled, down) counts as this poll's outcome: it
      // is retried, backed off and reported exactly like a failed cloud call.
      let polled: Awaited<ReturnType<typeof poll>>;
      if (credentials.ok) {
        const bucket = bucketOf(spec, credentials);
        const admitted = admission.admit(uid, namespace, bucket);
        if (!admitted.admitted) {
          // No worker waits for a token or a slot: come back when the reserved token is due.
          deps.metrics.countReconcile('requeue');
          return { requeueAfterMs: admitted.retryInMs };
        }
        polled = await poll(spec, family, credentials.credentials, endpoint.baseUrl, admitted);
      } else {
        polled = exchangeFailure(exchangeError);
      }
      if (!polled) return {}; // shutting down
      if ('requeueAfterMs' in polled) {
        // Cut for want of a follow-up token: its retry's tokens are reserved; nothing to report.
        deps.metrics.countReconcile('requeue');
        return polled;
      }
      const delay = nextPollDelay(
        polled.outcome,
        previous?.phase,
        intervalsOf(spec),
        memory.attempt,
        deps.random,
      );
      memory.attempt = delay.attempt;
      current = {
        at: polled.at.getTime(),
        generation,
        fingerprint: credentials.fingerprint,
        outcome: polled.outcome,
        nextPollAt: polled.at.getTime() + delay.delayMs,
      };
      memory.lastPoll = current;
      const outcome = polled.outcome;
      if (outcome.kind === 'observed') {
        deps.metrics.recordSuccessfulPoll(namespace, name, polled.at);
      } else if (outcome.kind !== 'suspended') {
        const failure = pollFailedEvent(outcome);
        if (failure && memory.pollFailed.allow(outcome.reason, current.at)) extraEvents.push(failure);
        log.warn(
          { namespace, name, provider: spec.provider, reason: outcome.reason, retryInMs: delay.delayMs },
          `poll failed: ${outcome.message}`,
        );
      }
    } else {
      current = last;
    }

    const afterMs = deps.clock.now().getTime();
    let requeue = Math.max(MIN_RETRY_MS, current.nextPollAt - afterMs);
    // A permanent cloud error is retried at once when the Secret rotates; we do not watch
    // Secrets, so re-read it (cache ≤ 30 s, no cloud call) every 30 s meanwhile.
    if (current.outcome.kind === 'permanentError') requeue = Math.min(requeue, CREDENTIALS_RECHECK_MS);
    return settle(current.outcome, requeue, extraEvents);
  }

  async function reconcile(key: string): Promise<ReconcileResult> {
    try {
      const watch = deps.getWatch(key);
      if (!watch) {
        if (uidByKey.has(key)) onDelete(key);
        return {};
      }
      if ((watch.metadata as { deletionTimestamp?: string }).deletionTimestamp) return {};
      return await reconcileWatch(key, watch);
    } catch (error) {
      const text = error instanceof Error ? error.message : String(error);
      log.error({ key }, `reconcile failed: ${text}`);
      deps.metrics.countReconcile('error');
      return { error: 'rateLimited' };
    }
  }

  return { reconcile, onDelete, trackedObjects: () => memories.size };
}
