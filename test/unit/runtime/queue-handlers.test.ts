// The informer → queue wiring (runtime/queue-handlers.ts), driven through a real Informer on
// fake timers so the relist path is the production one.
import { Informer, type ListPage, type ListStreamSource } from '../../../src/runtime/informer.js';
import { queueingHandlers } from '../../../src/runtime/queue-handlers.js';
import { FakeTimers, flushMicrotasks } from '../../helpers/fake-timers.js';

interface Watch {
  metadata: { name: string; namespace: string; uid: string; generation: number; resourceVersion: string };
}

function watch(uid: string, generation: number, resourceVersion: string): Watch {
  return { metadata: { name: 'w', namespace: 'ns', uid, generation, resourceVersion } };
}

/** Lists answer from `items`; the open watch can be ended with an error by the test. */
class ScriptedSource implements ListStreamSource<Watch> {
  items: Watch[] = [];
  private endWatch: ((err?: unknown) => void) | undefined;

  async list(): Promise<ListPage<Watch>> {
    const rv = this.items.at(-1)?.metadata.resourceVersion ?? '1';
    return { items: this.items, resourceVersion: rv };
  }

  async stream(_rv: string, _timeout: number, _onEvent: unknown, onDone: (err?: unknown) => void) {
    this.endWatch = onDone;
    return { abort: () => {} };
  }

  /** The apiserver answers the watch with 410 Gone: the informer relists. */
  gone(): void {
    this.endWatch?.(Object.assign(new Error('Gone'), { statusCode: 410 }));
  }
}

function setup() {
  const timers = new FakeTimers();
  const source = new ScriptedSource();
  const queued: string[] = [];
  const removed: string[] = [];
  const forgotten: string[] = [];
  const handlers = queueingHandlers<Watch>(
    { add: (key) => queued.push(key), remove: (key) => removed.push(key) },
    (obj) => forgotten.push(obj.metadata.uid),
  );
  const informer = new Informer<Watch>({ source, clock: timers, timers, random: () => 0.5, handlers });
  return { timers, source, informer, queued, removed, forgotten };
}

describe('queueingHandlers', () => {
  test('a spec edit queues the key; a status-only write does not', async () => {
    const { timers, source, informer, queued } = setup();
    source.items = [watch('u1', 1, '5')];
    informer.start();
    await timers.advance(0);
    expect(queued).toEqual(['ns/w']);
    source.items = [watch('u1', 1, '6')]; // status write: new resourceVersion, same generation
    source.gone();
    await timers.advance(0);
    expect(queued).toEqual(['ns/w']);
    source.items = [watch('u1', 2, '7')]; // spec edit
    source.gone();
    await timers.advance(0);
    expect(queued).toEqual(['ns/w', 'ns/w']);
    informer.stop();
  });

  // Defect 4 of issue 17: deleted and re-created under the same name while the informer was
  // away, the watch comes back from the relist as an *update* of the same key — generation 1
  // on both sides, so nothing was queued and the new object waited for a spec edit or a restart.
  test('a relist that replaces the object with a new uid at generation 1 queues it, and forgets the old object', async () => {
    const { timers, source, informer, queued, forgotten } = setup();
    source.items = [watch('u1', 1, '5')];
    informer.start();
    await timers.advance(0);
    expect(queued).toEqual(['ns/w']);

    source.items = [watch('u2', 1, '9')]; // deleted and re-created while disconnected
    source.gone();
    await timers.advance(0);
    await flushMicrotasks();
    expect(informer.get('ns/w')?.metadata.uid).toBe('u2');
    expect(queued).toEqual(['ns/w', 'ns/w']);
    expect(forgotten).toEqual(['u1']); // per-object memory of the old object is dropped, as on delete
    informer.stop();
  });
});
