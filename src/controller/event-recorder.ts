// Writes core/v1 Events for a ClusterUpgradeWatch, like client-go's recorder: the first
// occurrence creates an Event (`<name>.<hex nanos>`), a repeat of the same type+reason+message
// for the same object patches `count` and `lastTimestamp` of that Event instead. If the Event
// has expired meanwhile (404) a new one is created. Failures are logged and swallowed: Events
// are best effort and must never fail a reconcile.

import type { ClusterUpgradeWatch } from '../api/types.js';
import { setHeaderOptions, type CoreV1Event } from '@kubernetes/client-node';
import { formatTime } from '../providers/common/time.js';
import type { Clock } from '../runtime/clock.js';
import type { EventSpec } from './events.js';
import { apiErrorCode, describeApiError } from '../runtime/kube-errors.js';
import type { ControllerLogger } from './ports.js';
import { trimText } from './text.js';

interface InvolvedObject {
  apiVersion: string;
  kind: string;
  name: string;
  namespace: string;
  uid?: string;
  resourceVersion?: string;
}

export interface NewEvent {
  name: string;
  namespace: string;
  involvedObject: InvolvedObject;
  type: EventSpec['type'];
  reason: string;
  message: string;
  count: number;
  firstTimestamp: Date;
  lastTimestamp: Date;
  component: string;
  instance?: string;
}

export interface EventSink {
  create(event: NewEvent): Promise<void>;
  /** Raise count/lastTimestamp of an existing Event; rejects with a 404 ApiException when it is gone. */
  bump(namespace: string, name: string, count: number, lastTimestamp: Date): Promise<void>;
}

export type EventRecorderFn = (object: ClusterUpgradeWatch, events: readonly EventSpec[]) => Promise<void>;

/** Repeats older than this create a fresh Event (the API server's default Event TTL is 1 h). */
const REPEAT_WINDOW_MS = 55 * 60_000;
const MAX_REMEMBERED = 4096;

// Long (just over 80 lines) because recordOne and eventName share the closure's repeat map and
// name sequence; split, they would only pass that state around.
export function createEventRecorder(deps: {
  sink: EventSink;
  clock: Clock;
  component?: string;
  instance?: string;
  logger?: ControllerLogger;
}): EventRecorderFn {
  const component = deps.component ?? 'upgradewatch';
  const seen = new Map<string, { name: string; count: number; first: Date; last: number }>();
  let sequence = 0n;

  function eventName(objectName: string, now: Date): string {
    sequence = (sequence + 1n) % 1_000_000n;
    const nanos = BigInt(now.getTime()) * 1_000_000n + sequence;
    return `${objectName}.${nanos.toString(16)}`;
  }

  async function recordOne(object: ClusterUpgradeWatch, spec: EventSpec): Promise<void> {
    const now = deps.clock.now();
    const message = trimText(spec.message);
    const { name, namespace, uid, resourceVersion } = object.metadata;
    const key = `${uid ?? `${namespace}/${name}`}|${spec.type}|${spec.reason}|${message}`;
    const previous = seen.get(key);
    if (previous && now.getTime() - previous.last < REPEAT_WINDOW_MS) {
      const count = previous.count + 1;
      try {
        await deps.sink.bump(namespace, previous.name, count, now);
        seen.delete(key);
        seen.set(key, { ...previous, count, last: now.getTime() });
        return;
      } catch (error) {
        if (apiErrorCode(error) !== 404) throw error;
      }
    }
    const involvedObject: InvolvedObject = {
      apiVersion: object.apiVersion,
      kind: object.kind,
      name,
      namespace,
    };
    if (uid) involvedObject.uid = uid;
    if (resourceVersion) involvedObject.resourceVersion = resourceVersion;
    const event: NewEvent = {
      name: eventName(name, now),
      namespace,
      involvedObject,
      type: spec.type,
      reason: spec.reason,
      message,
      count: 1,
      firstTimestamp: now,
      lastTimestamp: now,
      component,
    };
    if (deps.instance) event.instance = deps.instance;
    await deps.sink.create(event);
    seen.delete(key);
    seen.set(key, { name: event.name, count: 1, first: now, last: now.getTime() });
    while (seen.size > MAX_REMEMBERED) {
      const oldest = seen.keys().next().value;
      if (oldest === undefined) break;
      seen.delete(oldest);
    }
  }

  return async (object, events) => {
    for (const spec of events) {
      try {
        await recordOne(object, spec);
      } catch (error) {
        deps.logger?.warn(
          {
            namespace: object.metadata.namespace,
            name: object.metadata.name,
            reason: spec.reason,
            err: describeApiError(error),
          },
          'could not record Event',
        );
      }
    }
  };
}

/** The minimal part of client-node 2's CoreV1Api the sink needs. */
export interface CoreV1EventApi {
  createNamespacedEvent(param: { namespace: string; body: CoreV1Event }): Promise<unknown>;
  patchNamespacedEvent(
    param: { name: string; namespace: string; body: unknown },
    options?: ReturnType<typeof setHeaderOptions>,
  ): Promise<unknown>;
}

/** EventSink over client-node 2 core/v1 Events (create; merge-patch count/lastTimestamp). */
export function kubeEventSink(api: CoreV1EventApi): EventSink {
  const mergePatch = setHeaderOptions('Content-Type', 'application/merge-patch+json');
  return {
    async create(event) {
      const body: CoreV1Event = {
        apiVersion: 'v1',
        kind: 'Event',
        metadata: { name: event.name, namespace: event.namespace },
        involvedObject: event.involvedObject,
        type: event.type,
        reason: event.reason,
        message: event.message,
        count: event.count,
        firstTimestamp: event.firstTimestamp,
        lastTimestamp: event.lastTimestamp,
        source: event.instance
          ? { component: event.component, host: event.instance }
          : { component: event.component },
        reportingComponent: event.component,
      };
      if (event.instance) body.reportingInstance = event.instance;
      await api.createNamespacedEvent({ namespace: event.namespace, body });
    },
    async bump(namespace, name, count, lastTimestamp) {
      await api.patchNamespacedEvent(
        {
          name,
          namespace,
          body: { count, lastTimestamp: formatTime(lastTimestamp) },
        },
        mergePatch,
      );
    },
  };
}
