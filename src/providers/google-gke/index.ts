// GoogleGKE provider (docs/providers-next.md#google-gke): client, schema, normalizer, error table,
// authentication and the facts the registry step needs. Not registered yet.

export { googleGke } from './family.js';
export { googleGkeFacts } from './facts.js';
export { connectGoogleGKE, GET_OPERATION, LIST_OPERATIONS, operationsUrl } from './client.js';
export { metricsRatio, newestUpgradeOperation, normalize, targetsCluster } from './normalize.js';
export { listOperationsResponseSchema, operationSchema } from './schema.js';
export {
  classifyGoogleResponse,
  GOOGLE_AUTH_CODES,
  GOOGLE_ERROR_TABLE,
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
export { SERVICE_ACCOUNT_KEY } from './credentials.js';
