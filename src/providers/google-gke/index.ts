// GoogleGKE provider family (docs/reference.md#provider-googlegke): upgrade operations from
// container.googleapis.com, with a service-account key traded for an OAuth2 bearer token.

import { boundedConnect } from '../common/bounds.js';
import { SERVICE_ACCOUNT_KEY_SCHEME } from '../common/credentials.js';
import { defineFamily, type ProviderFamily } from '../common/provider.js';
import { connectGoogleGke } from './client.js';
import { googleGkeDescriptor } from './descriptor.js';

export const googleGke: ProviderFamily = defineFamily(googleGkeDescriptor, {
  credentials: SERVICE_ACCOUNT_KEY_SCHEME,
  connect: boundedConnect((params) => connectGoogleGke(params)),
});

export {
  connectGoogleGke,
  OPERATION_GET_OPERATION,
  OPERATION_LIST_OPERATIONS,
  operationsUrl,
} from './client.js';
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
