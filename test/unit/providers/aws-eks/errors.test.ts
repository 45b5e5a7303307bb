// AWS's code table (src/providers/aws-eks/errors.ts) beyond the fixture rows of
// test/unit/providers/cloud-common/error-tables.test.ts: where the code comes from, the STS XML
// shape, and the clock-skew wording in both directions.
import { classifyAwsResponse, readAwsErrorBody } from '../../../../src/providers/aws-eks/errors.js';

const now = new Date('2024-12-06T10:15:00Z');

describe('AWS error table', () => {
  it.each([
    // why: the SDK reads x-amzn-ErrorType first; a body code must not override it
    [
      'header over body',
      400,
      { 'x-amzn-errortype': 'ThrottlingException:http://x/' },
      '{"code":"InvalidParameterException"}',
      'Throttled',
      'ThrottlingException',
    ],
    // why: restJson1 bodies may name the code as `code` with a namespace
    [
      'body code with namespace',
      404,
      {},
      '{"code":"com.amazonaws.eks#ResourceNotFoundException","message":"gone"}',
      'NotFound',
      'ResourceNotFoundException',
    ],
    // why: "Signature not yet current" (client clock ahead) is clock skew too
    [
      'signature not yet current',
      403,
      { 'x-amzn-errortype': 'InvalidSignatureException' },
      '{"message":"Signature not yet current: 20241206T103000Z is still later than 20241206T102000Z (20241206T101500Z + 5 min.)"}',
      'ClockSkew',
      'InvalidSignatureException',
    ],
    // why: a plain InvalidSignatureException is the key or the signing, not the clock
    [
      'signature mismatch',
      403,
      { 'x-amzn-errortype': 'InvalidSignatureException' },
      '{"message":"The request signature we calculated does not match"}',
      'AuthFailed',
      'InvalidSignatureException',
    ],
    // why: temporary keys ran out — only new credentials help
    [
      'ExpiredTokenException',
      403,
      { 'x-amzn-errortype': 'ExpiredTokenException' },
      '{"message":"The security token included in the request is expired"}',
      'AuthFailed',
      'ExpiredTokenException',
    ],
    // why: STS (awsQuery) errors are XML
    [
      'STS XML',
      400,
      {},
      '<ErrorResponse><Error><Type>Sender</Type><Code>InvalidIdentityToken</Code><Message>bad</Message></Error><RequestId>r-9</RequestId></ErrorResponse>',
      'AuthFailed',
      'InvalidIdentityToken',
    ],
    [
      'STS XML throttling',
      400,
      {},
      '<ErrorResponse><Error><Code>Throttling</Code><Message>Rate exceeded</Message></Error></ErrorResponse>',
      'Throttled',
      'Throttling',
    ],
    // why: 503 ServiceUnavailableException is transient
    [
      '503',
      503,
      { 'x-amzn-errortype': 'ServiceUnavailableException' },
      '{"message":"Service Unavailable"}',
      'ServerError',
      'ServiceUnavailableException',
    ],
  ])('%s', (_why, status, headers, body, cls, code) => {
    expect(classifyAwsResponse(status, headers, body, now)).toMatchObject({
      class: cls,
      code,
      httpStatus: status,
    });
  });

  it('ClockSkew says what to fix; the request id comes from the header or the STS body', () => {
    const headers = { 'x-amzn-errortype': 'InvalidSignatureException', 'x-amzn-requestid': 'req-7' };
    const expired = JSON.stringify({ message: 'Signature expired: a is now earlier than b (c - 5 min.)' });
    const skew = classifyAwsResponse(403, headers, expired, now);
    expect(skew.message).toContain('check the clock');
    expect(skew.requestId).toBe('req-7');
    expect(
      readAwsErrorBody(
        '<ErrorResponse><Error><Code>X</Code></Error><RequestId>r-1</RequestId></ErrorResponse>',
      ).requestId,
    ).toBe('r-1');
  });

  it('masks the secrets it is given', () => {
    const error = classifyAwsResponse(403, {}, '{"message":"bad key wJalrXUtnFEMI"}', now, ['wJalrXUtnFEMI']);
    expect(error.message).not.toContain('wJalrXUtnFEMI');
  });
});
