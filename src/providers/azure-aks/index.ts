// AzureAKS provider groundwork (docs/providers-next.md#azure-aks): schema and normalizer of the
// managed cluster and its agent pools. Not used in production yet — wired by issue 15's registry
// step (registry, CRD, simulator); keep these exports until then.

export { normalize, parts, provisioningStatePhase, type AksState } from './normalize.js';
export { agentPoolListSchema, AKS_API_VERSION, managedClusterSchema } from './schema.js';
export {
  AZURE_AUTH_CODES,
  AZURE_NOT_FOUND_CODES,
  AZURE_THROTTLE_CODES,
  classifyAzureResponse,
} from './errors.js';
export { ARM_SCOPE, entraTokenRequest, entraTokenUrl } from './auth.js';
