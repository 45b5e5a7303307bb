// A reconciler wired to the *real* pieces that touch hostile input: the real provider families
// (registry), real signing, the real axios transport, the real spec parser, endpoint rules,
// credentials reader, status computation and status writer, and the real pino logger (with an
// empty secret registry, so no redaction layer is relied upon that production may not have).
// Only the Kubernetes side is in memory: one CR, merge patches on /status, Events and metrics
// captured as text. Every cloud request goes to a hostile server, whatever host name the spec
// names (see redirectedTransport). So the server's request count is exactly "did the operator
// send a signed request".

import { freeTokens } from '../../helpers/free-tokens.js';
import { createCredentialsPort } from '../../../src/credentials/port.js';
import { Writable } from 'node:stream';
import { parseSpec } from '../../../src/api/schema.js';
import type { ClusterUpgradeWatch, ClusterUpgradeWatchSpec, Condition } from '../../../src/api/types.js';
import { createCredentialsReader } from '../../../src/credentials/secret-reader.js';
import type { EventSpec } from '../../../src/controller/events.js';
import type { ControllerMetrics } from '../../../src/controller/ports.js';
import { createReconciler, type Reconciler } from '../../../src/controller/reconciler.js';
import { createStatusWriter } from '../../../src/controller/status-writer.js';
import { createAxiosTransport } from '../../../src/providers/common/axios-transport.js';
import type { HttpTransport } from '../../../src/providers/common/transport.js';
import type { ProviderFamily } from '../../../src/providers/common/provider.js';
import { families } from '../../../src/providers/registry.js';
import { createLogger, SecretRegistry } from '../../../src/runtime/logger.js';
import type { HostileServer } from '../../helpers/hostile-server.js';
import { ACCESS_KEY_SECRET } from './targets.js';

const b64 = (text: string): string => Buffer.from(text, 'utf8').toString('base64');

function applyMergePatch(target: unknown, patch: unknown): unknown {
  if (patch === null || typeof patch !== 'object' || Array.isArray(patch)) return patch;
  const base = new Map<string, unknown>(
    target !== null && typeof target === 'object' && !Array.isArray(target) ? Object.entries(target) : [],
  );
  for (const [key, value] of Object.entries(patch)) {
    if (value === null) base.delete(key);
    else base.set(key, applyMergePatch(base.get(key), value));
  }
  return Object.fromEntries(base);
}

const clone = <T>(value: T): T => JSON.parse(JSON.stringify(value)) as T;

export interface WorldOptions {
  spec: ClusterUpgradeWatchSpec;
  server: HostileServer;
  /** Transport deadline (default 5 s; short for rows that must time out). */
  timeoutMs?: number;
  allowCustomEndpoints?: boolean;
  /** The Secret's decoded data (default: the access-key families' hostile credentials). */
  secret?: Readonly<Record<string, string>>;
  /** The spec's provider family in place of the registry's (a bearer target's fresh token cache
   *  and poll memory, so nothing one world fetched or remembered reaches the next). */
  family?: ProviderFamily;
}

/**
 * Sends every request to `server`, keeping the host name, path, query and signed headers: the
 * scheme and port are swapped and *DNS* answers 127.0.0.1 for every name. IP literals are left
 * alone, so the transport's own address checks still see exactly what the spec named.
 */
export function redirectedTransport(server: HostileServer, timeoutMs: number): HttpTransport {
  const axios = createAxiosTransport({
    timeoutMs,
    dnsLookup: (_hostname, _options, callback) => callback(null, [{ address: '127.0.0.1', family: 4 }]),
  });
  return (request) => {
    const url = new URL(request.url);
    url.protocol = 'http:';
    url.port = String(server.port);
    return axios({ ...request, url: url.toString() });
  };
}

export function createWorld(opts: WorldOptions) {
  let nowMs = Date.parse('2025-03-01T10:00:00Z');
  const clock = { now: () => new Date(nowMs) };
  let rv = 1;
  let object: ClusterUpgradeWatch = {
    apiVersion: 'upgradewatch.io/v1alpha1',
    kind: 'ClusterUpgradeWatch',
    metadata: { name: 'prod', namespace: 'team-a', uid: 'uid-1', generation: 1, resourceVersion: '1' },
    spec: { ...opts.spec, credentialsRef: { name: 'creds' } },
  };
  const secret: Record<string, string> = Object.fromEntries(
    Object.entries(opts.secret ?? ACCESS_KEY_SECRET).map(([key, value]) => [key, b64(value)]),
  );

  const events: EventSpec[] = [];
  const logLines: string[] = [];
  const metricLines: string[] = [];
  const patches: string[] = [];

  const logStream = new Writable({
    write(chunk: Buffer, _encoding, done) {
      logLines.push(chunk.toString('utf8'));
      done();
    },
  });
  const logger = createLogger({ level: 'debug', destination: logStream, secrets: new SecretRegistry() });

  const metric =
    (name: string) =>
    (...args: unknown[]): void => {
      metricLines.push(`${name} ${JSON.stringify(args)}`);
    };
  const metrics: ControllerMetrics = {
    recordWatch: metric('recordWatch'),
    recordSuccessfulPoll: metric('recordSuccessfulPoll'),
    forgetSuccessfulPoll: metric('forgetSuccessfulPoll'),
    forgetWatch: metric('forgetWatch'),
    observeCloudRequest: metric('observeCloudRequest'),
    countStatusUpdate: metric('countStatusUpdate'),
    countReconcile: metric('countReconcile'),
  };

  const writeStatus = createStatusWriter({
    patch: async (_namespace, _name, body) => {
      patches.push(JSON.stringify(body));
      const precondition = (body.metadata as { resourceVersion?: string } | undefined)?.resourceVersion;
      if (precondition !== undefined && precondition !== object.metadata.resourceVersion) {
        throw Object.assign(new Error('conflict'), { code: 409 });
      }
      rv += 1;
      object = {
        ...object,
        metadata: { ...object.metadata, resourceVersion: String(rv) },
        status: applyMergePatch(object.status, body.status) as ClusterUpgradeWatch['status'],
      };
      return clone(object);
    },
    onResult: (result) => metrics.countStatusUpdate(result),
  });

  const credentials = createCredentialsReader({
    readSecret: async (namespace, name) => (namespace === 'team-a' && name === 'creds' ? secret : undefined),
    clock,
  });

  const reconciler: Reconciler = createReconciler({
    getWatch: () => clone(object),
    parseSpec,
    getCredentials: createCredentialsPort({ secrets: credentials }),
    families: opts.family ? { ...families, [opts.spec.provider]: opts.family } : families,
    transport: redirectedTransport(opts.server, opts.timeoutMs ?? 5_000),
    rateLimiter: freeTokens(),
    semaphore: { tryAcquire: () => () => {} },
    writeStatus,
    recordEvents: async (_object, list) => {
      events.push(...list);
    },
    metrics,
    clock,
    random: () => 0.5,
    logger,
    options: { allowCustomEndpoints: opts.allowCustomEndpoints ?? false },
  });

  return {
    reconcile: () => reconciler.reconcile('team-a/prod'),
    /** Moves the clock past any requeue so the next reconcile polls. */
    advance: (ms: number) => {
      nowMs += ms;
    },
    status: () => object.status,
    condition: (type: string): Condition | undefined =>
      object.status?.conditions?.find((c) => c.type === type),
    events,
    logLines,
    metricLines,
    patches,
    /** Everything this world emitted, as text, for secret scanning. */
    emitted: (): string[] => [
      JSON.stringify(object.status ?? {}),
      ...patches,
      ...events.map((e) => `${e.type} ${e.reason} ${e.message}`),
      ...logLines,
      ...metricLines,
    ],
  };
}

export type World = ReturnType<typeof createWorld>;
