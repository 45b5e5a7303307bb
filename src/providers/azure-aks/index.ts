// AzureAKS provider family (docs/reference.md#provider-azureaks): the managed cluster and its
// agent pools from Azure Resource Manager, with a Microsoft Entra client-credentials token (a
// client secret, or keyless: a federated ServiceAccount token, ./federation.ts).

import { boundedConnect } from '../common/bounds.js';
import { CLIENT_SECRET_SCHEME, orAccessToken } from '../common/credentials.js';
import { defineFamily, type ProviderFamily } from '../common/provider.js';
import { connectAzureAks } from './client.js';
import { azureAksDescriptor } from './descriptor.js';
import { azureKeyless } from './federation.js';

export const azureAks: ProviderFamily = defineFamily(azureAksDescriptor, {
  credentials: orAccessToken(CLIENT_SECRET_SCHEME),
  keyless: azureKeyless,
  connect: boundedConnect(connectAzureAks),
});
