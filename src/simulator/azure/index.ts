// The Microsoft Azure (AKS) module of the simulator (docs/simulator.md#azure-aks): Entra's
// client-credentials token endpoint (./token.ts), bearer tokens that expire, ARM's managed
// cluster and agent-pool list (./respond.ts) and Azure's real error bodies for injected faults.
// Registered by the core's cloud list as `azureCloud` (./index.js).

import type { SimCloud } from '../types.js';
import { createTokenBook, type BearerCloudOptions, type BearerSimCloud } from '../oauth/bearer-tokens.js';
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
import { OPERATIONS, routeAzure, type AzureRoute } from './routes.js';
import { entraToken } from './token.js';

/** Entra's app tokens: `expires_in` 3599. */
export const AZURE_TOKEN_LIFETIME_SECONDS = 3599;

export type AzureCloudOptions = BearerCloudOptions;

const faultReply: SimCloud['faultReply'] = (kind, route, context, retryAfterSeconds) => {
  const requestId = context.requestId();
  const token = route.operation === OPERATIONS.token;
  const scope = `/subscriptions/${route.projectID ?? ''}`;
  switch (kind) {
    case 'throttle':
      return throttled(route.projectID ?? '', requestId, retryAfterSeconds);
    case 'server-error':
      return armError(500, 'InternalServerError', ARM_TEXT.internal, requestId);
    case 'auth':
      return token ? entra('badSecret', requestId) : authorizationFailed('app', scope, requestId);
    case 'clock-skew':
      // A client secret carries no time; Entra's time error is the one a skew can produce.
      return entra('clockSkew', requestId);
    case 'not-found':
      return resourceNotFound(route.clusterID ?? '', (route as AzureRoute).resourceGroup ?? '', requestId);
  }
};

export function createAzureCloud(options: AzureCloudOptions = {}): BearerSimCloud {
  const tokens = createTokenBook({
    prefix: 'eyJ0eXAiOiJKV1QiLCJhbGciOiJSUzI1NiJ9.',
    lifetimeSeconds: options.tokenLifetimeSeconds ?? AZURE_TOKEN_LIFETIME_SECONDS,
  });
  return {
    name: 'azure',
    tokens,
    route: routeAzure,
    authenticate: (request, _route, context) => {
      const now = context.now();
      const check = tokens.check(request, now);
      if (check.ok) return undefined;
      const requestId = context.requestId();
      if (check.reason === 'missing')
        return armError(401, 'AuthenticationFailed', ARM_TEXT.missingHeader, requestId);
      if (check.reason === 'expired') return expiredToken(check.expiredAt, now, requestId);
      return armError(401, 'InvalidAuthenticationToken', ARM_TEXT.invalidToken, requestId);
    },
    respond: (request, route, context) => respondAzure(request, route as AzureRoute, context),
    exchange: (request, route, context) =>
      route.operation === OPERATIONS.token
        ? Promise.resolve(entraToken(request, route as AzureRoute, context, tokens))
        : undefined,
    faultReply,
  };
}

export const azureCloud: SimCloud = createAzureCloud();

export { OPERATIONS as AZURE_OPERATIONS } from './routes.js';
