// The bench's fleet: N watches over the four providers, K credentials and T namespaces
// (tenants), and the simulated clusters behind them (docs/benchmarks.md, "What one run does").
//
// Watch i is on provider i mod 4 and uses the credentials of its cloud round robin; a
// credential (a Secret) lives in namespace j mod T, and so do the watches that use it — a tenant
// owns its cloud keys, as in a multi-tenant cluster. T changes only where the watches live: the
// keys, their rate-limit buckets and the watches per key are the same for every T, so runs with
// one namespace and with many differ only in the operator's per-namespace poll cap.
//
// Keyless (--keyless-service-accounts S): credential j is a ServiceAccount in place of a Secret,
// and its watches name it in spec.workloadIdentity; each ServiceAccount serves one cloud, so the
// operator holds exactly one cache entry (one exchange per refresh) per ServiceAccount.
import type { KubeConfig } from '@kubernetes/client-node';
import {
  GROUP,
  KIND,
  PROVIDERS,
  VERSION,
  type ClusterUpgradeWatchSpec,
  type ProviderName,
} from '../api/types.js';
import { keylessIdentity } from '../devkit/kube-trust.js';
import type { RunningSimulator, SimCredential } from '../simulator/index.js';
import type { ClusterState } from '../simulator/index.js';
import { runLimited } from './floor.js';
import { collectionPath, kubeOk } from './kube.js';
import { formatDuration, type BenchOptions } from './options.js';
import { ADDONS, isHuawei, PROJECT_ID, REGION } from './states.js';

type Cloud = 'alibaba' | 'huawei';

export interface BenchCredential {
  /** The Secret's name, or (keyless) the ServiceAccount's. */
  name: string;
  namespace: string;
  cloud: Cloud;
  key: SimCredential;
}

export interface WatchPlan {
  name: string;
  namespace: string;
  provider: ProviderName;
  clusterID: string;
  /** The Secret (in the watch's namespace) it names in credentialsRef; keyless: the ServiceAccount. */
  secret: string;
  /** Offset into the measurement window of its scripted change; undefined = never changes. */
  changeAtMs?: number;
}

export interface Fleet {
  /** The credentials are ServiceAccounts, named in spec.workloadIdentity. */
  keyless: boolean;
  namespaces: string[];
  credentials: BenchCredential[];
  plans: WatchPlan[];
}

export type FleetOptions = Pick<
  BenchOptions,
  'watches' | 'credentials' | 'namespaces' | 'durationMs' | 'pollIntervalMs' | 'keylessServiceAccounts'
>;

/** One namespace keeps the name it always had, so one-namespace runs are the runs of before. */
export function namespaceName(index: number, count: number): string {
  return count === 1 ? 'upgradewatch-bench' : `upgradewatch-tenant-${String(index).padStart(2, '0')}`;
}

function alibabaKey(n: number): SimCredential {
  return {
    accessKeyId: `LTAI5tBenchKey${String(n).padStart(5, '0')}`,
    accessKeySecret: `bench-alibaba-secret-${n}-x9Qm2`,
  };
}
function huaweiKey(n: number): SimCredential {
  return {
    accessKeyId: `HPUABENCHKEY${String(n).padStart(8, '0')}`,
    accessKeySecret: `benchHuaweiSecret${n}Zk3PqL8vR2tY6wN0`,
  };
}

/** K credentials, alternately Alibaba and Huawei keys; credential j in namespace j mod T. */
function planCredentials(count: number, namespaces: string[], keyless: boolean): BenchCredential[] {
  const out: BenchCredential[] = [];
  const prefix = keyless ? 'bench-sa' : 'bench-cred';
  for (let j = 0; j < count; j++) {
    const cloud: Cloud = j % 2 === 0 ? 'alibaba' : 'huawei';
    out.push({
      name: `${prefix}-${j}`,
      namespace: namespaces[j % namespaces.length]!,
      cloud,
      key: cloud === 'alibaba' ? alibabaKey(j) : huaweiKey(j),
    });
  }
  // With one credential, both clouds share it (the simulator accepts the key in both).
  if (count === 1)
    out.push({ name: `${prefix}-h0`, namespace: namespaces[0]!, cloud: 'huawei', key: huaweiKey(0) });
  return out;
}

/** The fleet of a run (pure: the same options give the same fleet). */
export function planFleet(opts: FleetOptions): Fleet {
  const namespaces = Array.from({ length: opts.namespaces }, (_, i) => namespaceName(i, opts.namespaces));
  const keyless = opts.keylessServiceAccounts !== undefined;
  const credentials = planCredentials(opts.credentials, namespaces, keyless);
  const byCloud = {
    alibaba: credentials.filter((c) => c.cloud === 'alibaba'),
    huawei: credentials.filter((c) => c.cloud === 'huawei'),
  };
  // A change on every odd watch, spread evenly over the window (leaving one poll interval + 5 s
  // for it to show).
  const changeSpan = Math.max(0, opts.durationMs - opts.pollIntervalMs - 5000);
  const changing = Math.floor(opts.watches / 2);
  const perCloud = { alibaba: 0, huawei: 0 };
  const plans: WatchPlan[] = [];
  for (let i = 0; i < opts.watches; i++) {
    const provider = PROVIDERS[i % PROVIDERS.length]!;
    const list = byCloud[isHuawei(provider) ? 'huawei' : 'alibaba'];
    const credential = list[perCloud[isHuawei(provider) ? 'huawei' : 'alibaba']++ % list.length]!;
    const k = (i - 1) / 2;
    plans.push({
      name: `w-${String(i).padStart(5, '0')}`,
      namespace: credential.namespace,
      provider,
      clusterID: `c-bench-${String(i).padStart(5, '0')}`,
      secret: credential.name,
      ...(i % 2 === 1 ? { changeAtMs: Math.round((changeSpan * (k + 0.5)) / Math.max(1, changing)) } : {}),
    });
  }
  return { keyless, namespaces, credentials, plans };
}

/** The spec of a planned watch, pointing at the simulator (keyless: naming its ServiceAccount). */
export function specOf(
  plan: WatchPlan,
  endpoint: string,
  pollIntervalMs: number,
  keyless = false,
): ClusterUpgradeWatchSpec {
  const huawei = isHuawei(plan.provider);
  return {
    provider: plan.provider,
    region: huawei ? REGION.huawei : REGION.alibaba,
    clusterID: plan.clusterID,
    ...(huawei ? { projectID: PROJECT_ID } : {}),
    ...(plan.provider === 'AlibabaACKAddons' ? { components: [...ADDONS] } : {}),
    endpoint,
    ...(keyless
      ? { workloadIdentity: { serviceAccountName: plan.secret, ...keylessIdentity(huawei) } }
      : { credentialsRef: { name: plan.secret } }),
    pollInterval: formatDuration(pollIntervalMs),
    idlePollInterval: formatDuration(Math.max(30_000, pollIntervalMs)),
  };
}

/** Puts (or moves) a planned watch's simulated cluster into `state`. */
export function putCluster(sim: RunningSimulator, plan: WatchPlan, state: ClusterState): void {
  const where = isHuawei(plan.provider)
    ? { projectID: PROJECT_ID, region: REGION.huawei }
    : { region: REGION.alibaba };
  sim.admin.putCluster(plan.provider, plan.clusterID, { state, ...where });
}

/** Creates the fleet's namespaces and Secrets or ServiceAccounts (the watches come later). */
export async function createTenants(kc: KubeConfig, fleet: Fleet): Promise<void> {
  for (const name of fleet.namespaces) await kubeOk(kc, 'POST', '/api/v1/namespaces', { metadata: { name } });
  if (fleet.keyless) {
    for (const c of fleet.credentials)
      await kubeOk(kc, 'POST', `/api/v1/namespaces/${c.namespace}/serviceaccounts`, {
        metadata: { name: c.name, namespace: c.namespace },
      });
    return;
  }
  for (const c of fleet.credentials)
    await kubeOk(kc, 'POST', `/api/v1/namespaces/${c.namespace}/secrets`, {
      metadata: { name: c.name, namespace: c.namespace },
      type: 'Opaque',
      data: {
        accessKeyId: Buffer.from(c.key.accessKeyId).toString('base64'),
        accessKeySecret: Buffer.from(c.key.accessKeySecret).toString('base64'),
      },
    });
}

/** Creates the fleet's ClusterUpgradeWatches, 16 requests in flight. */
export async function createWatches(
  kc: KubeConfig,
  fleet: Fleet,
  spec: (plan: WatchPlan) => ClusterUpgradeWatchSpec,
): Promise<void> {
  await runLimited(fleet.plans, 16, async (plan) => {
    await kubeOk(kc, 'POST', collectionPath(plan.namespace), {
      apiVersion: `${GROUP}/${VERSION}`,
      kind: KIND,
      metadata: { name: plan.name, namespace: plan.namespace },
      spec: spec(plan),
    });
  });
}
