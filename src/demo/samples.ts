// The watches the demo creates: each provider's sample (src/providers/samples.ts) plus a failing
// and a pausing variant, and one keyless watch per cloud, each naming a cluster of scenarios/demo.yaml and the phase that scenario scripts for it at the end of its
// story (what `--once` waits for). The demo's own copies of deploy/samples/: same Secret names
// and shape, but cluster ids the scenario knows, the simulator as endpoint and short intervals.

import { randomUUID } from 'node:crypto';
import {
  GROUP,
  KIND,
  VERSION,
  type ClusterUpgradeWatch,
  type ClusterUpgradeWatchSpec,
  type Phase,
} from '../api/types.js';
import {
  ALIBABA_ACK,
  ALIBABA_ACK_ADDONS,
  AWS_EKS,
  AZURE_AKS,
  CLOUDS,
  GOOGLE_GKE,
  HUAWEI_CCE,
  HUAWEI_CSS,
  PROVIDER_CLOUD,
  PROVIDERS,
  type Cloud,
  type ProviderName,
} from '../providers/names.js';
import {
  entraAppCredential,
  googleServiceAccountCredential,
  type SampleCredential,
} from '../providers/sample-credentials.js';
import { SAMPLES } from '../providers/samples.js';

export const DEMO_NAMESPACE = 'upgradewatch-demo';
export const DEMO_LABELS = { 'app.kubernetes.io/part-of': 'upgradewatch-demo' } as const;

/** Secret names as in deploy/samples/. */
export const SECRET_NAMES: Readonly<Record<Cloud, string>> = {
  alibaba: 'alibaba-cloud-credentials',
  huawei: 'huawei-cloud-credentials',
  aws: 'aws-credentials',
  google: 'google-cloud-credentials',
  azure: 'azure-credentials',
};
export type CloudVendor = Cloud;

/** Short intervals so the demo moves: poll every 5 s while active, 30 s (the minimum) when idle. */
export const DEMO_POLL_INTERVAL = '5s';
export const DEMO_IDLE_POLL_INTERVAL = '30s';

export interface DemoSample {
  name: string;
  /** What the row shows, for docs and `--help`. */
  story: string;
  /** The phase the scenario ends this story in; `--once` waits for it. */
  finalPhase: Phase;
  spec: Omit<ClusterUpgradeWatchSpec, 'endpoint' | 'credentialsRef' | 'pollInterval' | 'idlePollInterval'>;
}

/** Alibaba RRSA (docs/keyless.md): the RAM role the keyless watch assumes, and the OIDC provider. */
export const DEMO_ROLE_ARN = 'acs:ram::1234567890123456:role/upgradewatch-demo-reader';
export const DEMO_OIDC_PROVIDER_ARN = 'acs:ram::1234567890123456:oidc-provider/ack-rrsa-upgradewatch-demo';
/** Huawei OIDC federation: the IAM identity provider and its client id (the token audience). */
export const DEMO_IDP_ID = 'upgradewatch-demo-idp';
export const DEMO_HUAWEI_AUDIENCE = 'upgradewatch-demo';
/** AWS IAM roles for service accounts: the IAM role, trusting the cluster's OIDC provider. */
export const DEMO_AWS_ROLE_ARN = 'arn:aws:iam::111122223333:role/upgradewatch-demo-reader';
export const DEMO_AWS_OIDC_PROVIDER_ARN =
  'arn:aws:iam::111122223333:oidc-provider/oidc.eks.us-west-2.amazonaws.com/id/UPGRADEWATCHDEMO';

/**
 * The rows of each provider: the first watches its sample cluster (src/providers/samples.ts),
 * the others a variant the scenario scripts differently. A provider without rows does not compile.
 */
const PROVIDER_ROWS: Readonly<Record<ProviderName, readonly DemoSample[]>> = {
  [ALIBABA_ACK]: [
    {
      name: 'ack-hangzhou',
      story: 'ACK cluster upgrade: Idle → Precheck → Upgrade → Succeeded',
      finalPhase: 'Succeeded',
      spec: SAMPLES[ALIBABA_ACK].spec,
    },
    {
      name: 'ack-beijing-by-task',
      story: 'ACK upgrade followed by task id (DescribeTaskInfo): UpgradeMaster fails',
      finalPhase: 'Failed',
      spec: {
        provider: ALIBABA_ACK,
        region: 'cn-beijing',
        clusterID: 'c78592bfe92244365b3c3ad47f1de002',
        taskID: 'T-5faa48fb31b6b8078d000006',
      },
    },
  ],
  [ALIBABA_ACK_ADDONS]: [
    {
      name: 'ack-addons-hangzhou',
      story: 'ACK add-ons: two components upgrade one after the other → Succeeded',
      finalPhase: 'Succeeded',
      spec: SAMPLES[ALIBABA_ACK_ADDONS].spec,
    },
  ],
  [HUAWEI_CCE]: [
    {
      name: 'cce-beijing4',
      story: 'CCE upgrade workflow: PreCheck → Snapshot → Cluster → PostCheck → Succeeded',
      finalPhase: 'Succeeded',
      spec: SAMPLES[HUAWEI_CCE].spec,
    },
    {
      name: 'cce-beijing4-by-task',
      story: 'CCE upgrade task followed by task id: queued → running → paused at 60 %',
      finalPhase: 'Paused',
      spec: {
        ...SAMPLES[HUAWEI_CCE].spec,
        clusterID: '5f0c7a2e-9b1d-11ee-8c4a-0255ac100b0a',
        taskID: 'd3c1b2a0-7e6f-4d5c-9b8a-1f2e3d4c5b01',
      },
    },
  ],
  [HUAWEI_CSS]: [
    {
      name: 'css-beijing4',
      story: 'CSS rolling upgrade, node by node → Succeeded',
      finalPhase: 'Succeeded',
      spec: { ...SAMPLES[HUAWEI_CSS].spec, actionMode: 'Upgrading' },
    },
  ],
  [AWS_EKS]: [
    {
      name: 'eks-oregon',
      story: 'EKS version update: control plane → node groups general, gpu → Succeeded',
      finalPhase: 'Succeeded',
      spec: SAMPLES[AWS_EKS].spec,
    },
  ],
  [GOOGLE_GKE]: [
    {
      name: 'gke-us-central1',
      story: 'GKE control-plane upgrade operation: three stages → Succeeded',
      finalPhase: 'Succeeded',
      spec: SAMPLES[GOOGLE_GKE].spec,
    },
  ],
  [AZURE_AKS]: [
    {
      name: 'aks-eastus',
      story: 'AKS upgrade: control plane, then the agent pools → Succeeded',
      finalPhase: 'Succeeded',
      spec: SAMPLES[AZURE_AKS].spec,
    },
  ],
};

/**
 * Credentials the demo generates at each start for the clouds whose Secrets are not access keys
 * (src/providers/sample-credentials.ts): the scenario file declares only access keys, and a
 * service account's private key does not belong in a checked-in file.
 */
export function demoGeneratedCredentials(): Partial<Record<Cloud, SampleCredential>> {
  return {
    google: googleServiceAccountCredential('upgradewatch-demo', SAMPLES[GOOGLE_GKE].spec.projectID ?? ''),
    azure: entraAppCredential(
      'aaaaaaaa-bbbb-4ccc-8ddd-eeeeeeeeeeee',
      '11111111-2222-4333-8444-555555555555',
      `demo-${randomUUID()}`,
    ),
  };
}

/**
 * The keyless row of each cloud the demo shows keyless: how its ServiceAccount token is traded,
 * and the identity it names.
 */
const KEYLESS_ROWS: Readonly<
  Partial<Record<Cloud, { exchange: string; identity: NonNullable<DemoSample['spec']['workloadIdentity']> }>>
> = {
  alibaba: {
    exchange: 'RRSA AssumeRoleWithOIDC',
    identity: {
      serviceAccountName: 'upgrade-reader-alibaba',
      roleARN: DEMO_ROLE_ARN,
      oidcProviderARN: DEMO_OIDC_PROVIDER_ARN,
    },
  },
  huawei: {
    exchange: 'IAM OIDC federation',
    identity: {
      serviceAccountName: 'upgrade-reader-huawei',
      idpID: DEMO_IDP_ID,
      audience: DEMO_HUAWEI_AUDIENCE,
    },
  },
  aws: {
    exchange: 'STS AssumeRoleWithWebIdentity',
    identity: { serviceAccountName: 'upgrade-reader-aws', roleARN: DEMO_AWS_ROLE_ARN },
  },
};

/**
 * The keyless row of `cloud` (none without a KEYLESS_ROWS entry): the same cluster as the first
 * row of the cloud's first provider, reached with temporary keys traded for a ServiceAccount
 * token (src/demo/keyless.ts).
 */
function keylessRows(cloud: Cloud): DemoSample[] {
  const keyless = KEYLESS_ROWS[cloud];
  const provider = PROVIDERS.find((p) => PROVIDER_CLOUD[p] === cloud);
  const base = provider && PROVIDER_ROWS[provider][0];
  if (!keyless || !base) return [];
  const { exchange, identity } = keyless;
  return [
    {
      name: `${base.name}-keyless`,
      story: `${base.name} without a Secret: ServiceAccount token → ${exchange} → ${base.finalPhase}`,
      finalPhase: base.finalPhase,
      spec: { ...base.spec, workloadIdentity: identity },
    },
  ];
}

/**
 * The watches the demo creates, in table order: every provider's rows, then one keyless row
 * per cloud.
 */
export const DEMO_SAMPLES: readonly DemoSample[] = [
  ...PROVIDERS.flatMap((provider) => PROVIDER_ROWS[provider]),
  ...CLOUDS.flatMap(keylessRows),
];

export function vendorOf(sample: DemoSample): CloudVendor {
  return PROVIDER_CLOUD[sample.spec.provider];
}

/** The ClusterUpgradeWatch for a sample, pointed at the simulator. */
export function watchManifest(sample: DemoSample, endpoint: string): ClusterUpgradeWatch {
  return {
    apiVersion: `${GROUP}/${VERSION}`,
    kind: KIND,
    metadata: { name: sample.name, namespace: DEMO_NAMESPACE, labels: { ...DEMO_LABELS } },
    spec: {
      ...sample.spec,
      endpoint,
      // A keyless sample names its ServiceAccount (in its spec); every other one its vendor's Secret.
      ...(sample.spec.workloadIdentity ? {} : { credentialsRef: { name: SECRET_NAMES[vendorOf(sample)] } }),
      pollInterval: DEMO_POLL_INTERVAL,
      idlePollInterval: DEMO_IDLE_POLL_INTERVAL,
    },
  };
}

export interface AccessKey {
  accessKeyId: string;
  accessKeySecret: string;
  securityToken?: string;
}

/** The credentials Secret (keys as in docs/reference.md#spec-fields) for one vendor. */
export function secretManifest(
  vendor: CloudVendor,
  key: AccessKey | SampleCredential,
): {
  apiVersion: 'v1';
  kind: 'Secret';
  metadata: { name: string; namespace: string; labels: Record<string, string> };
  type: 'Opaque';
  stringData: Record<string, string>;
} {
  return {
    apiVersion: 'v1',
    kind: 'Secret',
    metadata: { name: SECRET_NAMES[vendor], namespace: DEMO_NAMESPACE, labels: { ...DEMO_LABELS } },
    type: 'Opaque',
    stringData:
      'secret' in key
        ? { ...key.secret }
        : {
            accessKeyId: key.accessKeyId,
            accessKeySecret: key.accessKeySecret,
            ...(key.securityToken ? { securityToken: key.securityToken } : {}),
          },
  };
}
