// ACS3-HMAC-SHA256 (V3) signing: the published vectors, then seeded random requests whose
// Authorization must equal the official SDK signers' (`@alicloud/openapi-util` and
// `@alicloud/openapi-core` OpenApiUtil.getAuthorization) byte for byte.

import { createHash } from 'node:crypto';
import fc from 'fast-check';
import openApiUtilModule from '@alicloud/openapi-util';
import { OpenApiUtil as CoreOpenApiUtil } from '@alicloud/openapi-core';
import {
  ACK_API_VERSION,
  buildSignedAlibabaGet,
  canonicalQueryString,
  canonicalUri,
  formatAcsDate,
  parseAcs3Authorization,
  percentEncode,
  randomNonce,
  sha256Hex,
  signAlibabaAcs3,
  signCanonicalParts,
} from '../../../src/signing/alibaba.js';
import { signingVectors } from '../../fixtures/vectors.js';

const SdkUtil = openApiUtilModule as unknown as { default: SdkSigner };

interface SdkRequest {
  method: string;
  pathname: string;
  query: Record<string, string>;
  headers: Record<string, string>;
}
interface SdkSigner {
  getAuthorization(
    request: SdkRequest,
    algorithm: string,
    payload: string,
    ak: string,
    secret: string,
  ): string;
  getEncodePath(path: string): string;
  getEncodeParam(param: string): string;
}
const utilSigner: SdkSigner = SdkUtil.default;
const coreSigner = CoreOpenApiUtil as unknown as SdkSigner;

// The published vectors (test/fixtures/vectors/README.md names their sources).
const [ACS3_VECTOR] = signingVectors.alibaba_acs3_hmac_sha256;

describe('ACS3 published vector', () => {
  const signed = signAlibabaAcs3(
    { ...ACS3_VECTOR, host: ACS3_VECTOR.headers.host },
    { accessKeyId: ACS3_VECTOR.accessKeyId, accessKeySecret: ACS3_VECTOR.accessKeySecret },
  );

  it('reproduces the canonical request hash', () => {
    expect(createHash('sha256').update(signed.canonicalRequest).digest('hex')).toBe(
      ACS3_VECTOR.canonicalRequestSha256,
    );
  });

  it('reproduces the Authorization header', () => {
    expect(signed.authorization).toBe(ACS3_VECTOR.authorization);
  });

  it('computes the same payload hash when x-acs-content-sha256 is absent (empty body)', () => {
    const headers: Record<string, string> = { ...ACS3_VECTOR.headers };
    delete headers['x-acs-content-sha256'];
    const again = signAlibabaAcs3({ ...ACS3_VECTOR, headers, host: headers.host! }, ACS3_VECTOR);
    expect(again.hashedPayload).toBe(ACS3_VECTOR.headers['x-acs-content-sha256']);
  });
});

describe('percent-encoding', () => {
  const rows: Array<[why: string, input: string, expected: string]> = [
    ['unreserved characters stay', 'aZ09-_.~', 'aZ09-_.~'],
    ['space is %20, never +', 'a b', 'a%20b'],
    ['* is encoded (encodeURIComponent leaves it)', 'a*b', 'a%2Ab'],
    ['+ is encoded', 'a+b', 'a%2Bb'],
    ['/ is encoded inside a value', 'a/b', 'a%2Fb'],
    ["!'() are encoded (RFC 3986 reserved)", "!'()", '%21%27%28%29'],
    ['JSON arrays are fully encoded', '["a","b"]', '%5B%22a%22%2C%22b%22%5D'],
    ['UTF-8 multi-byte', 'é中', '%C3%A9%E4%B8%AD'],
  ];
  it.each(rows)('%s', (_why, input, expected) => {
    expect(percentEncode(input)).toBe(expected);
  });

  it('canonicalUri keeps / separators and encodes each segment', () => {
    expect(canonicalUri('/clusters/a b*/x~y')).toBe('/clusters/a%20b%2A/x~y');
    expect(canonicalUri('')).toBe('/');
  });

  it('canonicalQueryString sorts by key and keeps empty values as k=', () => {
    expect(canonicalQueryString({ b: '', a: '1 2', C: 'x' })).toBe('C=x&a=1%202&b=');
  });
});

// ---- Generated requests vs the official SDK signers ----

const pathSegment = fc.oneof(
  fc.stringMatching(/^[A-Za-z0-9-]{1,16}$/),
  fc.string({ unit: 'binary', minLength: 1, maxLength: 8 }).filter((s) => !s.includes('/')),
  fc.constantFrom('a b', 'x*y', 'p+q', '~tilde', "it's", '(x)', 'c1!', '中文', '%41'),
);
const queryKey = fc.stringMatching(/^[A-Za-z][A-Za-z0-9_.~-]{0,10}$/);
const queryValue = fc.oneof(
  fc.string({ unit: 'binary', maxLength: 16 }),
  fc.constantFrom('', ' ', 'with space', '["a","b"]', '~*+/', 'a&b=c', "!'()", 'ü', '😀'),
  fc.array(fc.stringMatching(/^[a-z-]{1,10}$/), { minLength: 1, maxLength: 4 }).map((a) => JSON.stringify(a)),
);
const headerValue = fc.stringMatching(/^[!-~]([ -~]{0,20}[!-~])?$/);

const generatedRequest = fc.record({
  method: fc.constantFrom('GET', 'POST', 'PUT', 'DELETE'),
  segments: fc.array(pathSegment, { minLength: 0, maxLength: 5 }),
  query: fc.dictionary(queryKey, queryValue, { maxKeys: 5 }),
  action: fc.stringMatching(/^[A-Z][A-Za-z]{2,20}$/),
  nonce: fc.stringMatching(/^[0-9a-f]{32}$/),
  date: fc.date({
    min: new Date('2000-01-01T00:00:00Z'),
    max: new Date('2099-12-31T23:59:59Z'),
    noInvalidDate: true,
  }),
  extraAcs: fc.dictionary(fc.stringMatching(/^x-acs-[a-z]{1,10}$/), headerValue, { maxKeys: 2 }),
  contentType: fc.option(fc.constantFrom('application/json', 'application/x-www-form-urlencoded'), {
    nil: undefined,
  }),
  token: fc.option(fc.stringMatching(/^[A-Za-z0-9+/=]{10,40}$/), { nil: undefined }),
  body: fc.oneof(fc.constant(''), fc.json()),
  secret: fc.stringMatching(/^[A-Za-z0-9]{10,30}$/),
});

describe('ACS3 signatures equal the official SDK signers on generated requests', () => {
  it('≥ 25 seeded requests (odd paths, spaces, unicode, JSON arrays, empty values, ~*+/)', () => {
    let runs = 0;
    fc.assert(
      fc.property(generatedRequest, (g) => {
        runs++;
        const path = '/' + g.segments.join('/');
        const headers: Record<string, string> = {
          host: 'cs.cn-hangzhou.aliyuncs.com',
          'x-acs-action': g.action,
          'x-acs-version': ACK_API_VERSION,
          'x-acs-date': formatAcsDate(g.date),
          'x-acs-signature-nonce': g.nonce,
          'x-acs-content-sha256': sha256Hex(g.body),
          ...g.extraAcs,
        };
        if (g.contentType) headers['content-type'] = g.contentType;
        if (g.token) headers['x-acs-security-token'] = g.token;
        const creds = { accessKeyId: 'LTAI5tTestKeyId', accessKeySecret: g.secret };
        const ours = signAlibabaAcs3(
          { method: g.method, host: headers.host!, path, query: g.query, headers, body: g.body },
          creds,
        );

        // The SDK takes an already-encoded pathname: encode with the SDK's own path encoder.
        const sdkRequest = {
          method: g.method,
          pathname: utilSigner.getEncodePath(path),
          query: g.query,
          headers,
        };
        const payload = sha256Hex(g.body);
        expect(ours.authorization).toBe(
          utilSigner.getAuthorization(
            sdkRequest,
            'ACS3-HMAC-SHA256',
            payload,
            creds.accessKeyId,
            creds.accessKeySecret,
          ),
        );
        expect(ours.authorization).toBe(
          coreSigner.getAuthorization(
            sdkRequest,
            'ACS3-HMAC-SHA256',
            payload,
            creds.accessKeyId,
            creds.accessKeySecret,
          ),
        );
      }),
      { seed: 1505, numRuns: 200 },
    );
    expect(runs).toBeGreaterThanOrEqual(25);
  });

  it('hand-picked awkward requests agree with the SDK too', () => {
    const cases: Array<{ why: string; path: string; query: Record<string, string> }> = [
      {
        why: 'addons query: one JSON-array string value',
        path: '/clusters/c1/components/upgradestatus',
        query: { componentIds: '["metric-server","cloud-controller-manager"]' },
      },
      { why: 'empty value', path: '/tasks/T-1', query: { a: '' } },
      { why: 'tilde, star, plus and slash in a value', path: '/x', query: { v: '~*+/' } },
      { why: 'space in a path segment', path: '/api/v2/clusters/a b/upgrade/status', query: {} },
      { why: 'unicode everywhere', path: '/集群/é', query: { name: '名字 ü' } },
    ];
    for (const c of cases) {
      const headers = {
        host: 'cs.cn-beijing.aliyuncs.com',
        'x-acs-action': 'X',
        'x-acs-date': '2024-01-01T00:00:00Z',
      };
      const ours = signAlibabaAcs3(
        { method: 'GET', host: headers.host, path: c.path, query: c.query, headers, body: '' },
        { accessKeyId: 'ak', accessKeySecret: 'sk' },
      );
      const sdk = utilSigner.getAuthorization(
        { method: 'GET', pathname: utilSigner.getEncodePath(c.path), query: c.query, headers },
        'ACS3-HMAC-SHA256',
        sha256Hex(''),
        'ak',
        'sk',
      );
      expect({ why: c.why, auth: ours.authorization }).toEqual({ why: c.why, auth: sdk });
    }
  });
});

describe('buildSignedAlibabaGet', () => {
  const now = new Date('2024-05-06T07:08:09.123Z');
  const creds = { accessKeyId: 'LTAIexample', accessKeySecret: 'secret-value' };

  it('sends exactly the V3 header set, with date from the clock and nonce from the generator', () => {
    const signed = buildSignedAlibabaGet({
      host: 'cs.cn-hangzhou.aliyuncs.com',
      segments: ['api', 'v2', 'clusters', 'c1', 'upgrade', 'status'],
      action: 'GetUpgradeStatus',
      credentials: creds,
      now,
      nonce: 'n0nce',
      extraHeaders: { accept: 'application/json' },
    });
    expect(signed.headers).toMatchObject({
      host: 'cs.cn-hangzhou.aliyuncs.com',
      'x-acs-action': 'GetUpgradeStatus',
      'x-acs-version': '2015-12-15',
      'x-acs-date': '2024-05-06T07:08:09Z',
      'x-acs-signature-nonce': 'n0nce',
      'x-acs-content-sha256': 'e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855',
      accept: 'application/json',
    });
    expect(signed.headers['x-acs-security-token']).toBeUndefined();
    expect(signed.signature.signedHeaders).toEqual([
      'host',
      'x-acs-action',
      'x-acs-content-sha256',
      'x-acs-date',
      'x-acs-signature-nonce',
      'x-acs-version',
    ]);
    expect(signed.pathAndQuery).toBe('/api/v2/clusters/c1/upgrade/status');
    // The SDK agrees on the final header.
    const { authorization, accept: _accept, ...signable } = signed.headers;
    expect(authorization).toBe(
      utilSigner.getAuthorization(
        { method: 'GET', pathname: '/api/v2/clusters/c1/upgrade/status', query: {}, headers: signable },
        'ACS3-HMAC-SHA256',
        sha256Hex(''),
        creds.accessKeyId,
        creds.accessKeySecret,
      ),
    );
  });

  it('adds and signs x-acs-security-token for STS credentials, and encodes the query as signed', () => {
    const signed = buildSignedAlibabaGet({
      host: '127.0.0.1:8443',
      segments: ['clusters', 'c1', 'components', 'upgradestatus'],
      query: { componentIds: '["a","b"]' },
      action: 'DescribeClusterAddonsUpgradeStatus',
      credentials: { ...creds, securityToken: 'sts-token' },
      now,
      nonce: 'n',
    });
    expect(signed.headers['x-acs-security-token']).toBe('sts-token');
    expect(signed.signature.signedHeaders).toContain('x-acs-security-token');
    expect(signed.pathAndQuery).toBe(
      '/clusters/c1/components/upgradestatus?componentIds=%5B%22a%22%2C%22b%22%5D',
    );
  });

  it('encodes a / inside a segment instead of adding a path level, and the SDK agrees', () => {
    const signed = buildSignedAlibabaGet({
      host: 'h',
      segments: ['tasks', 'a/b c'],
      action: 'DescribeTaskInfo',
      credentials: creds,
      now,
      nonce: 'n',
    });
    expect(signed.pathAndQuery).toBe('/tasks/a%2Fb%20c');
    const { authorization, ...signable } = signed.headers;
    expect(authorization).toBe(
      utilSigner.getAuthorization(
        {
          method: 'GET',
          pathname: `/tasks/${utilSigner.getEncodeParam('a/b c')}`,
          query: {},
          headers: signable,
        },
        'ACS3-HMAC-SHA256',
        sha256Hex(''),
        creds.accessKeyId,
        creds.accessKeySecret,
      ),
    );
  });

  it('the Authorization carries neither the secret nor the token', () => {
    const signed = buildSignedAlibabaGet({
      host: 'h',
      segments: [''],
      action: 'A',
      credentials: { ...creds, securityToken: 'sts-token' },
      now,
      nonce: 'n',
    });
    expect(signed.headers.authorization).not.toContain(creds.accessKeySecret);
    expect(signed.headers.authorization).not.toContain('sts-token');
  });
});

describe('parseAcs3Authorization', () => {
  it('round-trips what the signer produces', () => {
    const parsed = parseAcs3Authorization(ACS3_VECTOR.authorization);
    expect(parsed).toEqual({
      algorithm: 'ACS3-HMAC-SHA256',
      accessKeyId: 'YourAccessKeyId',
      signedHeaders: [
        'host',
        'x-acs-action',
        'x-acs-content-sha256',
        'x-acs-date',
        'x-acs-signature-nonce',
        'x-acs-version',
      ],
      signature: '06563a9e1b43f5dfe96b81484da74bceab24a1d853912eee15083a6f0f3283c0',
    });
  });

  const malformed: Array<[why: string, header: string | undefined]> = [
    ['absent', undefined],
    ['empty', ''],
    ['no fields', 'ACS3-HMAC-SHA256'],
    ['field without =', 'ACS3-HMAC-SHA256 Credential'],
    ['missing Signature', 'ACS3-HMAC-SHA256 Credential=ak,SignedHeaders=host'],
    ['missing Credential', 'ACS3-HMAC-SHA256 SignedHeaders=host,Signature=ab'],
  ];
  it.each(malformed)('rejects %s', (_why, header) => {
    expect(parseAcs3Authorization(header)).toBeUndefined();
  });

  it('accepts an empty SignedHeaders list', () => {
    expect(
      parseAcs3Authorization('ACS3-HMAC-SHA256 Credential=ak,SignedHeaders=,Signature=ab')?.signedHeaders,
    ).toEqual([]);
  });
});

describe('signCanonicalParts (verifier side)', () => {
  it('signs only the named headers, using empty values for named-but-absent ones', () => {
    const parts = {
      method: 'get',
      canonicalUri: '/',
      canonicalQuery: '',
      headers: { host: 'h', 'x-acs-date': 'd', 'x-acs-extra': 'e' },
      signedHeaderNames: ['host', 'x-acs-missing'],
      hashedPayload: sha256Hex(''),
    };
    const signed = signCanonicalParts(parts, { accessKeyId: 'ak', accessKeySecret: 'sk' });
    expect(signed.canonicalRequest).toBe(
      `GET\n/\n\nhost:h\nx-acs-missing:\n\nhost;x-acs-missing\n${sha256Hex('')}`,
    );
  });
});

describe('randomNonce', () => {
  it('is 32 hex characters and differs between calls', () => {
    const a = randomNonce();
    expect(a).toMatch(/^[0-9a-f]{32}$/);
    expect(randomNonce()).not.toBe(a);
  });
});
