import type { ClusterUpgradeWatchSpec } from '../../../src/api/types.js';
import { resolveBaseUrl } from '../../../src/controller/endpoint.js';

const alibaba = {
  defaultBaseUrl: (spec: ClusterUpgradeWatchSpec) => `https://cs.${spec.region}.aliyuncs.com`,
  allowedDomains: ['aliyuncs.com'] as const,
};
const huawei = {
  defaultBaseUrl: (spec: ClusterUpgradeWatchSpec) => `https://cce.${spec.region}.myhuaweicloud.com`,
  allowedDomains: ['myhuaweicloud.com', 'myhuaweicloud.eu'] as const,
};

function spec(endpoint?: string): ClusterUpgradeWatchSpec {
  const s: ClusterUpgradeWatchSpec = {
    provider: 'AlibabaACK',
    region: 'cn-hangzhou',
    clusterID: 'c1',
    credentialsRef: { name: 'creds' },
  };
  if (endpoint !== undefined) s.endpoint = endpoint;
  return s;
}

/** A string is the accepted base URL; a pattern is the refusal message (refused, not accepted). */
function expectedResult(expected: string | RegExp): unknown {
  return typeof expected === 'string'
    ? { ok: true, baseUrl: expected }
    : { ok: false, message: expect.stringMatching(expected) };
}

describe('resolveBaseUrl without --allow-custom-endpoints', () => {
  const cases: Array<[why: string, endpoint: string | undefined, expected: string | RegExp]> = [
    ['no endpoint: the region default', undefined, 'https://cs.cn-hangzhou.aliyuncs.com'],
    [
      'a subdomain of the allowed domain',
      'https://cs.cn-shanghai.aliyuncs.com',
      'https://cs.cn-shanghai.aliyuncs.com',
    ],
    [
      'a trailing slash is fine',
      'https://cs.cn-shanghai.aliyuncs.com/',
      'https://cs.cn-shanghai.aliyuncs.com',
    ],
    ['host case is normalized', 'https://CS.CN-Shanghai.AliyunCS.com', 'https://cs.cn-shanghai.aliyuncs.com'],
    [
      'another port on an allowed host is refused: a black-holed port holds a poll slot until the timeout',
      'https://vpc.cs.aliyuncs.com:8443',
      /only port 443/,
    ],
    [
      'an explicit :443 is the default port',
      'https://vpc.cs.aliyuncs.com:443',
      'https://vpc.cs.aliyuncs.com',
    ],
    ['the bare domain itself', 'https://aliyuncs.com', 'https://aliyuncs.com'],
    [
      'http is refused: signed requests in clear text',
      'http://cs.cn-hangzhou.aliyuncs.com',
      /must use https/,
    ],
    ['cloud metadata IP is refused', 'https://169.254.169.254', /IP addresses are not allowed/],
    ['loopback IP is refused', 'https://127.0.0.1', /IP addresses are not allowed/],
    ['IPv6 literal is refused', 'https://[::1]', /IP addresses are not allowed/],
    [
      'allowed domain as a prefix of an evil domain',
      'https://aliyuncs.com.evil.test',
      /host must be aliyuncs.com/,
    ],
    [
      'allowed domain as a suffix without a dot boundary',
      'https://evilaliyuncs.com',
      /host must be aliyuncs.com/,
    ],
    [
      'user-info could smuggle a different host in a naive check',
      'https://aliyuncs.com@evil.test',
      /user-info/,
    ],
    [
      'user-info on an allowed host is still refused',
      'https://user:pw@cs.cn-hangzhou.aliyuncs.com',
      /user-info/,
    ],
    [
      'a path would change what the cloud receives',
      'https://cs.cn-hangzhou.aliyuncs.com/proxy',
      /only scheme, host and port/,
    ],
    ['a query is refused', 'https://cs.cn-hangzhou.aliyuncs.com/?x=1', /only scheme, host and port/],
    ['not a URL', 'cs.cn-hangzhou.aliyuncs.com', /not a valid URL/],
    ['other schemes', 'ftp://cs.cn-hangzhou.aliyuncs.com', /must use https/],
  ];
  it.each(cases)('%s', (_why, endpoint, expected) => {
    expect(resolveBaseUrl(spec(endpoint), alibaba, false)).toEqual(expectedResult(expected));
  });

  it('any of several allowed domains (Huawei .com and .eu)', () => {
    expect(resolveBaseUrl(spec('https://cce.eu-west-101.myhuaweicloud.eu'), huawei, false)).toEqual({
      ok: true,
      baseUrl: 'https://cce.eu-west-101.myhuaweicloud.eu',
    });
    expect(resolveBaseUrl(spec('https://cce.eu-west-101.aliyuncs.com'), huawei, false).ok).toBe(false);
  });

  it('never echoes a password from user-info into the message', () => {
    const result = resolveBaseUrl(spec('https://admin:s3cr3t-pass@cs.aliyuncs.com'), alibaba, false);
    // Refused first (an accepted URL has no message to check), then the message is about
    // user-info without the password in it.
    expect(result.ok).toBe(false);
    expect(result.ok ? '' : result.message).toMatch(/user-info/);
    expect(result.ok ? '' : result.message).not.toContain('s3cr3t-pass');
  });
});

describe('resolveBaseUrl with --allow-custom-endpoints', () => {
  const cases: Array<[why: string, endpoint: string, expected: string | RegExp]> = [
    ['a loopback simulator over http', 'http://127.0.0.1:18443', 'http://127.0.0.1:18443'],
    ['a private cloud host over https', 'https://cs.private.example', 'https://cs.private.example'],
    ['still no user-info', 'http://u:p@127.0.0.1:1', /user-info/],
    ['still no instance-metadata address', 'http://169.254.169.254', /instance-metadata/],
    ['nor its IPv4-mapped IPv6 form', 'http://[::ffff:169.254.169.254]', /instance-metadata/],
    ["nor Alibaba's ECS metadata address", 'http://100.100.100.200:80', /instance-metadata/],
    ['a trailing dot is dropped from the origin', 'http://sim.local.:8443/', 'http://sim.local:8443'],
    ['still only http(s)', 'file:///etc/passwd', /only http/],
  ];
  it.each(cases)('%s', (_why, endpoint, expected) => {
    expect(resolveBaseUrl(spec(endpoint), alibaba, true)).toEqual(expectedResult(expected));
  });
});
