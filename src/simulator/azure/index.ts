// The Microsoft Azure (AKS) module of the simulator (docs/simulator.md#azure-aks): Entra's
// client-credentials token endpoint (./token.ts; with a federated client assertion:
// ./federation.ts), bearer tokens that expire, ARM's managed
// cluster and agent-pool list (./respond.ts) and Azure's real error bodies for injected faults,
// wired as every bearer cloud is (../oauth/bearer-cloud.ts).
// Registered by the core's cloud list as `azureCloud` (./index.js).

import type { SimCloud } from '../types.js';
import { createBearerCloud, type BearerFaults } from '../oauth/bearer-cloud.js';
import type { BearerCloudOptions, BearerSimCloud } from '../oauth/bearer-tokens.js';
import {
  ARM_TEXT,
  armError,
  authorizationFailed,
  entra,
  expiredToken,
  resourceNotFound,
  throttled,
} from './replies.js';
import { respondAzure } from './respond.js';
import { routeAzure, type AzureRoute } from './routes.js';
import { entraToken } from './token.js';

/** Entra's app tokens: `expires_in` 3599. */
const AZURE_TOKEN_LIFETIME_SECONDS = 3599;

const faults: BearerFaults = {
  throttle: (route, context, retryAfterSeconds) =>
    throttled(route.projectID ?? '', context.requestId(), retryAfterSeconds),
  serverError: (context) => armError(500, 'InternalServerError', ARM_TEXT.internal, context.requestId()),
  tokenRefused: (context) => entra('badSecret', context.requestId()),
  forbidden: (route, context) =>
    authorizationFailed('app', `/subscriptions/${route.projectID ?? ''}`, context.requestId()),
  // A client secret carries no time; Entra's time error is the one a skew can produce.
  clockSkew: (context) => entra('clockSkew', context.requestId()),
  notFound: (route, context) =>
    resourceNotFound(route.clusterID ?? '', (route as AzureRoute).resourceGroup ?? '', context.requestId()),
};

export function createAzureCloud(options: BearerCloudOptions = {}): BearerSimCloud {
  return createBearerCloud(
    {
      name: 'azure',
      tokenPrefix: 'eyJ0eXAiOiJKV1QiLCJhbGciOiJSUzI1NiJ9.',
      lifetimeSeconds: AZURE_TOKEN_LIFETIME_SECONDS,
      route: routeAzure,
      issueToken: (request, route, context, book) =>
        Promise.resolve(entraToken(request, route as AzureRoute, context, book)),
      refuse: (check, context) => {
        const requestId = context.requestId();
        if (check.reason === 'missing')
          return armError(401, 'AuthenticationFailed', ARM_TEXT.missingHeader, requestId);
        if (check.reason === 'expired') return expiredToken(check.expiredAt, context.now(), requestId);
        return armError(401, 'InvalidAuthenticationToken', ARM_TEXT.invalidToken, requestId);
      },
      answer: (request, route, context) => respondAzure(request, route as AzureRoute, context),
      faults,
    },
    options,
  );
}

export const azureCloud: SimCloud = createAzureCloud();

export { OPERATIONS as AZURE_OPERATIONS } from './routes.js';
