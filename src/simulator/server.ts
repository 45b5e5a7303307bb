// startSimulator: the simulated clouds on one loopback HTTP(S) port, usable in-process from
// tests (injected clock and delay) and from the CLI. Sockets, body limits and lifecycle live
// here; what a request means lives in pipeline.ts.

import {
  createServer as createHttpServer,
  type IncomingMessage,
  type Server,
  type ServerResponse,
} from 'node:http';
import { createServer as createHttpsServer } from 'node:https';
import type { AddressInfo, Socket } from 'node:net';
import { systemClock, type Clock } from '../runtime/clock.js';
import { ADMIN_PREFIX, json } from './admin-http.js';
import { applyScenario, createSimAdmin, type SimAdmin } from './admin.js';
import { loadCloudModules } from './clouds.js';
import { RequestCounters } from './counters.js';
import { FaultBook } from './faults.js';
import { silentLogger, type SimLogger } from './logger.js';
import { cancellableDelay, createPipeline, type Delay, type Pipeline } from './pipeline.js';
import { BadRequestError, toSimRequest } from './request.js';
import { seededRandom } from './rng.js';
import {
  EMPTY_SCENARIO,
  loadScenario,
  parseScenario,
  type Scenario,
  type ScenarioInput,
} from './scenario.js';
import { ensureTlsMaterial, type TlsMaterial } from './tls.js';
import type { SimCloud, SimReply } from './types.js';
import { SimWorld } from './world.js';

const DEFAULT_MAX_BODY_BYTES = 1024 * 1024;

export interface SimulatorOptions {
  /** The simulated clouds; default both real modules (./alibaba, ./huawei), loaded lazily. */
  clouds?: SimCloud[];
  /** A scenario object (validated) or the path of a YAML/JSON scenario file. */
  scenario?: string | ScenarioInput;
  /** Timelines advance by this clock; tests move it instead of sleeping. */
  clock?: Clock;
  /** How `latency` faults wait; tests inject one that resolves at once. */
  delay?: Delay;
  /** Serve HTTPS with a generated CA (returned as `caCert`). */
  tls?: boolean;
  /** Keep/reuse the TLS files here (default: a temporary directory, removed on stop). */
  certDir?: string;
  /** Default 127.0.0.1. Anything but loopback needs `allowNonLoopback`. */
  host?: string;
  /** Default 0: any free port. */
  port?: number;
  allowNonLoopback?: boolean;
  /** Overrides the scenario's seed for probability faults. */
  seed?: number;
  maxBodyBytes?: number;
  logger?: SimLogger;
  /**
   * Told every secret of a keyless exchange: each OIDC token received, each federated token,
   * temporary key secret and security token issued — so a test's secret scan can look for them.
   */
  onSecret?: (value: string) => void;
}

export interface RunningSimulator {
  /** Base URL of the simulated clouds, e.g. `http://127.0.0.1:41234` (no trailing slash). */
  url: string;
  /** `${url}/_sim` */
  adminUrl: string;
  port: number;
  /** PEM of the CA that signed the server certificate (TLS only). */
  caCert?: string;
  /** Where that PEM is on disk (TLS only). */
  caFile?: string;
  admin: SimAdmin;
  /** Close the port (dropping open connections) and remove temporary TLS files. Idempotent. */
  stop(): Promise<void>;
}

export function isLoopbackHost(host: string): boolean {
  return host === 'localhost' || host === '::1' || /^127\.\d{1,3}\.\d{1,3}\.\d{1,3}$/.test(host);
}

async function resolveScenario(scenario: SimulatorOptions['scenario']): Promise<Scenario> {
  if (scenario === undefined) return EMPTY_SCENARIO;
  if (typeof scenario === 'string') return loadScenario(scenario);
  return parseScenario(scenario);
}

type BodyResult = { ok: true; body: string } | { ok: false };

function readBody(request: IncomingMessage, maxBytes: number): Promise<BodyResult> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    let done = false;
    request.on('data', (chunk: Buffer) => {
      if (done) return;
      size += chunk.length;
      if (size > maxBytes) {
        done = true;
        resolve({ ok: false });
        return;
      }
      chunks.push(chunk);
    });
    request.on('end', () => {
      if (!done) resolve({ ok: true, body: Buffer.concat(chunks).toString('utf8') });
      done = true;
    });
    request.on('error', (error) => {
      if (!done) reject(error);
      done = true;
    });
  });
}

const HOP_HEADERS = new Set(['content-length', 'transfer-encoding', 'connection', 'keep-alive']);

function send(response: ServerResponse, reply: SimReply, close = false): void {
  if (response.destroyed || response.writableEnded) return;
  const headers: Record<string, string> = {};
  for (const [name, value] of Object.entries(reply.headers ?? {})) {
    if (!HOP_HEADERS.has(name.toLowerCase())) headers[name.toLowerCase()] = value;
  }
  headers['content-type'] ??= 'application/json;charset=utf-8';
  headers['content-length'] = String(Buffer.byteLength(reply.body));
  if (close) headers.connection = 'close';
  response.writeHead(reply.status, headers);
  response.end(reply.body);
}

function listener(pipeline: Pipeline, maxBodyBytes: number, logger: SimLogger) {
  return async (incoming: IncomingMessage, response: ServerResponse): Promise<void> => {
    try {
      const body = await readBody(incoming, maxBodyBytes);
      if (!body.ok) {
        incoming.resume();
        send(response, json(413, { error: `request body larger than ${maxBodyBytes} bytes` }), true);
        return;
      }
      let request;
      try {
        request = toSimRequest(incoming, body.body);
      } catch (error) {
        if (!(error instanceof BadRequestError)) throw error;
        send(response, json(400, { error: error.message }));
        return;
      }
      send(response, await pipeline(request));
    } catch (error) {
      logger.error(
        { err: error instanceof Error ? error.message : String(error) },
        'simulator request failed',
      );
      if (!response.headersSent) send(response, json(500, { error: 'simulator internal error' }), true);
      else response.destroy();
    }
  };
}

function listen(server: Server, port: number, host: string): Promise<AddressInfo> {
  return new Promise((resolve, reject) => {
    const onError = (error: Error) => reject(error);
    server.once('error', onError);
    server.listen(port, host, () => {
      server.off('error', onError);
      resolve(server.address() as AddressInfo);
    });
  });
}

function closeServer(server: Server): Promise<void> {
  return new Promise((resolve) => {
    server.close(() => resolve());
    server.closeAllConnections();
  });
}

/** Long because it wires the one running simulator: host check, scenario, TLS, cloud modules,
 *  world, HTTP server and admin API, and the stop that undoes each in reverse. */
export async function startSimulator(options: SimulatorOptions = {}): Promise<RunningSimulator> {
  const host = options.host ?? '127.0.0.1';
  if (!isLoopbackHost(host) && !options.allowNonLoopback) {
    throw new Error(
      `refusing to listen on non-loopback host ${host} (the simulator accepts fake credentials); set allowNonLoopback to insist`,
    );
  }
  const clock = options.clock ?? systemClock;
  const logger = options.logger ?? silentLogger;
  const maxBodyBytes = options.maxBodyBytes ?? DEFAULT_MAX_BODY_BYTES;
  const clouds = options.clouds ?? (await loadCloudModules());
  const loaded = await resolveScenario(options.scenario);
  const scenario = options.seed === undefined ? loaded : { ...loaded, seed: options.seed };

  const realTimer = cancellableDelay();
  const world = new SimWorld(clock, options.onSecret);
  const faults = new FaultBook(seededRandom(scenario.seed));
  const counters = new RequestCounters();
  applyScenario({ world, faults, scenario });
  const admin = createSimAdmin({
    world,
    faults,
    counters,
    clock,
    scenario,
    clouds: clouds.map((cloud) => cloud.name),
  });
  const pipeline = createPipeline({
    clouds,
    world,
    faults,
    counters,
    admin,
    delay: options.delay ?? realTimer.delay,
    logger,
  });

  let tls: TlsMaterial | undefined;
  if (options.tls) {
    tls = await ensureTlsMaterial({
      ...(options.certDir !== undefined ? { certDir: options.certDir } : {}),
      hosts: isLoopbackHost(host) ? [] : [host],
    });
  }
  const handle = listener(pipeline, maxBodyBytes, logger);
  const onRequest = (incoming: IncomingMessage, response: ServerResponse) => void handle(incoming, response);
  const server: Server = tls
    ? createHttpsServer({ key: tls.key, cert: tls.cert }, onRequest)
    : createHttpServer(onRequest);
  server.on('clientError', (_error: Error, socket: Socket) => {
    if (socket.writable)
      socket.end('HTTP/1.1 400 Bad Request\r\nConnection: close\r\nContent-Length: 0\r\n\r\n');
    else socket.destroy();
  });

  let address: AddressInfo;
  try {
    address = await listen(server, options.port ?? 0, host);
  } catch (error) {
    await tls?.cleanup();
    throw error;
  }
  const urlHost = host.includes(':') ? `[${host}]` : host;
  const url = `${tls ? 'https' : 'http'}://${urlHost}:${address.port}`;
  logger.info(
    { url, clusters: world.size, clouds: clouds.map((cloud) => cloud.name) },
    'simulator listening',
  );

  let stopping: Promise<void> | undefined;
  return {
    url,
    adminUrl: `${url}${ADMIN_PREFIX}`,
    port: address.port,
    ...(tls ? { caCert: tls.ca, caFile: tls.caFile } : {}),
    admin,
    stop() {
      stopping ??= (async () => {
        realTimer.cancel();
        await closeServer(server);
        await tls?.cleanup();
        logger.info({ url }, 'simulator stopped');
      })();
      return stopping;
    },
  };
}
