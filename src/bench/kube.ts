// Minimal Kubernetes REST for the benchmark: JSON requests with a keep-alive agent, and a
// watch on the ClusterUpgradeWatches of one namespace that records, per CR, when it first had
// a status, when each resourceVersion change arrived and when the status first showed the
// scripted change (progress > 0). Loopback only: the server is the local control plane's.
import { Agent } from 'node:https';
import type { KubeConfig } from '@kubernetes/client-node';
import { GROUP, PLURAL, VERSION, type ClusterUpgradeWatch } from '../api/types.js';
import {
  kubeRequest,
  kubeRequestOk,
  watchCollection,
  type CollectionWatch,
  type KubeResponse,
} from '../devkit/kube-rest.js';

const agent = new Agent({ keepAlive: true, maxSockets: 32 });
const TIMEOUT_MS = 30_000;

export type { KubeResponse };

/** The benchmark only ever talks to the loopback control plane it started. */
function assertLoopback(kc: KubeConfig): void {
  const server = kc.getCurrentCluster()?.server;
  if (!server) throw new Error('kubeconfig has no current cluster');
  const host = new URL(server).hostname;
  if (!['127.0.0.1', 'localhost', '::1', '[::1]'].includes(host))
    throw new Error(`the benchmark only talks to a loopback API server, not ${host}`);
}

export async function kube(
  kc: KubeConfig,
  method: string,
  path: string,
  body?: unknown,
  contentType?: string,
): Promise<KubeResponse> {
  assertLoopback(kc);
  return kubeRequest(kc, method, path, body, contentType, { agent, timeoutMs: TIMEOUT_MS });
}

export async function kubeOk(
  kc: KubeConfig,
  method: string,
  path: string,
  body?: unknown,
  contentType?: string,
): Promise<unknown> {
  assertLoopback(kc);
  return kubeRequestOk(kc, method, path, body, contentType, { agent, timeoutMs: TIMEOUT_MS });
}

/** The ClusterUpgradeWatches of `namespace`, or of every namespace when it is undefined. */
export function collectionPath(namespace: string | undefined): string {
  return namespace === undefined
    ? `/apis/${GROUP}/${VERSION}/${PLURAL}`
    : `/apis/${GROUP}/${VERSION}/namespaces/${namespace}/${PLURAL}`;
}

interface WatchRecord {
  /** Arrival times (ms epoch) of every MODIFIED event (= a resourceVersion change). */
  writes: number[];
  firstStatusAt?: number;
  /** First time the status showed progress > 0 (the scripted change). */
  changedAt?: number;
}

/**
 * Records every version of the CRs of the bench's namespaces through one server-side watch
 * (of that namespace, or of all namespaces filtered to the bench's). Records are keyed by
 * name: the bench's watch names are unique across its namespaces.
 */
export class CrRecorder {
  readonly records = new Map<string, WatchRecord>();
  private watch: CollectionWatch | undefined;
  private readonly namespaces: ReadonlySet<string>;

  constructor(
    private readonly kc: KubeConfig,
    namespaces: readonly string[],
  ) {
    this.namespaces = new Set(namespaces);
  }

  async start(): Promise<void> {
    assertLoopback(this.kc);
    const only = this.namespaces.size === 1 ? [...this.namespaces][0] : undefined;
    this.watch = await watchCollection<ClusterUpgradeWatch>(this.kc, collectionPath(only), {
      onObject: (type, object) => {
        if (this.namespaces.has(object.metadata.namespace ?? '')) this.seen(type, object);
      },
      timeoutSeconds: 300,
    });
  }

  async stop(): Promise<void> {
    await this.watch?.stop();
  }

  record(name: string): WatchRecord {
    let r = this.records.get(name);
    if (!r) this.records.set(name, (r = { writes: [] }));
    return r;
  }

  private seen(type: string, object: ClusterUpgradeWatch): void {
    const now = Date.now();
    const r = this.record(object.metadata.name);
    if (type === 'MODIFIED') r.writes.push(now);
    const status = object.status;
    if (
      status &&
      (status.phase !== undefined || status.lastSyncTime !== undefined) &&
      r.firstStatusAt === undefined
    )
      r.firstStatusAt = now;
    if (status && (status.progress ?? 0) > 0 && r.changedAt === undefined) r.changedAt = now;
  }
}

export { parseMetrics } from '../devkit/prometheus-text.js';
