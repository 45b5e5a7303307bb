// The error tables of the AWS, Google and Azure providers: each row of a provider's
// fixtures/errors.json is a real error shape from that cloud's documentation, and the row says
// the class it must get (docs/providers-next.md#error-tables).
import { classifyAwsResponse, sanitizeErrorCode } from '../../../../src/providers/aws-eks/errors.js';
import { classifyAzureResponse } from '../../../../src/providers/azure-aks/errors.js';
import type { CloudError } from '../../../../src/providers/common/errors.js';
import { classifyGoogleResponse } from '../../../../src/providers/google-gke/errors.js';
import { fixture } from '../huawei-common/helpers.js';

interface Row {
  name: string;
  status: number;
  headers: Record<string, string>;
  body: unknown;
  class: CloudError['class'];
}
type Classifier = (status: number, headers: Record<string, string>, body: string, now: Date) => CloudError;

const now = new Date('2024-12-06T10:15:00Z');
const tables: Array<[string, Classifier]> = [
  ['aws-eks', classifyAwsResponse],
  ['google-gke', classifyGoogleResponse],
  ['azure-aks', classifyAzureResponse],
];

describe.each(tables)('%s error table', (folder, classify) => {
  const rows = (fixture(`${folder}/fixtures/errors.json`) as { cases: Row[] }).cases;
  it.each(rows.map((row) => [row.name, row] as const))('%s', (_name, row) => {
    const error = classify(row.status, row.headers, JSON.stringify(row.body), now);
    expect(error.class).toBe(row.class);
    expect(error.httpStatus).toBe(row.status);
    expect(error.message).toContain(`(HTTP ${row.status})`);
    // Retry-After is honoured wherever a row carries one (seconds → ms).
    const retryAfter = row.headers['retry-after'];
    expect(error.class === 'Throttled' ? error.retryAfterMs : undefined).toBe(
      retryAfter === undefined ? undefined : Number(retryAfter) * 1000,
    );
  });

  it.each([
    ['a body that is not JSON with a 502', 502, 'ServerError'],
    ['an empty 404', 404, 'NotFound'],
    ['a bare 401', 401, 'AuthFailed'],
    ['a redirect', 302, 'InvalidResponse'],
    ['an unexplained 409', 409, 'RequestRejected'],
  ])('%s', (_why, status, cls) => {
    expect(classify(status, {}, '<html>bad gateway</html>', now).class).toBe(cls);
  });
});

describe('details', () => {
  it('AWS: the request id comes from x-amzn-requestid, the code from the header, trimmed', () => {
    const error = classifyAwsResponse(
      400,
      { 'x-amzn-errortype': 'ThrottlingException:http://internal.amazon.com/x', 'x-amzn-requestid': 'req-1' },
      '{"message":"Rate exceeded"}',
      now,
    );
    expect(error).toMatchObject({
      code: 'ThrottlingException',
      requestId: 'req-1',
      message: 'ThrottlingException: Rate exceeded (HTTP 400)',
    });
  });

  it.each([
    ['com.amazonaws.eks#ResourceNotFoundException', 'ResourceNotFoundException'],
    ['ResourceNotFoundException:http://internal.amazon.com/', 'ResourceNotFoundException'],
    ['', undefined],
    [undefined, undefined],
  ])('sanitizeErrorCode(%s)', (raw, code) => {
    expect(sanitizeErrorCode(raw)).toBe(code);
  });

  it('Azure: x-ms-request-id wins; Entra errors fall back to correlation_id', () => {
    expect(
      classifyAzureResponse(
        404,
        { 'x-ms-request-id': 'arm-1' },
        '{"error":{"code":"ResourceNotFound","message":"gone"}}',
        now,
      ).requestId,
    ).toBe('arm-1');
    expect(
      classifyAzureResponse(
        401,
        {},
        '{"error":"invalid_client","error_description":"AADSTS7000215: bad","correlation_id":"c-9"}',
        now,
      ),
    ).toMatchObject({
      requestId: 'c-9',
      code: 'invalid_client',
    });
  });
});
