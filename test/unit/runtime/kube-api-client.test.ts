import { once } from 'node:events';
import { createServer, type IncomingMessage } from 'node:http';
import { createSecureServer } from 'node:http2';
import type { AddressInfo, Socket } from 'node:net';
import { CoreV1Api, KubeConfig, Watch } from '@kubernetes/client-node';
import {
  createSharedAgentPool,
  makeKeepAliveApiClient,
  tlsOptionsKey,
  type SharedAgentPool,
} from '../../../src/runtime/kube-api-client.js';
import { ensureTlsMaterial } from '../../../src/simulator/tls.js';

describe('tlsOptionsKey', () => {
  const base = { ca: 'CA-1', cert: 'C', key: 'K' };
  it.each([
    ['another CA (another server)', { ...base, ca: 'CA-2' }],
    ['another client certificate (another identity)', { ...base, cert: 'C2' }],
    ['verification turned off', { ...base, rejectUnauthorized: false }],
    ['another SNI name', { ...base, servername: 'other' }],
  ])('separates connections whose TLS options differ: %s', (_why, options) => {
    expect(tlsOptionsKey(options)).not.toBe(tlsOptionsKey(base));
  });

  it('is the same for the same options (so every request maps to one pool)', () => {
    expect(tlsOptionsKey({ ...base })).toBe(tlsOptionsKey(base));
  });

  it('does not contain the key material it covers', () => {
    const key = tlsOptionsKey({ key: '-----BEGIN PRIVATE KEY-----secret', ca: 'x' });
    expect(key).toMatch(/^[0-9a-f]{64}$/);
    expect(key).not.toContain('secret');
  });
});

type Handler = Parameters<typeof createServer>[1] & {};

interface Fixture {
  kc: KubeConfig;
  pool: SharedAgentPool;
  /** Every connection the server accepted. */
  sockets: Set<Socket>;
}

/** A shared pool and a KubeConfig pointing at a plain loopback server with `handler`. */
async function withApiServer(handler: Handler, run: (f: Fixture) => Promise<void>): Promise<void> {
  // A plain http server stands in for the apiserver transport only: what is under test is
  // the connection pool (reuse) and that the KubeConfig's credentials are still applied.
  const server = createServer(handler);
  const sockets = new Set<Socket>();
  server.on('connection', (socket: Socket) => sockets.add(socket));
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  const kc = new KubeConfig();
  kc.loadFromOptions({
    clusters: [{ name: 'c', server: `http://127.0.0.1:${port}`, skipTLSVerify: true }],
    users: [{ name: 'u', token: 'token-value' }],
    contexts: [{ name: 'x', cluster: 'c', user: 'u' }],
    currentContext: 'x',
  });
  const pool = createSharedAgentPool();
  try {
    await run({ kc, pool, sockets });
  } finally {
    await pool.destroy();
    server.closeAllConnections();
    await new Promise<void>((resolve) => server.close(() => resolve()));
  }
}

const namespaceJson = JSON.stringify({ kind: 'Namespace', apiVersion: 'v1', metadata: { name: 'n' } });

describe('makeKeepAliveApiClient', () => {
  it('sends many requests of several API clients over reused connections, authenticated by the KubeConfig', async () => {
    const seen: { socket: unknown; auth: string | undefined }[] = [];
    const handler: Handler = (req: IncomingMessage, res) => {
      seen.push({ socket: req.socket, auth: req.headers.authorization });
      res.setHeader('content-type', 'application/json');
      res.end(namespaceJson);
    };
    await withApiServer(handler, async ({ kc, pool }) => {
      const first = makeKeepAliveApiClient(kc, CoreV1Api, pool);
      const second = makeKeepAliveApiClient(kc, CoreV1Api, pool);
      for (let i = 0; i < 5; i++) {
        await first.readNamespace({ name: 'n' });
        await second.readNamespace({ name: 'n' });
      }
      expect(pool.size()).toBe(1);
    });
    expect(seen).toHaveLength(10);
    // undici may open a second connection when the next request is dispatched in the same tick
    // as the previous response ends; without the pool every request would open its own.
    expect(new Set(seen.map((s) => s.socket)).size).toBeLessThanOrEqual(2);
    expect(seen.every((s) => s.auth === 'Bearer token-value')).toBe(true);
  });

  it('answers many concurrent chunked responses over reused connections without errors', async () => {
    // kube-apiserver answers large objects with chunked bodies; node-fetch 2 (client-node 1.x)
    // reported false "Premature close" errors here once sockets were reused under a queue.
    const handler: Handler = (_req, res) => {
      res.setHeader('content-type', 'application/json');
      res.write('{"kind":"Namespace","apiVersion":"v1",'); // two writes, no length: chunked
      setImmediate(() => res.end('"metadata":{"name":"n"}}'));
    };
    let failures: string[] = [];
    await withApiServer(handler, async ({ kc, pool }) => {
      const api = makeKeepAliveApiClient(kc, CoreV1Api, pool);
      const results = await Promise.allSettled(
        Array.from({ length: 400 }, () => api.readNamespace({ name: 'n' })),
      );
      failures = results
        .filter((r): r is PromiseRejectedResult => r.status === 'rejected')
        .map((r) => String(r.reason));
    });
    expect(failures).toEqual([]);
  }, 60_000); // a hang guard only: 400 requests take ~3 s, longer on a loaded machine

  it('sends watches through the same pool, and destroy() closes its connections', async () => {
    const handler: Handler = (req, res) => {
      res.setHeader('content-type', 'application/json');
      if (req.url?.includes('watch=true')) {
        res.write(`${JSON.stringify({ type: 'ADDED', object: JSON.parse(namespaceJson) })}\n`);
        return; // the stream stays open, like a real watch
      }
      res.end(namespaceJson);
    };
    await withApiServer(handler, async ({ kc, pool, sockets }) => {
      const events: string[] = [];
      let done!: (err: unknown) => void;
      const ended = new Promise<unknown>((resolve) => (done = resolve));
      const firstEvent = new Promise<void>((resolve) => {
        void new Watch(pool.bind(kc)).watch(
          '/api/v1/namespaces',
          {},
          (type) => {
            events.push(type);
            resolve();
          },
          (err) => done(err),
        );
      });
      await firstEvent;
      expect(events).toEqual(['ADDED']);
      expect(pool.size()).toBe(1);
      await pool.destroy();
      await ended; // the watch ends when its connection is closed
      // and the server sees every connection closed (a leftover one would hang the test).
      await Promise.all([...sockets].map((s) => (s.destroyed ? undefined : once(s, 'close'))));
      expect(sockets.size).toBeGreaterThan(0);
    });
  });
});

describe('the protocol of the shared pool', () => {
  // kube-apiserver offers HTTP/2 by ALPN, and undici 8 takes it by default: every request would
  // be multiplexed over one connection, which cost both sides CPU at a cold start
  // (docs/benchmarks.md). The pool must speak HTTP/1.1 to a server that offers both.
  it('speaks HTTP/1.1 to a TLS server that also offers h2', async () => {
    const tls = await ensureTlsMaterial();
    const versions: string[] = [];
    const server = createSecureServer({ key: tls.key, cert: tls.cert, allowHTTP1: true }, (req, res) => {
      versions.push(req.httpVersion);
      res.setHeader('content-type', 'application/json');
      res.end(namespaceJson);
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    const { port } = server.address() as AddressInfo;
    const kc = new KubeConfig();
    kc.loadFromOptions({
      clusters: [
        { name: 'c', server: `https://127.0.0.1:${port}`, caData: Buffer.from(tls.ca).toString('base64') },
      ],
      users: [{ name: 'u', token: 'token-value' }],
      contexts: [{ name: 'x', cluster: 'c', user: 'u' }],
      currentContext: 'x',
    });
    const pool = createSharedAgentPool();
    try {
      const api = makeKeepAliveApiClient(kc, CoreV1Api, pool);
      await Promise.all(Array.from({ length: 4 }, () => api.readNamespace({ name: 'n' })));
    } finally {
      await pool.destroy();
      await new Promise<void>((resolve) => server.close(() => resolve()));
      await tls.cleanup();
    }
    expect(versions).toEqual(['1.1', '1.1', '1.1', '1.1']);
  });
});
