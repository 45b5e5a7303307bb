// The Alibaba SimCloud module, driven directly with requests signed by our signer (and, as an
// independent check, by the official SDK signer). No sockets.

import openApiUtilModule from '@alicloud/openapi-util';
import { buildSignedAlibabaGet, sha256Hex, type AlibabaCredentials } from '../../../src/signing/alibaba.js';
import { classifyAlibabaErrorResponse } from '../../../src/providers/alibaba-common/errors.js';
import { alibabaCloud, createAlibabaCloud } from '../../../src/simulator/alibaba/index.js';
import { receivedCanonicalQuery, receivedCanonicalUri } from '../../../src/simulator/alibaba/auth.js';
import { requestedComponents } from '../../../src/simulator/alibaba/respond.js';
import type {
  CloudFaultKind,
  SimCloud,
  SimCluster,
  SimReply,
  SimRequest,
} from '../../../src/simulator/types.js';
import { fakeContext, simRequestFrom, type FakeWorld } from './alibaba-sim-helpers.js';

const sdk = (
  openApiUtilModule as unknown as {
    default: {
      getAuthorization(req: object, alg: string, payload: string, ak: string, sk: string): string;
      getEncodeParam(p: string): string;
    };
  }
).default;

const NOW = new Date('2024-03-01T12:00:00Z');
const HOST = '127.0.0.1:18443';
const KEY: AlibabaCredentials = {
  accessKeyId: 'LTAI5tPermanentKey',
  accessKeySecret: 'permanent-secret-value',
};
const STS: AlibabaCredentials = {
  accessKeyId: 'STS.NUtemporaryKey',
  accessKeySecret: 'sts-secret-value',
  securityToken: 'CAIS-sts-token',
};

const clusters: SimCluster[] = [
  {
    provider: 'AlibabaACK',
    clusterID: 'c-ack',
    state: {
      GetUpgradeStatus: { status: 'running', upgrade_step: 'upgrading', upgrade_task: { status: 'running' } },
      DescribeTaskInfo: { 'T-1': { task_id: 'T-1', state: 'running', current_stage: 'DrainNodes' } },
    },
  },
  { provider: 'AlibabaACK', clusterID: 'c-empty', state: {} },
  {
    provider: 'AlibabaACKAddons',
    clusterID: 'c-addons',
    state: {
      GetClusterAddonUpgradeStatus: {
        'metrics-server': { addon_info: { version: 'v1' }, tasks: { status: 'Running' } },
        terway: { addon_info: { version: 'v2' }, tasks: { status: 'Success' } },
        coredns: { addon_info: { version: 'v3' }, tasks: {} },
      },
    },
  },
];

function world(overrides: Partial<FakeWorld> = {}): FakeWorld {
  return {
    now: NOW,
    credentials: [
      { accessKeyId: KEY.accessKeyId, accessKeySecret: KEY.accessKeySecret },
      {
        accessKeyId: STS.accessKeyId,
        accessKeySecret: STS.accessKeySecret,
        securityToken: STS.securityToken!,
      },
    ],
    clusters,
    ...overrides,
  };
}

let nonceCounter = 0;
interface SignOptions {
  segments?: string[];
  query?: Record<string, string>;
  action?: string;
  credentials?: AlibabaCredentials;
  now?: Date;
  nonce?: string;
  host?: string;
}
function signed(options: SignOptions = {}): SimRequest {
  const get = buildSignedAlibabaGet({
    host: options.host ?? HOST,
    segments: options.segments ?? ['api', 'v2', 'clusters', 'c-ack', 'upgrade', 'status'],
    query: options.query ?? {},
    action: options.action ?? 'GetUpgradeStatus',
    credentials: options.credentials ?? KEY,
    now: options.now ?? NOW,
    nonce: options.nonce ?? `nonce-${++nonceCounter}`,
  });
  return simRequestFrom({
    method: 'GET',
    url: `http://${options.host ?? HOST}${get.pathAndQuery}`,
    headers: get.headers,
  });
}

function handle(cloud: SimCloud, request: SimRequest, w: FakeWorld = world()): SimReply {
  const context = fakeContext(w);
  const route = cloud.route(request);
  if (!route) throw new Error(`unrouted: ${request.rawPath}`);
  return cloud.authenticate(request, route, context) ?? cloud.respond(request, route, context);
}

function body(reply: SimReply): Record<string, unknown> {
  return JSON.parse(reply.body) as Record<string, unknown>;
}

function expectGatewayError(reply: SimReply, status: number, code: string): void {
  expect(reply.status).toBe(status);
  const parsed = body(reply);
  expect(parsed).toMatchObject({ Code: code });
  expect(parsed.RequestId).toBe(reply.headers?.['x-acs-request-id']);
}

describe('route', () => {
  const r = (rawPath: string, rawQuery = '') =>
    alibabaCloud.route({ method: 'GET', rawPath, path: rawPath, rawQuery, query: {}, headers: {}, body: '' }); // the module reads rawPath only;
  it.each([
    [
      'ACK upgrade status',
      '/api/v2/clusters/c1/upgrade/status',
      { provider: 'AlibabaACK', operation: 'GetUpgradeStatus', clusterID: 'c1' },
    ],
    [
      'DescribeTaskInfo',
      '/tasks/T-5faa',
      { provider: 'AlibabaACK', operation: 'DescribeTaskInfo', taskID: 'T-5faa' },
    ],
    [
      'add-on status',
      '/clusters/c1/components/upgradestatus',
      { provider: 'AlibabaACKAddons', operation: 'DescribeClusterAddonsUpgradeStatus', clusterID: 'c1' },
    ],
    ['an encoded / stays inside the id', '/tasks/a%2Fb', { taskID: 'a/b' }],
    ['a trailing slash is tolerated', '/api/v2/clusters/c1/upgrade/status/', { clusterID: 'c1' }],
  ])('%s', (_why, path, expected) => {
    expect(r(path)).toMatchObject(expected);
  });
  it.each([
    ['a Huawei CCE path', '/api/v3/projects/p/clusters/c/operation/upgradeworkflows'],
    ['a Huawei CSS path', '/v1.0/p/clusters/c/upgrade/detail'],
    ['an empty id', '/tasks/'],
    ['a malformed escape in the id', '/tasks/%zz'],
    ['an extra level', '/api/v2/clusters/c1/upgrade/status/more'],
  ])('not ours: %s', (_why, path) => {
    expect(r(path)).toBeUndefined();
  });
});

describe('authenticate: accepted requests', () => {
  it('a request signed by our signer', () => {
    const reply = handle(alibabaCloud, signed());
    expect(reply.status).toBe(200);
  });

  it('an STS request with its token', () => {
    expect(handle(alibabaCloud, signed({ credentials: STS })).status).toBe(200);
  });

  it('a request signed by the official SDK signer (independent oracle)', () => {
    const headers: Record<string, string> = {
      host: HOST,
      'x-acs-action': 'DescribeClusterAddonsUpgradeStatus',
      'x-acs-version': '2015-12-15',
      'x-acs-date': '2024-03-01T12:00:00Z',
      'x-acs-signature-nonce': 'sdk-nonce-1',
      'x-acs-content-sha256': sha256Hex(''),
    };
    const query = { componentIds: '["terway","metrics-server"]' };
    const pathname = `/clusters/${sdk.getEncodeParam('c-addons')}/components/upgradestatus`;
    headers.authorization = sdk.getAuthorization(
      { method: 'GET', pathname, query, headers },
      'ACS3-HMAC-SHA256',
      sha256Hex(''),
      KEY.accessKeyId,
      KEY.accessKeySecret,
    );
    const request = simRequestFrom({
      method: 'GET',
      url: `http://${HOST}${pathname}?componentIds=${encodeURIComponent(query.componentIds)}`,
      headers,
    });
    const reply = handle(alibabaCloud, request);
    expect(reply.status).toBe(200);
    expect(Object.keys(body(reply))).toEqual(['terway', 'metrics-server']);
  });

  it('clock skew just under 15 minutes is accepted', () => {
    expect(handle(alibabaCloud, signed({ now: new Date(NOW.getTime() - 14 * 60_000) })).status).toBe(200);
  });

  it('query re-canonicalized: lower-case escapes and a raw * still verify', () => {
    const request = signed({
      segments: ['clusters', 'c-addons', 'components', 'upgradestatus'],
      action: 'DescribeClusterAddonsUpgradeStatus',
      query: { componentIds: '["terway"]', x: 'a*b' },
    });
    const tweaked = { ...request, rawQuery: request.rawQuery.replace('%5B', '%5b').replace('%2A', '*') };
    expect(tweaked.rawQuery).not.toBe(request.rawQuery);
    expect(handle(alibabaCloud, tweaked).status).toBe(200);
  });
});

describe('authenticate: rejected requests carry the real codes and statuses', () => {
  const rows: Array<[why: string, make: () => SimRequest, status: number, code: string]> = [
    [
      'unknown AccessKey → 404 InvalidAccessKeyId.NotFound',
      () => signed({ credentials: { accessKeyId: 'LTAInobody', accessKeySecret: 'x' } }),
      404,
      'InvalidAccessKeyId.NotFound',
    ],
    [
      'wrong secret → 400 SignatureDoesNotMatch',
      () => signed({ credentials: { ...KEY, accessKeySecret: 'wrong' } }),
      400,
      'SignatureDoesNotMatch',
    ],
    [
      'path changed after signing',
      () => ({ ...signed(), rawPath: '/api/v2/clusters/c-empty/upgrade/status' }),
      400,
      'SignatureDoesNotMatch',
    ],
    [
      'query changed after signing',
      () => ({ ...signed(), rawQuery: 'extra=1' }),
      400,
      'SignatureDoesNotMatch',
    ],
    [
      'host header differs from the signed one',
      () => ({ ...signed(), headers: { ...signed().headers, host: 'cs.cn-hangzhou.aliyuncs.com' } }),
      400,
      'SignatureDoesNotMatch',
    ],
    ['a body the signature did not cover', () => ({ ...signed(), body: '{}' }), 400, 'SignatureDoesNotMatch'],
    [
      'x-acs-date 16 minutes old → InvalidTimeStamp.Expired',
      () => signed({ now: new Date(NOW.getTime() - 16 * 60_000) }),
      400,
      'InvalidTimeStamp.Expired',
    ],
    [
      'x-acs-date 16 minutes ahead → InvalidTimeStamp.Expired',
      () => signed({ now: new Date(NOW.getTime() + 16 * 60_000) }),
      400,
      'InvalidTimeStamp.Expired',
    ],
    [
      'x-acs-date not ISO 8601 → InvalidTimeStamp.Format',
      () => withHeader(signed(), 'x-acs-date', 'Fri, 01 Mar 2024 12:00:00 GMT'),
      400,
      'InvalidTimeStamp.Format',
    ],
    [
      'STS key without its token → MissingSecurityToken',
      () => withoutHeader(signed({ credentials: STS }), 'x-acs-security-token'),
      400,
      'MissingSecurityToken',
    ],
    [
      'STS key with another token',
      () => signed({ credentials: { ...STS, securityToken: 'other-token' } }),
      400,
      'InvalidSecurityToken.MismatchWithAccessKey',
    ],
    [
      'a token sent with a permanent key',
      () => signed({ credentials: { ...KEY, securityToken: 'stray-token' } }),
      400,
      'InvalidSecurityToken.MismatchWithAccessKey',
    ],
    ['no Authorization header', () => withoutHeader(signed(), 'authorization'), 400, 'IncompleteSignature'],
    [
      'another algorithm',
      () =>
        withHeader(
          signed(),
          'authorization',
          signed().headers.authorization!.replace('ACS3-HMAC-SHA256', 'ACS3-HMAC-SM3'),
        ),
      400,
      'IncompleteSignature',
    ],
    [
      'an x-acs-* header left out of the signature',
      () => withHeader(signed(), 'x-acs-extra', 'unsigned'),
      400,
      'IncompleteSignature',
    ],
    [
      'x-acs-action naming another API → 404 InvalidApi.NotFound',
      () => signed({ action: 'DescribeClusters' }),
      404,
      'InvalidApi.NotFound',
    ],
    ['a POST → 404 InvalidApi.NotFound', () => ({ ...signed(), method: 'POST' }), 404, 'InvalidApi.NotFound'],
    ['another API version', () => withHeader(signed(), 'x-acs-version', '2018-04-18'), 400, 'InvalidVersion'],
    [
      'no nonce header → MissingParameter',
      () => withoutHeader(signed(), 'x-acs-signature-nonce'),
      400,
      'MissingParameter',
    ],
  ];
  it.each(rows)('%s', (_why, make, status, code) => {
    expectGatewayError(handle(createAlibabaCloud(), make()), status, code);
  });

  it('SignatureDoesNotMatch shows the server string to sign, never the secret', () => {
    const reply = handle(alibabaCloud, signed({ credentials: { ...KEY, accessKeySecret: 'wrong' } }));
    const message = String(body(reply).Message);
    expect(message).toMatch(/server string to sign is:ACS3-HMAC-SHA256\n[0-9a-f]{64}$/);
    expect(reply.body).not.toContain(KEY.accessKeySecret);
  });

  it('a nonce is accepted once; the replay is SignatureNonceUsed', () => {
    const cloud = createAlibabaCloud();
    const request = signed({ nonce: 'fixed-nonce' });
    expect(handle(cloud, request).status).toBe(200);
    expectGatewayError(handle(cloud, request), 400, 'SignatureNonceUsed');
  });

  it('nonce replay checking can be turned off (for fixed-nonce tests)', () => {
    const cloud = createAlibabaCloud({ rejectReusedNonces: false });
    const request = signed({ nonce: 'fixed-nonce' });
    expect(handle(cloud, request).status).toBe(200);
    expect(handle(cloud, request).status).toBe(200);
  });

  it('a nonce seen more than 15 minutes ago is forgotten', () => {
    const cloud = createAlibabaCloud();
    const first = world();
    expect(handle(cloud, signed({ nonce: 'n-old' }), first).status).toBe(200);
    const later = new Date(NOW.getTime() + 20 * 60_000);
    expect(handle(cloud, signed({ nonce: 'n-new', now: later }), world({ now: later })).status).toBe(200);
    expect(handle(cloud, signed({ nonce: 'n-old', now: later }), world({ now: later })).status).toBe(200);
  });
});

describe('respond', () => {
  it('GetUpgradeStatus returns the cluster state body with a request id header', () => {
    const reply = handle(alibabaCloud, signed());
    expect(body(reply)).toEqual(clusters[0]!.state.GetUpgradeStatus);
    expect(reply.headers?.['content-type']).toMatch(/^application\/json/);
    expect(reply.headers?.['x-acs-request-id']).toBeTruthy();
  });

  it('a cluster without GetUpgradeStatus state answers {} (never upgraded)', () => {
    expect(
      body(
        handle(alibabaCloud, signed({ segments: ['api', 'v2', 'clusters', 'c-empty', 'upgrade', 'status'] })),
      ),
    ).toEqual({});
  });

  it('unknown cluster → 404 ErrorClusterNotFound with the ACK service body', () => {
    const reply = handle(
      alibabaCloud,
      signed({ segments: ['api', 'v2', 'clusters', 'c-nope', 'upgrade', 'status'] }),
    );
    expect(reply.status).toBe(404);
    expect(body(reply)).toEqual({
      code: 'ErrorClusterNotFound',
      message: 'The specified cluster c-nope is not found.',
      requestId: reply.headers?.['x-acs-request-id'],
    });
  });

  it('DescribeTaskInfo finds the task through its cluster', () => {
    const reply = handle(alibabaCloud, signed({ segments: ['tasks', 'T-1'], action: 'DescribeTaskInfo' }));
    expect(body(reply)).toEqual({ task_id: 'T-1', state: 'running', current_stage: 'DrainNodes' });
  });

  it('unknown task → 404 ErrorTaskNotFound', () => {
    const reply = handle(alibabaCloud, signed({ segments: ['tasks', 'T-nope'], action: 'DescribeTaskInfo' }));
    expect(reply.status).toBe(404);
    expect(body(reply)).toMatchObject({ code: 'ErrorTaskNotFound' });
  });

  const addons = (query: Record<string, string>, clusterID = 'c-addons') =>
    handle(
      alibabaCloud,
      signed({
        segments: ['clusters', clusterID, 'components', 'upgradestatus'],
        action: 'DescribeClusterAddonsUpgradeStatus',
        query,
      }),
    );

  it('add-ons: filtered by componentIds, in the requested order, unknown names left out', () => {
    expect(Object.keys(body(addons({ componentIds: '["terway","ghost","metrics-server"]' })))).toEqual([
      'terway',
      'metrics-server',
    ]);
  });

  it('add-ons: no componentIds → every component', () => {
    expect(Object.keys(body(addons({})))).toEqual(['metrics-server', 'terway', 'coredns']);
  });

  it('add-ons: malformed componentIds → 400 InvalidParameter', () => {
    expectGatewayError(addons({ componentIds: 'terway,coredns' }), 400, 'InvalidParameter');
  });

  it('add-ons: unknown cluster → 404 ErrorClusterNotFound', () => {
    expect(addons({}, 'c-none').status).toBe(404);
  });

  it('add-ons: an AlibabaACK cluster (same id for both watches) answers from its add-on state or {}', () => {
    expect(body(addons({}, 'c-ack'))).toEqual({});
  });

  it('requestedComponents parses one JSON array of strings', () => {
    expect(requestedComponents({ componentIds: '["a","b"]' })).toEqual(['a', 'b']);
    expect(requestedComponents({})).toBeUndefined();
    expect(requestedComponents({ componentIds: ' ' })).toBeUndefined();
    expect(requestedComponents({ componentIds: '[1]' })).toBeNull();
    expect(requestedComponents({ componentIds: '{' })).toBeNull();
  });
});

describe('faultReply renders the real error, and our client classifies it as intended', () => {
  const route = { provider: 'AlibabaACK' as const, operation: 'GetUpgradeStatus', clusterID: 'c-ack' };
  const rows: Array<[kind: CloudFaultKind, status: number, code: string, cls: string]> = [
    ['throttle', 400, 'Throttling.User', 'Throttled'],
    ['server-error', 500, 'InternalError', 'ServerError'],
    ['auth', 400, 'SignatureDoesNotMatch', 'AuthFailed'],
    ['clock-skew', 400, 'InvalidTimeStamp.Expired', 'ClockSkew'],
    ['not-found', 404, 'ErrorClusterNotFound', 'NotFound'],
  ];
  it.each(rows)('%s → HTTP %i %s → %s', (kind, status, code, cls) => {
    const reply = alibabaCloud.faultReply(kind, route, fakeContext(world()));
    expect(reply.status).toBe(status);
    const parsed = body(reply);
    expect(parsed.Code ?? parsed.code).toBe(code);
    const error = classifyAlibabaErrorResponse(
      { status: reply.status, headers: reply.headers ?? {}, body: reply.body },
      { now: NOW },
    );
    expect(error.class).toBe(cls);
    expect(error.requestId).toBe(reply.headers?.['x-acs-request-id']);
  });

  it('throttle advertises x-acs-retry-after in milliseconds when asked', () => {
    const reply = alibabaCloud.faultReply('throttle', route, fakeContext(world()), 5);
    expect(reply.headers?.['x-acs-retry-after']).toBe('5000');
    const error = classifyAlibabaErrorResponse(
      { status: reply.status, headers: reply.headers ?? {}, body: reply.body },
      { now: NOW },
    );
    expect(error).toMatchObject({ class: 'Throttled', retryAfterMs: 5000 });
    expect(
      alibabaCloud.faultReply('throttle', route, fakeContext(world())).headers?.['x-acs-retry-after'],
    ).toBeUndefined();
  });

  it('not-found on DescribeTaskInfo renders ErrorTaskNotFound', () => {
    const reply = alibabaCloud.faultReply(
      'not-found',
      { provider: 'AlibabaACK', operation: 'DescribeTaskInfo', taskID: 'T-9' },
      fakeContext(world()),
    );
    expect(body(reply)).toMatchObject({ code: 'ErrorTaskNotFound' });
  });

  it('server-error can render 503 ServiceUnavailable instead', () => {
    const reply = createAlibabaCloud({ serverError: 'ServiceUnavailable' }).faultReply(
      'server-error',
      route,
      fakeContext(world()),
    );
    expect(reply.status).toBe(503);
    expect(body(reply).Code).toBe('ServiceUnavailable');
  });
});

describe('received-request canonicalization', () => {
  it('re-encodes each path segment from its decoded form', () => {
    expect(receivedCanonicalUri('/tasks/a%2fb%20c*')).toBe('/tasks/a%2Fb%20c%2A');
    expect(receivedCanonicalUri('')).toBe('/');
    expect(receivedCanonicalUri('/bad%zz')).toBe('/bad%25zz');
  });
  it('sorts and re-encodes the query; a key without = has an empty value', () => {
    expect(receivedCanonicalQuery('b=2&a&c=%5b%5D&a2=x')).toBe('a=&a2=x&b=2&c=%5B%5D');
  });
});

function withHeader(request: SimRequest, name: string, value: string): SimRequest {
  return { ...request, headers: { ...request.headers, [name]: value } };
}
function withoutHeader(request: SimRequest, name: string): SimRequest {
  const headers = { ...request.headers };
  delete headers[name];
  return { ...request, headers };
}
