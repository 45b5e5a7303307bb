// AlibabaACK client over an injected transport: the exact request it sends, the round trip
// through the simulator module, and every failure class at the client boundary.

import type { ClusterUpgradeWatchSpec } from '../../../../src/api/types.js';
import { alibabaAck, connectAlibabaAck } from '../../../../src/providers/alibaba-ack/index.js';
import type { AccessKeyCredentials } from '../../../../src/providers/common/credentials.js';
import type { ConnectParams, RequestObserver } from '../../../../src/providers/common/provider.js';
import {
  TransportError,
  type HttpRequest,
  type HttpResponse,
  type HttpTransport,
} from '../../../../src/providers/common/transport.js';
import { createAlibabaCloud } from '../../../../src/simulator/alibaba/index.js';
import { fakeContext, simTransport } from '../../simulator/alibaba-sim-helpers.js';

const NOW = new Date('2024-03-01T12:00:00Z');
const credentials = { accessKeyId: 'LTAI5tExampleKey', accessKeySecret: 'example-secret-value' };
const spec: ClusterUpgradeWatchSpec = {
  provider: 'AlibabaACK',
  region: 'cn-hangzhou',
  clusterID: 'c-ack',
  credentialsRef: { name: 's' },
};

/** A clock that advances 250 ms every time it is read after the first. */
function steppingClock() {
  let t = NOW.getTime();
  let reads = 0;
  return { now: () => new Date(reads++ === 0 ? t : (t += 250)) };
}

function recordingTransport(response: HttpResponse | (() => never)): {
  transport: HttpTransport;
  requests: HttpRequest[];
} {
  const requests: HttpRequest[] = [];
  return {
    requests,
    transport: async (request) => {
      requests.push(request);
      if (typeof response === 'function') return response();
      return response;
    },
  };
}

function params(
  overrides: Partial<ConnectParams<AccessKeyCredentials>> = {},
): ConnectParams<AccessKeyCredentials> & { events: Parameters<RequestObserver>[0][] } {
  const events: Parameters<RequestObserver>[0][] = [];
  return {
    spec,
    credentials,
    baseUrl: 'https://cs.cn-hangzhou.aliyuncs.com',
    transport: async () => ({ status: 200, headers: {}, body: '{}' }),
    clock: steppingClock(),
    onRequest: (event) => events.push(event),
    events,
    ...overrides,
  };
}

const ok = (body: unknown): HttpResponse => ({
  status: 200,
  headers: { 'content-type': 'application/json' },
  body: JSON.stringify(body),
});

describe('the request on the wire', () => {
  it('GET /api/v2/clusters/{id}/upgrade/status with the V3 headers, reported to onRequest', async () => {
    const { transport, requests } = recordingTransport(ok({ status: 'running', upgrade_step: 'upgrading' }));
    const p = params({ transport });
    const result = await connectAlibabaAck(p, { nonce: () => 'fixed-nonce' }).observe();

    expect(result).toMatchObject({ ok: true, observation: { phase: 'Running', progress: 50 } });
    expect(requests).toHaveLength(1);
    const request = requests[0]!;
    expect(request.method).toBe('GET');
    expect(request.url).toBe('https://cs.cn-hangzhou.aliyuncs.com/api/v2/clusters/c-ack/upgrade/status');
    expect(request.headers).toMatchObject({
      host: 'cs.cn-hangzhou.aliyuncs.com',
      'x-acs-action': 'GetUpgradeStatus',
      'x-acs-version': '2015-12-15',
      'x-acs-date': '2024-03-01T12:00:00Z',
      'x-acs-signature-nonce': 'fixed-nonce',
      'x-acs-content-sha256': 'e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855',
      accept: 'application/json',
    });
    expect(request.headers.authorization).toMatch(
      /^ACS3-HMAC-SHA256 Credential=LTAI5tExampleKey,SignedHeaders=host;x-acs-action;x-acs-content-sha256;x-acs-date;x-acs-signature-nonce;x-acs-version,Signature=[0-9a-f]{64}$/,
    );
    expect(request.headers['x-acs-security-token']).toBeUndefined();
    expect(p.events).toEqual([
      { provider: 'AlibabaACK', operation: 'GetUpgradeStatus', result: 'Success', durationSeconds: 0.25 },
    ]);
  });

  it('with spec.taskID: GET /tasks/{taskID} (DescribeTaskInfo), id percent-encoded', async () => {
    const { transport, requests } = recordingTransport(ok({ task_id: 'T 1/x', state: 'success' }));
    const result = await connectAlibabaAck(
      params({ transport, spec: { ...spec, taskID: 'T 1/x' } }),
    ).observe();
    expect(requests[0]!.url).toBe('https://cs.cn-hangzhou.aliyuncs.com/tasks/T%201%2Fx');
    expect(requests[0]!.headers['x-acs-action']).toBe('DescribeTaskInfo');
    expect(result).toMatchObject({
      ok: true,
      observation: { phase: 'Succeeded', progress: 100, upgradeID: 'T 1/x' },
    });
  });

  it('STS credentials add x-acs-security-token', async () => {
    const { transport, requests } = recordingTransport(ok({}));
    await connectAlibabaAck(
      params({ transport, credentials: { ...credentials, securityToken: 'sts-token' } }),
    ).observe();
    expect(requests[0]!.headers['x-acs-security-token']).toBe('sts-token');
  });

  it('a custom endpoint with a port: host header carries the port', async () => {
    const { transport, requests } = recordingTransport(ok({}));
    await connectAlibabaAck(params({ transport, baseUrl: 'http://127.0.0.1:18443/' })).observe();
    expect(requests[0]!.url).toBe('http://127.0.0.1:18443/api/v2/clusters/c-ack/upgrade/status');
    expect(requests[0]!.headers.host).toBe('127.0.0.1:18443');
  });

  it('passes the abort signal to the transport', async () => {
    const { transport, requests } = recordingTransport(ok({}));
    const controller = new AbortController();
    await connectAlibabaAck(params({ transport })).observe(controller.signal);
    expect(requests[0]!.signal).toBe(controller.signal);
  });

  it('a nonce per request: two polls never reuse one', async () => {
    const { transport, requests } = recordingTransport(ok({}));
    const client = connectAlibabaAck(params({ transport }));
    await client.observe();
    await client.observe();
    expect(requests[0]!.headers['x-acs-signature-nonce']).not.toBe(
      requests[1]!.headers['x-acs-signature-nonce'],
    );
  });

  it('refuses a "." or ".." taskID without sending anything', async () => {
    for (const taskID of ['..', '.']) {
      const { transport, requests } = recordingTransport(ok({}));
      const p = params({ transport, spec: { ...spec, taskID } });
      const result = await connectAlibabaAck(p).observe();
      expect(result).toMatchObject({ ok: false, error: { class: 'NotFound' } });
      expect(requests).toHaveLength(0);
      expect(p.events).toHaveLength(0);
    }
  });
});

describe('round trip through the simulator module (real signature check)', () => {
  const cloud = createAlibabaCloud();
  const context = fakeContext({
    now: NOW,
    credentials: [{ ...credentials }],
    clusters: [
      {
        provider: 'AlibabaACK',
        clusterID: 'c-ack',
        state: {
          GetUpgradeStatus: {
            status: 'fail',
            upgrade_step: 'upgrading',
            error_message: 'node drain timed out',
          },
          DescribeTaskInfo: {
            'T-9': {
              task_id: 'T-9',
              state: 'running',
              current_stage: 'UpgradeNodes',
              stages: [{ state: 'success' }, { state: 'running' }],
            },
          },
        },
      },
    ],
  });
  const baseUrl = 'http://127.0.0.1:18443';

  it('GetUpgradeStatus → Failed observation', async () => {
    const result = await connectAlibabaAck(
      params({ baseUrl, transport: simTransport(cloud, context), clock: { now: () => NOW } }),
    ).observe();
    expect(result).toEqual({
      ok: true,
      observation: {
        phase: 'Failed',
        progress: 50,
        currentStep: 'Upgrade',
        steps: [
          { name: 'Precheck', phase: 'Succeeded' },
          { name: 'Upgrade', phase: 'Failed' },
        ],
        message: 'node drain timed out',
        providerStatus: { status: 'fail', upgradeStep: 'upgrading' },
      },
    });
  });

  it('DescribeTaskInfo → Running with the current stage', async () => {
    const result = await connectAlibabaAck(
      params({
        baseUrl,
        spec: { ...spec, taskID: 'T-9' },
        transport: simTransport(cloud, context),
        clock: { now: () => NOW },
      }),
    ).observe();
    expect(result).toMatchObject({
      ok: true,
      observation: { phase: 'Running', currentStep: 'UpgradeNodes', progress: 50, upgradeID: 'T-9' },
    });
  });

  it('unknown cluster → NotFound with the request id', async () => {
    const result = await connectAlibabaAck(
      params({
        baseUrl,
        spec: { ...spec, clusterID: 'c-gone' },
        transport: simTransport(cloud, context),
        clock: { now: () => NOW },
      }),
    ).observe();
    expect(result).toMatchObject({
      ok: false,
      error: { class: 'NotFound', code: 'ErrorClusterNotFound', httpStatus: 404 },
    });
    expect(result.ok ? undefined : result.error.requestId).toMatch(/^[0-9A-F-]{36}$/);
  });

  it('wrong secret → AuthFailed; the message never holds the secret', async () => {
    const p = params({
      baseUrl,
      credentials: { ...credentials, accessKeySecret: 'not-the-secret' },
      transport: simTransport(cloud, context),
      clock: { now: () => NOW },
    });
    const result = await connectAlibabaAck(p).observe();
    expect(result).toMatchObject({
      ok: false,
      error: { class: 'AuthFailed', code: 'SignatureDoesNotMatch' },
    });
    expect(JSON.stringify(result)).not.toContain('not-the-secret');
    expect(p.events[0]!.result).toBe('AuthFailed');
  });

  it('a client clock 20 minutes slow → ClockSkew', async () => {
    const slow = new Date(NOW.getTime() - 20 * 60_000);
    const result = await connectAlibabaAck(
      params({ baseUrl, transport: simTransport(cloud, context), clock: { now: () => slow } }),
    ).observe();
    expect(result).toMatchObject({
      ok: false,
      error: { class: 'ClockSkew', code: 'InvalidTimeStamp.Expired' },
    });
  });
});

describe('failures are classified once, at the boundary', () => {
  const cases: Array<[why: string, response: HttpResponse | (() => never), expected: object]> = [
    [
      'Throttling.User at HTTP 400 with x-acs-retry-after',
      {
        status: 400,
        headers: { 'x-acs-retry-after': '2000', 'x-acs-request-id': 'RID' },
        body: '{"Code":"Throttling.User","Message":"Request was denied due to user flow control."}',
      },
      { class: 'Throttled', retryAfterMs: 2000, requestId: 'RID' },
    ],
    [
      'transport timeout → NetworkError',
      () => {
        throw new TransportError('timeout of 10000ms exceeded', 'timeout');
      },
      { class: 'NetworkError' },
    ],
    [
      'body over the size cap → InvalidResponse',
      () => {
        throw new TransportError('maxContentLength exceeded', 'too-large');
      },
      { class: 'InvalidResponse' },
    ],
    [
      '200 with a non-JSON body → InvalidResponse',
      { status: 200, headers: {}, body: '<html>' },
      { class: 'InvalidResponse', message: 'GetUpgradeStatus: response body is not JSON' },
    ],
    [
      '200 with a JSON array → InvalidResponse (schema)',
      { status: 200, headers: {}, body: '[]' },
      { class: 'InvalidResponse' },
    ],
    [
      '200 with status as a number → InvalidResponse naming the field',
      { status: 200, headers: {}, body: '{"status":5}' },
      { class: 'InvalidResponse', message: expect.stringContaining('at status') },
    ],
    [
      '302 redirect → InvalidResponse',
      { status: 302, headers: { location: 'https://elsewhere.example/' }, body: '' },
      { class: 'InvalidResponse', httpStatus: 302 },
    ],
    [
      '503 → ServerError',
      { status: 503, headers: {}, body: '{"Code":"ServiceUnavailable","Message":"x"}' },
      { class: 'ServerError' },
    ],
    [
      '400 InvalidParameter → RequestRejected, also the metrics result label',
      {
        status: 400,
        headers: { 'x-acs-request-id': 'RID-400' },
        body: '{"code":"InvalidParameter","message":"The specified parameter is invalid."}',
      },
      { class: 'RequestRejected', code: 'InvalidParameter', requestId: 'RID-400' },
    ],
  ];
  it.each(cases)('%s', async (_why, response, expected) => {
    const { transport } = recordingTransport(response);
    const p = params({ transport });
    const result = await connectAlibabaAck(p).observe();
    expect(result).toMatchObject({ ok: false, error: expected });
    const error = result.ok ? undefined : result.error;
    expect(p.events).toEqual([
      expect.objectContaining({ result: error?.class, operation: 'GetUpgradeStatus' }),
    ]);
  });

  it('an error body echoing our Authorization header is scrubbed', async () => {
    let echoed = '';
    const transport: HttpTransport = async (request) => {
      echoed = request.headers.authorization!;
      return {
        status: 400,
        headers: {},
        body: JSON.stringify({
          Code: 'SignatureDoesNotMatch',
          Message: `you sent ${echoed} with ${credentials.accessKeySecret}`,
        }),
      };
    };
    const result = await connectAlibabaAck(params({ transport })).observe();
    expect(result.ok).toBe(false);
    const signature = /Signature=([0-9a-f]{64})/.exec(echoed)![1]!;
    expect(JSON.stringify(result)).not.toContain(signature);
    expect(JSON.stringify(result)).not.toContain(credentials.accessKeySecret);
  });
});

describe('the AlibabaACK family', () => {
  it('default endpoint per region and the allowed domain', () => {
    expect(alibabaAck.name).toBe('AlibabaACK');
    expect(alibabaAck.defaultBaseUrl({ ...spec, region: 'ap-southeast-1' })).toBe(
      'https://cs.ap-southeast-1.aliyuncs.com',
    );
    expect(alibabaAck.allowedDomains).toEqual(['aliyuncs.com']);
  });

  it('connect() gives a working client (system clock and random nonce by default)', async () => {
    const { transport, requests } = recordingTransport(ok({ status: 'success' }));
    const result = await alibabaAck
      .connect({ spec, credentials, baseUrl: alibabaAck.defaultBaseUrl(spec), transport })
      .observe();
    expect(result).toMatchObject({ ok: true, observation: { phase: 'Succeeded', progress: 100 } });
    expect(requests[0]!.headers['x-acs-signature-nonce']).toMatch(/^[0-9a-f]{32}$/);
  });
});
