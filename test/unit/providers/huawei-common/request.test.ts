import { z } from 'zod';
import {
  buildHuaweiRequest,
  huaweiGet,
  type HuaweiCallContext,
} from '../../../../src/providers/huawei-common/request.js';
import { TransportError } from '../../../../src/providers/common/transport.js';
import { computeSignature, parseAuthorization } from '../../../../src/signing/huawei.js';
import { jsonResponse, recordingTransport } from './helpers.js';

const schema = z.looseObject({ value: z.number() });
const credentials = {
  accessKeyId: 'AKEXAMPLE',
  accessKeySecret: 'SECRETEXAMPLE',
  securityToken: 'TOKENEXAMPLE',
};

function context(transport: HuaweiCallContext['transport'], events: unknown[] = []): HuaweiCallContext {
  let tick = 0;
  return {
    provider: 'HuaweiCCE',
    baseUrl: 'https://cce.cn-north-4.myhuaweicloud.com',
    credentials,
    projectId: 'proj1',
    transport,
    // each clock reading advances 250 ms, so the reported duration is deterministic
    clock: { now: () => new Date(Date.UTC(2024, 4, 1, 10, 0, 0) + 250 * tick++) },
    onRequest: (event) => events.push(event),
  };
}

describe('buildHuaweiRequest', () => {
  it('encodes path and query the way they were signed, and signs with every header it sends', () => {
    const request = buildHuaweiRequest(
      { baseUrl: 'http://127.0.0.1:8443/ignored/prefix', credentials, projectId: 'proj1' },
      '/v1.0/proj1/clusters/c 1/upgrade/detail',
      { offset: '1', action_mode: 'AZ_MIGRATION', weird: '["a","b"]' },
      new Date('2024-05-01T10:00:00Z'),
    );
    expect(request.url).toBe(
      'http://127.0.0.1:8443/v1.0/proj1/clusters/c%201/upgrade/detail?offset=1&action_mode=AZ_MIGRATION&weird=%5B%22a%22%2C%22b%22%5D',
    );
    expect(request.method).toBe('GET');
    expect(request.headers).toMatchObject({
      Host: '127.0.0.1:8443',
      'Content-Type': 'application/json',
      'X-Sdk-Date': '20240501T100000Z',
      'X-Project-Id': 'proj1',
      'X-Security-Token': 'TOKENEXAMPLE',
    });
    const auth = parseAuthorization(request.headers.Authorization)!;
    expect(auth.signedHeaders).toEqual([
      'content-type',
      'host',
      'x-project-id',
      'x-sdk-date',
      'x-security-token',
    ]);
    // Verify like a gateway would: from the wire URL and the listed headers only.
    const url = new URL(request.url);
    const signed = Object.fromEntries(
      Object.entries(request.headers).filter(([k]) => auth.signedHeaders.includes(k.toLowerCase())),
    );
    const expected = computeSignature(
      {
        method: 'GET',
        path: url.pathname,
        pathOnWire: true,
        query: [...url.searchParams.entries()],
        headers: signed,
        body: '',
      },
      credentials.accessKeySecret,
      '20240501T100000Z',
    );
    expect(auth.signature).toBe(expected);
  });

  it('omits the query string when there is none and never leaks the secret into headers or URL', () => {
    const request = buildHuaweiRequest(
      { baseUrl: 'https://h.myhuaweicloud.com', credentials, projectId: 'p' },
      '/a',
      {},
      new Date(0),
    );
    expect(request.url).toBe('https://h.myhuaweicloud.com/a');
    expect(JSON.stringify(request)).not.toContain(credentials.accessKeySecret);
  });
});

describe('huaweiGet', () => {
  it('returns the schema-checked body and reports Success with the duration', async () => {
    const events: unknown[] = [];
    const { transport, requests } = recordingTransport(() => jsonResponse(200, { value: 42, extra: 'kept' }));
    const result = await huaweiGet(context(transport, events), { operation: 'Op', path: '/x', schema });
    expect(result).toEqual({ ok: true, value: { value: 42, extra: 'kept' } });
    expect(requests).toHaveLength(1);
    expect(events).toEqual([
      { provider: 'HuaweiCCE', operation: 'Op', result: 'Success', durationSeconds: 0.25 },
    ]);
  });

  it('passes the abort signal to the transport', async () => {
    const controller = new AbortController();
    const { transport, requests } = recordingTransport(() => jsonResponse(200, { value: 1 }));
    await huaweiGet(context(transport), { operation: 'Op', path: '/x', schema }, controller.signal);
    expect(requests[0]!.signal).toBe(controller.signal);
  });

  it.each([
    ['a timeout is a NetworkError', new TransportError('ETIMEDOUT: timeout', 'timeout'), 'NetworkError'],
    [
      'a body over the size cap is InvalidResponse',
      new TransportError('maxContentLength exceeded', 'too-large'),
      'InvalidResponse',
    ],
    ['any other thrown error is a NetworkError', new Error('boom'), 'NetworkError'],
  ])('transport failure: %s', async (_why, thrown, expectedClass) => {
    const events: Array<{ result: string }> = [];
    const result = await huaweiGet(
      context(async () => {
        throw thrown;
      }, events),
      { operation: 'Op', path: '/x', schema },
    );
    expect(result.ok === false && result.error.class).toBe(expectedClass);
    expect(events.map((e) => e.result)).toEqual([expectedClass]);
  });

  it('classifies an error status through the Huawei table and reports that class', async () => {
    const events: Array<{ result: string }> = [];
    const { transport } = recordingTransport(() =>
      jsonResponse(
        429,
        { error_code: 'APIG.0308', error_msg: 'throttled', request_id: 'rid' },
        { 'retry-after': '3' },
      ),
    );
    const result = await huaweiGet(context(transport, events), { operation: 'Op', path: '/x', schema });
    expect(result).toMatchObject({
      ok: false,
      error: { class: 'Throttled', retryAfterMs: 3000, requestId: 'rid' },
    });
    expect(events.map((e) => e.result)).toEqual(['Throttled']);
  });

  it('a 200 that is not JSON is InvalidResponse, with the request id', async () => {
    const { transport } = recordingTransport(() => ({
      status: 200,
      headers: { 'x-request-id': 'abc' },
      body: '<html>',
    }));
    const result = await huaweiGet(context(transport), { operation: 'Op', path: '/x', schema });
    expect(result).toMatchObject({
      ok: false,
      error: { class: 'InvalidResponse', requestId: 'abc', httpStatus: 200 },
    });
    expect(result.ok === false && result.error.message).toContain('not JSON');
  });

  it('a 200 that fails the schema is InvalidResponse naming the field', async () => {
    const { transport } = recordingTransport(() => jsonResponse(200, { value: 'not a number' }));
    const result = await huaweiGet(context(transport), { operation: 'Op', path: '/x', schema });
    expect(result.ok).toBe(false);
    expect(result.ok === false && result.error).toMatchObject({ class: 'InvalidResponse' });
    expect(result.ok === false && result.error.message).toMatch(/Op: .*schema \(value: /);
  });

  it('a JSON array where an object is expected fails at the root', async () => {
    const { transport } = recordingTransport(() => jsonResponse(200, [1, 2]));
    const result = await huaweiGet(context(transport), { operation: 'Op', path: '/x', schema });
    expect(result.ok === false && result.error.message).toContain('(root)');
  });

  it('works without an onRequest observer', async () => {
    const ctx = context(async () => jsonResponse(200, { value: 1 }));
    delete ctx.onRequest;
    await expect(huaweiGet(ctx, { operation: 'Op', path: '/x', schema })).resolves.toMatchObject({
      ok: true,
    });
  });
});
