// Our SDK-HMAC-SHA256 signer against the official Node.js SDK signer
// (@huaweicloud/huaweicloud-sdk-core auth/AKSKSigner) on the same requests.
//
// The SDK reads the path through Node's legacy url.parse, which escapes some characters
// (space, ' " < > ` { } | ^) before its own encoder runs again — it would sign `%2520` for
// a space. Generated path segments therefore use only characters url.parse leaves alone
// (unreserved, sub-delims, ':' '@' '[' ']', and any non-ASCII); query values, which the SDK
// takes raw, use the full range.
import fc from 'fast-check';
import { AKSKSigner } from '@huaweicloud/huaweicloud-sdk-core/auth/AKSKSigner.js';
import { BasicCredentials } from '@huaweicloud/huaweicloud-sdk-core/auth/BasicCredentials.js';
import { formatSdkDate, signHuaweiRequest } from '../../../src/signing/huawei.js';
import type { SignableRequest } from '../../../src/signing/types.js';

interface Case {
  host: string;
  segments: string[];
  query: Record<string, string>;
  extraHeaders: Record<string, string>;
  accessKeyId: string;
  secret: string;
  securityToken?: string;
  projectId?: string;
  now: Date;
}

function oursAndSdk(c: Case): { ours: string; sdk: string } {
  const path = `/${c.segments.join('/')}`;
  const request: SignableRequest = {
    method: 'GET',
    host: c.host,
    path,
    query: c.query,
    headers: c.extraHeaders,
    body: '',
  };
  const ours = signHuaweiRequest(request, {
    credentials: { accessKeyId: c.accessKeyId, accessKeySecret: c.secret, securityToken: c.securityToken },
    now: c.now,
    projectId: c.projectId,
  });

  // The SDK's own request shape: endpoint = scheme://host + path, raw queryParams, headers.
  const sdkHeaders: Record<string, string> = { ...c.extraHeaders, 'X-Sdk-Date': formatSdkDate(c.now) };
  if (c.projectId) sdkHeaders['X-Project-Id'] = c.projectId;
  if (c.securityToken) sdkHeaders['X-Security-Token'] = c.securityToken;
  const credential = new BasicCredentials().withAk(c.accessKeyId).withSk(c.secret);
  const signed = AKSKSigner.sign(
    { endpoint: `https://${c.host}${path}`, method: 'GET', headers: sdkHeaders, queryParams: { ...c.query } },
    credential,
  ) as Record<string, string>;
  return { ours: ours.Authorization!, sdk: signed.Authorization! };
}

const pathChars = fc.constantFrom(
  ...'abcXYZ019-._~!$&()*+,;=:@[]'.split(''),
  'é',
  'ü',
  '中',
  '文',
  '😀',
  'Ω',
);
const segment = fc
  .array(pathChars, { minLength: 1, maxLength: 12 })
  .map((chars) => chars.join(''))
  .filter((s) => s !== '.' && s !== '..');
const anyText = fc.oneof(
  fc.string({ unit: 'grapheme', maxLength: 16 }),
  fc.constantFrom('', ' ', 'a b', 'x+y', '["a","b"]', '[]', '{"k":"v"}', '100%', 'a&b=c', '中文 值', '😀'),
  fc.array(fc.constantFrom('a', 'b', 'c-d', '"x y"'), { maxLength: 4 }).map((items) => JSON.stringify(items)),
);
const queryKey = fc.oneof(
  fc.stringMatching(/^[a-z][a-z_]{0,10}$/),
  fc.constantFrom('componentIds', 'action_mode', 'limit', 'offset', 'key with space', 'ключ'),
);
const headerName = fc.stringMatching(/^x-[a-z][a-z0-9-]{0,12}[a-z0-9]$/);
const headerValue = fc.stringMatching(/^[A-Za-z0-9][A-Za-z0-9 ._:;,/=+-]{0,20}[A-Za-z0-9]$/);

const caseArb: fc.Arbitrary<Case> = fc.record(
  {
    host: fc.constantFrom(
      'cce.cn-north-4.myhuaweicloud.com',
      'css.ap-southeast-1.myhuaweicloud.com',
      'cce.eu-west-101.myhuaweicloud.eu',
      '127.0.0.1:8443',
    ),
    segments: fc.array(segment, { minLength: 1, maxLength: 6 }),
    query: fc.dictionary(queryKey, anyText, { maxKeys: 5 }),
    extraHeaders: fc.dictionary(headerName, headerValue, { maxKeys: 3 }).map((h) => ({
      'Content-Type': 'application/json',
      ...Object.fromEntries(
        Object.entries(h).filter(([k]) => !['x-sdk-date', 'x-project-id', 'x-security-token'].includes(k)),
      ),
    })),
    accessKeyId: fc.stringMatching(/^[A-Z0-9]{20}$/),
    secret: fc.stringMatching(/^[A-Za-z0-9]{40}$/),
    securityToken: fc.option(fc.stringMatching(/^[A-Za-z0-9+/=_-]{10,80}$/), { nil: undefined }),
    projectId: fc.option(fc.stringMatching(/^[0-9a-f]{32}$/), { nil: undefined }),
    now: fc.date({
      min: new Date('2015-01-01T00:00:00Z'),
      max: new Date('2035-01-01T00:00:00Z'),
      noInvalidDate: true,
    }),
  },
  { requiredKeys: ['host', 'segments', 'query', 'extraHeaders', 'accessKeyId', 'secret', 'now'] },
);

describe('SDK-HMAC-SHA256 equals the official SDK signer', () => {
  const handPicked: Array<[why: string, c: Case]> = [
    [
      'the CCE workflows request the operator sends',
      {
        host: 'cce.cn-north-4.myhuaweicloud.com',
        segments: [
          'api',
          'v3',
          'projects',
          '0605767ecd00d5762fc9c0195bd0c0d2',
          'clusters',
          'b4b9e60f-8aa2-11ee-af09-0255ac10004f',
          'operation',
          'upgradeworkflows',
        ],
        query: {},
        extraHeaders: { 'Content-Type': 'application/json' },
        accessKeyId: 'QTWAOYTTINDUT2QVKYUC',
        secret: 'MFyfvK41ba2giqM7Uio6PznpdUKGpownRZlmVmHc',
        projectId: '0605767ecd00d5762fc9c0195bd0c0d2',
        now: new Date('2024-03-01T08:00:00Z'),
      },
    ],
    [
      'the CSS detail request with paging and a temporary key',
      {
        host: 'es.cn-north-1.myhuaweicloud.com',
        segments: [
          'v1.0',
          '6204a5bd270343b5885144cf9c8c158d',
          'clusters',
          'ea244205-d641-45d9-9dcb-ab2236bcd07e',
          'upgrade',
          'detail',
        ],
        query: { offset: '11', limit: '10', action_mode: 'AZ_MIGRATION' },
        extraHeaders: { 'Content-Type': 'application/json' },
        accessKeyId: 'AKTEMPORARY000000000',
        secret: 'secret',
        securityToken: 'gQpjbi1ub3J0aC00-token',
        projectId: '6204a5bd270343b5885144cf9c8c158d',
        now: new Date('2023-01-05T02:23:39Z'),
      },
    ],
    [
      'a JSON-array query value, an empty value and a value with spaces',
      {
        host: 'example.myhuaweicloud.com',
        segments: ['v1', 'p', 'things'],
        query: { componentIds: '["a","b"]', empty: '', spaced: 'a b  c' },
        extraHeaders: {},
        accessKeyId: 'AK',
        secret: 'SK',
        now: new Date('2020-02-29T23:59:59Z'),
      },
    ],
    [
      'unicode path segments and query keys',
      {
        host: 'example.myhuaweicloud.com',
        segments: ['v1', 'é中😀', 'a:b@c', '(x)'],
        query: { ключ: 'значение', 中: '文' },
        extraHeaders: { 'x-custom': 'value' },
        accessKeyId: 'AK',
        secret: 'SK',
        now: new Date('2001-09-09T01:46:40Z'),
      },
    ],
  ];
  it.each(handPicked)('%s', (_why, c) => {
    const { ours, sdk } = oursAndSdk(c);
    expect(ours).toBe(sdk);
  });

  it('200 generated requests (seeded) sign identically', () => {
    let runs = 0;
    fc.assert(
      fc.property(caseArb, (c) => {
        runs += 1;
        const { ours, sdk } = oursAndSdk(c);
        expect(ours).toBe(sdk);
      }),
      { seed: 20240501, numRuns: 200 },
    );
    expect(runs).toBe(200);
  });

  it('a different secret gives a different signature than the SDK with the right one (the oracle can fail)', () => {
    const c = handPicked[0]![1];
    const { sdk } = oursAndSdk(c);
    const { ours } = oursAndSdk({ ...c, secret: `${c.secret}x` });
    expect(ours).not.toBe(sdk);
  });
});
