// The AzureAKS spec fields and credential the typed shapes do not declare yet
// (docs/providers-next.md#azure-aks): `spec.subscriptionID`, `spec.resourceGroup`, and the Secret
// keys `tenantID`, `clientID`, `clientSecret`. Registration replaces these bodies with field
// accesses; nothing else reads them.

import type { ClusterUpgradeWatchSpec } from '../../api/types.js';
import type { CloudError } from '../common/errors.js';
import type { Credentials } from '../common/provider.js';
import { credentialFingerprint } from '../cloud-common/token-cache.js';
import { undeclaredString } from '../cloud-common/undeclared-field.js';
import { TENANT_ID, type EntraClientSecret } from './auth.js';

export const AZURE_SECRET_KEYS = ['tenantID', 'clientID', 'clientSecret'] as const;

/** subscriptionID is a GUID; resourceGroup follows ARM's rule (no trailing period). Both go
 *  into the request path, so both are checked here too, not only by the CRD. */
export const SUBSCRIPTION_ID =
  /^[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}$/;
export const RESOURCE_GROUP = /^[-\w.()]{0,89}[-\w()]$/;
/** AKS cluster names: letters, digits, `-` and `_`, 1–63, starting and ending alphanumeric. */
export const AKS_CLUSTER_NAME = /^[A-Za-z0-9](?:[-_A-Za-z0-9]{0,61}[A-Za-z0-9])?$/;

export interface AksTarget {
  subscriptionID: string;
  resourceGroup: string;
  clusterName: string;
}

export function aksTargetOf(
  spec: ClusterUpgradeWatchSpec,
): { ok: true; target: AksTarget } | { ok: false; error: CloudError } {
  const subscriptionID = undeclaredString(spec, 'subscriptionID') ?? '';
  const resourceGroup = undeclaredString(spec, 'resourceGroup') ?? '';
  const bad = [
    SUBSCRIPTION_ID.test(subscriptionID) ? undefined : 'spec.subscriptionID must be a subscription GUID',
    RESOURCE_GROUP.test(resourceGroup) ? undefined : 'spec.resourceGroup must be a resource group name',
    AKS_CLUSTER_NAME.test(spec.clusterID) ? undefined : 'spec.clusterID must be an AKS cluster name',
  ].filter((why): why is string => why !== undefined);
  if (bad.length > 0) return { ok: false, error: { class: 'RequestRejected', message: bad.join('; ') } };
  return { ok: true, target: { subscriptionID, resourceGroup, clusterName: spec.clusterID } };
}

export function azureCredentialOf(
  credentials: Credentials,
): { ok: true; secret: EntraClientSecret; fingerprint: string } | { ok: false; error: CloudError } {
  const [tenantID, clientID, clientSecret] = AZURE_SECRET_KEYS.map((key) =>
    undeclaredString(credentials, key),
  );
  if (!tenantID || !clientID || !clientSecret) {
    const missing = AZURE_SECRET_KEYS.filter((key) => !undeclaredString(credentials, key));
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
