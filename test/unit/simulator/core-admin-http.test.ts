import { SimAdminClient } from '../../../src/simulator/admin-client.js';
import { SimAdminError } from '../../../src/simulator/admin.js';
import { startSimulator, type RunningSimulator } from '../../../src/simulator/server.js';
import { AUTH, KEY, ManualClock, fakeCloud, raw, status } from './core-fixtures.js';

let sim: RunningSimulator;
let client: SimAdminClient;
let clock: ManualClock;

beforeEach(async () => {
  clock = new ManualClock();
  sim = await startSimulator({
    clouds: [fakeCloud],
    clock,
    scenario: {
      credentials: [{ ...KEY, securityToken: 'sts-token', projectIds: ['p1'] }],
      clusters: [
        {
          provider: 'AlibabaACK',
          clusterID: 'c1',
          region: 'cn-hangzhou',
          timeline: [
            { duration: '10s', state: status('prechecking') },
            { state: status('success', 'success') },
          ],
        },
      ],
    },
  });
  client = new SimAdminClient({ baseUrl: sim.url });
});

afterEach(async () => {
  await sim.stop();
});

const admin = (path: string, options: Parameters<typeof raw>[1] = {}) =>
  raw(`${sim.adminUrl}${path}`, options);

describe('SimAdminClient over real HTTP', () => {
  it('health reports ok, the clouds and the cluster count', async () => {
    expect(await client.health()).toEqual({
      status: 'ok',
      clouds: ['alibaba'],
      clusters: 1,
      now: clock.now().toISOString(),
    });
  });

  it('reads a cluster with its timeline, position and current state; accepts the admin URL as base too', async () => {
    clock.advance(12_000);
    const view = await new SimAdminClient({ baseUrl: `${sim.url}/_sim/` }).getCluster('AlibabaACK', 'c1');
    expect(view).toEqual({
      provider: 'AlibabaACK',
      clusterID: 'c1',
      region: 'cn-hangzhou',
      loop: false,
      timeline: [{ duration: '10s', state: status('prechecking') }, { state: status('success', 'success') }],
      entryIndex: 1,
      elapsedMs: 12_000,
      state: status('success', 'success'),
    });
    expect(await client.getCluster('AlibabaACK', 'missing')).toBeUndefined();
    expect(await client.listClusters()).toHaveLength(1);
  });

  it('PUT a new timeline plays from now and keeps region; a GET view can be PUT back', async () => {
    clock.advance(60_000);
    const view = await client.putCluster('AlibabaACK', 'c1', {
      timeline: [{ duration: '1m30s', state: status('upgrading') }, { state: status('fail', 'fail') }],
    });
    expect(view).toMatchObject({
      region: 'cn-hangzhou',
      entryIndex: 0,
      elapsedMs: 0,
      timeline: [{ duration: '90s' }, {}],
    });
    clock.advance(90_000);
    expect((await client.getCluster('AlibabaACK', 'c1'))?.state).toEqual(status('fail', 'fail'));
    const { timeline, loop, region } = view;
    await client.putCluster('AlibabaACK', 'c1', { timeline, loop, region });
    expect((await client.getCluster('AlibabaACK', 'c1'))?.entryIndex).toBe(0);
  });

  it('PUT creates a cluster that did not exist; DELETE removes it', async () => {
    await client.putCluster('AlibabaACK', 'new-1', { state: status('upgrading') });
    const reply = await raw(`${sim.url}/fake/new-1/status`, { headers: AUTH });
    expect(JSON.parse(reply.body).upgrade_step).toBe('upgrading');
    expect(await client.deleteCluster('AlibabaACK', 'new-1')).toBe(true);
    expect(await client.deleteCluster('AlibabaACK', 'new-1')).toBe(false);
    expect((await raw(`${sim.url}/fake/new-1/status`, { headers: AUTH })).status).toBe(404);
  });

  it('restart over HTTP rewinds the timeline; restarting an unknown cluster is a 404 SimAdminError', async () => {
    clock.advance(30_000);
    expect((await client.restartTimeline('AlibabaACK', 'c1')).entryIndex).toBe(0);
    await expect(client.restartTimeline('AlibabaACK', 'nope')).rejects.toMatchObject({ status: 404 });
  });

  it('faults: add, list, clear by filter', async () => {
    const fault = await client.addFault({
      clusterID: 'c1',
      kind: 'throttle',
      count: 2,
      retryAfterSeconds: 5,
    });
    expect(fault).toMatchObject({
      id: expect.any(String),
      clusterID: 'c1',
      kind: 'throttle',
      remaining: 2,
      fired: 0,
    });
    await client.addFault({ kind: 'latency', latencyMs: 10 });
    expect((await raw(`${sim.url}/fake/c1/status`, { headers: AUTH })).status).toBe(429);
    expect((await client.listFaults()).map((f) => [f.clusterID, f.kind, f.remaining])).toEqual([
      ['c1', 'throttle', 1],
      ['*', 'latency', undefined],
    ]);
    expect(await client.clearFaults({ clusterID: '*' })).toBe(1);
    expect(await client.clearFaults()).toBe(1);
    expect(await client.listFaults()).toEqual([]);
  });

  it('counters: filter and reset over HTTP', async () => {
    await raw(`${sim.url}/fake/c1/status`, { headers: AUTH });
    await raw(`${sim.url}/fake/c1/status`, { headers: {} });
    const report = await client.counters({ provider: 'AlibabaACK', operation: 'GetUpgradeStatus' });
    expect(report.entries).toEqual([
      {
        provider: 'AlibabaACK',
        clusterID: 'c1',
        operation: 'GetUpgradeStatus',
        count: 2,
        outcomes: { ok: 1, rejected: 1 },
      },
    ]);
    expect((await client.counters({ operation: 'Other' })).total).toBe(0);
    await client.resetCounters();
    expect((await client.counters()).total).toBe(0);
  });

  it('credentials: GET never shows secrets or tokens; PUT replaces them', async () => {
    const shown = await client.getCredentials();
    expect(shown).toEqual([{ accessKeyId: KEY.accessKeyId, hasSecurityToken: true, projectIds: ['p1'] }]);
    const text = (await admin('/credentials')).body;
    expect(text).not.toContain(KEY.accessKeySecret);
    expect(text).not.toContain('sts-token');
    expect(await client.setCredentials([{ accessKeyId: 'K2', accessKeySecret: 'S2' }])).toEqual([
      { accessKeyId: 'K2', hasSecurityToken: false },
    ]);
  });

  it('reset restores the scenario', async () => {
    await client.putCluster('AlibabaACK', 'extra', { state: {} });
    await client.addFault({ kind: 'auth' });
    await client.reset();
    expect((await client.listClusters()).map((c) => c.clusterID)).toEqual(['c1']);
    expect(await client.listFaults()).toEqual([]);
  });

  it('in-process admin and HTTP client see the same world', async () => {
    sim.admin.addFault({ clusterID: 'c1', kind: 'empty' });
    expect(await client.listFaults()).toEqual(sim.admin.listFaults());
  });
});

describe('malformed admin input is a 400 (never a crash)', () => {
  it.each([
    ['body that is not JSON', 'PUT', '/clusters/AlibabaACK/c1', '{"state": ', /not JSON/],
    ['no body at all', 'POST', '/faults', '', /must be JSON/],
    ['an unknown provider in the path', 'PUT', '/clusters/AWS/c1', '{"state":{}}', /provider/],
    [
      'an operation the provider lacks',
      'PUT',
      '/clusters/AlibabaACK/c1',
      '{"state":{"ListUpgradeWorkFlows":{}}}',
      /no operation "ListUpgradeWorkFlows"/,
    ],
    [
      'a bad duration',
      'PUT',
      '/clusters/AlibabaACK/c1',
      '{"timeline":[{"duration":"soon","state":{}},{"state":{}}]}',
      /duration/,
    ],
    ['an unknown fault kind', 'POST', '/faults', '{"kind":"meteor"}', /kind/],
    ['an unknown field on a fault', 'POST', '/faults', '{"kind":"auth","cluster":"c1"}', /cluster/],
    ['a JSON array where an object belongs', 'POST', '/faults', '[1,2]', /expected object/i],
    ['credentials that are not a list', 'PUT', '/credentials', '{"accessKeyId":"a"}', /expected array/i],
    ['an unknown provider in a counters filter', 'GET', '/counters?provider=AWS', undefined, /provider/],
    ['an unknown filter field', 'DELETE', '/faults?cluster=c1', undefined, /cluster/],
  ])('%s', async (_why, method, path, body, message) => {
    const reply = await admin(path, {
      method,
      ...(body !== undefined ? { body, headers: { 'content-type': 'application/json' } } : {}),
    });
    expect(reply.status).toBe(400);
    expect(JSON.parse(reply.body).error).toMatch(message);
    expect((await client.health()).status).toBe('ok');
  });

  it('unknown admin paths are 404 and wrong methods 405 with Allow', async () => {
    expect((await admin('/nope')).status).toBe(404);
    const wrong = await admin('/faults', { method: 'PATCH' });
    expect(wrong.status).toBe(405);
    expect(wrong.headers.allow).toBe('GET, POST, DELETE');
  });

  it('the client surfaces 400s as SimAdminError with the message', async () => {
    const error = await client.addFault({ kind: 'latency' }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(SimAdminError);
    expect(error).toMatchObject({
      status: 400,
      message: expect.stringMatching(/latency fault needs latencyMs/),
    });
  });

  it('the in-process admin validates too', () => {
    expect(() => sim.admin.putCluster('AlibabaACK', 'c1', { timeline: [] })).toThrow(SimAdminError);
    expect(() => sim.admin.getCluster('Nope' as never, 'c1')).toThrow(/provider must be one of/);
  });
});
