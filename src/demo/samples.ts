// The watches the demo creates: one per provider plus a failing and a pausing one and one keyless
// watch per cloud, each naming
// a cluster of scenarios/demo.yaml and the phase that scenario scripts for it at the end of its
// story (what `--once` waits for). The demo's own copies of deploy/samples/: same Secret names
// and shape, but cluster ids the scenario knows, the simulator as endpoint and short intervals.

import {
  GROUP,
  KIND,
  VERSION,
  type ClusterUpgradeWatch,
  type ClusterUpgradeWatchSpec,
  type Phase,
} from '../api/types.js';

export const DEMO_NAMESPACE = 'upgradewatch-demo';
export const DEMO_LABELS = { 'app.kubernetes.io/part-of': 'upgradewatch-demo' } as const;

/** Secret names as in deploy/samples/. */
export const SECRET_NAMES = {
  alibaba: 'alibaba-cloud-credentials',
  huawei: 'huawei-cloud-credentials',
} as const;
export type CloudVendor = keyof typeof SECRET_NAMES;

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

const HUAWEI_PROJECT = '6204a5bd270343b5885144cf9c8c158d';

/** Alibaba RRSA (docs/keyless.md): the RAM role the keyless watch assumes, and the OIDC provider. */
export const DEMO_ROLE_ARN = 'acs:ram::1234567890123456:role/upgradewatch-demo-reader';
export const DEMO_OIDC_PROVIDER_ARN = 'acs:ram::1234567890123456:oidc-provider/ack-rrsa-upgradewatch-demo';
/** Huawei OIDC federation: the IAM identity provider and its client id (the token audience). */
export const DEMO_IDP_ID = 'upgradewatch-demo-idp';
export const DEMO_HUAWEI_AUDIENCE = 'upgradewatch-demo';

/** The clusters the keyless pair shares with `ack-hangzhou` and `cce-beijing4`. */
const ACK_HANGZHOU = {
  provider: 'AlibabaACK',
  region: 'cn-hangzhou',
  clusterID: 'c106f377e16f34eb1808d6b9362c9a01',
} as const;
const CCE_BEIJING4 = {
  provider: 'HuaweiCCE',
  region: 'cn-north-4',
  clusterID: 'b4b9e60f-8aa2-11ee-af09-0255ac10004f',
  projectID: HUAWEI_PROJECT,
} as const;

export const DEMO_SAMPLES: readonly DemoSample[] = [
  {
    name: 'ack-hangzhou',
    story: 'ACK cluster upgrade: Idle → Precheck → Upgrade → Succeeded',
    finalPhase: 'Succeeded',
    spec: ACK_HANGZHOU,
  },
  {
    name: 'ack-beijing-by-task',
    story: 'ACK upgrade followed by task id (DescribeTaskInfo): UpgradeMaster fails',
    finalPhase: 'Failed',
    spec: {
      provider: 'AlibabaACK',
      region: 'cn-beijing',
      clusterID: 'c78592bfe92244365b3c3ad47f1de002',
      taskID: 'T-5faa48fb31b6b8078d000006',
    },
  },
  {
    name: 'ack-addons-hangzhou',
    story: 'ACK add-ons: two components upgrade one after the other → Succeeded',
    finalPhase: 'Succeeded',
    spec: {
      provider: 'AlibabaACKAddons',
      region: 'cn-hangzhou',
      clusterID: 'c23421cfa74454bc8b37163fd19af003',
      components: ['cloud-controller-manager', 'metrics-server'],
    },
  },
  {
    name: 'cce-beijing4',
    story: 'CCE upgrade workflow: PreCheck → Snapshot → Cluster → PostCheck → Succeeded',
    finalPhase: 'Succeeded',
    spec: CCE_BEIJING4,
  },
  {
    name: 'cce-beijing4-by-task',
    story: 'CCE upgrade task followed by task id: queued → running → paused at 60 %',
    finalPhase: 'Paused',
    spec: {
      provider: 'HuaweiCCE',
      region: 'cn-north-4',
      clusterID: '5f0c7a2e-9b1d-11ee-8c4a-0255ac100b0a',
      projectID: HUAWEI_PROJECT,
      taskID: 'd3c1b2a0-7e6f-4d5c-9b8a-1f2e3d4c5b01',
    },
  },
  {
    name: 'css-beijing4',
    story: 'CSS rolling upgrade, node by node → Succeeded',
    finalPhase: 'Succeeded',
    spec: {
      provider: 'HuaweiCSS',
      region: 'cn-north-4',
      clusterID: 'ea244205-d641-45d9-9dcb-ab2236bcd07e',
      projectID: HUAWEI_PROJECT,
      actionMode: 'Upgrading',
    },
  },
  // The keyless pair: the same clusters as ack-hangzhou and cce-beijing4, reached with temporary
  // keys traded for a ServiceAccount token (src/demo/keyless.ts) instead of a Secret.
  {
    name: 'ack-hangzhou-keyless',
    story: 'ack-hangzhou without a Secret: ServiceAccount token → RRSA AssumeRoleWithOIDC → Succeeded',
    finalPhase: 'Succeeded',
    spec: {
      ...ACK_HANGZHOU,
      workloadIdentity: {
        serviceAccountName: 'upgrade-reader-alibaba',
        roleARN: DEMO_ROLE_ARN,
        oidcProviderARN: DEMO_OIDC_PROVIDER_ARN,
      },
    },
  },
  {
    name: 'cce-beijing4-keyless',
    story: 'cce-beijing4 without a Secret: ServiceAccount token → IAM OIDC federation → Succeeded',
    finalPhase: 'Succeeded',
    spec: {
      ...CCE_BEIJING4,
      workloadIdentity: {
        serviceAccountName: 'upgrade-reader-huawei',
        idpID: DEMO_IDP_ID,
        audience: DEMO_HUAWEI_AUDIENCE,
      },
    },
  },
];

export function vendorOf(sample: DemoSample): CloudVendor {
  return sample.spec.provider.startsWith('Huawei') ? 'huawei' : 'alibaba';
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
  key: AccessKey,
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
    stringData: {
      accessKeyId: key.accessKeyId,
      accessKeySecret: key.accessKeySecret,
      ...(key.securityToken ? { securityToken: key.securityToken } : {}),
    },
  };
}
