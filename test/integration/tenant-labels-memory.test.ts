// Multi-tenant hardening, attack 1 (docs/reliability.md#8-multi-tenancy): a tenant who can create
// watches in one namespace attaches ~1.2 MiB of labels to each of 150 of them (Kubernetes has
// no total-size limit on labels; each value ≤ 63 characters). The operator's informer must
// cache only what it reads, so its heap stays flat: measured on the real kube-apiserver, with
// 100 objects arriving through the initial list and 50 through the watch.
import { setFlagsFromString } from 'node:v8';
import { runInNewContext } from 'node:vm';
import { CoreV1Api, CustomObjectsApi, type KubeConfig } from '@kubernetes/client-node';
import { jest } from '@jest/globals';
import { GROUP, KIND, PLURAL, VERSION, type ClusterUpgradeWatch } from '../../src/api/types.js';
import { createWatchInformer } from '../../src/runtime/kube-source.js';
import { adminKubeConfig, installCrd } from '../helpers/operator-harness.js';

// Guards only against a hang: 150 objects of 1.2 MiB cost kube-apiserver ~0.4 CPU-seconds each
// to write, so the file takes one to three minutes depending on the machine's load.
jest.setTimeout(600_000);

const WATCHES_LISTED = 100;
const WATCHES_WATCHED = 50;
/** The attack at full size: ~1.2 MiB of labels on each watch, ~180 MiB for the 150. Labels are
 *  the only metadata without a total-size limit (annotations stop at 256 KiB per object); each
 *  key may be a 253-character DNS prefix plus a 63-character name and each value 63 characters,
 *  so ~3 270 labels reach 1.2 MiB. An object this size still fits kube-apiserver's 3 MiB request
 *  limit and etcd's default 1.5 MiB request limit. Every key and value differs from every other
 *  one (V8 would share repeated strings, and the attacker gains nothing from repeating them). */
const LABEL_BYTES_PER_WATCH = 1.2 * 1024 * 1024;
const LABEL_KEY_PREFIX = `${'p'.repeat(241)}.example.io`; // 253 characters: the longest prefix
/** Writes in flight: kube-apiserver decodes, validates and encodes each object on its own core. */
const WRITERS = 2;
const MiB = 1024 * 1024;
/** What the cache may keep per watch once only name, namespace, uid, generation,
 *  resourceVersion, deletionTimestamp, spec and status are left (a few hundred bytes of JSON). */
const MAX_CACHED_JSON_PER_WATCH = 2_048;
/** Heap growth allowed for the whole run: 150 stripped objects plus the informer's own state
 *  and jest's noise. Caching the labels costs more than the ~180 MiB of label text (the
 *  unguarded informer grew by several hundred MiB, see docs/reliability.md#8-multi-tenancy). */
const MAX_HEAP_GROWTH = 16 * MiB;

/** V8's gc(), exposed at runtime (jest does not run node with --expose-gc). */
function collectGarbage(): () => void {
  setFlagsFromString('--expose-gc');
  return runInNewContext('gc') as () => void;
}

function heapUsedAfterGc(gc: () => void): number {
  gc();
  gc();
  return process.memoryUsage().heapUsed;
}

/** Label JSON of one watch, as counted by its serialized size ("key":"value", per label). */
function hostileLabels(watch: number): Record<string, string> {
  const labels: Record<string, string> = {};
  let bytes = 2;
  for (let i = 0; bytes < LABEL_BYTES_PER_WATCH; i++) {
    const key = `${LABEL_KEY_PREFIX}/${`n${watch}-${i}`.padEnd(63, 'y')}`;
    const value = `v${watch}-${i}`.padEnd(63, 'x');
    labels[key] = value;
    bytes += key.length + value.length + 6;
  }
  return labels;
}

function hostileWatch(namespace: string, index: number): ClusterUpgradeWatch {
  return {
    apiVersion: `${GROUP}/${VERSION}`,
    kind: KIND,
    metadata: { name: `heavy-${index}`, namespace, labels: hostileLabels(index) },
    spec: {
      provider: 'AlibabaACK',
      region: 'cn-hangzhou',
      clusterID: `c-heavy-${index}`,
      credentialsRef: { name: 'creds' },
    },
  };
}

/** Creates watches [from, from + count), WRITERS at a time; returns the label bytes written. */
async function createWatches(
  kc: KubeConfig,
  namespace: string,
  from: number,
  count: number,
): Promise<number> {
  const api = kc.makeApiClient(CustomObjectsApi);
  let next = from;
  let labelBytes = 0;
  const writer = async (): Promise<void> => {
    for (let i = next++; i < from + count; i = next++) {
      const body = hostileWatch(namespace, i);
      labelBytes += JSON.stringify(body.metadata.labels).length;
      await api.createNamespacedCustomObject({
        group: GROUP,
        version: VERSION,
        plural: PLURAL,
        namespace,
        body,
      });
    }
  };
  await Promise.all(Array.from({ length: WRITERS }, writer));
  return labelBytes;
}

/** Deletes watches [0, count), WRITERS at a time (those never created are skipped). */
async function deleteWatches(kc: KubeConfig, namespace: string, count: number): Promise<void> {
  const api = kc.makeApiClient(CustomObjectsApi);
  let next = 0;
  const deleter = async (): Promise<void> => {
    for (let i = next++; i < count; i = next++) {
      const name = `heavy-${i}`;
      await api
        .deleteNamespacedCustomObject({ group: GROUP, version: VERSION, plural: PLURAL, namespace, name })
        .catch((error: unknown) => {
          if ((error as { code?: number }).code !== 404) throw error;
        });
    }
  };
  await Promise.all(Array.from({ length: WRITERS }, deleter));
}

async function eventually(what: string, probe: () => boolean, timeoutMs: number): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!probe()) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 200));
  }
}

describe('a tenant with huge labels (multi-tenant hardening)', () => {
  const namespace = `tenant-labels-${Date.now().toString(36)}`;
  let kc: KubeConfig;
  let labelBytes = 0;

  beforeAll(async () => {
    kc = adminKubeConfig();
    await installCrd(kc);
    await kc.makeApiClient(CoreV1Api).createNamespace({ body: { metadata: { name: namespace } } });
    labelBytes += await createWatches(kc, namespace, 0, WATCHES_LISTED);
  });

  afterAll(async () => {
    if (!kc) return;
    // The test control plane runs no namespace controller: delete the 180 MiB of watches one by
    // one (a delete-collection of them outlasts the apiserver's 60 s request timeout), so later
    // files that list watches cluster-wide do not read them.
    await deleteWatches(kc, namespace, WATCHES_LISTED + WATCHES_WATCHED);
    await kc.makeApiClient(CoreV1Api).deleteNamespace({ name: namespace });
  });

  test('the informer caches only what the operator reads, so its heap stays flat', async () => {
    const gc = collectGarbage();
    const before = heapUsedAfterGc(gc);
    const informer = createWatchInformer(kc, { namespace });
    try {
      informer.start();
      await informer.waitForSync();
      labelBytes += await createWatches(kc, namespace, WATCHES_LISTED, WATCHES_WATCHED);
      const total = WATCHES_LISTED + WATCHES_WATCHED;
      await eventually('every watch in the cache', () => informer.list().length === total, 120_000);

      const growth = heapUsedAfterGc(gc) - before;
      process.stdout.write(
        `heap growth with ${total} watches holding ${(labelBytes / MiB).toFixed(0)} MiB of labels: ` +
          `${(growth / MiB).toFixed(1)} MiB\n`,
      );
      expect(labelBytes).toBeGreaterThan(total * LABEL_BYTES_PER_WATCH);
      expect(growth).toBeLessThan(MAX_HEAP_GROWTH);

      const cached = informer.list();
      const sample = cached.find((o) => o.metadata.name === 'heavy-0');
      expect(sample?.spec.clusterID).toBe('c-heavy-0');
      expect(sample?.metadata.uid).toEqual(expect.any(String));
      expect(sample?.metadata.labels).toBeUndefined();
      expect(JSON.stringify(cached).length).toBeLessThan(total * MAX_CACHED_JSON_PER_WATCH);
    } finally {
      informer.stop();
    }
  });
});
