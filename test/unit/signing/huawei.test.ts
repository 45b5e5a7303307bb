import {
  canonicalHeaders,
  canonicalQuery,
  canonicalRequest,
  canonicalUri,
  canonicalUriFromWire,
  computeSignature,
  encodePath,
  encodeQuery,
  formatAuthorization,
  formatSdkDate,
  huaweiEncode,
  parseAuthorization,
  parseSdkDate,
  parseWireQuery,
  sha256Hex,
  signHuaweiRequest,
  signaturesEqual,
} from '../../../src/signing/huawei.js';
import { signingVectors, type HuaweiVector } from '../../fixtures/vectors.js';

const vectors = signingVectors.huawei_sdk_hmac_sha256;

function inputOf(vector: HuaweiVector) {
  const url = new URL(vector.url);
  return {
    method: vector.method,
    path: decodeURIComponent(url.pathname),
    query: [...url.searchParams.entries()],
    headers: vector.headers,
    body: vector.body,
  };
}

describe('SDK-HMAC-SHA256 published vectors', () => {
  it('has the three Huawei vectors to test against', () => {
    expect(vectors).toHaveLength(3);
  });

  it.each(vectors.map((v) => [v.source, v] as const))('%s: Authorization matches', (_source, vector) => {
    const input = inputOf(vector);
    const sdkDate = vector.headers['X-Sdk-Date']!;
    const signature = computeSignature(input, vector.secretKey, sdkDate);
    const { signedHeaders } = canonicalHeaders(vector.headers);
    expect(formatAuthorization(vector.accessKey, signedHeaders, signature)).toBe(vector.authorization);
  });

  const withCanonical = vectors.filter((v) => v.canonicalRequest !== undefined);
  it.each(withCanonical.map((v) => [v.source, v] as const))(
    '%s: canonical request and its hash',
    (_s, vector) => {
      const canonical = canonicalRequest(inputOf(vector));
      expect(canonical).toBe(vector.canonicalRequest);
      expect(sha256Hex(canonical)).toBe(vector.canonicalRequestSha256);
    },
  );

  it('signHuaweiRequest reproduces the signing-guide example end to end', () => {
    const vector = vectors[0]!;
    const url = new URL(vector.url);
    const headers = signHuaweiRequest(
      {
        method: 'GET',
        host: url.host,
        path: url.pathname,
        query: Object.fromEntries(url.searchParams),
        headers: { 'Content-Type': 'application/json' },
        body: '',
      },
      {
        credentials: { accessKeyId: vector.accessKey, accessKeySecret: vector.secretKey },
        now: new Date('2019-11-15T03:36:55Z'),
      },
    );
    expect(headers['X-Sdk-Date']).toBe('20191115T033655Z');
    expect(headers.Host).toBe('service.region.example.com');
    expect(headers.Authorization).toBe(vector.authorization);
  });
});

describe('canonical pieces', () => {
  const encodeCases: Array<[why: string, input: string, expected: string]> = [
    ['unreserved characters stay literal', 'AZaz09-._~', 'AZaz09-._~'],
    ['space is %20, never +', 'a b', 'a%20b'],
    ['plus is encoded so it cannot be read as a space', 'a+b', 'a%2Bb'],
    ['JSON array values are fully encoded', '["a","b"]', '%5B%22a%22%2C%22b%22%5D'],
    ['two-byte UTF-8', 'é', '%C3%A9'],
    ['three-byte UTF-8', '中', '%E4%B8%AD'],
    ['four-byte UTF-8 (surrogate pair)', '😀', '%F0%9F%98%80'],
    ['percent itself is encoded', '%20', '%2520'],
    ['slash inside a value is encoded', 'a/b', 'a%2Fb'],
    ['empty stays empty', '', ''],
  ];
  it.each(encodeCases)('huaweiEncode: %s', (_why, input, expected) => {
    expect(huaweiEncode(input)).toBe(expected);
  });

  it('canonical URI always ends with a slash; the wire path does not get one', () => {
    expect(canonicalUri('/v1/p/vpcs')).toBe('/v1/p/vpcs/');
    expect(canonicalUri('/v1/p/vpcs/')).toBe('/v1/p/vpcs/');
    expect(canonicalUri('')).toBe('/');
    expect(canonicalUri('/a b/ü')).toBe('/a%20b/%C3%BC/');
    expect(encodePath('/a b/ü')).toBe('/a%20b/%C3%BC');
  });

  it('the wire path is decoded then re-encoded per segment, so the verifier agrees with the signer', () => {
    expect(canonicalUriFromWire(encodePath('/a b/x%2Fy/ü'))).toBe(canonicalUri('/a b/x%2Fy/ü'));
    expect(canonicalUriFromWire('/a%2Fb/c')).toBe('/a%2Fb/c/');
    expect(canonicalUriFromWire('/a(b)')).toBe('/a%28b%29/');
    expect(canonicalUriFromWire('/bad%ZZ')).toBe('/bad%25ZZ/');
    expect(canonicalUriFromWire('')).toBe('/');
  });

  it('wire query pairs are decoded, keep "+" literal, and tolerate junk', () => {
    expect(parseWireQuery('b=2&a=x%20y&&flag&p=a+b&bad=%ZZ')).toEqual([
      ['b', '2'],
      ['a', 'x y'],
      ['flag', ''],
      ['p', 'a+b'],
      ['bad', '%ZZ'],
    ]);
    expect(parseWireQuery('')).toEqual([]);
  });

  it('canonical query sorts by key, then value, and keeps empty values as "k="', () => {
    expect(canonicalQuery({ b: '2', a: '', c: 'x y' })).toBe('a=&b=2&c=x%20y');
    expect(
      canonicalQuery([
        ['k', 'b'],
        ['k', 'a'],
      ]),
    ).toBe('k=a&k=b');
    expect(canonicalQuery({})).toBe('');
    expect(encodeQuery({ b: '2', a: 'x y' })).toBe('b=2&a=x%20y');
  });

  it('canonical headers lower-case names, trim values and sort', () => {
    expect(
      canonicalHeaders({ 'X-Sdk-Date': ' 20200101T000000Z ', Host: 'h', 'Content-Type': 'application/json' }),
    ).toEqual({
      canonical: 'content-type:application/json\nhost:h\nx-sdk-date:20200101T000000Z\n',
      signedHeaders: 'content-type;host;x-sdk-date',
    });
  });

  it('X-Sdk-Content-Sha256 replaces the body hash, as the gateway does', () => {
    const canonical = canonicalRequest({
      method: 'post',
      path: '/x',
      query: {},
      headers: { 'X-Sdk-Content-Sha256': 'UNSIGNED-PAYLOAD' },
      body: 'ignored',
    });
    expect(canonical.split('\n').pop()).toBe('UNSIGNED-PAYLOAD');
    expect(canonical.startsWith('POST\n')).toBe(true);
  });
});

describe('X-Sdk-Date', () => {
  it('formats an injected clock as YYYYMMDDTHHMMSSZ', () => {
    expect(formatSdkDate(new Date('2023-01-05T02:23:39.987Z'))).toBe('20230105T022339Z');
  });
  it.each([
    ['a valid date round-trips', '20230105T022339Z', '2023-01-05T02:23:39.000Z'],
    ['extended ISO form is rejected', '2023-01-05T02:23:39Z', undefined],
    ['missing Z is rejected', '20230105T022339', undefined],
    ['February 30th is rejected', '20230230T000000Z', undefined],
    ['hour 24 is rejected', '20230105T240000Z', undefined],
  ])('%s', (_why, input, expected) => {
    expect(parseSdkDate(input)?.toISOString()).toBe(expected);
  });
});

describe('Authorization header', () => {
  const sig = 'a'.repeat(64);
  it('parses what formatAuthorization writes', () => {
    expect(parseAuthorization(formatAuthorization('AK', 'host;x-sdk-date', sig))).toEqual({
      accessKeyId: 'AK',
      signedHeaders: ['host', 'x-sdk-date'],
      signature: sig,
    });
  });
  it.each([
    ['missing header', undefined],
    ['another algorithm', `ACS3-HMAC-SHA256 Credential=AK,SignedHeaders=host,Signature=${sig}`],
    ['no Signature', 'SDK-HMAC-SHA256 Access=AK, SignedHeaders=host'],
    ['signature not hex', 'SDK-HMAC-SHA256 Access=AK, SignedHeaders=host, Signature=zz'],
    ['a part without "="', `SDK-HMAC-SHA256 Access=AK, SignedHeaders, Signature=${sig}`],
  ])('rejects %s', (_why, header) => {
    expect(parseAuthorization(header)).toBeUndefined();
  });
  it('compares signatures case-insensitively and rejects different lengths', () => {
    expect(signaturesEqual('ABCD', 'abcd')).toBe(true);
    expect(signaturesEqual('abcd', 'abce')).toBe(false);
    expect(signaturesEqual('abcd', 'abc')).toBe(false);
  });
});

describe('signHuaweiRequest', () => {
  const request = {
    method: 'GET',
    host: 'cce.cn-north-4.myhuaweicloud.com',
    path: '/api/v3/projects/p1/clusters/c1/operation/upgradeworkflows',
    query: {},
    headers: { 'Content-Type': 'application/json', Authorization: 'stale' },
    body: '',
  };
  const now = new Date('2024-05-01T10:00:00Z');

  it('adds and signs X-Project-Id and X-Security-Token for temporary keys', () => {
    const headers = signHuaweiRequest(request, {
      credentials: { accessKeyId: 'AK', accessKeySecret: 'SK', securityToken: 'TOKEN' },
      now,
      projectId: 'p1',
    });
    expect(headers['X-Project-Id']).toBe('p1');
    expect(headers['X-Security-Token']).toBe('TOKEN');
    expect(headers.Authorization).toMatch(
      /^SDK-HMAC-SHA256 Access=AK, SignedHeaders=content-type;host;x-project-id;x-sdk-date;x-security-token, Signature=[0-9a-f]{64}$/,
    );
    // the stale Authorization given in the input is replaced, not signed
    expect(Object.keys(headers).filter((k) => k.toLowerCase() === 'authorization')).toEqual([
      'Authorization',
    ]);
  });

  it('leaves X-Security-Token out for permanent keys', () => {
    const headers = signHuaweiRequest(request, {
      credentials: { accessKeyId: 'AK', accessKeySecret: 'SK' },
      now,
    });
    expect(headers['X-Security-Token']).toBeUndefined();
    expect(headers.Authorization).toContain('SignedHeaders=content-type;host;x-sdk-date,');
  });

  it('keeps a caller-supplied host header (any case) instead of adding a second one', () => {
    const headers = signHuaweiRequest(
      { ...request, headers: { host: '127.0.0.1:8443' } },
      { credentials: { accessKeyId: 'AK', accessKeySecret: 'SK' }, now },
    );
    expect(headers.host).toBe('127.0.0.1:8443');
    expect(headers.Host).toBeUndefined();
  });

  it('the signature changes with the secret, the date and the query', () => {
    const base = { credentials: { accessKeyId: 'AK', accessKeySecret: 'SK' }, now };
    const a = signHuaweiRequest(request, base).Authorization;
    expect(
      signHuaweiRequest(request, { ...base, credentials: { accessKeyId: 'AK', accessKeySecret: 'SK2' } })
        .Authorization,
    ).not.toBe(a);
    expect(
      signHuaweiRequest(request, { ...base, now: new Date(now.getTime() + 1000) }).Authorization,
    ).not.toBe(a);
    expect(signHuaweiRequest({ ...request, query: { limit: '1' } }, base).Authorization).not.toBe(a);
  });
});
