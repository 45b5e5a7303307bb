import { createServer } from 'node:net';
import { ARM_SCOPE } from '../../../src/providers/azure-aks/auth.js';
import { OPERATION_GET_ACCESS_TOKEN } from '../../../src/providers/cloud-common/bearer-get.js';
import { createAxiosTransport } from '../../../src/providers/common/axios-transport.js';
import { MALFORMED_BODY } from '../../../src/simulator/fault-replies.js';
import {
  startSimulator,
  type RunningSimulator,
  type SimulatorOptions,
} from '../../../src/simulator/server.js';
import { AUTH, KEY, ManualClock, fakeCloud, raw, recordingDelay, status } from './core-fixtures.js';

const running: RunningSimulator[] = [];

async function start(options: SimulatorOptions = {}) {
  const clock = new ManualClock();
  const { delays, delay } = recordingDelay();
  const sim = await startSimulator({
    clouds: [fakeCloud],
    clock,
    delay,
    scenario: {
      credentials: [KEY],
      clusters: [
        {
          provider: 'AlibabaACK',
          clusterID: 'c1',
          timeline: [
            { duration: '10s', state: status('prechecking') },
            { duration: '20s', state: status('upgrading') },
            { state: status('success', 'success') },
          ],
        },
        {
          provider: 'AlibabaACK',
          clusterID: 'loop',
          loop: true,
          timeline: [
            { duration: '5s', state: status('prechecking') },
            { duration: '5s', state: status('upgrading') },
          ],
        },
        {
          provider: 'AlibabaACK',
          clusterID: 'tasks',
          state: { DescribeTaskInfo: { 'T-1': { task_id: 'T-1', state: 'running' } } },
        },
      ],
    },
    ...options,
  });
  running.push(sim);
  return { sim, clock, delays };
}

afterEach(async () => {
  await Promise.all(running.splice(0).map((sim) => sim.stop()));
});

const transport = createAxiosTransport();
const get = async (sim: RunningSimulator, path: string, headers: Record<string, string> = AUTH) =>
  transport({ method: 'GET', url: `${sim.url}${path}`, headers });
const step = async (sim: RunningSimulator, cluster = 'c1') =>
  JSON.parse((await get(sim, `/fake/${cluster}/status`)).body).upgrade_step;

describe('timelines over HTTP', () => {
  it('serves the state in force by the injected clock; the last one persists', async () => {
    const { sim, clock } = await start();
    expect(await step(sim)).toBe('prechecking');
    clock.advance(9_999);
    expect(await step(sim)).toBe('prechecking');
    clock.advance(1);
    expect(await step(sim)).toBe('upgrading');
    clock.advance(20_000);
    expect(await step(sim)).toBe('success');
    clock.advance(7 * 86_400_000);
    expect(await step(sim)).toBe('success');
  });

  it('a looping timeline starts over', async () => {
    const { sim, clock } = await start();
    const seen = [];
    for (let i = 0; i < 4; i++) {
      seen.push(await step(sim, 'loop'));
      clock.advance(5_000);
    }
    expect(seen).toEqual(['prechecking', 'upgrading', 'prechecking', 'upgrading']);
  });

  it('admin restart plays the timeline again from now', async () => {
    const { sim, clock } = await start();
    clock.advance(40_000);
    expect(await step(sim)).toBe('success');
    sim.admin.restartTimeline('AlibabaACK', 'c1');
    expect(await step(sim)).toBe('prechecking');
  });

  it('admin putCluster with a fixed state replaces the timeline and keeps serving it', async () => {
    const { sim, clock } = await start();
    sim.admin.putCluster('AlibabaACK', 'c1', { state: status('pause', 'pause') });
    clock.advance(3_600_000);
    expect(await step(sim)).toBe('pause');
  });
});

describe('request flow', () => {
  it('an unknown path is a JSON 404 and counted as unrouted', async () => {
    const { sim } = await start();
    const reply = await get(sim, '/nothing/here');
    expect(reply.status).toBe(404);
    expect(JSON.parse(reply.body).error).toMatch(/no simulated cloud endpoint for GET \/nothing\/here/);
    expect(sim.admin.counters().unrouted).toBe(1);
  });

  it('the cloud module authenticates: a wrong secret is its rejection, counted as rejected', async () => {
    const { sim } = await start();
    const reply = await get(sim, '/fake/c1/status', { 'x-key': KEY.accessKeyId, 'x-secret': 'wrong' });
    expect(reply.status).toBe(403);
    expect(sim.admin.counters({ clusterID: 'c1' }).entries[0]?.outcomes).toEqual({ rejected: 1 });
  });

  it('credentials changed through admin take effect at once', async () => {
    const { sim } = await start();
    sim.admin.setCredentials([{ accessKeyId: 'NEW', accessKeySecret: 'new-secret' }]);
    expect((await get(sim, '/fake/c1/status')).status).toBe(403);
    expect((await get(sim, '/fake/c1/status', { 'x-key': 'NEW', 'x-secret': 'new-secret' })).status).toBe(
      200,
    );
  });

  it('a request routed by task id is counted against the cluster holding that task', async () => {
    const { sim } = await start();
    const reply = await get(sim, '/fake/tasks/T-1');
    expect(JSON.parse(reply.body)).toEqual({ task_id: 'T-1', state: 'running' });
    await get(sim, '/fake/tasks/T-unknown');
    expect(sim.admin.counters({ operation: 'DescribeTaskInfo' }).entries).toEqual([
      {
        provider: 'AlibabaACK',
        clusterID: '-',
        operation: 'DescribeTaskInfo',
        count: 1,
        outcomes: { error: 1 },
      },
      {
        provider: 'AlibabaACK',
        clusterID: 'tasks',
        operation: 'DescribeTaskInfo',
        count: 1,
        outcomes: { ok: 1 },
      },
    ]);
  });

  it('the module sets the content type; the core fixes content-length', async () => {
    const { sim } = await start();
    const reply = await raw(`${sim.url}/fake/c1/status`, { headers: AUTH });
    expect(reply.headers['content-type']).toBe('application/json;charset=utf-8');
    expect(reply.headers['content-length']).toBe(String(Buffer.byteLength(reply.body)));
    expect(reply.headers['x-acs-request-id']).toMatch(
      /^[0-9A-F]{8}-[0-9A-F]{4}-[0-9A-F]{4}-[0-9A-F]{4}-[0-9A-F]{12}$/,
    );
  });
});

describe('counters', () => {
  it('count per provider/cluster/operation with outcomes, filter, and reset by filter', async () => {
    const { sim } = await start();
    await get(sim, '/fake/c1/status');
    await get(sim, '/fake/c1/status');
    await get(sim, '/fake/loop/status');
    sim.admin.addFault({ clusterID: 'loop', kind: 'throttle', count: 1 });
    await get(sim, '/fake/loop/status');
    expect(sim.admin.counters().total).toBe(4);
    expect(sim.admin.counters({ clusterID: 'loop' })).toEqual({
      total: 2,
      unrouted: 0,
      entries: [
        {
          provider: 'AlibabaACK',
          clusterID: 'loop',
          operation: 'GetUpgradeStatus',
          count: 2,
          outcomes: { ok: 1, throttle: 1 },
        },
      ],
    });
    sim.admin.resetCounters({ clusterID: 'loop' });
    expect(sim.admin.counters().total).toBe(2);
    sim.admin.resetCounters();
    expect(sim.admin.counters()).toEqual({ total: 0, entries: [], unrouted: 0 });
  });
});

describe('faults end to end', () => {
  const good = JSON.stringify(status('prechecking').GetUpgradeStatus);

  it.each([
    [
      'throttle',
      { kind: 'throttle', retryAfterSeconds: 7 },
      429,
      /Fake\.throttle/,
      { 'x-acs-retry-after': '7000' },
    ],
    ['server-error', { kind: 'server-error' }, 503, /Fake\.server-error/, {}],
    ['auth', { kind: 'auth' }, 403, /Fake\.auth/, {}],
    ['not-found', { kind: 'not-found' }, 404, /Fake\.not-found/, {}],
    ['clock-skew', { kind: 'clock-skew' }, 400, /Fake\.clock-skew/, {}],
    [
      'html',
      { kind: 'html' },
      502,
      /<h1>502 Bad Gateway<\/h1>/,
      { 'content-type': 'text/html; charset=utf-8' },
    ],
    [
      'content-type',
      { kind: 'content-type' },
      200,
      new RegExp(`^${good.replace(/[{}[\]]/g, '\\$&')}$`),
      { 'content-type': 'text/html; charset=utf-8' },
    ],
  ] as const)(
    '%s: status and body as the fault prescribes, once',
    async (_kind, fault, code, body, headers) => {
      const { sim } = await start();
      sim.admin.addFault({ clusterID: 'c1', count: 1, ...fault });
      const faulty = await get(sim, '/fake/c1/status');
      expect(faulty.status).toBe(code);
      expect(faulty.body).toMatch(body);
      expect(faulty.headers).toMatchObject(headers);
      const after = await get(sim, '/fake/c1/status');
      expect(after.status).toBe(200);
      expect(after.body).toBe(good);
      expect(sim.admin.counters({ clusterID: 'c1' }).entries[0]?.outcomes).toEqual({
        [fault.kind]: 1,
        ok: 1,
      });
    },
  );

  it('malformed replaces the good body with non-JSON', async () => {
    const { sim } = await start();
    sim.admin.addFault({ clusterID: 'c1', kind: 'malformed', count: 1 });
    const reply = await get(sim, '/fake/c1/status');
    expect(reply.status).toBe(200);
    expect(reply.body).toBe(MALFORMED_BODY);
  });

  it.each(['malformed', 'truncated'] as const)(
    'a %s rejection is still counted as rejected (the chaos run counts tries of a wrong key)',
    async (kind) => {
      const { sim } = await start();
      sim.admin.addFault({ clusterID: 'c1', kind, count: 1 });
      const reply = await get(sim, '/fake/c1/status', { 'x-key': KEY.accessKeyId, 'x-secret': 'wrong' });
      expect(reply.status).toBe(403);
      expect(() => JSON.parse(reply.body)).toThrow();
      expect(sim.admin.counters({ clusterID: 'c1' }).entries[0]?.outcomes).toEqual({ rejected: 1 });
    },
  );

  // The token endpoint refuses in its answer (an exchange), not in authenticate: the chaos run's
  // count of a bearer cloud's wrong-secret tries once missed a refusal whose body a fault damaged.
  it.each(['malformed', 'truncated'] as const)(
    "a token endpoint's %s refusal is still counted as its error answer, not as the fault",
    async (kind) => {
      const sim = await startSimulator({
        clock: new ManualClock(),
        scenario: { credentials: [{ accessKeyId: 'app-1', accessKeySecret: 'right' }] },
      });
      running.push(sim);
      sim.admin.addFault({ operation: OPERATION_GET_ACCESS_TOKEN, kind, count: 1 });
      const form = {
        client_id: 'app-1',
        client_secret: 'wrong',
        scope: ARM_SCOPE,
        grant_type: 'client_credentials',
      };
      const reply = await transport({
        method: 'POST',
        url: `${sim.url}/tenant-1/oauth2/v2.0/token`,
        headers: { 'content-type': 'application/x-www-form-urlencoded' },
        body: new URLSearchParams(form).toString(),
      });
      expect(reply.status).toBe(401);
      expect(() => JSON.parse(reply.body)).toThrow();
      const counted = sim.admin.counters({ operation: OPERATION_GET_ACCESS_TOKEN }).entries;
      expect(counted.map((entry) => entry.outcomes)).toEqual([{ error: 1 }]);
    },
  );

  it('truncated cuts the good body in half', async () => {
    const { sim } = await start();
    sim.admin.addFault({ clusterID: 'c1', kind: 'truncated', count: 1 });
    const reply = await get(sim, '/fake/c1/status');
    expect(reply.body).toBe(good.slice(0, Math.floor(good.length / 2)));
    expect(reply.headers['content-length']).toBe(String(Buffer.byteLength(reply.body)));
  });

  it('empty answers 200 with no body', async () => {
    const { sim } = await start();
    sim.admin.addFault({ clusterID: 'c1', kind: 'empty', count: 1 });
    const reply = await get(sim, '/fake/c1/status');
    expect(reply).toMatchObject({ status: 200, body: '' });
  });

  it('latency waits through the injected delay, then answers normally', async () => {
    const { sim, delays } = await start();
    sim.admin.addFault({ clusterID: 'c1', kind: 'latency', latencyMs: 2500, count: 1 });
    const reply = await get(sim, '/fake/c1/status');
    expect(reply.status).toBe(200);
    expect(delays).toEqual([2500]);
    await get(sim, '/fake/c1/status');
    expect(delays).toEqual([2500]);
  });

  it('real latency (default delay) really delays the reply', async () => {
    const sim = await startSimulator({
      clouds: [fakeCloud],
      scenario: {
        credentials: [KEY],
        clusters: [{ provider: 'AlibabaACK', clusterID: 'c1', state: status('x') }],
      },
    });
    running.push(sim);
    sim.admin.addFault({ clusterID: 'c1', kind: 'latency', latencyMs: 150 });
    const started = Date.now();
    expect((await get(sim, '/fake/c1/status')).status).toBe(200);
    expect(Date.now() - started).toBeGreaterThanOrEqual(140);
  });

  it('faults apply before authentication: a throttled request with bad credentials is still throttled', async () => {
    const { sim } = await start();
    sim.admin.addFault({ clusterID: '*', kind: 'throttle', count: 1 });
    expect((await get(sim, '/fake/c1/status', {})).status).toBe(429);
  });

  it('probability faults replay identically with the same seed', async () => {
    const pattern = async (seed: number) => {
      const { sim } = await start({ seed });
      sim.admin.addFault({ kind: 'server-error', probability: 0.5 });
      const statuses = [];
      for (let i = 0; i < 20; i++) statuses.push((await get(sim, '/fake/c1/status')).status);
      return statuses;
    };
    const first = await pattern(11);
    expect(await pattern(11)).toEqual(first);
    expect(first).toContain(503);
    expect(first).toContain(200);
  });

  it('scenario faults are armed at start and re-armed by reset', async () => {
    const { sim } = await start({
      scenario: {
        credentials: [KEY],
        clusters: [
          {
            provider: 'AlibabaACK',
            clusterID: 'c1',
            state: status('x'),
            faults: [{ kind: 'auth', count: 1 }],
          },
        ],
      },
    });
    expect((await get(sim, '/fake/c1/status')).status).toBe(403);
    expect((await get(sim, '/fake/c1/status')).status).toBe(200);
    sim.admin.reset();
    expect(sim.admin.counters().total).toBe(0);
    expect((await get(sim, '/fake/c1/status')).status).toBe(403);
  });
});

describe('robustness', () => {
  it('a cloud module that throws gives a 500 and the server keeps serving', async () => {
    const { sim } = await start();
    expect((await get(sim, '/fake/respond-boom')).status).toBe(500);
    expect((await get(sim, '/fake/boom')).status).toBe(500);
    expect((await get(sim, '/fake/c1/status')).status).toBe(200);
  });

  it('malformed percent-encoding is a 400, not a crash', async () => {
    const { sim } = await start();
    const reply = await raw(sim.url, { path: '/fake/%E0%A4%A/status' });
    expect(reply.status).toBe(400);
    expect(JSON.parse(reply.body).error).toMatch(/percent-encoding/);
    expect((await get(sim, '/fake/c1/status')).status).toBe(200);
  });

  it('a body over the limit is refused with 413', async () => {
    const { sim } = await start({ maxBodyBytes: 1024 });
    const reply = await raw(`${sim.url}/fake/c1/status`, {
      method: 'POST',
      body: Buffer.alloc(4096, 'a'),
      headers: AUTH,
    });
    expect(reply.status).toBe(413);
    expect((await get(sim, '/fake/c1/status')).status).toBe(200);
  });

  it('garbage that is not HTTP gets a 400 and the server survives', async () => {
    const { sim } = await start();
    const { Socket } = await import('node:net');
    const answer = await new Promise<string>((resolve, reject) => {
      const socket = new Socket();
      let data = '';
      socket.on('data', (chunk) => (data += chunk.toString()));
      socket.on('end', () => resolve(data));
      socket.on('error', reject);
      socket.connect(sim.port, '127.0.0.1', () => socket.write('\u0000\u0001 NOT HTTP\r\n\r\n'));
    });
    expect(answer).toMatch(/^HTTP\/1\.1 400/);
    expect((await get(sim, '/fake/c1/status')).status).toBe(200);
  });

  it('refuses a non-loopback host unless allowed', async () => {
    await expect(startSimulator({ clouds: [fakeCloud], host: '0.0.0.0' })).rejects.toThrow(/non-loopback/);
  });

  it('an invalid scenario fails start with the scenario error', async () => {
    await expect(
      startSimulator({ clouds: [fakeCloud], scenario: { clusters: [{ provider: 'Nope' }] } as never }),
    ).rejects.toThrow(/invalid scenario/);
  });
});

describe('lifecycle', () => {
  it('stop() frees the port (it can be bound again) and is idempotent', async () => {
    const { sim } = await start();
    const port = sim.port;
    await get(sim, '/fake/c1/status');
    await Promise.all([sim.stop(), sim.stop()]);
    await sim.stop();
    await expect(get(sim, '/fake/c1/status')).rejects.toThrow();
    await new Promise<void>((resolve, reject) => {
      const probe = createServer();
      probe.once('error', reject);
      probe.listen(port, '127.0.0.1', () => probe.close(() => resolve()));
    });
  });

  it('stop() does not wait for a pending real latency fault', async () => {
    const sim = await startSimulator({
      clouds: [fakeCloud],
      scenario: {
        credentials: [KEY],
        clusters: [{ provider: 'AlibabaACK', clusterID: 'c1', state: status('x') }],
      },
    });
    sim.admin.addFault({ clusterID: 'c1', kind: 'latency', latencyMs: 60_000 });
    const pending = get(sim, '/fake/c1/status').catch((error: unknown) => error);
    await new Promise((resolve) => setTimeout(resolve, 50));
    const started = Date.now();
    await sim.stop();
    expect(Date.now() - started).toBeLessThan(2_000);
    expect(await pending).toBeInstanceOf(Error);
  });

  it('listens on the requested port and reports url and admin url', async () => {
    const first = await start();
    const port = first.sim.port;
    await first.sim.stop();
    const { sim } = await start({ port });
    expect(sim.port).toBe(port);
    expect(sim.url).toBe(`http://127.0.0.1:${port}`);
    expect(sim.adminUrl).toBe(`http://127.0.0.1:${port}/_sim`);
  });
});
