// The bench's fleet: N watches over every provider, K credentials and T namespaces
// (tenants), and the simulated clusters behind them (docs/benchmarks.md, "What one run does").
//
// Watch i uses credential i mod K, and is on the providers of that credential's cloud in turn; a
// credential (a Secret) lives in namespace j mod T, and so do the watches that use it — a tenant
// owns its cloud keys, as in a multi-tenant cluster. T changes only where the watches live: the
// keys, their rate-limit buckets and the watches per key are the same for every T, so runs with
// one namespace and with many differ only in the operator's per-namespace poll cap.
//
// Keyless (--keyless-service-accounts S): credential j is a ServiceAccount in place of a Secret,
// and its watches name it in spec.workloadIdentity; each ServiceAccount serves one cloud, so the
// operator holds exactly one cache entry (one exchange per refresh) per ServiceAccount.
import type { KubeConfig } from '@kubernetes/client-node';
import { GROUP, KIND, VERSION, type ClusterUpgradeWatchSpec } from '../api/types.js';
import { keylessIdentity } from '../devkit/kube-trust.js';
import {
  CLOUDS,
  GOOGLE_GKE,
  PROVIDER_CLOUD,
  PROVIDERS,
  type Cloud,
  type ProviderName,
} from '../providers/names.js';
import {
  accessKeyCredential,
  entraAppCredential,
  googleServiceAccountCredential,
  secretData,
  type CloudCredentials,
  type SampleCredential,
} from '../providers/sample-credentials.js';
import { descriptors } from '../providers/descriptors.js';
import { SAMPLES, simPlacement } from '../providers/samples.js';
import type { RunningSimulator } from '../simulator/index.js';
import type { ClusterState } from '../simulator/index.js';
import { runLimited } from './floor.js';
import { collectionPath, kubeOk } from './kube.js';
import { formatDuration } from '../api/duration.js';
import type { BenchOptions } from './options.js';

export interface BenchCredential {
  /** The Secret's name, or (keyless) the ServiceAccount's. */
  name: string;
  namespace: string;
  cloud: Cloud;
  key: SampleCredential;
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

/** Credential n of each cloud, in that cloud's format (src/providers/sample-credentials.ts). */
const BENCH_KEYS: CloudCredentials = {
  alibaba: (n) =>
    accessKeyCredential({
      accessKeyId: `LTAI5tBenchKey${String(n).padStart(5, '0')}`,
      accessKeySecret: `bench-alibaba-secret-${n}-x9Qm2`,
    }),
  huawei: (n) =>
    accessKeyCredential({
      accessKeyId: `HPUABENCHKEY${String(n).padStart(8, '0')}`,
      accessKeySecret: `benchHuaweiSecret${n}Zk3PqL8vR2tY6wN0`,
    }),
  aws: (n) =>
    accessKeyCredential({
      accessKeyId: `AKIABENCH${String(n).padStart(11, '0')}`,
      accessKeySecret: `benchAwsSecret${n}/Wq7Lm3Xp9Rt2Vk5Yz8Bn`,
    }),
  google: (n) => googleServiceAccountCredential(`bench-${n}`, SAMPLES[GOOGLE_GKE].spec.projectID ?? ''),
  azure: (n) =>
    entraAppCredential(
      '11111111-2222-4333-8444-555555555555',
      `00000000-0000-4000-8000-${String(n).padStart(12, '0')}`,
      `benchAzureSecret~${n}.Zk3PqL8vR2tY6wN0`,
    ),
};

/**
 * K credentials; credential j is of the cloud of provider j mod P (PROVIDERS), so each cloud
 * holds keys in proportion to its providers; credential j lives in namespace j mod T.
 */
/** The providers a fleet spreads over: every one, or (keyless) those with a keyless exchange. */
function fleetProviders(keyless: boolean): ProviderName[] {
  return PROVIDERS.filter((provider) => !keyless || descriptors[provider].supportsKeyless);
}

function planCredentials(count: number, namespaces: string[], keyless: boolean): BenchCredential[] {
  const out: BenchCredential[] = [];
  const prefix = keyless ? 'bench-sa' : 'bench-cred';
  const providers = fleetProviders(keyless);
  const clouds = CLOUDS.filter((cloud) => providers.some((p) => PROVIDER_CLOUD[p] === cloud));
  for (let j = 0; j < count; j++) {
    const cloud = PROVIDER_CLOUD[providers[j % providers.length]!];
    out.push({
      name: `${prefix}-${j}`,
      namespace: namespaces[j % namespaces.length]!,
      cloud,
      key: BENCH_KEYS[cloud](j),
    });
  }
  // Fewer credentials than clouds: each cloud left out gets a key 0 of its own, named after the
  // cloud's initial (or the whole cloud name when that initial is taken).
  for (const cloud of clouds.filter((c) => !out.some((credential) => credential.cloud === c))) {
    const initial = `${prefix}-${cloud.charAt(0)}0`;
    const name = out.some((c) => c.name === initial) ? `${prefix}-${cloud}-0` : initial;
    out.push({ name, namespace: namespaces[0]!, cloud, key: BENCH_KEYS[cloud](0) });
  }
  return out;
}

/**
 * The fleet of a run: the same options give the same watches, names and key ids (a Google
 * service account's RSA key is fresh each time; only its public half reaches the simulator).
 */
export function planFleet(opts: FleetOptions): Fleet {
  const namespaces = Array.from({ length: opts.namespaces }, (_, i) => namespaceName(i, opts.namespaces));
  const keyless = opts.keylessServiceAccounts !== undefined;
  const credentials = planCredentials(opts.credentials, namespaces, keyless);
  // A change on every odd watch, spread evenly over the window (leaving one poll interval + 5 s
  // for it to show).
  const changeSpan = Math.max(0, opts.durationMs - opts.pollIntervalMs - 5000);
  const changing = Math.floor(opts.watches / 2);
  const perCloud = Object.fromEntries(CLOUDS.map((cloud) => [cloud, 0])) as Record<Cloud, number>;
  const plans: WatchPlan[] = [];
  const providersOf = (cloud: Cloud) => fleetProviders(keyless).filter((p) => PROVIDER_CLOUD[p] === cloud);
  for (let i = 0; i < opts.watches; i++) {
    // Every credential serves the same number of watches; its cloud's providers take turns.
    const credential = credentials[i % credentials.length]!;
    const own = providersOf(credential.cloud);
    const provider = own[perCloud[credential.cloud]++ % own.length]!;
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
  return {
    ...SAMPLES[plan.provider].spec,
    clusterID: plan.clusterID,
    endpoint,
    ...(keyless
      ? {
          workloadIdentity: {
            serviceAccountName: plan.secret,
            ...keylessIdentity(PROVIDER_CLOUD[plan.provider]),
          },
        }
      : { credentialsRef: { name: plan.secret } }),
    pollInterval: formatDuration(pollIntervalMs),
    idlePollInterval: formatDuration(Math.max(30_000, pollIntervalMs)),
  };
}

/** Puts (or moves) a planned watch's simulated cluster into `state`. */
export function putCluster(sim: RunningSimulator, plan: WatchPlan, state: ClusterState): void {
  sim.admin.putCluster(plan.provider, plan.clusterID, { state, ...simPlacement(plan.provider) });
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
      data: secretData(c.key),
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
