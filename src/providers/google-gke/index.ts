// GoogleGKE provider groundwork (docs/providers-next.md#google-gke): schema and normalizer of GKE
// upgrade operations. Not used in production yet — wired by issue 15's registry step (registry,
// CRD, simulator); keep these exports until then.

export { metricsRatio, newestUpgradeOperation, normalize, targetsCluster } from './normalize.js';
export { listOperationsResponseSchema, operationSchema } from './schema.js';
export {
  classifyGoogleResponse,
  GOOGLE_AUTH_CODES,
  GOOGLE_NOT_FOUND_CODES,
  GOOGLE_THROTTLE_CODES,
} from './errors.js';
export {
  buildJwtAssertion,
  CLOUD_PLATFORM_SCOPE,
  GOOGLE_TOKEN_URL,
  googleTokenRequest,
  serviceAccountKeySchema,
} from './auth.js';
