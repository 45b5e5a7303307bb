// The informer against a real kube-apiserver: list + watch of ClusterUpgradeWatches with
// add/update/delete callbacks, namespace and label-selector scoping, and recovery after the
// apiserver restarts (its own control plane, since the shared one must stay up).
import { readFileSync } from 'node:fs';
import {
  ApiextensionsV1Api,
  CoreV1Api,
  CustomObjectsApi,
  KubeConfig,
  type V1CustomResourceDefinition,
} from '@kubernetes/client-node';
import { parse } from 'yaml';
import { GROUP, KIND, PLURAL, VERSION, type ClusterUpgradeWatch } from '../../src/api/types.js';
import { startControlPlane, type ControlPlane } from '../../src/controlplane/index.js';
import { fullJitterBackoff } from '../../src/runtime/backoff.js';
import { Informer } from '../../src/runtime/informer.js';
import { createWatchInformer } from '../../src/runtime/kube-source.js';
import { jest } from '@jest/globals';
import { SHARED_KUBECONFIG_ENV } from '../helpers/controlplane-shared.js';

// Real time against a real apiserver; jest's 5 s default is far too short.
jest.setTimeout(180_000);

const CRD = parse(
  readFileSync(new URL('../../crds/upgradewatch.io_clusterupgradewatches.yaml', import.meta.url), 'utf8'),
) as V1CustomResourceDefinition;

async function eventually<T>(
  what: string,
  probe: () => T | undefined | false,
  timeoutMs = 30_000,
): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = probe();
    if (value !== undefined && value !== false) return value;
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 100));
  }
}

async function installCrd(kc: KubeConfig): Promise<void> {
  const api = kc.makeApiClient(ApiextensionsV1Api);
  try {
    await api.createCustomResourceDefinition({ body: CRD });
  } catch (err) {
    if ((err as { code?: number }).code !== 409) throw err; // already installed by another suite
  }
  const deadline = Date.now() + 30_000;
  for (;;) {
    const crd = await api.readCustomResourceDefinition({ name: `${PLURAL}.${GROUP}` });
    if (crd.status?.conditions?.some((c) => c.type === 'Established' && c.status === 'True')) return;
    if (Date.now() > deadline) throw new Error('CRD not Established');
    await new Promise((r) => setTimeout(r, 100));
  }
}

function watchObject(
  namespace: string,
  name: string,
  labels: Record<string, string> = {},
): ClusterUpgradeWatch {
  return {
    apiVersion: `${GROUP}/${VERSION}`,
    kind: KIND,
    metadata: { name, namespace, labels },
    spec: {
      provider: 'AlibabaACK',
      region: 'cn-hangzhou',
      clusterID: `c-${name}`,
      credentialsRef: { name: 'creds' },
    },
  };
}

class Recorder {
  readonly events: string[] = [];
  readonly errors: unknown[] = [];
  readonly handlers = {
    onAdd: (o: ClusterUpgradeWatch) => this.events.push(`add ${o.metadata.name}`),
    onUpdate: (o: ClusterUpgradeWatch) => this.events.push(`update ${o.metadata.name} ${o.spec.region}`),
    onDelete: (o: ClusterUpgradeWatch) => this.events.push(`delete ${o.metadata.name}`),
    onError: (err: unknown) => this.errors.push(err),
  };
  has(event: string): boolean {
    return this.events.includes(event);
  }
}

async function createNamespace(kc: KubeConfig, name: string): Promise<void> {
  await kc.makeApiClient(CoreV1Api).createNamespace({ body: { metadata: { name } } });
}

function crApi(kc: KubeConfig) {
  const api = kc.makeApiClient(CustomObjectsApi);
  return {
    create: (o: ClusterUpgradeWatch) =>
      api.createNamespacedCustomObject({
        group: GROUP,
        version: VERSION,
        plural: PLURAL,
        namespace: o.metadata.namespace,
        body: o,
      }),
    setRegion: (namespace: string, name: string, region: string) =>
      api.patchNamespacedCustomObject({
        group: GROUP,
        version: VERSION,
        plural: PLURAL,
        namespace,
        name,
        body: [{ op: 'replace', path: '/spec/region', value: region }],
      }),
    delete: (namespace: string, name: string) =>
      api.deleteNamespacedCustomObject({ group: GROUP, version: VERSION, plural: PLURAL, namespace, name }),
  };
}

describe('informer on the shared kube-apiserver', () => {
  let kc: KubeConfig;
  const suffix = Date.now().toString(36);
  const ns = `rt-inf-${suffix}`;
  const otherNs = `rt-inf-other-${suffix}`;
  const informers: Array<Informer<ClusterUpgradeWatch>> = [];

  beforeAll(async () => {
    const path = process.env[SHARED_KUBECONFIG_ENV];
    if (!path)
      throw new Error(`${SHARED_KUBECONFIG_ENV} is not set: the jest globalSetup starts the control plane`);
    kc = new KubeConfig();
    kc.loadFromFile(path);
    await installCrd(kc);
    await createNamespace(kc, ns);
    await createNamespace(kc, otherNs);
  });

  afterEach(() => {
    for (const informer of informers.splice(0)) informer.stop();
  });

  test('lists existing objects, then reports adds, updates and deletes from the watch', async () => {
    const api = crApi(kc);
    await api.create(watchObject(ns, 'pre-existing'));
    const rec = new Recorder();
    const informer = createWatchInformer(kc, { namespace: ns, handlers: rec.handlers });
    informers.push(informer);
    informer.start();
    await informer.waitForSync();
    expect(rec.events).toEqual(['add pre-existing']);
    expect(informer.get(`${ns}/pre-existing`)?.spec.clusterID).toBe('c-pre-existing');

    await api.create(watchObject(ns, 'fresh'));
    await eventually('add event', () => rec.has('add fresh'));
    await api.setRegion(ns, 'fresh', 'cn-beijing');
    await eventually('update event', () => rec.has('update fresh cn-beijing'));
    expect(informer.get(`${ns}/fresh`)?.spec.region).toBe('cn-beijing');
    await api.delete(ns, 'fresh');
    await eventually('delete event', () => rec.has('delete fresh'));
    expect(informer.get(`${ns}/fresh`)).toBeUndefined();
    expect(informer.list().map((o) => o.metadata.name)).toEqual(['pre-existing']);
    expect(rec.errors).toEqual([]);
  });

  test('all-namespace informer sees every namespace; a label selector narrows it', async () => {
    const api = crApi(kc);
    const all = new Recorder();
    const sharded = new Recorder();
    const allInformer = createWatchInformer(kc, { handlers: all.handlers });
    const shardInformer = createWatchInformer(kc, {
      labelSelector: 'shard=blue',
      handlers: sharded.handlers,
    });
    informers.push(allInformer, shardInformer);
    allInformer.start();
    shardInformer.start();
    await Promise.all([allInformer.waitForSync(), shardInformer.waitForSync()]);

    await api.create(watchObject(otherNs, 'blue-one', { shard: 'blue' }));
    await api.create(watchObject(otherNs, 'green-one', { shard: 'green' }));
    await eventually(
      'both adds on the all-namespace informer',
      () => all.has('add blue-one') && all.has('add green-one'),
    );
    await eventually('the blue add on the sharded informer', () => sharded.has('add blue-one'));
    expect(sharded.has('add green-one')).toBe(false);
    expect(shardInformer.get(`${otherNs}/green-one`)).toBeUndefined();
  });
});

describe('informer across a kube-apiserver restart', () => {
  let cp: ControlPlane | undefined;

  afterAll(async () => {
    await cp?.stop();
  });

  test('keeps watching after the apiserver restarts and catches up on what changed meanwhile', async () => {
    cp = await startControlPlane();
    const kc = cp.kubeConfig;
    await installCrd(kc);
    const ns = 'restart';
    await createNamespace(kc, ns);
    const api = crApi(kc);
    await api.create(watchObject(ns, 'before'));

    const rec = new Recorder();
    const informer = createWatchInformer(kc, {
      namespace: ns,
      handlers: rec.handlers,
      // shorter than the 30 s production cap, to keep the test quick; the schedule is unit-tested
      backoff: fullJitterBackoff({ baseMs: 500, capMs: 3_000 }),
    });
    try {
      informer.start();
      await informer.waitForSync();
      expect(rec.events).toEqual(['add before']);

      await cp.restartApiServer();
      // Changes right after the restart: the informer must see them once it reconnects,
      // whether it resumes the watch or relists after a 410.
      await api.create(watchObject(ns, 'after'));
      await api.delete(ns, 'before');
      await eventually('add after restart', () => rec.has('add after'), 60_000);
      await eventually('delete after restart', () => rec.has('delete before'), 60_000);
      expect(informer.list().map((o) => o.metadata.name)).toEqual(['after']);

      // And the watch is live again, not just a one-off relist.
      await api.setRegion(ns, 'after', 'cn-shanghai');
      await eventually('update after restart', () => rec.has('update after cn-shanghai'), 30_000);
      expect(rec.errors.length).toBeGreaterThan(0); // the outage was noticed and reported
    } finally {
      informer.stop();
    }
  });
});
