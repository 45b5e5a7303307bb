import { badGatewayReply, damageReply, MALFORMED_BODY } from '../../../src/simulator/fault-replies.js';
import { FaultBook, type RequestIdentity } from '../../../src/simulator/faults.js';
import { seededRandom } from '../../../src/simulator/rng.js';

const ack: RequestIdentity = { provider: 'AlibabaACK', clusterID: 'c1', operation: 'GetUpgradeStatus' };
const fire = (book: FaultBook, request = ack) => book.decide(request).reply?.kind;

describe('FaultBook', () => {
  it('a counted fault fires for exactly the next n matching requests, then disarms', () => {
    const book = new FaultBook(seededRandom(1));
    book.add({ clusterID: 'c1' }, { kind: 'throttle', count: 2 });
    expect([fire(book), fire(book), fire(book)]).toEqual(['throttle', 'throttle', undefined]);
    expect(book.list()).toEqual([]);
  });

  it('a fault without count stays armed until cleared', () => {
    const book = new FaultBook(seededRandom(1));
    book.add({ clusterID: 'c1' }, { kind: 'server-error' });
    for (let i = 0; i < 5; i++) expect(fire(book)).toBe('server-error');
    expect(book.clear({ clusterID: 'c1' })).toBe(1);
    expect(fire(book)).toBeUndefined();
  });

  it.each([
    ['another cluster is untouched', { clusterID: 'c2' }, {}, undefined],
    ['the wildcard hits every cluster', { clusterID: '*' }, {}, 'auth'],
    [
      'the wildcard also hits requests naming no known cluster',
      { clusterID: '*' },
      { clusterID: undefined },
      'auth',
    ],
    [
      'a provider filter spares the other provider',
      { clusterID: 'c1', provider: 'AlibabaACKAddons' as const },
      {},
      undefined,
    ],
    ['a matching provider filter fires', { clusterID: 'c1', provider: 'AlibabaACK' as const }, {}, 'auth'],
  ])('targets: %s', (_why, target, override, expected) => {
    const book = new FaultBook(seededRandom(1));
    book.add(target, { kind: 'auth' });
    expect(fire(book, { ...ack, ...override })).toBe(expected);
  });

  it('an operation filter only fires for that operation and keeps its count for it', () => {
    const book = new FaultBook(seededRandom(1));
    book.add({ clusterID: 'c1' }, { kind: 'throttle', count: 1, operation: 'DescribeTaskInfo' });
    expect(fire(book)).toBeUndefined();
    expect(fire(book, { ...ack, operation: 'DescribeTaskInfo' })).toBe('throttle');
  });

  it('probability draws from the seeded RNG: same seed, same pattern; rate roughly p', () => {
    const pattern = (seed: number) => {
      const book = new FaultBook(seededRandom(seed));
      book.add({ clusterID: '*' }, { kind: 'server-error', probability: 0.3 });
      return Array.from({ length: 1000 }, () => (fire(book) ? 1 : 0));
    };
    const a = pattern(7);
    expect(pattern(7)).toEqual(a);
    expect(pattern(8)).not.toEqual(a);
    const rate = a.reduce<number>((sum, x) => sum + x, 0) / a.length;
    expect(rate).toBeGreaterThan(0.25);
    expect(rate).toBeLessThan(0.35);
  });

  it('probability with count stops after count firings', () => {
    const book = new FaultBook(seededRandom(3));
    book.add({ clusterID: '*' }, { kind: 'throttle', probability: 0.5, count: 3 });
    const fired = Array.from({ length: 200 }, () => fire(book)).filter(Boolean);
    expect(fired).toHaveLength(3);
  });

  it('probability 0 never fires and 1 always does', () => {
    const book = new FaultBook(seededRandom(3));
    book.add({ clusterID: 'c1' }, { kind: 'empty', probability: 0 });
    book.add({ clusterID: 'c1' }, { kind: 'html', probability: 1 });
    for (let i = 0; i < 50; i++) expect(fire(book)).toBe('html');
  });

  it('latency faults add up and combine with the first reply fault; later reply faults keep their count', () => {
    const book = new FaultBook(seededRandom(1));
    book.add({ clusterID: 'c1' }, { kind: 'latency', latencyMs: 100 });
    book.add({ clusterID: '*' }, { kind: 'latency', latencyMs: 50, count: 1 });
    book.add({ clusterID: 'c1' }, { kind: 'malformed', count: 1 });
    book.add({ clusterID: 'c1' }, { kind: 'throttle', count: 1 });
    const first = book.decide(ack);
    expect(first.latencyMs).toBe(150);
    expect(first.reply?.kind).toBe('malformed');
    const second = book.decide(ack);
    expect(second.latencyMs).toBe(100);
    expect(second.reply?.kind).toBe('throttle');
  });

  it('lists faults with remaining and fired counts, and clears by id', () => {
    const book = new FaultBook(seededRandom(1));
    const a = book.add({ clusterID: 'c1' }, { kind: 'throttle', count: 3 });
    book.add({ clusterID: 'c2' }, { kind: 'auth' });
    fire(book);
    expect(book.list()[0]).toMatchObject({ id: a.id, remaining: 2, fired: 1 });
    expect(book.clear({ id: a.id })).toBe(1);
    expect(book.list().map((fault) => fault.clusterID)).toEqual(['c2']);
    expect(book.clear()).toBe(1);
  });
});

describe('damaged replies', () => {
  const good = {
    status: 200,
    headers: { 'Content-Type': 'application/json', 'x-acs-request-id': 'R1' },
    body: '{"status":"running","upgrade_step":"upgrading"}',
  };

  it('malformed: same status, body is not JSON', () => {
    const reply = damageReply(good, 'malformed');
    expect(reply.status).toBe(200);
    expect(reply.body).toBe(MALFORMED_BODY);
    expect(() => JSON.parse(reply.body)).toThrow();
  });

  it('truncated: the first half of the good body, which no longer parses', () => {
    const reply = damageReply(good, 'truncated');
    expect(reply.body).toBe(good.body.slice(0, Math.floor(good.body.length / 2)));
    expect(() => JSON.parse(reply.body)).toThrow();
  });

  it('content-type: the good body labelled text/html, replacing any casing of the header', () => {
    const reply = damageReply(good, 'content-type');
    expect(reply.body).toBe(good.body);
    expect(reply.headers).toEqual({ 'content-type': 'text/html; charset=utf-8', 'x-acs-request-id': 'R1' });
  });

  it('empty: a 200 with nothing in it, even if the good reply was an error', () => {
    expect(damageReply({ ...good, status: 403 }, 'empty')).toMatchObject({ status: 200, body: '' });
  });

  it('html: a 502 HTML page from a gateway', () => {
    const reply = badGatewayReply();
    expect(reply.status).toBe(502);
    expect(reply.headers?.['content-type']).toMatch(/^text\/html/);
    expect(reply.body).toMatch(/<h1>502 Bad Gateway<\/h1>/);
  });
});
