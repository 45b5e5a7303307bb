// AzureAKS provider (docs/providers-next.md#azure-aks): client, schema, normalizer, error table,
// authentication and the facts the registry step needs. Not registered yet.

export { azureAks } from './family.js';
export { azureAksFacts } from './facts.js';
export { connectAzureAKS, GET_MANAGED_CLUSTER, LIST_AGENT_POOLS, managedClusterUrl } from './client.js';
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
