// The Huawei Cloud module of the simulator: routes the CCE workflow, CCE task and CSS detail
// paths, authenticates exactly like the API Gateway (./auth.ts), answers from the cluster's
// provider-native state (./respond.ts) and renders injected faults with real error bodies.

import { HUAWEI_CSS } from '../../providers/names.js';
import type { CloudFaultKind, SimCloud, SimContext, SimReply, SimRoute } from '../types.js';
import { HuaweiAuthenticator } from './auth.js';
import {
  APIG_AUTH,
  APIG_BACKEND_UNAVAILABLE,
  AUTH_MESSAGES,
  CCE_NOT_FOUND,
  CSS_NOT_FOUND,
  apigError,
  cceError,
  cssError,
  throttled,
} from './replies.js';
import { createSecurityToken, exchangeIdToken } from './iam.js';
import { respondHuawei } from './respond.js';
import { OPERATIONS, routeHuawei } from './routes.js';

interface HuaweiSimCloud extends SimCloud {
  readonly authenticator: HuaweiAuthenticator;
}

function faultReply(
  kind: CloudFaultKind,
  route: SimRoute,
  context: SimContext,
  retryAfterSeconds?: number,
): SimReply {
  const requestId = context.requestId();
  switch (kind) {
    case 'throttle':
      return throttled(requestId, retryAfterSeconds);
    case 'server-error':
      return apigError(502, APIG_BACKEND_UNAVAILABLE, 'Backend unavailable', requestId);
    case 'auth':
      return apigError(401, APIG_AUTH, AUTH_MESSAGES.badSignature, requestId);
    case 'clock-skew':
      return apigError(401, APIG_AUTH, AUTH_MESSAGES.expired, requestId);
    case 'not-found':
      return route.provider === HUAWEI_CSS
        ? cssError(404, CSS_NOT_FOUND, 'The cluster does not exist.', requestId)
        : cceError(404, CCE_NOT_FOUND, 'Resource not found', requestId);
  }
}

/** A fresh module with its own lockout state (one per simulator instance). */
export function createHuaweiCloud(): HuaweiSimCloud {
  const authenticator = new HuaweiAuthenticator();
  return {
    name: 'huawei',
    authenticator,
    route: routeHuawei,
    authenticate: (request, route, context) => authenticator.authenticate(request, route, context),
    respond: respondHuawei,
    exchange: (request, route, context) =>
      route.operation === OPERATIONS.idToken
        ? exchangeIdToken(request, context)
        : route.operation === OPERATIONS.securityToken
          ? createSecurityToken(request, context)
          : undefined,
    faultReply,
  };
}

export const huaweiCloud: SimCloud = createHuaweiCloud();
