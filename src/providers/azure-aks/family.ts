// The AzureAKS provider family (docs/providers-next.md#azure-aks): managed cluster and agent
// pools from Azure Resource Manager; allowed domains are the ARM host and the Entra token host.
// Not in the registry yet — the registry step adds it.

import { unregisteredFamily, type UnregisteredFamily } from '../cloud-common/bearer-client.js';
import { AZURE_AKS } from '../cloud-common/provider-name.js';
import { connectAzureAKS } from './client.js';
import { azureAksFacts } from './facts.js';

export const azureAks: UnregisteredFamily<typeof AZURE_AKS> = unregisteredFamily(
  AZURE_AKS,
  azureAksFacts,
  (params) => connectAzureAKS(params),
);
