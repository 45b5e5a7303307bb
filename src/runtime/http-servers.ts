// The two small HTTP servers of docs/reference.md#flags: metrics (/metrics) and probes (/healthz, /readyz).
// Bind addresses use the controller-runtime form: ":8080" (all interfaces), "127.0.0.1:0"
// (loopback, any free port), "[::1]:8081"; "0" disables the server.
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';

interface BindAddress {
  /** undefined = all interfaces. */
  host: string | undefined;
  port: number;
}

export interface RunningServer {
  /** The bound address; port is the real one when 0 was asked for. */
  host: string;
  port: number;
  /** Base URL for clients, e.g. http://127.0.0.1:8080. */
  url: string;
  close(): Promise<void>;
}

/** Parses a bind address; returns null for "0" (server disabled). Throws RangeError when malformed. */
export function parseBindAddress(address: string): BindAddress | null {
  const value = address.trim();
  if (value === '0') return null;
  const match = /^(?:\[([0-9a-fA-F:.]+)\]|([A-Za-z0-9.-]*)):(\d{1,5})$/.exec(value);
  if (!match)
    throw new RangeError(`invalid bind address "${address}" (want host:port, :port or [ipv6]:port)`);
  const port = Number(match[3]);
  if (port > 65535) throw new RangeError(`invalid port in bind address "${address}"`);
  const host = match[1] ?? match[2];
  return { host: host === '' || host === undefined ? undefined : host, port };
}

type Route = (req: IncomingMessage, res: ServerResponse) => void | Promise<void>;

function send(
  res: ServerResponse,
  status: number,
  body: string,
  contentType = 'text/plain; charset=utf-8',
): void {
  res.writeHead(status, { 'Content-Type': contentType, 'Cache-Control': 'no-store' });
  res.end(body);
}

async function listen(bind: BindAddress, routes: Record<string, Route>): Promise<RunningServer> {
  const server: Server = createServer((req, res) => {
    const path = (req.url ?? '/').split('?')[0] ?? '/';
    const route = routes[path];
    if (!route) return send(res, 404, 'not found\n');
    if (req.method !== 'GET' && req.method !== 'HEAD') return send(res, 405, 'method not allowed\n');
    Promise.resolve(route(req, res)).catch(() => {
      if (!res.headersSent) send(res, 500, 'internal error\n');
      else res.destroy();
    });
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(bind.port, bind.host, () => {
      server.off('error', reject);
      resolve();
    });
  });
  const address = server.address() as AddressInfo;
  const urlHost = address.family === 'IPv6' ? `[${address.address}]` : address.address;
  let closed: Promise<void> | undefined;
  return {
    host: address.address,
    port: address.port,
    url: `http://${urlHost}:${address.port}`,
    close: () => {
      closed ??= new Promise<void>((resolve) => {
        server.close(() => resolve());
        server.closeIdleConnections();
      });
      return closed;
    },
  };
}

interface MetricsSource {
  contentType: string;
  expose(): Promise<string>;
}

/** Serves GET /metrics from the registry. */
export function startMetricsServer(bind: BindAddress, metrics: MetricsSource): Promise<RunningServer> {
  return listen(bind, {
    '/metrics': async (_req, res) => send(res, 200, await metrics.expose(), metrics.contentType),
  });
}

interface ProbeChecks {
  /** /readyz answers 200 only while this returns true (e.g. the informer has synced). */
  ready(): boolean;
}

/** Serves /healthz (200 while the event loop runs) and /readyz (200 when ready, else 503). */
export function startProbeServer(bind: BindAddress, checks: ProbeChecks): Promise<RunningServer> {
  return listen(bind, {
    '/healthz': (_req, res) => send(res, 200, 'ok\n'),
    '/readyz': (_req, res) => (checks.ready() ? send(res, 200, 'ok\n') : send(res, 503, 'not ready\n')),
  });
}
