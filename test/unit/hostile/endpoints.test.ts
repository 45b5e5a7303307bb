// Hostile specs: what the CRD's CEL rule cannot stop, the operator must. A namespace user who
// can write a ClusterUpgradeWatch chooses `spec.endpoint`; if the operator signed a request to
// it, the user would receive a valid signature over their credentials (or the node's metadata
// credentials, via a metadata address). Each row goes through the real reconciler with the real
// provider families, signing and transport; every request, whatever host the spec names, is sent
// to a counting local server. A refused endpoint is InvalidSpec with NO request received; a
// legitimate one is polled (exactly the requests of one poll, with the legitimate Host header).

import type { ClusterUpgradeWatchSpec, ProviderName } from '../../../src/api/types.js';
import { startHostileServer, type HostileServer } from '../../helpers/hostile-server.js';
import { describeHits, scanForSecrets } from '../../helpers/secret-scan.js';
import { KNOWN_SECRETS, TARGETS } from './targets.js';
import { createWorld } from './world.js';

let server: HostileServer;

beforeAll(async () => {
  server = await startHostileServer();
});
afterAll(async () => {
  await server?.close();
});

function specFor(provider: ProviderName, endpoint: string): ClusterUpgradeWatchSpec {
  const target = TARGETS.find((t) => t.provider === provider && !t.spec.taskID)!;
  return { ...target.spec, endpoint };
}

/** Replies with the provider's good answer, so a poll that does happen succeeds visibly. */
function playGood(): void {
  server.play((request) => {
    const path = request.url.split('?')[0]!;
    const target = TARGETS.find(
      (t) =>
        !t.spec.taskID &&
        (path.includes('/upgradeworkflows') || path.includes('/operation/upgrade/tasks/')
          ? t.provider === 'HuaweiCCE'
          : path.includes('/upgrade/detail')
            ? t.provider === 'HuaweiCSS'
            : path.includes('/components/')
              ? t.provider === 'AlibabaACKAddons'
              : t.provider === 'AlibabaACK'),
    )!;
    return { headers: { 'content-type': 'application/json' }, body: JSON.stringify(target.good(path)) };
  });
}

type Row = [why: string, provider: ProviderName, endpoint: string];

const REFUSED: Row[] = [
  [
    'plain http: the signed request and its token would cross the network in clear',
    'AlibabaACK',
    'http://cs.cn-hangzhou.aliyuncs.com',
  ],
  ['the instance-metadata address', 'AlibabaACK', 'https://169.254.169.254'],
  ['loopback IPv4: whatever else listens on the node', 'AlibabaACK', 'https://127.0.0.1'],
  ['loopback IPv6', 'AlibabaACK', 'https://[::1]'],
  ['localhost by name', 'AlibabaACK', 'https://localhost'],
  ['the allowed domain as a prefix of an attacker domain', 'AlibabaACK', 'https://aliyuncs.com.evil.test'],
  ['the allowed domain as a suffix without a label boundary', 'AlibabaACK', 'https://evilaliyuncs.com'],
  [
    'user-info on the right host (credentials in URLs leak into logs)',
    'AlibabaACK',
    'https://user:pass@cs.cn-hangzhou.aliyuncs.com',
  ],
  [
    'user-info that makes a naive check read the allowed domain while the host is evil.test',
    'AlibabaACK',
    'https://cs.cn-hangzhou.aliyuncs.com@evil.test',
  ],
  ['the metadata address as one decimal number', 'AlibabaACK', 'https://2852039166'],
  ['the metadata address in hex', 'AlibabaACK', 'https://0xa9fea9fe'],
  ['the metadata address in octal', 'AlibabaACK', 'https://0251.0376.0251.0376'],
  ['loopback in short form (127.1)', 'AlibabaACK', 'https://127.1'],
  ['IPv4-mapped IPv6 metadata address', 'AlibabaACK', 'https://[::ffff:169.254.169.254]'],
  ['Alibaba Cloud ECS metadata address', 'AlibabaACK', 'https://100.100.100.200'],
  ['the unspecified address', 'AlibabaACK', 'https://0.0.0.0'],
  [
    'punycode look-alike of aliyuncs.com (Cyrillic а)',
    'AlibabaACK',
    'https://cs.cn-hangzhou.xn--liyuncs-6fg.com',
  ],
  [
    'Unicode look-alike written out (Cyrillic а): not an ASCII host',
    'AlibabaACK',
    'https://cs.cn-hangzhou.\u0430liyuncs.com',
  ],
  ['the allowed domain under an attacker TLD, trailing dot', 'AlibabaACK', 'https://aliyuncs.com.evil.test.'],
  [
    'uppercase look-alike: case folding must not turn it into an allowed host',
    'AlibabaACK',
    'https://ALIYUNCS.COM.EVIL.TEST',
  ],
  [
    'uppercase scheme: the CRD pattern is case-sensitive',
    'AlibabaACK',
    'HTTPS://cs.cn-hangzhou.aliyuncs.com',
  ],
  [
    'a backslash that WHATWG parsing reads as a path separator',
    'AlibabaACK',
    'https://cs.cn-hangzhou.aliyuncs.com\\@evil.test',
  ],
  ['a fragment hiding the real host from a naive check', 'AlibabaACK', 'https://evil.test#.aliyuncs.com'],
  ['a query hiding the real host from a naive check', 'AlibabaACK', 'https://evil.test?.aliyuncs.com'],
  [
    'a path: the request path is the cloud API’s own',
    'AlibabaACK',
    'https://cs.cn-hangzhou.aliyuncs.com/proxy?to=evil.test',
  ],
  ['a Huawei host for an Alibaba watch', 'AlibabaACK', 'https://cce.cn-north-4.myhuaweicloud.com'],
  [
    'add-ons: same rules for the second Alibaba family',
    'AlibabaACKAddons',
    'https://cs.cn-hangzhou.aliyuncs.com.evil.test',
  ],
  ['Huawei: allowed domain as a prefix', 'HuaweiCCE', 'https://cce.cn-north-4.myhuaweicloud.com.evil.test'],
  ['Huawei: suffix without a label boundary', 'HuaweiCCE', 'https://evilmyhuaweicloud.com'],
  [
    'Huawei .eu: allowed domain as a prefix',
    'HuaweiCCE',
    'https://cce.eu-west-101.myhuaweicloud.eu.evil.test',
  ],
  ['Huawei .eu: suffix without a label boundary', 'HuaweiCCE', 'https://cce.eu-west-101.notmyhuaweicloud.eu'],
  ['Huawei: a different TLD', 'HuaweiCCE', 'https://cce.cn-north-4.myhuaweicloud.co'],
  [
    'Huawei: the console domain is not an API domain the operator allows',
    'HuaweiCCE',
    'https://cce.cn-north-4.huaweicloud.com',
  ],
  [
    'Huawei: punycode look-alike (Cyrillic у)',
    'HuaweiCCE',
    'https://cce.cn-north-4.xn--myhuaweiclod-7nk.com',
  ],
  ['Huawei: user-info smuggling', 'HuaweiCCE', 'https://cce.cn-north-4.myhuaweicloud.com@evil.test'],
  ['Huawei: plain http', 'HuaweiCSS', 'http://css.cn-north-4.myhuaweicloud.com'],
  ['Huawei: an Alibaba host for a Huawei watch', 'HuaweiCSS', 'https://cs.cn-hangzhou.aliyuncs.com'],
  ['Huawei: metadata address', 'HuaweiCSS', 'https://169.254.169.254'],
  [
    'a port other than 443 on an allowed host: a black-holed port would hold a poll slot until the timeout',
    'AlibabaACK',
    'https://cs.cn-hangzhou.aliyuncs.com:8443',
  ],
  ['Huawei: a port other than 443', 'HuaweiCCE', 'https://cce.cn-north-4.myhuaweicloud.com:1'],
];

const ACCEPTED: Array<[why: string, provider: ProviderName, endpoint: string, host: string]> = [
  [
    'the regional ACK endpoint',
    'AlibabaACK',
    'https://cs.cn-hangzhou.aliyuncs.com',
    'cs.cn-hangzhou.aliyuncs.com',
  ],
  [
    'the ACK endpoint for add-ons',
    'AlibabaACKAddons',
    'https://cs.cn-shanghai.aliyuncs.com',
    'cs.cn-shanghai.aliyuncs.com',
  ],
  [
    'an uppercase host is the same host (normalized)',
    'AlibabaACK',
    'https://CS.CN-HANGZHOU.ALIYUNCS.COM',
    'cs.cn-hangzhou.aliyuncs.com',
  ],
  [
    'CCE in the sovereign EU cloud',
    'HuaweiCCE',
    'https://cce.eu-west-101.myhuaweicloud.eu',
    'cce.eu-west-101.myhuaweicloud.eu',
  ],
  [
    'CSS on myhuaweicloud.com',
    'HuaweiCSS',
    'https://css.cn-north-4.myhuaweicloud.com',
    'css.cn-north-4.myhuaweicloud.com',
  ],
  // The absolute (trailing-dot) form names the same DNS host inside the provider's own domain;
  // it is accepted in canonical form (src/controller/endpoint.ts), and the request goes to
  // Alibaba, nowhere else.
  [
    'trailing dot: the absolute form of an allowed host',
    'AlibabaACK',
    'https://cs.cn-hangzhou.aliyuncs.com.',
    'cs.cn-hangzhou.aliyuncs.com',
  ],
  [
    'an explicit :443 is the default port (WHATWG parsing drops it)',
    'HuaweiCSS',
    'https://css.cn-north-4.myhuaweicloud.com:443',
    'css.cn-north-4.myhuaweicloud.com',
  ],
];

describe('hostile spec.endpoint without --allow-custom-endpoints', () => {
  it.each(REFUSED)('refused, nothing sent: %s (%s %s)', async (_why, provider, endpoint) => {
    server.reset();
    playGood();
    const world = createWorld({ spec: specFor(provider, endpoint), server });
    await world.reconcile();
    expect(server.requests).toHaveLength(0);
    expect(world.condition('Synced')).toMatchObject({ status: 'False', reason: 'InvalidSpec' });
    expect(world.condition('Ready')).toMatchObject({ status: 'False', reason: 'InvalidSpec' });
    expect(world.condition('Stalled')).toMatchObject({ status: 'True', reason: 'InvalidSpec' });
    expect(world.events.map((e) => e.reason)).toContain('InvalidSpec');
    expect(world.metricLines.filter((line) => line.startsWith('observeCloudRequest'))).toEqual([]);
    // Passwords from user-info never reach status, Events or logs.
    expect(world.emitted().join('\n')).not.toContain(':pass@');
    expect(describeHits(scanForSecrets(world.emitted(), KNOWN_SECRETS))).toBe('');
  });

  it.each(ACCEPTED)('accepted and polled: %s (%s %s)', async (_why, provider, endpoint, host) => {
    server.reset();
    playGood();
    const world = createWorld({ spec: specFor(provider, endpoint), server });
    await world.reconcile();
    expect(server.requests.length).toBeGreaterThanOrEqual(1);
    expect(server.requests.map((r) => r.headers.host)).toEqual(server.requests.map(() => host));
    expect(world.condition('Synced')).toMatchObject({ status: 'True' });
    expect(world.status()?.phase).toBe('Running');
  });
});

describe('user-info is masked before the shown endpoint is truncated', () => {
  it('a 300-character password leaves no prefix in status, Events or logs', async () => {
    server.reset();
    playGood();
    const password = `Pw${'x'.repeat(300)}`;
    const world = createWorld({
      spec: specFor('AlibabaACK', `https://user:${password}@cs.cn-hangzhou.aliyuncs.com`),
      server,
    });
    await world.reconcile();
    expect(server.requests).toHaveLength(0);
    expect(world.condition('Synced')?.message).toContain('//***@');
    expect(world.emitted().join('\n')).not.toContain('Pwxxx');
  });
});

describe('with --allow-custom-endpoints: still never the metadata service', () => {
  const metadata: Row[] = [
    ['link-local metadata address', 'AlibabaACK', 'http://169.254.169.254'],
    ['metadata address as a decimal number', 'AlibabaACK', 'http://2852039166'],
    ['metadata address in hex', 'HuaweiCCE', 'http://0xa9fea9fe'],
    ['IPv6 link-local', 'HuaweiCSS', 'http://[fe80::1]'],
    ['IPv4-mapped IPv6 metadata address', 'AlibabaACK', 'http://[::ffff:169.254.169.254]'],
    ['IPv4-mapped, hex form', 'HuaweiCCE', 'http://[::ffff:a9fe:a9fe]'],
    ['Alibaba Cloud ECS metadata', 'AlibabaACKAddons', 'http://100.100.100.200'],
    ['AWS IMDS over IPv6', 'HuaweiCSS', 'http://[fd00:ec2::254]'],
    ['IPv4-compatible IPv6 form', 'AlibabaACK', 'http://[::a9fe:a9fe]'],
    ['NAT64 form (64:ff9b::/96)', 'HuaweiCCE', 'http://[64:ff9b::a9fe:a9fe]'],
    ['6to4 form (2002::/16)', 'HuaweiCSS', 'http://[2002:a9fe:a9fe::1]'],
    ['IPv4-translated form (::ffff:0:0/96)', 'AlibabaACKAddons', 'http://[::ffff:0:a9fe:a9fe]'],
  ];
  it.each(metadata)('nothing sent: %s (%s %s)', async (_why, provider, endpoint) => {
    server.reset();
    playGood();
    const world = createWorld({ spec: specFor(provider, endpoint), server, allowCustomEndpoints: true });
    await world.reconcile();
    expect(server.requests).toHaveLength(0);
    // A literal is refused by the endpoint rules, before any request (a host name that resolves
    // to one is the transport's address guard's job: test/unit/hostile/transport.test.ts).
    expect(world.condition('Synced')).toMatchObject({ status: 'False', reason: 'InvalidSpec' });
    expect(world.condition('Synced')?.message).toMatch(/instance-metadata/);
  });

  it('a custom endpoint that is not a metadata address is polled (the simulator case)', async () => {
    server.reset();
    playGood();
    const world = createWorld({
      spec: specFor('AlibabaACK', 'http://sim.upgradewatch.test:8443'),
      server,
      allowCustomEndpoints: true,
    });
    await world.reconcile();
    expect(server.requests).toHaveLength(1);
    expect(server.requests[0]!.headers.host).toBe('sim.upgradewatch.test:8443');
    expect(world.condition('Synced')).toMatchObject({ status: 'True' });
  });
});
