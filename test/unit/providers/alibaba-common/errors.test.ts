// Alibaba error classification (docs/reference.md#error-classes): the code decides before the HTTP status.

import type { CloudError } from '../../../../src/providers/common/errors.js';
import {
  ALIBABA_ERROR_TABLE,
  classifyAlibabaErrorResponse,
  readAlibabaErrorBody,
} from '../../../../src/providers/alibaba-common/errors.js';
import { scrubSecrets } from '../../../../src/providers/common/bounds.js';
import { invalidReplyError } from '../../../../src/providers/common/error-reply.js';

const now = new Date('2024-01-01T00:00:00Z');
const gateway = (code: string, message: string) =>
  JSON.stringify({
    RequestId: 'A1B2C3D4-0000-4000-8000-000000000001',
    HostId: 'cs.cn-hangzhou.aliyuncs.com',
    Code: code,
    Message: message,
    Recommend: 'https://api.aliyun.com/troubleshoot',
  });
const service = (code: string, message: string) =>
  JSON.stringify({ code, message, requestId: 'B1B2C3D4-0000-4000-8000-000000000002' });

type Row = [
  why: string,
  status: number,
  body: string,
  headers: Record<string, string>,
  expected: Partial<CloudError>,
];

const rows: Row[] = [
  [
    'Throttling.User arrives as HTTP 400 and is still Throttled',
    400,
    gateway('Throttling.User', 'Request was denied due to user flow control.'),
    {},
    { class: 'Throttled', code: 'Throttling.User', httpStatus: 400 },
  ],
  [
    'any Throttling* code (Throttling.Api) at 503',
    503,
    gateway('Throttling.Api', 'Request was denied due to api flow control.'),
    {},
    { class: 'Throttled' },
  ],
  ['plain HTTP 429 without a body', 429, '', {}, { class: 'Throttled' }],
  [
    'x-acs-retry-after in ms is honoured',
    400,
    gateway('Throttling.User', 'x'),
    { 'x-acs-retry-after': '3000' },
    { class: 'Throttled', retryAfterMs: 3000 },
  ],
  [
    'Retry-After in seconds is honoured',
    429,
    '',
    { 'retry-after': '7' },
    { class: 'Throttled', retryAfterMs: 7000 },
  ],
  [
    'InvalidAccessKeyId.NotFound is HTTP 404 yet AuthFailed, not NotFound',
    404,
    gateway('InvalidAccessKeyId.NotFound', 'Specified access key is not found.'),
    {},
    { class: 'AuthFailed', code: 'InvalidAccessKeyId.NotFound' },
  ],
  [
    'InvalidAccessKeyId.Inactive',
    400,
    gateway('InvalidAccessKeyId.Inactive', 'Specified access key is disabled.'),
    {},
    { class: 'AuthFailed' },
  ],
  [
    'SignatureDoesNotMatch at 400',
    400,
    gateway('SignatureDoesNotMatch', 'The request signature does not conform to Alibaba Cloud standards.'),
    {},
    { class: 'AuthFailed' },
  ],
  [
    'InvalidSecurityToken.Expired',
    400,
    gateway('InvalidSecurityToken.Expired', 'Specified SecurityToken is expired.'),
    {},
    { class: 'AuthFailed' },
  ],
  [
    'MissingSecurityToken',
    400,
    gateway('MissingSecurityToken', 'SecurityToken is mandatory for this action.'),
    {},
    { class: 'AuthFailed' },
  ],
  ['bare 401', 401, '', {}, { class: 'AuthFailed' }],
  [
    '403 Forbidden.RAM',
    403,
    gateway('Forbidden.RAM', 'User not authorized to operate on the specified resource.'),
    {},
    { class: 'AuthFailed' },
  ],
  [
    'InvalidTimeStamp.Expired → ClockSkew',
    400,
    gateway('InvalidTimeStamp.Expired', 'Specified time stamp or date value is expired.'),
    {},
    { class: 'ClockSkew' },
  ],
  [
    'ErrorClusterNotFound (service body, lower-case keys)',
    404,
    service('ErrorClusterNotFound', 'cluster c-1 not found'),
    {},
    { class: 'NotFound', code: 'ErrorClusterNotFound', requestId: 'B1B2C3D4-0000-4000-8000-000000000002' },
  ],
  [
    'ErrorClusterNotFound even if a proxy changed the status',
    400,
    service('ErrorClusterNotFound', 'x'),
    {},
    { class: 'NotFound' },
  ],
  ['bare 404', 404, 'Not Found', {}, { class: 'NotFound' }],
  [
    '500 InternalError',
    500,
    gateway('InternalError', 'The request processing has failed due to some unknown error.'),
    {},
    { class: 'ServerError', code: 'InternalError' },
  ],
  [
    '503 ServiceUnavailable',
    503,
    gateway('ServiceUnavailable', 'The request has failed due to a temporary failure of the server.'),
    {},
    { class: 'ServerError' },
  ],
  ['502 HTML from a load balancer', 502, '<html>bad gateway</html>', {}, { class: 'ServerError' }],
  [
    'unexpected 3xx redirect',
    302,
    '',
    { location: 'https://evil.example/' },
    { class: 'InvalidResponse', httpStatus: 302 },
  ],
  [
    'other 4xx (InvalidParameter) → RequestRejected: the request will not pass unchanged',
    400,
    gateway('InvalidParameter', 'The specified parameter is invalid.'),
    {},
    { class: 'RequestRejected', code: 'InvalidParameter', httpStatus: 400 },
  ],
  [
    'other 4xx with the id only in x-acs-request-id → RequestRejected keeping code and id',
    400,
    JSON.stringify({ code: 'ErrorParameter', message: 'componentIds is invalid' }),
    { 'x-acs-request-id': 'ACS-1' },
    {
      class: 'RequestRejected',
      code: 'ErrorParameter',
      requestId: 'ACS-1',
      message: 'ErrorParameter: componentIds is invalid (HTTP 400)',
    },
  ],
];

describe('classifyAlibabaErrorResponse', () => {
  it.each(rows)('%s', (_why, status, body, headers, expected) => {
    expect(classifyAlibabaErrorResponse({ status, headers, body }, { now })).toMatchObject(expected);
  });

  it('message = code + provider message + HTTP status; request id kept separately', () => {
    const error = classifyAlibabaErrorResponse(
      {
        status: 400,
        headers: {},
        body: gateway('Throttling.User', '  Request was denied due to user flow control.  '),
      },
      { now },
    );
    expect(error.message).toBe('Throttling.User: Request was denied due to user flow control. (HTTP 400)');
    expect(error.requestId).toBe('A1B2C3D4-0000-4000-8000-000000000001');
  });

  it('request id from x-acs-request-id when the body has none', () => {
    const error = classifyAlibabaErrorResponse(
      { status: 500, headers: { 'x-acs-request-id': 'HDR-ID' }, body: '' },
      { now },
    );
    expect(error.requestId).toBe('HDR-ID');
    expect(error.message).toBe('server error (HTTP 500)');
  });

  it('never repeats a secret the server echoed back', () => {
    const error = classifyAlibabaErrorResponse(
      {
        status: 400,
        headers: {},
        body: gateway('SignatureDoesNotMatch', 'got signature deadbeefcafe with key s3cr3t-value'),
      },
      { now, secrets: ['s3cr3t-value', 'deadbeefcafe', undefined] },
    );
    expect(error.message).not.toContain('s3cr3t-value');
    expect(error.message).not.toContain('deadbeefcafe');
    expect(error.message).toContain('***');
  });

  it('trims a huge provider message to 1024 characters', () => {
    const error = classifyAlibabaErrorResponse(
      { status: 500, headers: {}, body: gateway('InternalError', 'y'.repeat(4000)) },
      { now },
    );
    // Exactly 1024: the code and the provider's text kept up to the limit, not dropped or
    // replaced, and the cut marked with an ellipsis.
    expect(error.message).toHaveLength(1024);
    expect(error.message.startsWith(`InternalError: ${'y'.repeat(1000)}`)).toBe(true);
    expect(error.message.endsWith('y…')).toBe(true);
  });
});

describe('readAlibabaErrorBody', () => {
  it.each([
    ['not JSON', 'oops', {}],
    ['a JSON array', '[1]', {}],
    ['null', 'null', {}],
    ['non-string fields are ignored', '{"code":5,"message":{},"requestId":""}', {}],
    ['snake_case request_id', '{"code":"X","request_id":"R"}', { code: 'X', requestId: 'R' }],
  ])('%s', (_why, body, expected) => {
    expect(readAlibabaErrorBody(body)).toEqual(expected);
  });
});

describe('helpers', () => {
  it('scrubSecrets ignores very short strings (would shred ordinary text)', () => {
    expect(scrubSecrets('abc abc', ['abc'])).toBe('abc abc');
    expect(scrubSecrets('token=abcd', ['abcd'])).toBe('token=***');
  });

  it('invalidReplyError keeps the request id header', () => {
    expect(
      invalidReplyError(
        { status: 200, headers: { 'x-acs-request-id': 'R' }, body: '' },
        ALIBABA_ERROR_TABLE.requestIdHeader,
        'bad',
      ),
    ).toEqual({
      class: 'InvalidResponse',
      httpStatus: 200,
      message: 'bad',
      requestId: 'R',
    });
  });
});
