import {
  classifyHuaweiResponse,
  readHuaweiErrorBody,
} from '../../../../src/providers/huawei-common/errors.js';
import type { CloudError } from '../../../../src/providers/common/errors.js';
import type { HttpResponse } from '../../../../src/providers/common/transport.js';

const now = new Date('2024-05-01T10:00:00Z');

function response(status: number, body: unknown, headers: Record<string, string> = {}): HttpResponse {
  return { status, headers, body: typeof body === 'string' ? body : JSON.stringify(body) };
}

describe('classifyHuaweiResponse', () => {
  const cases: Array<[why: string, res: HttpResponse, expected: Partial<CloudError>]> = [
    [
      'APIG.0308 at 429 is Throttled with the gateway code',
      response(429, {
        error_code: 'APIG.0308',
        error_msg: 'The throttling threshold has been reached',
        request_id: 'r1',
      }),
      { class: 'Throttled', code: 'APIG.0308', requestId: 'r1', httpStatus: 429 },
    ],
    [
      'APIGW.0308 (dedicated gateway spelling) is Throttled even without a 429',
      response(400, { error_code: 'APIGW.0308', error_msg: 'over ratelimit' }),
      { class: 'Throttled', code: 'APIGW.0308' },
    ],
    [
      'a bare 429 from a service (CCE.01429002) is Throttled',
      response(429, { errorCode: 'CCE.01429002', errorMessage: 'resource locked by another request' }),
      { class: 'Throttled', code: 'CCE.01429002' },
    ],
    [
      'APIG.0301 verify aksk signature fail is AuthFailed',
      response(401, {
        error_code: 'APIG.0301',
        error_msg: 'Incorrect IAM authentication information: verify aksk signature fail',
        request_id: 'r2',
      }),
      { class: 'AuthFailed', code: 'APIG.0301', requestId: 'r2', httpStatus: 401 },
    ],
    [
      'APIGW.0301 unknown AK is AuthFailed',
      response(401, {
        error_code: 'APIGW.0301',
        error_msg:
          'Incorrect IAM authentication information: Get secretKey failed,ak:******,err:ak not exist',
      }),
      { class: 'AuthFailed' },
    ],
    [
      'APIG.0301 "signature expired" is ClockSkew (X-Sdk-Date more than 15 min off)',
      response(401, {
        error_code: 'APIG.0301',
        error_msg: 'Incorrect IAM authentication information: calc ak sk signature fail:signature expired',
      }),
      { class: 'ClockSkew', code: 'APIG.0301' },
    ],
    ['a 403 without a body is AuthFailed', response(403, ''), { class: 'AuthFailed', httpStatus: 403 }],
    [
      'APIG.0302 (not authorized for the project) at 403 is AuthFailed',
      response(403, {
        error_code: 'APIG.0302',
        error_msg: 'The IAM user is not authorized to access the API.',
      }),
      { class: 'AuthFailed', code: 'APIG.0302' },
    ],
    [
      "CCE's cluster-not-found code, camelCase body",
      response(404, { errorCode: 'CCE.01404001', errorMessage: 'Resource not found' }),
      { class: 'NotFound', code: 'CCE.01404001' },
    ],
    [
      'CCE not-found code even when another code is listed first (CCE sends both shapes)',
      response(400, {
        error_code: 'CCE_CM.0003',
        error_msg: 'x',
        errorCode: 'CCE.01404001',
        errorMessage: 'Resource not found',
      }),
      { class: 'NotFound', code: 'CCE_CM.0003' },
    ],
    [
      'CSS.0047 in the CSS errCode/externalMessage shape',
      response(404, { errCode: 'CSS.0047', externalMessage: 'CSS.0047 : The cluster does not exist.' }),
      { class: 'NotFound', code: 'CSS.0047' },
    ],
    ['a bare 404 is NotFound', response(404, 'not found'), { class: 'NotFound', httpStatus: 404 }],
    [
      '500 is ServerError',
      response(500, { error_code: 'CCE.01500001', error_msg: 'Internal error' }),
      { class: 'ServerError', httpStatus: 500 },
    ],
    [
      '502 from the gateway is ServerError',
      response(502, { error_code: 'APIG.0202', error_msg: 'Backend unavailable' }),
      { class: 'ServerError', code: 'APIG.0202' },
    ],
    [
      '503 with an HTML body is ServerError',
      response(503, '<html>unavailable</html>'),
      { class: 'ServerError' },
    ],
    [
      'a redirect is InvalidResponse (we never follow one with a signed request)',
      response(302, '', { location: 'https://elsewhere.example.com/' }),
      { class: 'InvalidResponse', httpStatus: 302 },
    ],
    [
      'CSS.0001 at 400 (a query value CSS does not accept) is RequestRejected: it will not pass unchanged',
      response(
        400,
        { errCode: 'CSS.0001', externalMessage: 'CSS.0001 : Incorrect parameters.' },
        { 'x-request-id': 'css-req-1' },
      ),
      {
        class: 'RequestRejected',
        code: 'CSS.0001',
        requestId: 'css-req-1',
        httpStatus: 400,
        message: 'CSS.0001: CSS.0001 : Incorrect parameters. (HTTP 400)',
      },
    ],
    [
      'an APIG-shaped 400 with its own request id is RequestRejected, code and id kept',
      response(400, { error_code: 'APIG.0101', error_msg: 'The API does not exist', request_id: 'r-9' }),
      { class: 'RequestRejected', code: 'APIG.0101', requestId: 'r-9' },
    ],
    [
      'a 409 with no body is RequestRejected too (any 4xx no other class claims)',
      response(409, ''),
      { class: 'RequestRejected', httpStatus: 409 },
    ],
  ];

  it.each(cases)('%s', (_why, res, expected) => {
    expect(classifyHuaweiResponse(res, now)).toMatchObject(expected);
  });

  it('takes the request id from X-Request-Id when the body has none', () => {
    const error = classifyHuaweiResponse(response(500, {}, { 'x-request-id': 'hdr-id' }), now);
    expect(error.requestId).toBe('hdr-id');
  });

  it('prefers the body request id over the header', () => {
    const error = classifyHuaweiResponse(
      response(401, { error_code: 'APIG.0301', request_id: 'body-id' }, { 'x-request-id': 'hdr-id' }),
      now,
    );
    expect(error.requestId).toBe('body-id');
  });

  it('puts the code, the text and the status in the message', () => {
    const error = classifyHuaweiResponse(
      response(401, {
        error_code: 'APIG.0301',
        error_msg: 'Incorrect IAM authentication information: verify aksk signature fail',
      }),
      now,
    );
    expect(error.message).toBe(
      'APIG.0301: Incorrect IAM authentication information: verify aksk signature fail (HTTP 401)',
    );
  });

  it('says when the key is locked for five minutes', () => {
    const error = classifyHuaweiResponse(
      response(401, {
        error_code: 'APIG.0301',
        error_msg: 'Incorrect IAM authentication information: AK access failed to reach the limit,forbidden.',
      }),
      now,
    );
    expect(error.class).toBe('AuthFailed');
    expect(error.message).toContain('locked for 5 minutes');
  });

  it('tells the user to check the clock on ClockSkew', () => {
    const error = classifyHuaweiResponse(
      response(401, { error_code: 'APIG.0301', error_msg: 'calc ak sk signature fail:signature expired' }),
      now,
    );
    expect(error.message).toMatch(/check the clock/);
  });

  it('honours Retry-After in seconds and as an HTTP date', () => {
    const seconds = classifyHuaweiResponse(
      response(429, { error_code: 'APIG.0308' }, { 'retry-after': '7' }),
      now,
    );
    expect(seconds).toMatchObject({ class: 'Throttled', retryAfterMs: 7000 });
    const date = classifyHuaweiResponse(
      response(429, {}, { 'retry-after': 'Wed, 01 May 2024 10:00:30 GMT' }),
      now,
    );
    expect(date).toMatchObject({ class: 'Throttled', retryAfterMs: 30_000 });
    const none = classifyHuaweiResponse(response(429, {}), now);
    expect(none.class === 'Throttled' && none.retryAfterMs).toBeUndefined();
  });

  it('trims a huge provider message to 1024 characters', () => {
    const error = classifyHuaweiResponse(response(500, { error_msg: 'x'.repeat(5000) }), now);
    // Exactly 1024: the provider's text kept up to the limit, not dropped or replaced, and the
    // cut marked with an ellipsis.
    expect(error.message).toHaveLength(1024);
    expect(error.message).toBe(`${'x'.repeat(1023)}…`);
  });
});

describe('readHuaweiErrorBody', () => {
  it.each([
    [
      'APIG snake_case',
      { error_code: 'A', error_msg: 'm', request_id: 'r' },
      { code: 'A', message: 'm', requestId: 'r' },
    ],
    ['CCE camelCase', { errorCode: 'B', errorMessage: 'n' }, { code: 'B', message: 'n' }],
    [
      'CSS errCode/externalMessage',
      { errCode: 'C', externalMessage: 'C : o' },
      { code: 'C', message: 'C : o' },
    ],
    ['blank strings are ignored', { error_code: '  ', error_msg: '' }, {}],
    ['non-string fields are ignored', { error_code: 42, error_msg: { nested: true } }, {}],
  ])('%s', (_why, body, expected) => {
    const read = readHuaweiErrorBody(JSON.stringify(body));
    expect(Object.fromEntries(Object.entries(read).filter(([, v]) => v !== undefined))).toEqual(expected);
  });
  it.each([
    ['not JSON', 'oops'],
    ['a JSON array', '[1,2]'],
    ['JSON null', 'null'],
  ])('returns nothing for %s', (_why, body) => {
    expect(Object.values(readHuaweiErrorBody(body)).filter((v) => v !== undefined)).toEqual([]);
  });
});
