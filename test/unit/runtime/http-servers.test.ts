import {
  parseBindAddress,
  startMetricsServer,
  startProbeServer,
  type RunningServer,
} from '../../../src/runtime/http-servers.js';
import { createMetrics } from '../../../src/runtime/metrics.js';

const loopback = { host: '127.0.0.1', port: 0 };
const servers: RunningServer[] = [];
afterEach(async () => {
  await Promise.all(servers.splice(0).map((s) => s.close()));
});

describe('parseBindAddress', () => {
  test.each([
    [':8080', { host: undefined, port: 8080 }],
    ['127.0.0.1:0', { host: '127.0.0.1', port: 0 }],
    ['0.0.0.0:8081', { host: '0.0.0.0', port: 8081 }],
    ['[::1]:9090', { host: '::1', port: 9090 }],
    ['localhost:8080', { host: 'localhost', port: 8080 }],
    ['0', null],
  ])('%s', (input, expected) => {
    expect(parseBindAddress(input)).toEqual(expected);
  });

  test.each(['8080', 'host:', ':99999', '::1:80', 'a b:80'])('rejects %s', (input) => {
    expect(() => parseBindAddress(input)).toThrow(RangeError);
  });
});

describe('probe server', () => {
  test('/healthz is always ok; /readyz follows the readiness check', async () => {
    let ready = false;
    const server = await startProbeServer(loopback, { ready: () => ready });
    servers.push(server);
    expect(server.port).toBeGreaterThan(0);
    const health = await fetch(`${server.url}/healthz`);
    expect(health.status).toBe(200);
    expect(await health.text()).toBe('ok\n');
    expect((await fetch(`${server.url}/readyz`)).status).toBe(503);
    ready = true;
    expect((await fetch(`${server.url}/readyz`)).status).toBe(200);
  });

  test('unknown paths are 404, other methods 405', async () => {
    const server = await startProbeServer(loopback, { ready: () => true });
    servers.push(server);
    expect((await fetch(`${server.url}/nope`)).status).toBe(404);
    expect((await fetch(`${server.url}/healthz`, { method: 'POST' })).status).toBe(405);
  });
});

describe('metrics server', () => {
  test('/metrics serves the registry in the Prometheus text format', async () => {
    const metrics = createMetrics({ processMetrics: false });
    metrics.countReconcile('success');
    const server = await startMetricsServer(loopback, metrics);
    servers.push(server);
    const res = await fetch(`${server.url}/metrics`);
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toBe('text/plain; version=0.0.4; charset=utf-8');
    expect(await res.text()).toContain('upgradewatch_reconcile_total{result="success"} 1');
  });

  test('a failing exposition answers 500 instead of crashing', async () => {
    const server = await startMetricsServer(loopback, {
      contentType: 'text/plain',
      expose: () => Promise.reject(new Error('collector broke')),
    });
    servers.push(server);
    expect((await fetch(`${server.url}/metrics`)).status).toBe(500);
  });

  test('binding an address in use fails with the listen error', async () => {
    const first = await startProbeServer(loopback, { ready: () => true });
    servers.push(first);
    await expect(
      startProbeServer({ host: '127.0.0.1', port: first.port }, { ready: () => true }),
    ).rejects.toThrow(/EADDRINUSE/);
  });

  test('close() is idempotent', async () => {
    const server = await startMetricsServer(loopback, createMetrics({ processMetrics: false }));
    await server.close();
    await server.close();
    await expect(fetch(`${server.url}/metrics`)).rejects.toThrow();
  });
});
