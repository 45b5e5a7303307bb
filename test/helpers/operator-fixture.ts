// One operator test file's world: CRD + shipped RBAC on the shared control plane, a
// ServiceAccount kubeconfig bound only by deploy/rbac/, a fresh namespace, Secrets with keys the
// in-process simulator accepts, a recorder of every CR version, and spec builders whose
// `endpoint` points at the simulator (the operator runs with --allow-custom-endpoints).
import type { KubeConfig } from '@kubernetes/client-node';
import { CLOUDS, PROVIDER_CLOUD, type Cloud, type ProviderName } from '../../src/providers/names.js';
import { SAMPLES } from '../../src/providers/samples.js';
import {
  accessKeyCredential,
  secretData,
  type SampleCredential,
} from '../../src/providers/sample-credentials.js';
import type { Clock } from '../../src/runtime/clock.js';
import {
  startSimulator,
  type ClusterState,
  type RunningSimulator,
  type SimCredential,
} from '../../src/simulator/index.js';
import type { TrustInput } from '../../src/simulator/trust-scenario.js';
import { mintSharedServiceAccountKubeconfig } from './controlplane-shared.js';
import {
  adminKubeConfig,
  alibabaKey,
  awsKey,
  applyOperatorRbac,
  azureApp,
  createTestSpace,
  deleteTestSpace,
  googleServiceAccount,
  huaweiKey,
  installCrd,
  operatorServiceAccount,
  putSecretData,
  simPlacement,
  stopAllOperators,
  WatchRecorder,
  type TestSpace,
  type WatchSpec,
} from './operator-harness.js';

/** The Secret of each cloud's keys in a suite's namespace. */
export const CLOUD_SECRETS: Readonly<Record<Cloud, string>> = {
  alibaba: 'alibaba-creds',
  huawei: 'huawei-creds',
  aws: 'aws-creds',
  google: 'google-creds',
  azure: 'azure-creds',
};

export interface Suite {
  kc: KubeConfig;
  space: TestSpace;
  sim: RunningSimulator;
  /** Kubeconfig of the ServiceAccount deploy/rbac/ binds. */
  saKubeconfig: string;
  recorder: WatchRecorder;
  /** What the simulator accepts of each cloud (the scenario's credentials). */
  keys: Record<Cloud, SimCredential>;
  /** Each cloud's credential: its scenario entry and the Secret data of CLOUD_SECRETS. */
  credentials: Record<Cloud, SampleCredential>;
}

export interface SuiteOptions {
  /** Simulator clock (timelines, signature date checks); default real time. */
  clock?: Clock;
  /** Keys 1 (alibaba) and 1 (huawei) are always accepted; more can be added later via setCredentials. */
  keyIndex?: number;
  /** The simulator's keyless trust (OIDC providers, roles, IdP mappings; test/helpers/keyless.ts). */
  workloadIdentity?: TrustInput;
  /** Told every token the simulator receives and every key it issues in a keyless exchange. */
  onSecret?: (value: string) => void;
  /** A control plane of the file's own (default: the shared one of jest globalSetup). */
  controlPlane?: {
    kubeconfigPath: string;
    mintServiceAccountKubeconfig(namespace: string, name: string): Promise<string>;
  };
}

export async function setupSuite(prefix: string, opts: SuiteOptions = {}): Promise<Suite> {
  const kc = opts.controlPlane ? adminKubeConfig(opts.controlPlane.kubeconfigPath) : adminKubeConfig();
  await installCrd(kc);
  await applyOperatorRbac(kc);
  const sa = operatorServiceAccount();
  const saKubeconfig = opts.controlPlane
    ? await opts.controlPlane.mintServiceAccountKubeconfig(sa.namespace, sa.name)
    : await mintSharedServiceAccountKubeconfig(sa.namespace, sa.name);
  const space = await createTestSpace(kc, prefix);
  const n = opts.keyIndex ?? 1;
  const credentials: Record<Cloud, SampleCredential> = {
    alibaba: accessKeyCredential(alibabaKey(n)),
    huawei: accessKeyCredential(huaweiKey(n)),
    aws: accessKeyCredential(awsKey(n)),
    google: googleServiceAccount(n),
    azure: azureApp(n),
  };
  const keys = Object.fromEntries(CLOUDS.map((cloud) => [cloud, credentials[cloud].sim])) as Record<
    Cloud,
    SimCredential
  >;
  const sim = await startSimulator({
    scenario: {
      credentials: CLOUDS.map((cloud) => keys[cloud]),
      ...(opts.workloadIdentity ? { workloadIdentity: opts.workloadIdentity } : {}),
    },
    ...(opts.clock ? { clock: opts.clock } : {}),
    ...(opts.onSecret ? { onSecret: opts.onSecret } : {}),
  });
  for (const cloud of CLOUDS)
    await putSecretData(space, CLOUD_SECRETS[cloud], secretData(credentials[cloud]));
  const recorder = new WatchRecorder(space);
  await recorder.start();
  return { kc, space, sim, saKubeconfig, recorder, keys, credentials };
}

export async function teardownSuite(suite: Suite | undefined): Promise<void> {
  await stopAllOperators();
  if (!suite) return;
  suite.recorder.stop();
  await suite.sim.stop();
  await deleteTestSpace(suite.space);
}

/** A valid spec for `provider` on the simulator, with the suite's Secret. */
export function specFor(
  suite: Suite,
  provider: ProviderName,
  clusterID: string,
  extra: Partial<WatchSpec> = {},
): WatchSpec {
  return {
    ...SAMPLES[provider].spec,
    clusterID,
    endpoint: suite.sim.url,
    credentialsRef: { name: CLOUD_SECRETS[PROVIDER_CLOUD[provider]] },
    pollInterval: '5s',
    idlePollInterval: '30s',
    ...extra,
  };
}

/** Puts a fixed provider-native state for a simulated cluster. */
export function putState(suite: Suite, provider: ProviderName, clusterID: string, state: ClusterState): void {
  suite.sim.admin.putCluster(provider, clusterID, {
    state,
    ...simPlacement(provider),
  });
}

/** Simulator requests for one cluster (all operations), optionally one outcome. */
export function requestCount(suite: Suite, clusterID: string, outcome?: string): number {
  const report = suite.sim.admin.counters({ clusterID });
  if (outcome === undefined) return report.total;
  return report.entries.reduce((sum, e) => sum + (e.outcomes[outcome] ?? 0), 0);
}

/** Unique, valid cluster ids (`^[A-Za-z0-9-]{1,64}$`). */
export function clusterId(label: string): string {
  return `c-${label}-${Math.random().toString(36).slice(2, 8)}`;
}
