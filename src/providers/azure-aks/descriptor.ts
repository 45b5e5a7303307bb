// AzureAKS's facts (docs/reference.md#provider-azureaks); a leaf, see ../common/descriptor.ts.

import type { ProviderDescriptor } from '../common/descriptor.js';
import { AZURE_AKS, PROVIDER_CLOUD } from '../names.js';

/** Azure Resource Manager: one global endpoint (spec.region is not used in requests). */
export const ARM_BASE_URL = 'https://management.azure.com';

const AKS_TARGET = ['subscriptionID', 'resourceGroup'] as const;

/** AKS cluster names: letters, digits, `-` and `_`, 1–63, starting and ending alphanumeric. */
export const AKS_CLUSTER_NAME = /^[A-Za-z0-9](?:[-_A-Za-z0-9]{0,61}[A-Za-z0-9])?$/;

export const azureAksDescriptor: ProviderDescriptor = {
  name: AZURE_AKS,
  cloud: PROVIDER_CLOUD[AZURE_AKS],
  specFields: { required: AKS_TARGET, allowed: AKS_TARGET },
  // Entra workload identity federation (docs/keyless.md): the app's tenant and client id; the
  // audience defaults to api://AzureADTokenExchange.
  supportsKeyless: true,
  identityFields: { required: ['tenantID', 'clientID'], allowed: ['tenantID', 'clientID', 'audience'] },
  runtimeDefaults: {},
  defaultBaseUrl: () => ARM_BASE_URL,
  /** The ARM host and the Entra token host. */
  allowedDomains: ['management.azure.com', 'login.microsoftonline.com'],
  signing: 'OAuth2 client credentials (Microsoft Entra)',
  shapes: {
    clusterID: { pattern: AKS_CLUSTER_NAME.source, maxLength: 63, looksLike: 'an AKS cluster name' },
  },
};
