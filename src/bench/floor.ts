// The floor of the cold start, measured on the bench's own control plane just before the
// operator starts: the least work that gives N fresh watches their first status. A bare
// client — the operator's own client stack (client-node, one keep-alive connection pool, the
// status writer's merge PATCH with the resourceVersion precondition) without informer,
// reconcile or cloud polls — sends one JSON merge PATCH of a realistic first status to each of
// N watches of its own namespace, at the operator's concurrency. The operator's time to every
// first status ÷ this floor is then what the operator adds on top of kube-apiserver on this
// machine in this run (docs/benchmarks.md). The namespace's watches are deleted afterwards.
import { CustomObjectsApi, type KubeConfig } from '@kubernetes/client-node';
import { GROUP, KIND, VERSION, type ClusterUpgradeWatchSpec, type ProviderName } from '../api/types.js';
import { kubeStatusPatcher } from '../controller/status-writer.js';
import { nextStatus } from '../controller/status.js';
import { SAMPLES } from '../providers/samples.js';
import { createSharedAgentPool, makeKeepAliveApiClient } from '../runtime/kube-api-client.js';
import { collectionPath, kube, kubeOk } from './kube.js';
import { cpuSeconds } from './proc.js';

const FLOOR_NAMESPACE = 'upgradewatch-bench-floor';

const sleep = (ms: number): Promise<void> => new Promise((r) => setTimeout(r, ms));

/** How long the floor's watches may take to go (5000 on a busy 2-core machine: minutes). */
const DELETE_DEADLINE_MS = 10 * 60_000;

/**
 * Deletes the floor's watches and waits until they are gone: the operator, started next, may
 * watch every namespace, and must not find them. The server goes on deleting when one DELETE
 * outlasts the client's timeout (5000 watches on a loaded machine did), so the request is
 * repeated now and then, and the collection is listed until it is empty.
 */
async function deleteFloorWatches(kc: KubeConfig): Promise<void> {
  const deadline = Date.now() + DELETE_DEADLINE_MS;
  for (let attempt = 0; ; attempt++) {
    if (attempt % 30 === 0) await kube(kc, 'DELETE', collectionPath(FLOOR_NAMESPACE)).catch(() => undefined);
    const left = await kube(kc, 'GET', `${collectionPath(FLOOR_NAMESPACE)}?limit=1`).catch(() => undefined);
    if (left?.status === 200 && (JSON.parse(left.text) as { items?: unknown[] }).items?.length === 0) break;
    if (Date.now() > deadline)
      throw new Error(`the floor's watches in ${FLOOR_NAMESPACE} were not deleted in time`);
    await sleep(1000);
  }
  await kube(kc, 'DELETE', `/api/v1/namespaces/${FLOOR_NAMESPACE}`).catch(() => undefined);
}

/** Runs `work` over `items` with at most `limit` in flight. */
export async function runLimited<T>(
  items: T[],
  limit: number,
  work: (item: T) => Promise<void>,
): Promise<void> {
  let next = 0;
  const runners = Array.from({ length: Math.min(limit, items.length) }, async () => {
    while (next < items.length) await work(items[next++]!);
  });
  await Promise.all(runners);
}

/** The first status the operator writes for a watch whose cluster is in the bench's "before" state. */
export function realisticFirstStatus(provider: ProviderName, clusterID: string, now: Date) {
  const sample = SAMPLES[provider];
  const observation = sample.observe(sample.states.running(clusterID, 0));
  return nextStatus(undefined, { kind: 'observed', observation, at: now }, { generation: 1, now });
}

interface FloorWatch {
  name: string;
  provider: ProviderName;
  clusterID: string;
  spec: ClusterUpgradeWatchSpec;
}

export interface FloorResult {
  watches: number;
  concurrency: number;
  /** From the first PATCH sent to the last answered. */
  seconds: number;
  errors: number;
  /** Mean size of one PATCH body. */
  patchBytes: number;
  /** CPU seconds of each process over the timed part (kube-apiserver's is the floor's real cost). */
  cpuSeconds?: Record<string, number>;
}

/**
 * Creates `watches` in FLOOR_NAMESPACE (not timed), times one status PATCH each at
 * `concurrency` in flight, then deletes them (the namespace stays Terminating: there is no
 * namespace controller on the bench's control plane, and it is empty).
 */
export async function measureFloor(
  kc: KubeConfig,
  watches: readonly FloorWatch[],
  concurrency: number,
  cpuNow?: () => Record<string, number>,
): Promise<FloorResult> {
  await kubeOk(kc, 'POST', '/api/v1/namespaces', { metadata: { name: FLOOR_NAMESPACE } });
  const created: { watch: FloorWatch; resourceVersion: string }[] = [];
  await runLimited([...watches], 16, async (watch) => {
    const object = (await kubeOk(kc, 'POST', collectionPath(FLOOR_NAMESPACE), {
      apiVersion: `${GROUP}/${VERSION}`,
      kind: KIND,
      metadata: { name: watch.name, namespace: FLOOR_NAMESPACE },
      spec: watch.spec,
    })) as { metadata: { resourceVersion: string } };
    created.push({ watch, resourceVersion: object.metadata.resourceVersion });
  });
  const connections = createSharedAgentPool();
  const patch = kubeStatusPatcher(makeKeepAliveApiClient(kc, CustomObjectsApi, connections));
  const bodies = created.map(({ watch, resourceVersion }) => ({
    name: watch.name,
    body: {
      status: realisticFirstStatus(watch.provider, watch.clusterID, new Date()),
      metadata: { resourceVersion },
    },
  }));
  let errors = 0;
  const cpuBefore = cpuNow?.();
  const started = Date.now();
  try {
    await runLimited(bodies, concurrency, async ({ name, body }) => {
      await patch(FLOOR_NAMESPACE, name, body).catch(() => errors++);
    });
  } finally {
    await connections.destroy();
  }
  const seconds = (Date.now() - started) / 1000;
  const cpu = cpuBefore && cpuNow ? { cpuSeconds: cpuSeconds(cpuBefore, cpuNow()) } : {};
  await deleteFloorWatches(kc);
  const bytes = bodies.reduce((sum, b) => sum + JSON.stringify(b.body).length, 0);
  return {
    watches: watches.length,
    concurrency,
    seconds: Math.round(seconds * 100) / 100,
    errors,
    patchBytes: Math.round(bytes / Math.max(1, bodies.length)),
    ...cpu,
  };
}
