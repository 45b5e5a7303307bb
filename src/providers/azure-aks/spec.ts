// The AzureAKS target and credential as the client uses them (docs/reference.md#provider-azureaks):
// `spec.subscriptionID`, `spec.resourceGroup`, `spec.clusterID`, and the Secret keys `tenantID`,
// `clientID`, `clientSecret`. The CRD checks the spec fields too; these go into request paths,
// so the client checks them again before sending anything.

import type { ClusterUpgradeWatchSpec } from '../../api/types.js';
import type { CloudError } from '../common/errors.js';
import { PATTERNS } from '../../api/schema.js';
import type { Credentials } from '../common/credentials.js';
import { givenTokenOf, type GivenToken } from '../cloud-common/bearer-get.js';
import { nonEmpty } from '../common/normalize-helpers.js';
import { credentialFingerprint } from '../cloud-common/token-cache.js';
import { TENANT_ID, type EntraClientSecret } from './auth.js';
import { AKS_CLUSTER_NAME } from './descriptor.js';

export const AZURE_SECRET_KEYS = ['tenantID', 'clientID', 'clientSecret'] as const;

/** subscriptionID is a GUID; resourceGroup follows ARM's rule (no trailing period). Both go
 *  into the request path, so both are checked here too, not only by the CRD. */
export const SUBSCRIPTION_ID = new RegExp(PATTERNS.subscriptionID);
export const RESOURCE_GROUP = new RegExp(PATTERNS.resourceGroup);

export interface AksTarget {
  subscriptionID: string;
  resourceGroup: string;
  clusterName: string;
}

export function aksTargetOf(
  spec: ClusterUpgradeWatchSpec,
): { ok: true; target: AksTarget } | { ok: false; error: CloudError } {
  const subscriptionID = spec.subscriptionID ?? '';
  const resourceGroup = spec.resourceGroup ?? '';
  const bad = [
    SUBSCRIPTION_ID.test(subscriptionID) ? undefined : 'spec.subscriptionID must be a subscription GUID',
    RESOURCE_GROUP.test(resourceGroup) ? undefined : 'spec.resourceGroup must be a resource group name',
    AKS_CLUSTER_NAME.test(spec.clusterID) ? undefined : 'spec.clusterID must be an AKS cluster name',
  ].filter((why): why is string => why !== undefined);
  if (bad.length > 0) return { ok: false, error: { class: 'RequestRejected', message: bad.join('; ') } };
  return { ok: true, target: { subscriptionID, resourceGroup, clusterName: spec.clusterID } };
}

/** A Secret's app credential, or (keyless) the token workload identity federation obtained. */
export type AzureCredential =
  | { ok: true; secret: EntraClientSecret; fingerprint: string }
  | ({ ok: true } & GivenToken)
  | { ok: false; error: CloudError };

/**
 * The credential of a poll. A keyless token's fingerprint names the identity, not the token, so
 * the per-watch memory survives the token's refresh.
 */
export function azureCredentialOf(
  credentials: Credentials,
  spec: Pick<ClusterUpgradeWatchSpec, 'workloadIdentity'> = {},
): AzureCredential {
  const given = givenTokenOf(credentials, spec);
  if (given) return { ok: true, ...given };
  const [tenantID, clientID, clientSecret] = AZURE_SECRET_KEYS.map((key) => nonEmpty(credentials[key]));
  if (!tenantID || !clientID || !clientSecret) {
    const missing = AZURE_SECRET_KEYS.filter((key) => !nonEmpty(credentials[key]));
    return { ok: false, error: { class: 'AuthFailed', message: `the Secret has no ${missing.join(', ')}` } };
  }
  if (!TENANT_ID.test(tenantID)) {
    return { ok: false, error: { class: 'AuthFailed', message: 'tenantID must be a GUID or a domain name' } };
  }
  return {
    ok: true,
    secret: { tenantID, clientID, clientSecret },
    fingerprint: credentialFingerprint('azure', [tenantID, clientID, clientSecret]),
  };
}
