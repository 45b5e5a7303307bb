// The hostile tenant of the chaos fleet (docs/reliability.md#8-multi-tenancy): a namespace user
// who can create watches and Secrets only in their own namespace, and tries to hurt the other
// tenants while the chaos runs:
//  - every one of its watches carries ~100 KiB of labels and a 200 KiB annotation (the informer
//    must not keep them; no replica may crash);
//  - one Secret holds the victim's AccessKeyId with a bogus secret (it must not drain the
//    victim's rate-limit bucket: the victim keeps polling);
//  - Secrets whose values are JSON fragments and the other tenants' namespace names (the log
//    must stay valid JSON, with every namespace name intact).
// The simulator accepts none of its credentials, so every hostile watch ends AuthFailed.
// Pure: built from the fleet and the namespace names alone; world.ts creates the objects.
import type { ClusterUpgradeWatchSpec } from '../../src/api/types.js';
import type { SimCredential } from '../../src/simulator/index.js';
import { ALIBABA_ACK } from '../../src/providers/names.js';
import { SAMPLES } from '../../src/providers/samples.js';
import type { Fleet } from './fleet.js';

/** The Secret whose AccessKeyId the hostile tenant copies (watches of the Alibaba namespace use it). */
export const VICTIM_SECRET = 'alibaba-ak-1';
/** Labels per hostile watch: the longest keys (253-character prefix + 63) and values (63). */
const LABELS_PER_WATCH = 256;
/** One annotation close to the 256 KiB limit on all annotations of an object. */
const ANNOTATION_BYTES = 200 * 1024;

export interface HostileSecret {
  name: string;
  credential: SimCredential;
  why: string;
}

export interface HostileWatch {
  name: string;
  secretName: string;
  spec: Omit<ClusterUpgradeWatchSpec, 'endpoint'>;
  labels: Record<string, string>;
  annotations: Record<string, string>;
}

export interface HostileTenant {
  namespace: string;
  secrets: HostileSecret[];
  watches: HostileWatch[];
  /** Values the secret scan must never find: the bogus secret (not the fragments or names,
   *  which are meant to appear in the log as plain text). */
  secretValues: string[];
}

export interface TenantNamespaces {
  alibaba: string;
  huawei: string;
  hostile: string;
}

function bigLabels(watch: string): Record<string, string> {
  const prefix = `${'h'.repeat(241)}.example.io`;
  const labels: Record<string, string> = {};
  for (let i = 0; i < LABELS_PER_WATCH; i++)
    labels[`${prefix}/${`${watch}-${i}`.padEnd(63, 'y')}`] = `v${i}`.padEnd(63, 'x');
  return labels;
}

export function buildHostileTenant(fleet: Fleet, namespaces: TenantNamespaces): HostileTenant {
  const victim = fleet.credentials.find((c) => c.secretName === VICTIM_SECRET);
  if (!victim) throw new Error(`the fleet has no ${VICTIM_SECRET} Secret to borrow from`);
  const bogusSecret = 'chaosHostileBogusSecret7Qm2Zk9Lw4';
  const secrets: HostileSecret[] = [
    {
      name: 'borrowed-key',
      credential: { accessKeyId: victim.accepted.accessKeyId, accessKeySecret: bogusSecret },
      why: "the victim's AccessKeyId (not secret) with a bogus secret",
    },
    {
      name: 'json-fragments',
      credential: {
        accessKeyId: 'LTAI5tHostileJson0001',
        accessKeySecret: '"level":"',
        securityToken: '","msg":"',
      },
      why: 'values that would break every log line redacted after serialization',
    },
    {
      name: 'namespace-names',
      credential: {
        accessKeyId: 'LTAI5tHostileNames001',
        accessKeySecret: namespaces.alibaba,
        securityToken: namespaces.huawei,
      },
      why: "other tenants' namespace names, which a global redaction list would erase from the log",
    },
  ];
  const watches = secrets.map((secret, i): HostileWatch => {
    const name = `hostile-${secret.name}`;
    return {
      name,
      secretName: secret.name,
      spec: {
        ...SAMPLES[ALIBABA_ACK].spec,
        clusterID: `c-chaos-hostile-${i}`,
        credentialsRef: { name: secret.name },
      },
      labels: bigLabels(name),
      annotations: { 'hostile.example.io/padding': 'p'.repeat(ANNOTATION_BYTES) },
    };
  });
  return { namespace: namespaces.hostile, secrets, watches, secretValues: [bogusSecret] };
}
