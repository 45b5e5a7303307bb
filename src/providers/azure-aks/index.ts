// AzureAKS provider family (docs/reference.md#provider-azureaks): the managed cluster and its
// agent pools from Azure Resource Manager, with a Microsoft Entra client-credentials token.

import { boundedConnect } from '../common/bounds.js';
import { CLIENT_SECRET_SCHEME } from '../common/credentials.js';
import { defineFamily, type ProviderFamily } from '../common/provider.js';
import { connectAzureAks } from './client.js';
import { azureAksDescriptor } from './descriptor.js';

export const azureAks: ProviderFamily = defineFamily(azureAksDescriptor, {
  credentials: CLIENT_SECRET_SCHEME,
  connect: boundedConnect((params) => connectAzureAks(params)),
});

export {
  connectAzureAks,
  OPERATION_GET_MANAGED_CLUSTER,
  OPERATION_LIST_AGENT_POOLS,
  managedClusterUrl,
} from './client.js';
export { normalize, parts, provisioningStatePhase, type AksState } from './normalize.js';
export { agentPoolListSchema, AKS_API_VERSION, managedClusterSchema } from './schema.js';
export {
  AZURE_AUTH_CODES,
  AZURE_ERROR_TABLE,
  AZURE_NOT_FOUND_CODES,
  AZURE_THROTTLE_CODES,
  classifyAzureResponse,
} from './errors.js';
export { ARM_SCOPE, entraTokenRequest, entraTokenUrl } from './auth.js';
export { aksTargetOf, AZURE_SECRET_KEYS } from './spec.js';
