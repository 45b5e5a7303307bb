import {
  generationChanged,
  Informer,
  isGone,
  objectKey,
  stripUnreadFields,
  type ListPage,
  type ListStreamSource,
} from '../../../src/runtime/informer.js';
import { splitKey } from '../../../src/api/object-key.js';
import { FakeTimers, flushMicrotasks } from '../../helpers/fake-timers.js';

interface Obj {
  metadata: { name: string; namespace: string; resourceVersion: string };
  spec?: { v: number };
}

function obj(name: string, rv: string, v = 0): Obj {
  return { metadata: { name, namespace: 'ns', resourceVersion: rv }, spec: { v } };
}

interface OpenStream {
  resourceVersion: string;
  timeoutSeconds: number;
  aborted: boolean;
  send(type: string, object: unknown): void;
  close(err?: unknown): void;
}

/** A scripted apiserver: list answers come from `listResult`, watches are recorded for the test to drive. */
class FakeSource implements ListStreamSource<Obj> {
  listCalls: Array<{ limit: number; continue?: string }> = [];
  listResult: (opts: { limit: number; continue?: string }) => Promise<ListPage<Obj>> = async () => ({
    items: [],
    resourceVersion: '1',
  });
  streamResult: (() => Promise<void>) | undefined;
  streams: OpenStream[] = [];

  list(opts: { limit: number; continue?: string }): Promise<ListPage<Obj>> {
    this.listCalls.push(opts);
    return this.listResult(opts);
  }

  async stream(
    resourceVersion: string,
    timeoutSeconds: number,
    onEvent: (type: string, object: unknown) => void,
    onDone: (err?: unknown) => void,
  ) {
    if (this.streamResult) await this.streamResult();
    const w: OpenStream = {
      resourceVersion,
      timeoutSeconds,
      aborted: false,
      send: (type, object) => onEvent(type, object),
      close: (err) => onDone(err),
    };
    this.streams.push(w);
    return {
      abort: () => {
        w.aborted = true;
        onDone(Object.assign(new Error('aborted'), { name: 'AbortError' })); // like client-node's Watch
      },
    };
  }

  last(): OpenStream {
    const w = this.streams.at(-1);
    if (!w) throw new Error('no watch open');
    return w;
  }
}

function setup(opts: { watchdogMs?: number } = {}) {
  const timers = new FakeTimers();
  const source = new FakeSource();
  const log: string[] = [];
  const errors: Array<{ phase: string; retryInMs: number; err: unknown }> = [];
  const informer = new Informer<Obj>({
    source,
    clock: timers,
    timers,
    random: () => 0.5,
    backoff: (attempt) => Math.min(30_000, 1_000 * 2 ** attempt),
    ...(opts.watchdogMs ? { watchdogMs: opts.watchdogMs } : {}),
    handlers: {
      onAdd: (o) => log.push(`add ${objectKey(o)}@${o.metadata.resourceVersion}`),
      onUpdate: (o, old) =>
        log.push(`update ${objectKey(o)}@${old.metadata.resourceVersion}->${o.metadata.resourceVersion}`),
      onDelete: (o) => log.push(`delete ${objectKey(o)}`),
      onSynced: () => log.push('synced'),
      onError: (err, info) => errors.push({ ...info, err }),
    },
  });
  return { timers, source, informer, log, errors };
}

describe('Informer', () => {
  test('lists, reports adds, syncs, then watches from the list resourceVersion with a server timeout', async () => {
    const { source, informer, log } = setup();
    source.listResult = async () => ({ items: [obj('a', '5'), obj('b', '6')], resourceVersion: '10' });
    expect(informer.hasSynced()).toBe(false);
    const synced = informer.waitForSync();
    informer.start();
    await synced;
    await flushMicrotasks();
    expect(log).toEqual(['add ns/a@5', 'add ns/b@6', 'synced']);
    expect(informer.hasSynced()).toBe(true);
    expect(informer.get('ns/a')?.metadata.resourceVersion).toBe('5');
    expect(informer.list().map(objectKey).sort()).toEqual(['ns/a', 'ns/b']);
    expect(source.streams).toHaveLength(1);
    expect(source.last().resourceVersion).toBe('10');
    // 50–80% of the 5 min watchdog (random 0.5 ⇒ 65%): the server closes it before the watchdog trips
    expect(source.last().timeoutSeconds).toBe(195);
    informer.stop();
  });

  test('watch events update the cache and fire add/update/delete; bookmarks only move the resourceVersion', async () => {
    const { source, informer, log, timers } = setup();
    informer.start();
    await flushMicrotasks();
    const w = source.last();
    w.send('ADDED', obj('a', '11'));
    w.send('MODIFIED', obj('a', '12', 1));
    w.send('MODIFIED', obj('a', '12', 1)); // same resourceVersion: no update callback
    w.send('BOOKMARK', { metadata: { resourceVersion: '20' } });
    w.send('ADDED', obj('b', '21'));
    w.send('DELETED', obj('b', '22'));
    expect(log).toEqual(['synced', 'add ns/a@11', 'update ns/a@11->12', 'add ns/b@21', 'delete ns/b']);
    expect(informer.get('ns/a')?.spec?.v).toBe(1);
    expect(informer.get('ns/b')).toBeUndefined();

    // A clean close (the server timeout) reconnects at once from the last resourceVersion, no relist.
    await timers.advance(60_000);
    w.close();
    await timers.advance(0);
    expect(source.streams).toHaveLength(2);
    expect(source.last().resourceVersion).toBe('22');
    expect(source.listCalls).toHaveLength(1);
    informer.stop();
  });

  test('a 410 ERROR event relists at once and the relist diff reports what changed while away', async () => {
    const { source, informer, log, timers } = setup();
    source.listResult = async () => ({
      items: [obj('same', '1'), obj('changed', '2'), obj('vanished', '3')],
      resourceVersion: '3',
    });
    informer.start();
    await flushMicrotasks();
    log.length = 0;
    const first = source.last();
    source.listResult = async () => ({
      items: [obj('same', '1'), obj('changed', '7'), obj('new', '8')],
      resourceVersion: '9',
    });
    first.send('ERROR', {
      kind: 'Status',
      code: 410,
      reason: 'Expired',
      message: 'too old resource version',
    });
    await timers.advance(0);
    expect(first.aborted).toBe(true);
    expect(source.listCalls).toHaveLength(2);
    expect(log.sort()).toEqual(['add ns/new@8', 'delete ns/vanished', 'update ns/changed@2->7']);
    expect(source.last().resourceVersion).toBe('9');
    informer.stop();
  });

  test('an HTTP 410 when opening the watch also relists at once', async () => {
    const { source, informer, timers, errors } = setup();
    informer.start();
    await flushMicrotasks();
    source.last().close(Object.assign(new Error('Gone'), { statusCode: 410 }));
    await timers.advance(0);
    expect(source.listCalls).toHaveLength(2);
    expect(errors).toEqual([]);
    informer.stop();
  });

  test('other watch failures restart from the same resourceVersion after a growing, capped backoff', async () => {
    const { source, informer, timers, errors } = setup();
    source.listResult = async () => ({ items: [], resourceVersion: '100' });
    informer.start();
    await flushMicrotasks();
    const delays: number[] = [];
    for (let i = 0; i < 7; i++) {
      source.last().close(Object.assign(new Error('read ECONNRESET'), { code: 'ECONNRESET' }));
      const count = source.streams.length;
      const before = timers.nowMillis();
      while (source.streams.length === count) await timers.advance(500);
      delays.push(timers.nowMillis() - before);
    }
    expect(delays).toEqual([1_000, 2_000, 4_000, 8_000, 16_000, 30_000, 30_000]);
    expect(errors.map((e) => e.retryInMs)).toEqual(delays);
    expect(errors.every((e) => e.phase === 'watch')).toBe(true);
    expect(source.streams.every((w) => w.resourceVersion === '100')).toBe(true);
    expect(source.listCalls).toHaveLength(1);

    // Once events flow again the backoff starts over.
    source.last().send('ADDED', obj('a', '101'));
    source.last().close(new Error('again'));
    expect(errors.at(-1)?.retryInMs).toBe(1_000);
    informer.stop();
  });

  test('a failing list is retried with backoff and the informer is not synced until it succeeds', async () => {
    const { source, informer, timers, errors, log } = setup();
    let calls = 0;
    source.listResult = async () => {
      calls += 1;
      if (calls <= 2) throw Object.assign(new Error('connect ECONNREFUSED'), { code: 'ECONNREFUSED' });
      return { items: [obj('a', '1')], resourceVersion: '1' };
    };
    informer.start();
    await flushMicrotasks();
    expect(informer.hasSynced()).toBe(false);
    expect(errors.map((e) => [e.phase, e.retryInMs])).toEqual([['list', 1_000]]);
    await timers.advance(1_000);
    expect(errors.map((e) => e.retryInMs)).toEqual([1_000, 2_000]);
    await timers.advance(2_000);
    expect(informer.hasSynced()).toBe(true);
    expect(log).toEqual(['add ns/a@1', 'synced']);
    informer.stop();
  });

  test('the watchdog restarts a watch that stays open but silent, not one that shows life', async () => {
    const { source, informer, timers, errors } = setup({ watchdogMs: 60_000 });
    informer.start();
    await flushMicrotasks();
    const w = source.last();
    await timers.advance(50_000);
    w.send('BOOKMARK', { metadata: { resourceVersion: '5' } }); // alive
    await timers.advance(50_000);
    expect(source.streams).toHaveLength(1);
    await timers.advance(10_000); // 60 s since the bookmark
    expect(w.aborted).toBe(true);
    expect(source.streams).toHaveLength(2);
    expect(source.last().resourceVersion).toBe('5');
    expect(errors.map((e) => e.phase)).toEqual(['watchdog']);
    informer.stop();
  });

  test('the watchdog also covers a watch request that never gets an answer', async () => {
    const { source, informer, timers } = setup({ watchdogMs: 60_000 });
    informer.start();
    await flushMicrotasks();
    source.last().close(); // healthy close…
    let answer: () => void = () => {};
    source.streamResult = () => new Promise<void>((resolve) => (answer = resolve)); // …then a hung request
    await timers.advance(1_000);
    expect(source.streams).toHaveLength(1);
    source.streamResult = undefined;
    await timers.advance(60_000);
    expect(source.streams).toHaveLength(2); // restarted despite the hung request
    answer(); // the hung request finally returns: its watch is closed at once, not used
    await flushMicrotasks();
    expect(source.streams).toHaveLength(3);
    expect(source.streams[2]?.aborted).toBe(true);
    expect(source.streams[1]?.aborted).toBe(false);
    informer.stop();
  });

  test('events from a superseded watch are ignored', async () => {
    const { source, informer, timers, log } = setup();
    informer.start();
    await flushMicrotasks();
    const old = source.last();
    old.close(new Error('reset'));
    await timers.advance(1_000);
    old.send('ADDED', obj('ghost', '99'));
    expect(log).not.toContain('add ns/ghost@99');
    expect(informer.get('ns/ghost')).toBeUndefined();
    informer.stop();
  });

  test('a watch that closes cleanly at once with no events counts as a failure (no hot loop)', async () => {
    const { source, informer, timers, errors } = setup();
    informer.start();
    await flushMicrotasks();
    source.last().close();
    await flushMicrotasks();
    expect(errors.map((e) => e.retryInMs)).toEqual([1_000]);
    expect(source.streams).toHaveLength(1);
    await timers.advance(1_000);
    expect(source.streams).toHaveLength(2);
    informer.stop();
  });

  test('follows list pages through continue tokens', async () => {
    const { source, informer } = setup();
    source.listResult = async ({ continue: c }) =>
      c === undefined
        ? { items: [obj('a', '1')], resourceVersion: '50', continue: 'page2' }
        : { items: [obj('b', '2')], resourceVersion: '50' };
    informer.start();
    await flushMicrotasks();
    expect(source.listCalls).toEqual([{ limit: 500 }, { limit: 500, continue: 'page2' }]);
    expect(informer.list()).toHaveLength(2);
    informer.stop();
  });

  test('stop() closes the watch and nothing restarts afterwards', async () => {
    const { source, informer, timers } = setup();
    informer.start();
    await flushMicrotasks();
    const w = source.last();
    informer.stop();
    expect(w.aborted).toBe(true);
    await timers.advance(600_000);
    expect(source.streams).toHaveLength(1);
    expect(timers.pendingCount()).toBe(0);
    expect(informer.hasSynced()).toBe(true); // the cache stays readable
  });

  test('waitForSync rejects when its signal aborts first', async () => {
    const { source, informer } = setup();
    source.listResult = () => new Promise(() => {});
    informer.start();
    const controller = new AbortController();
    const waiting = informer.waitForSync(controller.signal);
    controller.abort(new Error('shutdown'));
    await expect(waiting).rejects.toThrow('shutdown');
    informer.stop();
  });
});

describe('keys and 410 detection', () => {
  test.each([
    ['namespaced', { metadata: { name: 'w', namespace: 'team' } }, 'team/w'],
    ['cluster-scoped', { metadata: { name: 'w' } }, 'w'],
  ])('objectKey of a %s object', (_why, o, key) => {
    expect(objectKey(o)).toBe(key);
  });

  test.each([
    ['a spec edit bumps generation', 2, 3, true],
    ['a status write (ours included) leaves generation alone', 2, 2, false],
    ['no generation at all: cannot tell, so treat as changed', undefined, undefined, true],
  ])('generationChanged: %s', (_why, oldGen, newGen, expected) => {
    const o = (generation: number | undefined) => ({ metadata: { name: 'w', generation } });
    expect(generationChanged(o(newGen), o(oldGen))).toBe(expected);
  });

  test('splitKey reverses objectKey', () => {
    expect(splitKey('team/w')).toEqual({ namespace: 'team', name: 'w' });
    expect(splitKey('w')).toEqual({ namespace: '', name: 'w' });
  });

  test.each([
    ['thrown by client-node Watch for an HTTP 410', { statusCode: 410 }, true],
    ['a Status object with code 410', { code: 410 }, true],
    ['a Status reason Expired', { reason: 'Expired' }, true],
    ['a 500', { statusCode: 500 }, false],
    ['a network error code string', { code: 'ECONNRESET' }, false],
    ['null', null, false],
  ])('isGone: %s', (_why, err, expected) => {
    expect(isGone(err)).toBe(expected);
  });
});

describe('stripUnreadFields (the cache transform)', () => {
  const read = {
    name: 'w',
    namespace: 'ns',
    uid: 'u-1',
    generation: 3,
    resourceVersion: '42',
    deletionTimestamp: '2025-01-01T00:00:00Z',
  };
  test.each([
    [
      'labels and annotations are never read and a tenant can attach megabytes of them: dropped',
      { metadata: { ...read, labels: { a: 'b' }, annotations: { keep: 'no' } }, spec: { x: 1 } },
      { metadata: read, spec: { x: 1 } },
    ],
    [
      'managedFields grow with every writer and are never read: dropped',
      { metadata: { name: 'w', managedFields: [{ manager: 'kubectl' }] } },
      { metadata: { name: 'w' } },
    ],
    [
      "kubectl's last-applied copy of the whole object: dropped",
      { metadata: { name: 'w', annotations: { 'kubectl.kubernetes.io/last-applied-configuration': '{…}' } } },
      { metadata: { name: 'w' } },
    ],
    [
      'unknown metadata fields (ownerReferences, finalizers, future ones): dropped, it is an allow-list',
      { metadata: { name: 'w', ownerReferences: [{}], finalizers: ['f'], someFutureField: 'x' } },
      { metadata: { name: 'w' } },
    ],
    [
      'apiVersion, kind, spec and status are what the reconciler reads: kept; other top-level fields dropped',
      { apiVersion: 'v', kind: 'K', metadata: { name: 'w' }, spec: { a: 1 }, status: { b: 2 }, extra: 'x' },
      { apiVersion: 'v', kind: 'K', metadata: { name: 'w' }, spec: { a: 1 }, status: { b: 2 } },
    ],
    ['no metadata: left alone', {}, {}],
  ])('%s', (_why, input, expected) => {
    expect(stripUnreadFields(input as never)).toEqual(expected);
  });

  test('the informer caches and hands out transformed objects', async () => {
    const timers = new FakeTimers();
    const source = new FakeSource();
    const added: unknown[] = [];
    source.listResult = async () => ({
      items: [{ ...obj('a', '1'), metadata: { ...obj('a', '1').metadata, managedFields: [{}] } } as Obj],
      resourceVersion: '1',
    });
    const informer = new Informer<Obj>({
      source,
      clock: timers,
      timers,
      random: () => 0.5,
      transform: stripUnreadFields,
      handlers: { onAdd: (o) => added.push(o) },
    });
    informer.start();
    await flushMicrotasks();
    expect(added).toEqual([obj('a', '1')]);
    expect(informer.get('ns/a')).toEqual(obj('a', '1'));
    source
      .last()
      .send('MODIFIED', { ...obj('a', '2'), metadata: { ...obj('a', '2').metadata, managedFields: [] } });
    expect(informer.get('ns/a')).toEqual(obj('a', '2'));
    informer.stop();
  });
});
