// The production axios transport on its own, against the hostile server: the whole-request
// deadline (axios' `timeout` alone is an idle timeout a slow drip never trips), the caller's
// abort signal, failure reasons, and the instance-metadata address guard — for IP literals in
// every spelling and for host names that resolve to one.

import type { LookupAddress } from 'node:dns';
import { createAxiosTransport, type DnsLookupAll } from '../../../src/providers/common/axios-transport.js';
import { isMetadataAddress } from '../../../src/providers/common/metadata-addresses.js';
import { TransportError, type HttpRequest } from '../../../src/providers/common/transport.js';
import { startHostileServer, type HostileServer } from '../../helpers/hostile-server.js';

let server: HostileServer;
beforeAll(async () => {
  server = await startHostileServer();
});
afterAll(async () => {
  await server?.close();
});
beforeEach(() => server.reset());

const get = (url: string, signal?: AbortSignal): HttpRequest => ({
  method: 'GET',
  url,
  headers: { authorization: 'ACS3-HMAC-SHA256 Credential=k,SignedHeaders=host,Signature=00ff' },
  ...(signal ? { signal } : {}),
});

async function failure(promise: Promise<unknown>): Promise<TransportError> {
  try {
    await promise;
  } catch (error) {
    if (error instanceof TransportError) return error;
    throw error;
  }
  throw new Error('expected a TransportError');
}

function resolvingTo(...addresses: string[]): DnsLookupAll {
  const list: LookupAddress[] = addresses.map((address) => ({
    address,
    family: address.includes(':') ? 6 : 4,
  }));
  return (_hostname, _options, callback) => callback(null, list);
}

describe('deadline', () => {
  it('a body dripping one byte every 20 ms is cut at the deadline, not when it stops', async () => {
    server.play({
      headers: { 'content-type': 'application/json' },
      delivery: { kind: 'drip', chunk: ' ', everyMs: 20 },
    });
    const transport = createAxiosTransport({ timeoutMs: 250 });
    const started = performance.now();
    const error = await failure(transport(get(`${server.origin}/drip`)));
    const elapsed = performance.now() - started;
    expect(error.reason).toBe('timeout');
    expect(elapsed).toBeGreaterThanOrEqual(240);
    expect(elapsed).toBeLessThan(2_000);
  });

  it('the deadline covers a server that never answers', async () => {
    server.play({ delivery: { kind: 'silent' } });
    const error = await failure(createAxiosTransport({ timeoutMs: 200 })(get(`${server.origin}/`)));
    expect(error.reason).toBe('timeout');
  });

  it('the caller can still abort (shutdown): reason aborted, not timeout', async () => {
    server.play({ delivery: { kind: 'hang' }, headers: {} });
    const controller = new AbortController();
    const pending = createAxiosTransport({ timeoutMs: 5_000 })(get(`${server.origin}/`, controller.signal));
    setTimeout(() => controller.abort(), 50);
    const error = await failure(pending);
    expect(error.reason).toBe('aborted');
  });

  it('an already-aborted signal sends nothing', async () => {
    server.play({ body: '{}' });
    const controller = new AbortController();
    controller.abort();
    const error = await failure(createAxiosTransport()(get(`${server.origin}/`, controller.signal)));
    expect(error.reason).toBe('aborted');
    expect(server.requests).toHaveLength(0);
  });

  it('a timely answer is unaffected and the deadline timer is cleared', async () => {
    server.play({ headers: { 'content-type': 'application/json' }, body: '{"ok":true}' });
    const response = await createAxiosTransport({ timeoutMs: 1_000 })(get(`${server.origin}/`));
    expect(response).toMatchObject({ status: 200, body: '{"ok":true}' });
  });
});

describe('failure reasons', () => {
  it('a reset mid-body is "refused" (a network failure), not "too-large"', async () => {
    server.play({
      headers: { 'content-length': '5000' },
      body: 'x'.repeat(5000),
      delivery: { kind: 'reset', afterBytes: 100 },
    });
    const error = await failure(createAxiosTransport()(get(`${server.origin}/`)));
    expect(error.reason).toBe('refused');
  });

  it('over the cap is "too-large"', async () => {
    server.play({ delivery: { kind: 'stream', chunk: Buffer.alloc(1024 * 1024), repeat: 6 } });
    const error = await failure(createAxiosTransport()(get(`${server.origin}/`)));
    expect(error.reason).toBe('too-large');
  });

  it('never echoes the request (its Authorization header) in the error', async () => {
    server.play({ delivery: { kind: 'close-early' } });
    const error = await failure(createAxiosTransport()(get(`${server.origin}/`)));
    expect(`${error.message} ${JSON.stringify(error)} ${error.stack}`).not.toContain('Signature=00ff');
  });
});

describe('instance-metadata guard', () => {
  it.each([
    ['169.254.169.254', true],
    ['169.254.0.1', true],
    ['100.100.100.200', true],
    ['::ffff:169.254.169.254', true],
    ['::ffff:a9fe:a9fe', true],
    ['fe80::1', true],
    ['fd00:ec2::254', true],
    ['::a9fe:a9fe', true], // IPv4-compatible (::/96)
    ['::169.254.169.254', true], // the same, dotted
    ['64:ff9b::a9fe:a9fe', true], // NAT64 (64:ff9b::/96)
    ['64:ff9b::100.100.100.200', true], // NAT64 to Alibaba's metadata service
    ['2002:a9fe:a9fe::', true], // 6to4 (2002::/16) of 169.254.169.254
    ['2002:a9fe:a9fe:1::5', true], // 6to4, any subnet and host
    ['::ffff:0:a9fe:a9fe', true], // IPv4-translated (::ffff:0:0/96)
    ['64:ff9b::a00:1', false], // NAT64 of 10.0.0.1: not metadata
    ['2002:a00:1::', false], // 6to4 of 10.0.0.1
    ['::', false], // unspecified, not an embedding
    ['2001:db8::a9fe:a9fe', false], // documentation prefix: no embedding
    ['127.0.0.1', false],
    ['10.0.0.1', false],
    ['100.100.100.201', false],
    ['::1', false],
    ['cs.cn-hangzhou.aliyuncs.com', false],
  ] as const)('isMetadataAddress(%s) = %s', (address, expected) => {
    expect(isMetadataAddress(address)).toBe(expected);
  });

  it.each([
    'http://169.254.169.254/latest/meta-data/',
    'http://2852039166/',
    'http://0xa9fea9fe/',
    'http://0251.0376.0251.0376/',
    'http://[::ffff:169.254.169.254]/',
    'http://[fe80::1]/',
    'http://100.100.100.200/latest/meta-data/ram/security-credentials/',
  ])('an IP literal %s is refused before connecting', async (url) => {
    const error = await failure(createAxiosTransport({ timeoutMs: 500 })(get(url)));
    expect(error.reason).toBe('refused');
    expect(error.message).toMatch(/instance-metadata/);
  });

  it('a host name resolving to a metadata address is refused after DNS, nothing is sent', async () => {
    server.play({ body: '{}' });
    const transport = createAxiosTransport({
      timeoutMs: 500,
      dnsLookup: resolvingTo('127.0.0.1', '169.254.169.254'),
    });
    const error = await failure(transport(get(`http://metadata.attacker.test:${server.port}/`)));
    expect(error.reason).toBe('refused');
    expect(error.message).toMatch(/instance-metadata/);
    expect(server.requests).toHaveLength(0);
  });

  it('the default resolver still resolves real names (localhost)', async () => {
    server.play({ body: '{"ok":2}' });
    const response = await createAxiosTransport({ timeoutMs: 2_000 })(
      get(`http://localhost:${server.port}/`),
    );
    expect(response.body).toBe('{"ok":2}');
  });

  it('a host name resolving to an ordinary address is connected to (control)', async () => {
    server.play({ body: '{"ok":1}' });
    const transport = createAxiosTransport({ timeoutMs: 1_000, dnsLookup: resolvingTo('127.0.0.1') });
    const response = await transport(get(`http://api.upgradewatch.test:${server.port}/x`));
    expect(response.body).toBe('{"ok":1}');
    expect(server.requests.map((r) => r.headers.host)).toEqual([`api.upgradewatch.test:${server.port}`]);
  });
});
