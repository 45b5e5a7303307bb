// The Alibaba Cloud (ACK) module of the cloud simulator: routes, V3 signature checks, replies
// and the real error bodies for injected faults. Mounted by the simulator core (../clouds.ts).

import type { CloudFaultKind, SimCloud, SimContext, SimReply, SimRoute } from '../types.js';
import { createAlibabaAuthenticator, type AlibabaAuthenticatorOptions } from './auth.js';
import { GATEWAY_ERRORS, clusterNotFound, gatewayError, taskNotFound, throttled } from './replies.js';
import { respondAlibaba } from './respond.js';
import { OPERATIONS, routeAlibaba } from './routes.js';
import { assumeRoleWithOidc, STS_ERRORS } from './sts.js';

interface AlibabaCloudOptions extends AlibabaAuthenticatorOptions {
  /** Which 5xx an injected `server-error` renders. Default `InternalError` (HTTP 500). */
  serverError?: 'InternalError' | 'ServiceUnavailable';
}

export function createAlibabaCloud(options: AlibabaCloudOptions = {}): SimCloud {
  const authenticate = createAlibabaAuthenticator(options);
  const serverError =
    options.serverError === 'ServiceUnavailable' ? GATEWAY_ERRORS.unavailable : GATEWAY_ERRORS.internal;

  const faultReply = (
    kind: CloudFaultKind,
    route: SimRoute,
    context: SimContext,
    retryAfterSeconds?: number,
  ): SimReply => {
    const requestId = context.requestId();
    switch (kind) {
      case 'throttle':
        return throttled(requestId, undefined, retryAfterSeconds);
      case 'server-error':
        return gatewayError(serverError, { requestId });
      case 'auth':
        return route.operation === OPERATIONS.assumeRoleWithOidc
          ? gatewayError(STS_ERRORS.tokenInvalid, { requestId, host: 'sts.aliyuncs.com' })
          : gatewayError(GATEWAY_ERRORS.badSignature, { requestId });
      case 'clock-skew':
        return gatewayError(GATEWAY_ERRORS.expired, { requestId });
      case 'not-found':
        return route.operation === OPERATIONS.taskInfo
          ? taskNotFound(route.taskID ?? '', requestId)
          : clusterNotFound(route.clusterID ?? '', requestId);
    }
  };

  return {
    name: 'alibaba',
    route: routeAlibaba,
    authenticate,
    respond: respondAlibaba,
    exchange: (request, route, context) =>
      route.operation === OPERATIONS.assumeRoleWithOidc ? assumeRoleWithOidc(request, context) : undefined,
    faultReply,
  };
}

export const alibabaCloud: SimCloud = createAlibabaCloud();

export { OPERATIONS as ALIBABA_OPERATIONS } from './routes.js';
