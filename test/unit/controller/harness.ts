// A small fake world for reconciler tests: one CR held by a fake API server (merge patches on
// /status with resourceVersion preconditions), an informer cache that can lag behind it, a
// fake Secret store, a fake provider family whose observe() returns scripted results, and
// capture of every patch, Event, log line and metric call. Time is a plain injected clock.

import { freeTokens } from '../../helpers/free-tokens.js';
import { createCredentialsPort, type CredentialsPort } from '../../../src/credentials/port.js';
import { parseSpec } from '../../../src/api/schema.js';
import type {
  ClusterUpgradeWatch,
  ClusterUpgradeWatchSpec,
  Condition,
  Observation,
} from '../../../src/api/types.js';
import { createCredentialsReader } from '../../../src/credentials/secret-reader.js';
import type { EventSpec } from '../../../src/controller/events.js';
import type { ControllerLogger, ControllerMetrics } from '../../../src/controller/ports.js';
import {
  createReconciler,
  type Reconciler,
  type ReconcilerOptions,
} from '../../../src/controller/reconciler.js';
import { createStatusWriter } from '../../../src/controller/status-writer.js';
import type { CloudError } from '../../../src/providers/common/errors.js';
import type {
  ConnectParams,
  ObserveResult,
  ConnectingFamily,
} from '../../../src/providers/common/provider.js';
import type { HttpTransport } from '../../../src/providers/common/transport.js';

export const KEY = 'team-a/prod';
export const ACCESS_KEY_ID = 'LTAI-test-id';
export const ACCESS_KEY_SECRET = 'super-secret-value-9f8e7d';
export const SECURITY_TOKEN = 'sts-token-value-abcdef';

const b64 = (text: string): string => Buffer.from(text, 'utf8').toString('base64');

export function secretData(secret = ACCESS_KEY_SECRET, token?: string): Record<string, string> {
  const data: Record<string, string> = { accessKeyId: b64(ACCESS_KEY_ID), accessKeySecret: b64(secret) };
  if (token) data.securityToken = b64(token);
  return data;
}

export const ok = (observation: Observation): ObserveResult => ({ ok: true, observation });
export const fail = (error: CloudError): ObserveResult => ({ ok: false, error });

type Script = ObserveResult | (() => ObserveResult | Promise<ObserveResult>);

function applyMergePatch(target: unknown, patch: unknown): unknown {
  if (patch === null || typeof patch !== 'object' || Array.isArray(patch)) return patch;
  const base: Record<string, unknown> =
    target !== null && typeof target === 'object' && !Array.isArray(target)
      ? { ...(target as Record<string, unknown>) }
      : {};
  for (const [key, value] of Object.entries(patch)) {
    if (value === null) delete base[key];
    else base[key] = applyMergePatch(base[key], value);
  }
  return base;
}

const clone = <T>(value: T): T => JSON.parse(JSON.stringify(value)) as T;

export interface HarnessOptions {
  spec?: Partial<ClusterUpgradeWatchSpec>;
  secret?: Record<string, string> | undefined;
  options?: Partial<ReconcilerOptions>;
  random?: () => number;
  /** What observe() returns; the last entry repeats. */
  script?: Script[];
  /** Replace the fake family's connect (e.g. to exercise the transport it is given). */
  connect?: ConnectingFamily['connect'];
  /** Register no provider family at all. */
  noFamilies?: boolean;
  signal?: AbortSignal;
  /** Transport handed (wrapped) to the family. */
  transport?: HttpTransport;
  /** Replace the Secret-backed credentials port (e.g. with scripted keyless credentials). */
  getCredentials?: CredentialsPort;
}

export function createHarness(opts: HarnessOptions = {}) {
  let nowMs = Date.parse('2025-03-01T10:00:00Z');
  const clock = { now: () => new Date(nowMs) };
  let rv = 1;

  let server: ClusterUpgradeWatch = {
    apiVersion: 'upgradewatch.io/v1alpha1',
    kind: 'ClusterUpgradeWatch',
    metadata: { name: 'prod', namespace: 'team-a', uid: 'uid-1', generation: 1, resourceVersion: String(rv) },
    spec: {
      provider: 'AlibabaACK',
      region: 'cn-hangzhou',
      clusterID: 'c-123',
      credentialsRef: { name: 'creds' },
      ...opts.spec,
    } as ClusterUpgradeWatchSpec,
  };
  let cache: ClusterUpgradeWatch | undefined = clone(server);
  let cacheFrozen = false;
  let exists = true;
  let nextWriteFailure: number | undefined;

  const patches: Array<Record<string, unknown>> = [];
  const events: EventSpec[] = [];
  const logs: string[] = [];
  const metricCalls: Array<[string, ...unknown[]]> = [];
  const bucketKeys: string[] = [];
  const connects: ConnectParams[] = [];
  let observeCalls = 0;
  let slotsHeld = 0;
  let maxSlotsHeld = 0;
  let script: Script[] = opts.script ?? [ok({ phase: 'Idle' })];

  let secret: Record<string, string> | undefined = 'secret' in opts ? opts.secret : secretData();
  let secretReads = 0;

  const family: ConnectingFamily = {
    name: 'AlibabaACK',
    defaultBaseUrl: (spec) => `https://cs.${spec.region}.aliyuncs.com`,
    allowedDomains: ['aliyuncs.com'],
    connect: (params) => {
      connects.push(params);
      if (opts.connect) return opts.connect(params);
      return {
        observe: async () => {
          observeCalls += 1;
          const step = script.length > 1 ? script.shift() : script[0];
          if (step === undefined) throw new Error('empty script');
          return typeof step === 'function' ? step() : step;
        },
      };
    },
  };

  const metrics: ControllerMetrics = {
    recordWatch: (...args) => metricCalls.push(['recordWatch', ...args]),
    recordSuccessfulPoll: (...args) => metricCalls.push(['recordSuccessfulPoll', ...args]),
    forgetSuccessfulPoll: (...args) => metricCalls.push(['forgetSuccessfulPoll', ...args]),
    forgetWatch: (...args) => metricCalls.push(['forgetWatch', ...args]),
    observeCloudRequest: (...args) => metricCalls.push(['observeCloudRequest', ...args]),
    countStatusUpdate: (...args) => metricCalls.push(['countStatusUpdate', ...args]),
    countReconcile: (...args) => metricCalls.push(['countReconcile', ...args]),
  };

  const logAt =
    (level: string) =>
    (fields: Record<string, unknown>, message: string): void => {
      logs.push(`${level} ${message} ${JSON.stringify(fields)}`);
    };
  const logger: ControllerLogger = {
    debug: logAt('debug'),
    info: logAt('info'),
    warn: logAt('warn'),
    error: logAt('error'),
  };

  const writeStatus = createStatusWriter({
    patch: async (namespace, name, body) => {
      patches.push(clone(body));
      if (nextWriteFailure !== undefined) {
        const code = nextWriteFailure;
        nextWriteFailure = undefined;
        throw Object.assign(new Error(`HTTP ${code}`), { code });
      }
      if (!exists || namespace !== 'team-a' || name !== 'prod')
        throw Object.assign(new Error('nf'), { code: 404 });
      const precondition = (body.metadata as { resourceVersion?: string } | undefined)?.resourceVersion;
      if (precondition !== undefined && precondition !== server.metadata.resourceVersion) {
        throw Object.assign(new Error('conflict'), { code: 409 });
      }
      rv += 1;
      server = {
        ...server,
        metadata: { ...server.metadata, resourceVersion: String(rv) },
        status: applyMergePatch(server.status, body.status) as ClusterUpgradeWatch['status'],
      };
      if (!cacheFrozen) cache = clone(server);
      return clone(server);
    },
    onResult: (result) => metrics.countStatusUpdate(result),
  });

  const credentials = createCredentialsReader({
    readSecret: async (namespace, name) => {
      secretReads += 1;
      return namespace === 'team-a' && name === 'creds' ? secret : undefined;
    },
    clock,
  });

  const reconciler: Reconciler = createReconciler({
    getWatch: (key) => (key === KEY && exists && cache ? clone(cache) : undefined),
    parseSpec,
    getCredentials: opts.getCredentials ?? createCredentialsPort({ secrets: credentials }),
    families: opts.noFamilies ? {} : { AlibabaACK: family },
    transport:
      opts.transport ??
      (async () => {
        throw new Error('the fake family never sends HTTP');
      }),
    rateLimiter: freeTokens((key) => bucketKeys.push(key)),
    semaphore: {
      tryAcquire: () => {
        slotsHeld += 1;
        maxSlotsHeld = Math.max(maxSlotsHeld, slotsHeld);
        let released = false;
        return () => {
          if (!released) slotsHeld -= 1;
          released = true;
        };
      },
    },
    writeStatus,
    recordEvents: async (_object, list) => {
      events.push(...list);
    },
    metrics,
    clock,
    random: opts.random ?? (() => 0.5),
    logger,
    ...(opts.signal ? { signal: opts.signal } : {}),
    options: { allowCustomEndpoints: false, ...opts.options },
  });

  return {
    reconciler,
    reconcile: () => reconciler.reconcile(KEY),
    advance: (ms: number) => {
      nowMs += ms;
    },
    now: () => nowMs,
    setScript: (next: Script[]) => {
      script = next;
    },
    /** Edit the spec like `kubectl apply`: new generation and resourceVersion, cache follows. */
    editSpec: (change: Partial<ClusterUpgradeWatchSpec> & Record<string, unknown>) => {
      rv += 1;
      server = {
        ...server,
        metadata: {
          ...server.metadata,
          generation: (server.metadata.generation ?? 0) + 1,
          resourceVersion: String(rv),
        },
        spec: { ...server.spec, ...change } as ClusterUpgradeWatchSpec,
      };
      cache = clone(server);
    },
    setSecret: (data: Record<string, string> | undefined) => {
      secret = data;
    },
    freezeCache: (frozen: boolean) => {
      cacheFrozen = frozen;
      if (!frozen) cache = clone(server);
    },
    failNextWrite: (code: number) => {
      nextWriteFailure = code;
    },
    remove: () => {
      exists = false;
    },
    status: () => server.status,
    condition: (type: string): Condition | undefined =>
      server.status?.conditions?.find((c) => c.type === type),
    patches,
    events,
    logs,
    metricCalls,
    bucketKeys,
    connects,
    observeCalls: () => observeCalls,
    secretReads: () => secretReads,
    slotsHeld: () => slotsHeld,
    maxSlotsHeld: () => maxSlotsHeld,
  };
}

export type Harness = ReturnType<typeof createHarness>;
