import { buildHuaweiRequest } from '../../../src/providers/huawei-common/request.js';
import { classifyHuaweiResponse } from '../../../src/providers/huawei-common/errors.js';
import { huaweiCce } from '../../../src/providers/huawei-cce/index.js';
import { huaweiCss } from '../../../src/providers/huawei-css/index.js';
import { createHuaweiCloud, huaweiCloud } from '../../../src/simulator/huawei/index.js';
import { LOCK_DURATION_MS } from '../../../src/simulator/huawei/auth.js';
import type { SimReply, SimRequest, SimRoute } from '../../../src/simulator/types.js';
import { formatSdkDate } from '../../../src/signing/huawei.js';
import { FakeContext, simTransport, toSimRequest } from './huawei-sim-helpers.js';

const PROJECT = 'proj-1';
const PERMANENT = { accessKeyId: 'AKPERMANENT', accessKeySecret: 'permanent-secret' };
const TEMPORARY = {
  accessKeyId: 'AKTEMPORARY',
  accessKeySecret: 'temporary-secret',
  securityToken: 'sts-token',
};
const CCE_WORKFLOWS = `/api/v3/projects/${PROJECT}/clusters/cce-1/operation/upgradeworkflows`;
const CCE_TASK = `/api/v3/projects/${PROJECT}/clusters/cce-1/operation/upgrade/tasks/task-1`;
const CSS_DETAIL = `/v1.0/${PROJECT}/clusters/css-1/upgrade/detail`;

const workflowState = {
  kind: 'List',
  apiVersion: 'v3',
  items: [
    {
      metadata: { uid: 'wf-1', creationTimestamp: '2024-05-01T08:00:00Z' },
      spec: { clusterVersion: 'v1.28.3-r0', targetVersion: 'v1.29.1-r0' },
      status: {
        phase: 'Running',
        pointStatuses: [
          { taskType: 'PreCheck', status: 'Success' },
          { taskType: 'Cluster', status: 'Running', taskID: 'task-1' },
        ],
        lineStatuses: [{ startPoint: { taskType: 'PreCheck' }, endPoint: { taskType: 'Cluster' } }],
      },
    },
  ],
};
const details = Array.from({ length: 23 }, (_, i) => ({
  id: `u${i}`,
  startTime: String(Date.UTC(2024, 0, 1) + i * 60_000),
  status: i === 22 ? 'RUNNING' : 'SUCCESS',
  totalNodes: 'a,b,c,d',
  completedNodes: 'a,b,c',
  currentNodeName: 'd',
}));
const azDetail = {
  id: 'az-1',
  startTime: '2024-06-01T00:00:00',
  status: 'RUNNING',
  migrateParam: '{"sourceAz":"a","targetAz":"b"}',
};

function setup() {
  const context = new FakeContext();
  context.credentials.set(PERMANENT.accessKeyId, { ...PERMANENT, projectIds: [PROJECT] });
  context.credentials.set(TEMPORARY.accessKeyId, TEMPORARY);
  context.clusters.push(
    {
      provider: 'HuaweiCCE',
      clusterID: 'cce-1',
      projectID: PROJECT,
      state: {
        ListUpgradeWorkFlows: workflowState,
        ShowUpgradeClusterTask: { 'task-1': { status: { phase: 'Running', progress: '50.00' } } },
      },
    },
    { provider: 'HuaweiCCE', clusterID: 'cce-empty', state: {} },
    {
      provider: 'HuaweiCSS',
      clusterID: 'css-1',
      projectID: PROJECT,
      state: { ListClustersDetails: { detailList: [...details, azDetail] } },
    },
    { provider: 'HuaweiCSS', clusterID: 'css-alias', state: { UpgradeDetail: { detailList: [azDetail] } } },
  );
  return { cloud: createHuaweiCloud(), context };
}

function signed(
  path: string,
  options: {
    query?: Record<string, string>;
    credentials?: { accessKeyId: string; accessKeySecret: string; securityToken?: string };
    at?: Date;
    projectId?: string;
  } = {},
): SimRequest {
  return toSimRequest(
    buildHuaweiRequest(
      {
        baseUrl: 'http://127.0.0.1:9443',
        credentials: options.credentials ?? PERMANENT,
        projectId: options.projectId ?? PROJECT,
      },
      path,
      options.query ?? {},
      options.at ?? new Date('2024-05-01T10:00:00Z'),
    ),
  );
}

function body(reply: SimReply | undefined): Record<string, unknown> {
  return JSON.parse(reply!.body) as Record<string, unknown>;
}

describe('route', () => {
  const { cloud } = setup();
  it.each([
    [
      'CCE workflows',
      CCE_WORKFLOWS,
      { provider: 'HuaweiCCE', operation: 'ListUpgradeWorkFlows', projectID: PROJECT, clusterID: 'cce-1' },
    ],
    [
      'CCE task',
      CCE_TASK,
      {
        provider: 'HuaweiCCE',
        operation: 'ShowUpgradeClusterTask',
        projectID: PROJECT,
        clusterID: 'cce-1',
        taskID: 'task-1',
      },
    ],
    [
      'CSS detail',
      CSS_DETAIL,
      { provider: 'HuaweiCSS', operation: 'ListClustersDetails', projectID: PROJECT, clusterID: 'css-1' },
    ],
    ['a trailing slash is tolerated', `${CSS_DETAIL}/`, { provider: 'HuaweiCSS', clusterID: 'css-1' }],
  ])('%s', (_why, path, expected) => {
    expect(cloud.route(signed(path))).toMatchObject(expected);
  });
  it.each([
    ['an Alibaba path', '/api/v2/clusters/c1/upgrade/status', 'GET'],
    ['an unknown Huawei-like path', `/api/v3/projects/${PROJECT}/clusters/cce-1/nodes`, 'GET'],
    ['a POST to a known path', CCE_WORKFLOWS, 'POST'],
  ])('ignores %s', (_why, path, method) => {
    expect(cloud.route({ ...signed(path), method })).toBeUndefined();
  });
  it('exports a ready module named huawei', () => {
    expect(huaweiCloud.name).toBe('huawei');
    expect(huaweiCloud.route(signed(CCE_WORKFLOWS))?.operation).toBe('ListUpgradeWorkFlows');
  });
});

describe('authenticate', () => {
  const routeOf = (cloud: ReturnType<typeof createHuaweiCloud>, request: SimRequest) =>
    cloud.route(request) as SimRoute;

  it('accepts requests signed by our signer (permanent and temporary keys, with a query)', () => {
    const { cloud, context } = setup();
    const a = signed(CSS_DETAIL, {
      query: { offset: '1', limit: '10', action_mode: 'AZ_MIGRATION', odd: '["a b"]' },
    });
    expect(cloud.authenticate(a, routeOf(cloud, a), context)).toBeUndefined();
    const b = signed(CCE_WORKFLOWS, { credentials: TEMPORARY });
    expect(cloud.authenticate(b, routeOf(cloud, b), context)).toBeUndefined();
  });

  it('accepts a date 14 minutes off either way', () => {
    const { cloud, context } = setup();
    for (const offset of [-14, 14]) {
      const r = signed(CCE_WORKFLOWS, { at: new Date(context.nowMs + offset * 60_000) });
      expect(cloud.authenticate(r, routeOf(cloud, r), context)).toBeUndefined();
    }
  });

  type Tamper = (r: SimRequest) => SimRequest;
  const cases: Array<[why: string, tamper: Tamper, status: number, code: string, message: RegExp]> = [
    [
      'no Authorization header',
      (r) => ({ ...r, headers: { ...r.headers, authorization: '' } }),
      401,
      'APIG.0301',
      /x-auth-token not found/,
    ],
    [
      'an unknown access key (masked in the reply)',
      (r) => ({
        ...r,
        headers: {
          ...r.headers,
          authorization: r.headers.authorization!.replace('AKPERMANENT', 'AKUNKNOWN'),
        },
      }),
      401,
      'APIG.0301',
      /ak:\*\*\*\*\*\*,err:ak not exist/,
    ],
    [
      'a query changed after signing',
      (r) => ({ ...r, rawQuery: 'limit=11' }),
      401,
      'APIG.0301',
      /verify aksk signature fail/,
    ],
    [
      'a path changed after signing',
      (r) => ({ ...r, rawPath: r.rawPath.replace('cce-1', 'cce-2') }),
      401,
      'APIG.0301',
      /verify aksk signature fail/,
    ],
    [
      'a signed header changed',
      (r) => ({ ...r, headers: { ...r.headers, 'x-project-id': 'other' } }),
      401,
      'APIG.0301',
      /verify aksk signature fail/,
    ],
    [
      'a signed header missing',
      (r) => ({
        ...r,
        headers: Object.fromEntries(Object.entries(r.headers).filter(([k]) => k !== 'content-type')),
      }),
      401,
      'APIG.0301',
      /verify aksk signature fail/,
    ],
    [
      'a malformed X-Sdk-Date',
      (r) => ({ ...r, headers: { ...r.headers, 'x-sdk-date': '2024-05-01T10:00:00Z' } }),
      401,
      'APIG.0301',
      /verify aksk signature fail/,
    ],
    [
      'no X-Sdk-Date',
      (r) => ({
        ...r,
        headers: Object.fromEntries(Object.entries(r.headers).filter(([k]) => k !== 'x-sdk-date')),
      }),
      401,
      'APIG.0301',
      /verify aksk signature fail/,
    ],
    [
      'a body added after signing',
      (r) => ({ ...r, body: '{}' }),
      401,
      'APIG.0301',
      /verify aksk signature fail/,
    ],
  ];
  it.each(cases)('rejects %s', (_why, tamper, status, code, message) => {
    const { cloud, context } = setup();
    const request = tamper(signed(CCE_WORKFLOWS));
    const reply = cloud.authenticate(request, routeOf(cloud, request), context);
    expect(reply?.status).toBe(status);
    expect(body(reply)).toMatchObject({ error_code: code, request_id: expect.any(String) });
    expect(String(body(reply).error_msg)).toMatch(message);
    expect(reply?.headers?.['x-request-id']).toBe(body(reply).request_id);
  });

  it.each([
    ['16 minutes slow', -16],
    ['16 minutes fast', 16],
  ])('rejects an X-Sdk-Date %s as an expired signature', (_why, minutes) => {
    const { cloud, context } = setup();
    const r = signed(CCE_WORKFLOWS, { at: new Date(context.nowMs + minutes * 60_000) });
    const reply = cloud.authenticate(r, routeOf(cloud, r), context);
    expect(body(reply)).toMatchObject({
      error_code: 'APIG.0301',
      error_msg: expect.stringMatching(/signature expired/),
    });
    expect(
      classifyHuaweiResponse({ status: reply!.status, headers: {}, body: reply!.body }, context.now()).class,
    ).toBe('ClockSkew');
  });

  it.each([
    ['a temporary key without its token', { ...TEMPORARY, securityToken: undefined }],
    ['a temporary key with another token', { ...TEMPORARY, securityToken: 'forged' }],
    ['a permanent key with a token', { ...PERMANENT, securityToken: 'unexpected' }],
  ])('rejects %s', (_why, credentials) => {
    const { cloud, context } = setup();
    const r = signed(CCE_WORKFLOWS, { credentials });
    const reply = cloud.authenticate(r, routeOf(cloud, r), context);
    expect(reply?.status).toBe(401);
    expect(body(reply).error_msg).toMatch(/decrypt token fail/);
  });

  it('rejects a project the key may not use, and an X-Project-Id that differs from the path', () => {
    const { cloud, context } = setup();
    const other = signed(`/api/v3/projects/other/clusters/cce-1/operation/upgradeworkflows`, {
      projectId: 'other',
    });
    expect(cloud.authenticate(other, routeOf(cloud, other), context)).toMatchObject({ status: 403 });
    const mismatch = signed(CCE_WORKFLOWS, { credentials: TEMPORARY, projectId: 'elsewhere' });
    const reply = cloud.authenticate(mismatch, routeOf(cloud, mismatch), context);
    expect(reply?.status).toBe(403);
    expect(body(reply).error_code).toBe('APIG.0302');
  });

  describe('locks an access key for 5 minutes after five failed signatures', () => {
    const bad = () => signed(CCE_WORKFLOWS, { credentials: { ...PERMANENT, accessKeySecret: 'wrong' } });
    const good = () => signed(CCE_WORKFLOWS);

    it('the sixth request is refused even when correctly signed, until the lock expires', () => {
      const { cloud, context } = setup();
      for (let i = 0; i < 5; i += 1) {
        const reply = cloud.authenticate(bad(), routeOf(cloud, bad()), context);
        expect(body(reply).error_msg).toMatch(/verify aksk signature fail/);
      }
      expect(cloud.authenticator.isLocked(PERMANENT.accessKeyId, context.now())).toBe(true);
      const locked = cloud.authenticate(good(), routeOf(cloud, good()), context);
      expect(locked?.status).toBe(401);
      expect(body(locked).error_msg).toMatch(/AK access failed to reach the limit/);

      context.advance(LOCK_DURATION_MS - 1000);
      expect(body(cloud.authenticate(good(), routeOf(cloud, good()), context)).error_msg).toMatch(
        /reach the limit/,
      );
      context.advance(1000);
      expect(cloud.authenticate(good(), routeOf(cloud, good()), context)).toBeUndefined();
      expect(cloud.authenticator.isLocked(PERMANENT.accessKeyId, context.now())).toBe(false);
    });

    it('a success resets the count: four bad, one good, four bad does not lock', () => {
      const { cloud, context } = setup();
      for (let i = 0; i < 4; i += 1) cloud.authenticate(bad(), routeOf(cloud, bad()), context);
      expect(cloud.authenticate(good(), routeOf(cloud, good()), context)).toBeUndefined();
      for (let i = 0; i < 4; i += 1) cloud.authenticate(bad(), routeOf(cloud, bad()), context);
      expect(cloud.authenticate(good(), routeOf(cloud, good()), context)).toBeUndefined();
    });

    it('the lock is per key and per module instance; reset() clears it', () => {
      const { cloud, context } = setup();
      for (let i = 0; i < 5; i += 1) cloud.authenticate(bad(), routeOf(cloud, bad()), context);
      const other = signed(CCE_WORKFLOWS, { credentials: TEMPORARY });
      expect(cloud.authenticate(other, routeOf(cloud, other), context)).toBeUndefined();
      const fresh = createHuaweiCloud();
      expect(fresh.authenticate(good(), routeOf(fresh, good()), context)).toBeUndefined();
      cloud.authenticator.reset();
      expect(cloud.authenticate(good(), routeOf(cloud, good()), context)).toBeUndefined();
    });

    it('expired dates count towards the lock too', () => {
      const { cloud, context } = setup();
      for (let i = 0; i < 5; i += 1) {
        const r = signed(CCE_WORKFLOWS, { at: new Date(context.nowMs - 3_600_000) });
        cloud.authenticate(r, routeOf(cloud, r), context);
      }
      expect(cloud.authenticator.isLocked(PERMANENT.accessKeyId, context.now())).toBe(true);
    });
  });
});

describe('respond', () => {
  const reply = (path: string, query: Record<string, string> = {}) => {
    const { cloud, context } = setup();
    const request = signed(path, { query });
    return cloud.respond(request, cloud.route(request)!, context);
  };

  it('CCE workflows: the state body as is', () => {
    const r = reply(CCE_WORKFLOWS);
    expect(r.status).toBe(200);
    expect(JSON.parse(r.body)).toEqual(workflowState);
    expect(r.headers).toMatchObject({
      'content-type': 'application/json',
      'x-request-id': expect.any(String),
    });
  });

  it('CCE workflows with no state: an empty list', () => {
    expect(
      JSON.parse(reply(`/api/v3/projects/${PROJECT}/clusters/cce-empty/operation/upgradeworkflows`).body),
    ).toEqual({
      kind: 'List',
      apiVersion: 'v3',
      items: [],
    });
  });

  it('CCE task: found, and CCE.01404001 when not', () => {
    expect(JSON.parse(reply(CCE_TASK).body)).toEqual({ status: { phase: 'Running', progress: '50.00' } });
    const missing = reply(CCE_TASK.replace('task-1', 'task-2'));
    expect(missing.status).toBe(404);
    expect(JSON.parse(missing.body)).toEqual({
      errorCode: 'CCE.01404001',
      errorMessage: 'Resource not found',
    });
  });

  it.each([
    ['an unknown cluster', `/api/v3/projects/${PROJECT}/clusters/nope/operation/upgradeworkflows`],
    ['a cluster of another project', `/api/v3/projects/other/clusters/cce-1/operation/upgradeworkflows`],
  ])('CCE 404 for %s', (_why, path) => {
    const r = reply(path);
    expect(r.status).toBe(404);
    expect(JSON.parse(r.body).errorCode).toBe('CCE.01404001');
  });

  it('CSS pages the full list with a 1-based offset', () => {
    const first = JSON.parse(reply(CSS_DETAIL, { offset: '1', limit: '10' }).body);
    expect(first.totalSize).toBe(23);
    expect(first.detailList.map((d: { id: string }) => d.id)).toEqual(details.slice(0, 10).map((d) => d.id));
    const third = JSON.parse(reply(CSS_DETAIL, { offset: '21', limit: '10' }).body);
    expect(third.detailList.map((d: { id: string }) => d.id)).toEqual(['u20', 'u21', 'u22']);
    const beyond = JSON.parse(reply(CSS_DETAIL, { offset: '99' }).body);
    expect(beyond.detailList).toEqual([]);
  });

  it('CSS defaults to offset 1, limit 10 and accepts the older "start" name', () => {
    expect(JSON.parse(reply(CSS_DETAIL).body).detailList).toHaveLength(10);
    expect(JSON.parse(reply(CSS_DETAIL, { start: '11', limit: '5' }).body).detailList[0].id).toBe('u10');
  });

  it('CSS AZ_MIGRATION lists only the entries with migrateParam; the UpgradeDetail state name works too', () => {
    const az = JSON.parse(reply(CSS_DETAIL, { action_mode: 'AZ_MIGRATION' }).body);
    expect(az).toEqual({ totalSize: 1, detailList: [azDetail] });
    const alias = JSON.parse(
      reply(`/v1.0/${PROJECT}/clusters/css-alias/upgrade/detail`, { action_mode: 'AZ_MIGRATION' }).body,
    );
    expect(alias.detailList).toEqual([azDetail]);
  });

  it.each([
    ['limit 0', { limit: '0' }],
    ['limit 1001', { limit: '1001' }],
    ['offset not a number', { offset: 'x' }],
    ['offset 0', { offset: '0' }],
    ['an unknown action_mode', { action_mode: 'RESTART' }],
    ['action_mode=UPGRADING: "its value can only be AZ_MIGRATION" (seed 004)', { action_mode: 'UPGRADING' }],
    ['a lower-case az_migration (the API spells the one value in capitals)', { action_mode: 'az_migration' }],
    ['an empty action_mode', { action_mode: '' }],
  ])('CSS rejects %s with 400 CSS.0001, which the operator reads as RequestRejected', (_why, query) => {
    const r = reply(CSS_DETAIL, query);
    expect(r.status).toBe(400);
    expect(JSON.parse(r.body)).toEqual({
      errCode: 'CSS.0001',
      externalMessage: 'CSS.0001 : Incorrect parameters.',
    });
    expect(r.headers?.['x-request-id']).toBeTruthy();
    expect(
      classifyHuaweiResponse({ status: r.status, headers: r.headers ?? {}, body: r.body }, new Date()),
    ).toMatchObject({ class: 'RequestRejected', code: 'CSS.0001', requestId: r.headers?.['x-request-id'] });
  });

  it('CSS 404 CSS.0047 for an unknown cluster', () => {
    const r = reply(`/v1.0/${PROJECT}/clusters/nope/upgrade/detail`);
    expect(r.status).toBe(404);
    expect(JSON.parse(r.body).errCode).toBe('CSS.0047');
  });
});

describe('faultReply', () => {
  const { cloud, context } = setup();
  const cceRoute = cloud.route(signed(CCE_WORKFLOWS))!;
  const cssRoute = cloud.route(signed(CSS_DETAIL))!;
  const classOf = (r: SimReply) =>
    classifyHuaweiResponse({ status: r.status, headers: r.headers ?? {}, body: r.body }, context.now());

  it.each([
    ['throttle', cceRoute, 429, 'APIG.0308', 'Throttled'],
    ['server-error', cceRoute, 502, 'APIG.0202', 'ServerError'],
    ['auth', cssRoute, 401, 'APIG.0301', 'AuthFailed'],
    ['clock-skew', cssRoute, 401, 'APIG.0301', 'ClockSkew'],
    ['not-found', cceRoute, 404, 'CCE.01404001', 'NotFound'],
    ['not-found', cssRoute, 404, 'CSS.0047', 'NotFound'],
  ] as const)(
    '%s (%#) renders the real body and classifies as intended',
    (kind, route, status, code, cls) => {
      const r = cloud.faultReply(kind, route, context);
      expect(r.status).toBe(status);
      expect(classOf(r)).toMatchObject({ class: cls, code, httpStatus: status });
    },
  );

  it('throttle carries Retry-After only when asked', () => {
    expect(cloud.faultReply('throttle', cceRoute, context, 12).headers?.['retry-after']).toBe('12');
    expect(cloud.faultReply('throttle', cceRoute, context).headers?.['retry-after']).toBeUndefined();
    expect(classOf(cloud.faultReply('throttle', cceRoute, context, 12))).toMatchObject({
      retryAfterMs: 12_000,
    });
  });
});

describe('round trip: the real clients against the module', () => {
  function connectCce(credentials = PERMANENT) {
    const { cloud, context } = setup();
    const client = huaweiCce.connect({
      spec: {
        provider: 'HuaweiCCE',
        region: 'cn-north-4',
        clusterID: 'cce-1',
        projectID: PROJECT,
        credentialsRef: { name: 's' },
      },
      credentials,
      baseUrl: 'http://127.0.0.1:9443',
      transport: simTransport(cloud, context),
      clock: { now: () => context.now() },
    });
    return { client, cloud, context };
  }

  it('CCE: workflows + task are signed, verified and normalized', async () => {
    const { client } = connectCce();
    expect(await client.observe()).toMatchObject({
      ok: true,
      observation: {
        phase: 'Running',
        progress: 75,
        fromVersion: 'v1.28.3-r0',
        toVersion: 'v1.29.1-r0',
        currentStep: 'Cluster',
      },
    });
  });

  it('CCE with a temporary key', async () => {
    const { client } = connectCce(TEMPORARY);
    expect(await client.observe()).toMatchObject({ ok: true });
  });

  it('CCE with a wrong secret: AuthFailed, then the key is locked after five polls', async () => {
    const { client } = connectCce({ ...PERMANENT, accessKeySecret: 'wrong' });
    for (let i = 0; i < 5; i += 1)
      expect(await client.observe()).toMatchObject({ ok: false, error: { class: 'AuthFailed' } });
    const sixth = await client.observe();
    expect(sixth.ok === false && sixth.error.message).toMatch(/locked for 5 minutes/);
  });

  it('CCE with a skewed clock: ClockSkew', async () => {
    const { cloud, context } = setup();
    const client = huaweiCce.connect({
      spec: {
        provider: 'HuaweiCCE',
        region: 'r',
        clusterID: 'cce-1',
        projectID: PROJECT,
        credentialsRef: { name: 's' },
      },
      credentials: PERMANENT,
      baseUrl: 'http://127.0.0.1:9443',
      transport: simTransport(cloud, context),
      clock: { now: () => new Date(context.nowMs + 20 * 60_000) },
    });
    expect(await client.observe()).toMatchObject({ ok: false, error: { class: 'ClockSkew' } });
  });

  it('CSS: pages through 23 entries and tracks the latest', async () => {
    const { cloud, context } = setup();
    const seen: string[] = [];
    const transport = simTransport(cloud, context);
    const client = huaweiCss.connect({
      spec: {
        provider: 'HuaweiCSS',
        region: 'cn-north-4',
        clusterID: 'css-1',
        projectID: PROJECT,
        credentialsRef: { name: 's' },
      },
      credentials: PERMANENT,
      baseUrl: 'http://127.0.0.1:9443',
      transport: async (request) => {
        seen.push(new URL(request.url).searchParams.get('offset')!);
        return transport(request);
      },
      clock: { now: () => context.now() },
    });
    expect(await client.observe()).toMatchObject({
      ok: true,
      observation: {
        phase: 'Running',
        upgradeID: 'u22',
        progress: 75,
        nodes: { total: 4, completed: 3, current: ['d'] },
      },
    });
    expect(seen).toEqual(['1', '11', '21']);
  });

  it('the X-Sdk-Date the client sends comes from the injected clock', () => {
    const request = signed(CCE_WORKFLOWS, { at: new Date('2030-01-02T03:04:05Z') });
    expect(request.headers['x-sdk-date']).toBe(formatSdkDate(new Date('2030-01-02T03:04:05Z')));
  });
});
