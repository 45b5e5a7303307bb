// AzureAKS provider family (docs/reference.md#provider-azureaks): the managed cluster and its
// agent pools from Azure Resource Manager, with a Microsoft Entra client-credentials token.

import { boundedConnect } from '../common/bounds.js';
import { CLIENT_SECRET_SCHEME } from '../common/credentials.js';
import { defineFamily, type ProviderFamily } from '../common/provider.js';
import { connectAzureAks } from './client.js';
import { azureAksDescriptor } from './descriptor.js';

export const azureAks: ProviderFamily = defineFamily(azureAksDescriptor, {
  credentials: CLIENT_SECRET_SCHEME,
  connect: boundedConnect(connectAzureAks),
});
