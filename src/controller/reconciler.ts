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
//
// reconcileWatch reads as its four named steps — validate → resolveCredentials → pollIfDue →
// settle — each taking the object and its memory (ObjectInHand) explicitly. The file is longer
// than the usual 300 lines because those steps share createReconciler's injected dependencies,
// the poll admission and the memory map; splitting them out would thread all of it through.

import { pollIntervalsMs, type ResolvedSpec } from '../api/defaults.js';
import { splitKey } from '../api/object-key.js';
import type { ParseSpecResult } from '../api/schema.js';
import {
  PROVIDERS,
  type ClusterUpgradeWatch,
  type ClusterUpgradeWatchStatus,
  type Observation,
  type ProviderName,
} from '../api/types.js';
import { describeCloudError, isPermanent, type CloudError } from '../providers/common/errors.js';
import { publicIdentity, secretValues, type Credentials } from '../providers/common/credentials.js';
import type { ConnectingFamily, LastSeen, ObserveResult } from '../providers/common/provider.js';
import type { Clock } from '../runtime/clock.js';
import { TransportError, type HttpTransport } from '../providers/common/transport.js';
import type { CredentialsPort } from '../credentials/port.js';
import type { CredentialsLookup } from '../credentials/types.js';
import { resolveBaseUrl } from './endpoint.js';
import type { EventRecorderFn } from './event-recorder.js';
import { pollFailedEvent, PollFailedLimiter, transitionEvents, type EventSpec } from './events.js';
import {
  CREDENTIALS_RECHECK_MS,
  INVALID_SPEC_RECHECK_MS,
  MIN_RETRY_MS,
  nextPollDelay,
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

/** Validates a raw spec and fills every default, the runtime ones included (api/schema.ts parseSpec). */
export type SpecParser = (raw: unknown) => ParseSpecResult;

export interface ReconcilerOptions {
  /** --allow-custom-endpoints */
  allowCustomEndpoints: boolean;
  /** --status-heartbeat: write lastSyncTime at most this often when nothing else changed. Default 10 min. */
  heartbeatMs?: number;
  /** --max-concurrent-polls-per-namespace (default 8); 0 = no cap. */
  maxConcurrentPollsPerNamespace?: number;
}

interface ReconcilerDeps {
  /** The CR from the informer cache, undefined when it is gone. */
  getWatch(key: string): ClusterUpgradeWatch | undefined;
  parseSpec: SpecParser;
  /** Credentials from the watch's Secret or workload identity (src/credentials/port.ts). */
  getCredentials: CredentialsPort;
  families: Partial<Record<ProviderName, ConnectingFamily>>;
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

const DEFAULT_HEARTBEAT_MS = 10 * 60_000;
const DEFAULT_MAX_CONCURRENT_POLLS_PER_NAMESPACE = 8;
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

/** One object as a reconcile reads it, with its memory: what every step works on. */
interface ObjectInHand {
  watch: ClusterUpgradeWatch;
  namespace: ClusterUpgradeWatch['metadata']['namespace'];
  name: ClusterUpgradeWatch['metadata']['name'];
  uid: string;
  generation: number | undefined;
  memory: ObjectMemory;
  /** resourceVersion in the informer cache. */
  cachedRv: string | undefined;
  /** The status to compare with and the version to write against: our last write when the
   *  cache has not caught up with it yet. */
  previous: ClusterUpgradeWatchStatus | undefined;
  resourceVersion: string | undefined;
}

/** A spec that passed validation, its provider family and its vetted endpoint. */
interface Validated {
  spec: ResolvedSpec;
  family: ConnectingFamily;
  baseUrl: string;
}

/** What settle() writes and reports: the outcome, when to come back, Events besides transitions. */
interface Settlement {
  outcome: Outcome;
  requeueAfterMs: number | undefined;
  events?: EventSpec[];
}

/** Credentials to poll with, or the failed keyless exchange that counts as the poll's outcome. */
type UsableCredentials =
  Extract<CredentialsLookup, { ok: true }> | { ok: false; error: CloudError; fingerprint: string };

/** A step hands its value on, or ends the reconcile with `end`. */
type Step<T, End = Settlement> = { ok: true; value: T } | { ok: false; end: End };

function isProviderName(value: unknown): value is ProviderName {
  return typeof value === 'string' && (PROVIDERS as readonly string[]).includes(value);
}

/** What a client may resume from: the phase, versions and upgrade id the status shows. */
function lastSeenOf(status: ClusterUpgradeWatchStatus): LastSeen {
  return {
    ...(status.phase ? { phase: status.phase } : {}),
    ...(status.fromVersion ? { fromVersion: status.fromVersion } : {}),
    ...(status.toVersion ? { toVersion: status.toVersion } : {}),
    ...(status.upgradeID ? { upgradeID: status.upgradeID } : {}),
  };
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

// Long (and the file with it): one closure owns the per-object memories, poll admission and the
// status writer that every named step below shares (reconcileWatch itself is only the chain of
// those steps); passing that state explicitly would thread it through every step for no gain.
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
    return `${spec.provider}|${publicIdentity(credentials.credentials)}|${spec.region}|${credentials.fingerprint}`;
  }

  /** One observe call of an admitted poll (see poll-admission.ts); undefined when aborted, a
   *  requeue when a follow-up request found no token free and the poll was cut. */
  async function poll(
    spec: ResolvedSpec,
    family: ConnectingFamily,
    credentials: Credentials,
    baseUrl: string,
    admitted: AdmittedPoll,
    previous: ClusterUpgradeWatchStatus | undefined,
  ): Promise<{ outcome: Outcome; at: Date } | { requeueAfterMs: number } | undefined> {
    const secrets = secretValues(credentials);
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
        ...(previous ? { lastSeen: lastSeenOf(previous) } : {}),
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

  function exchangeFailure(error: CloudError): { outcome: Outcome; at: Date } {
    const at = deps.clock.now();
    return { outcome: toOutcome({ ok: false, error }, at, []), at };
  }

  /** The object as this reconcile reads it, with its memory. */
  function readObject(key: string, watch: ClusterUpgradeWatch): ObjectInHand {
    const uid = watch.metadata.uid ?? key;
    const memory = memoryFor(key, uid);
    const cachedRv = watch.metadata.resourceVersion;
    // The informer cache may not have caught up with our own last write yet: compare with it.
    const stale =
      memory.written !== undefined && cachedRv !== undefined && cachedRv === memory.written.readAt;
    return {
      watch,
      namespace: watch.metadata.namespace,
      name: watch.metadata.name,
      uid,
      generation: watch.metadata.generation,
      memory,
      cachedRv,
      previous: stale ? memory.written?.status : watch.status,
      resourceVersion: stale ? memory.written?.resourceVersion : cachedRv,
    };
  }

  /** Step 1: a valid, enabled spec with a provider and an endpoint — or the settlement saying why not. */
  function validate(object: ObjectInHand): Step<Validated> {
    const invalid = (message: string): Step<Validated> => ({
      ok: false,
      end: {
        outcome: { kind: 'permanentError', reason: PermanentReason.InvalidSpec, message },
        requeueAfterMs: INVALID_SPEC_RECHECK_MS,
      },
    });
    const parsed = deps.parseSpec(object.watch.spec);
    if (!parsed.ok) return invalid(parsed.message);
    const spec = parsed.spec;
    if (spec.suspend) {
      // Not polled on purpose: no last-poll timestamp to age into a PollingFailing alert.
      deps.metrics.forgetSuccessfulPoll(object.namespace, object.name);
      return { ok: false, end: { outcome: { kind: 'suspended' }, requeueAfterMs: undefined } };
    }
    const family = deps.families[spec.provider];
    if (!family) return invalid(`provider ${spec.provider} is not available in this build of the operator`);
    const endpoint = resolveBaseUrl(spec, family, deps.options.allowCustomEndpoints);
    if (!endpoint.ok) return invalid(endpoint.message);
    return { ok: true, value: { spec, family, baseUrl: endpoint.baseUrl } };
  }

  /** Step 2: the credentials. A missing Secret settles here; a failed keyless exchange goes on,
   *  to count as the poll's outcome. */
  async function resolveCredentials(
    object: ObjectInHand,
    valid: Validated,
  ): Promise<Step<UsableCredentials>> {
    const { spec, baseUrl } = valid;
    const credentials = await deps.getCredentials({ namespace: object.namespace, spec, baseUrl });
    if (credentials.ok) return { ok: true, value: credentials };
    const error = credentials.error;
    if (error.class === 'CredentialsNotFound') {
      return {
        ok: false,
        end: {
          outcome: {
            kind: 'permanentError',
            reason: PermanentReason.CredentialsNotFound,
            message: error.message,
          },
          requeueAfterMs: CREDENTIALS_RECHECK_MS,
        },
      };
    }
    return { ok: true, value: { ok: false, error, fingerprint: credentials.fingerprint } };
  }

  /** A spec edit polls at once, but an edit loop cannot poll faster than the minimum interval:
   *  the wait left, or undefined when a poll may happen now. */
  function editLoopWait(
    last: LastPoll | undefined,
    generation: number | undefined,
    nowMs: number,
  ): number | undefined {
    if (last === undefined || last.generation === generation || nowMs >= last.nextPollAt) return undefined;
    const editPollAt = last.at + MIN_EDIT_POLL_INTERVAL_MS;
    return nowMs < editPollAt ? editPollAt - nowMs : undefined;
  }

  /** Step 3: poll the cloud if a poll is due (see the header), remember the outcome, and say
   *  what to settle; or come back later without settling. */
  async function pollIfDue(
    object: ObjectInHand,
    valid: Validated,
    credentials: UsableCredentials,
  ): Promise<Step<Settlement, ReconcileResult>> {
    const { memory, generation } = object;
    const nowMs = deps.clock.now().getTime();
    const last = memory.lastPoll;
    const due =
      last === undefined ||
      last.generation !== generation ||
      last.fingerprint !== credentials.fingerprint ||
      nowMs >= last.nextPollAt;
    let current: LastPoll;
    const events: EventSpec[] = [];
    if (!due) {
      current = last;
    } else {
      const wait = editLoopWait(last, generation, nowMs);
      if (wait !== undefined) {
        deps.metrics.countReconcile('requeue');
        return { ok: false, end: { requeueAfterMs: wait } };
      }
      const polled = await pollOnce(object, valid, credentials);
      if (!polled.ok) return polled;
      if (!polled.value) return { ok: false, end: {} }; // shutting down
      current = remember(object, valid.spec, credentials.fingerprint, polled.value, events);
    }
    const afterMs = deps.clock.now().getTime();
    let requeue = Math.max(MIN_RETRY_MS, current.nextPollAt - afterMs);
    // A permanent cloud error is retried at once when the Secret rotates; we do not watch
    // Secrets, so re-read it (cache ≤ 30 s, no cloud call) every 30 s meanwhile.
    if (current.outcome.kind === 'permanentError') requeue = Math.min(requeue, CREDENTIALS_RECHECK_MS);
    return { ok: true, value: { outcome: current.outcome, requeueAfterMs: requeue, events } };
  }

  /** One poll through admission, or the failed keyless exchange as the poll's outcome (it is
   *  retried, backed off and reported exactly like a failed cloud call). Not admitted: come back
   *  when the reserved token is due (no worker waits for a token or a slot). */
  async function pollOnce(
    object: ObjectInHand,
    valid: Validated,
    credentials: UsableCredentials,
  ): Promise<Step<{ outcome: Outcome; at: Date } | undefined, ReconcileResult>> {
    if (!credentials.ok) return { ok: true, value: exchangeFailure(credentials.error) };
    const bucket = bucketOf(valid.spec, credentials);
    const admitted = admission.admit(object.uid, object.namespace, bucket);
    if (!admitted.admitted) {
      deps.metrics.countReconcile('requeue');
      return { ok: false, end: { requeueAfterMs: admitted.retryInMs } };
    }
    const polled = await poll(
      valid.spec,
      valid.family,
      credentials.credentials,
      valid.baseUrl,
      admitted,
      object.previous,
    );
    if (polled && 'requeueAfterMs' in polled) {
      // Cut for want of a follow-up token: its retry's tokens are reserved; nothing to report.
      deps.metrics.countReconcile('requeue');
      return { ok: false, end: { requeueAfterMs: polled.requeueAfterMs } };
    }
    return { ok: true, value: polled };
  }

  /** The poll's outcome into the object's memory (next due time, backoff attempt), its metrics,
   *  its log line and, within the limiter, its PollFailed Event. */
  function remember(
    object: ObjectInHand,
    spec: ResolvedSpec,
    fingerprint: string,
    polled: { outcome: Outcome; at: Date },
    events: EventSpec[],
  ): LastPoll {
    const { memory, namespace, name } = object;
    const { outcome } = polled;
    const delay = nextPollDelay(
      outcome,
      object.previous?.phase,
      pollIntervalsMs(spec),
      memory.attempt,
      deps.random,
    );
    memory.attempt = delay.attempt;
    const current: LastPoll = {
      at: polled.at.getTime(),
      generation: object.generation,
      fingerprint,
      outcome,
      nextPollAt: polled.at.getTime() + delay.delayMs,
    };
    memory.lastPoll = current;
    if (outcome.kind === 'observed') {
      deps.metrics.recordSuccessfulPoll(namespace, name, polled.at);
    } else if (outcome.kind !== 'suspended') {
      const failure = pollFailedEvent(outcome);
      if (failure && memory.pollFailed.allow(outcome.reason, current.at)) events.push(failure);
      log.warn(
        { namespace, name, provider: spec.provider, reason: outcome.reason, retryInMs: delay.delayMs },
        `poll failed: ${outcome.message}`,
      );
    }
    return current;
  }

  /** Step 4: write status if needed, emit Events, record metrics, return the requeue. */
  async function settle(object: ObjectInHand, settlement: Settlement): Promise<ReconcileResult> {
    const { watch, namespace, name, previous, resourceVersion } = object;
    const { outcome, requeueAfterMs } = settlement;
    const now = deps.clock.now();
    const next = nextStatus(previous, outcome, { generation: object.generation, now });
    const events = [...(settlement.events ?? [])];
    if (statusChanged(previous, next) || heartbeatDue(previous, next, heartbeatMs)) {
      const written = await deps.writeStatus({ namespace, name, resourceVersion, previous, next });
      if (written.result === 'success') {
        object.memory.written = {
          readAt: object.cachedRv ?? '',
          resourceVersion: written.resourceVersion,
          status: next,
        };
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
    const rawProvider = (watch.spec as { provider?: unknown } | undefined)?.provider;
    if (isProviderName(rawProvider) && next.phase) {
      deps.metrics.recordWatch(namespace, name, rawProvider, next.phase, next.progress);
    }
    deps.metrics.countReconcile(
      outcome.kind === 'observed' || outcome.kind === 'suspended' ? 'success' : 'error',
    );
    return requeueAfterMs === undefined ? {} : { requeueAfterMs };
  }

  /** validate → resolve credentials → poll if due → settle (docs/reference.md#reconcile-loop). */
  async function reconcileWatch(key: string, watch: ClusterUpgradeWatch): Promise<ReconcileResult> {
    const object = readObject(key, watch);
    const valid = validate(object);
    if (!valid.ok) return settle(object, valid.end);
    const credentials = await resolveCredentials(object, valid.value);
    if (!credentials.ok) return settle(object, credentials.end);
    const polled = await pollIfDue(object, valid.value, credentials.value);
    if (!polled.ok) return polled.end;
    return settle(object, polled.value);
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
