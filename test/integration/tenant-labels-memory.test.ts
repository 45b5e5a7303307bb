// Multi-tenant hardening, attack 1 (docs/reliability.md#8-multi-tenancy): a tenant who can create
// watches in one namespace attaches big label sets to each of 150 of them (Kubernetes has
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

// Real time against a real apiserver: 150 objects of ~130 KiB each take a while to write.
jest.setTimeout(600_000);

const WATCHES_LISTED = 100;
const WATCHES_WATCHED = 50;
/** 1 650 labels of a 6-character key and a 63-character value: ~120 KiB of label JSON per watch,
 *  ~18 MiB for the 150. The attack of the issue is ten times that (~1.2 MiB each, 16 500 labels),
 *  but writing 180 MiB through the shared test apiserver took over 10 minutes on the CI-sized
 *  machine; the cache grows in proportion either way, and the assertion is on the proportion. */
const LABELS_PER_WATCH = 1_650;
const MiB = 1024 * 1024;
/** What the cache may keep per watch once only name, namespace, uid, generation,
 *  resourceVersion, deletionTimestamp, spec and status are left (a few hundred bytes of JSON). */
const MAX_CACHED_JSON_PER_WATCH = 2_048;
/** Heap growth allowed for the whole run: 150 stripped objects plus the informer's own state
 *  and jest's noise. Caching the labels costs well over 20 MiB at this scale. */
const MAX_HEAP_GROWTH = 8 * MiB;

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

function hostileLabels(seed: number): Record<string, string> {
  const labels: Record<string, string> = {};
  const value = `v${seed}`.padEnd(63, 'x');
  for (let i = 0; i < LABELS_PER_WATCH; i++) labels[`k${i.toString(36).padStart(5, '0')}`] = value;
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

async function createWatches(kc: KubeConfig, namespace: string, from: number, count: number): Promise<void> {
  const api = kc.makeApiClient(CustomObjectsApi);
  for (let i = from; i < from + count; i++) {
    await api.createNamespacedCustomObject({
      group: GROUP,
      version: VERSION,
      plural: PLURAL,
      namespace,
      body: hostileWatch(namespace, i),
    });
  }
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

  beforeAll(async () => {
    kc = adminKubeConfig();
    await installCrd(kc);
    await kc.makeApiClient(CoreV1Api).createNamespace({ body: { metadata: { name: namespace } } });
    await createWatches(kc, namespace, 0, WATCHES_LISTED);
  });

  afterAll(async () => {
    await kc?.makeApiClient(CoreV1Api).deleteNamespace({ name: namespace });
  });

  test('the informer caches only what the operator reads, so its heap stays flat', async () => {
    const gc = collectGarbage();
    const before = heapUsedAfterGc(gc);
    const informer = createWatchInformer(kc, { namespace });
    try {
      informer.start();
      await informer.waitForSync();
      await createWatches(kc, namespace, WATCHES_LISTED, WATCHES_WATCHED);
      const total = WATCHES_LISTED + WATCHES_WATCHED;
      await eventually('every watch in the cache', () => informer.list().length === total, 120_000);

      const cached = informer.list();
      const sample = cached.find((o) => o.metadata.name === 'heavy-0');
      expect(sample?.spec.clusterID).toBe('c-heavy-0');
      expect(sample?.metadata.uid).toEqual(expect.any(String));
      expect(sample?.metadata.labels).toBeUndefined();
      expect(JSON.stringify(cached).length).toBeLessThan(total * MAX_CACHED_JSON_PER_WATCH);

      const growth = heapUsedAfterGc(gc) - before;
      process.stdout.write(
        `heap growth with ${total} watches of ~120 KiB labels: ${(growth / MiB).toFixed(1)} MiB\n`,
      );
      expect(growth).toBeLessThan(MAX_HEAP_GROWTH);
    } finally {
      informer.stop();
    }
  });
});
