// The AWS (EKS + STS) module of the cloud simulator: routes, SigV4 checks, replies and the real
// error bodies for injected faults (docs/simulator.md, "AWS EKS"). Exported as `awsCloud` for
// the simulator core's module list (../clouds.ts).

import type { SimCloud } from '../types.js';
import { authenticateAws, clockSkewMessage } from './auth.js';
import { eksError, GATEWAY_ERRORS, stsError, type AwsError } from './replies.js';
import { respondAws } from './respond.js';
import { OPERATIONS, routeAws } from './routes.js';
import { assumeRoleWithWebIdentity, STS_ERRORS } from './sts.js';

export interface AwsCloudOptions {
  /** Which 5xx an injected `server-error` renders. Default `ServerException` (HTTP 500). */
  serverError?: 'ServerException' | 'ServiceUnavailableException';
}

const SKEW_FOR_FAULT_MS = 15 * 60_000;

export function createAwsCloud(options: AwsCloudOptions = {}): SimCloud {
  const serverError =
    options.serverError === 'ServiceUnavailableException'
      ? GATEWAY_ERRORS.unavailable
      : GATEWAY_ERRORS.server;

  const faultReply: SimCloud['faultReply'] = (kind, route, context, retryAfterSeconds) => {
    const requestId = context.requestId();
    const sts = route.operation === OPERATIONS.assumeRoleWithWebIdentity;
    const render = (error: AwsError, message?: string, headers: Record<string, string> = {}) =>
      sts
        ? stsError(error, requestId, message, headers)
        : eksError(error, requestId, { ...(message ? { message } : {}), headers });
    switch (kind) {
      case 'throttle':
        // With a retry hint the front door answers 429 + Retry-After; without, 400 ThrottlingException.
        return retryAfterSeconds !== undefined && retryAfterSeconds >= 0
          ? render(GATEWAY_ERRORS.tooManyRequests, undefined, {
              'retry-after': String(Math.ceil(retryAfterSeconds)),
            })
          : render(GATEWAY_ERRORS.throttled);
      case 'server-error':
        return render(serverError);
      case 'auth':
        return sts ? render(STS_ERRORS.invalidToken) : render(GATEWAY_ERRORS.unrecognized);
      case 'clock-skew': {
        const now = context.now();
        return render(
          GATEWAY_ERRORS.badSignature,
          clockSkewMessage(new Date(now.getTime() - SKEW_FOR_FAULT_MS), now),
        );
      }
      case 'not-found':
        return sts
          ? render(STS_ERRORS.accessDenied)
          : eksError(
              {
                status: 404,
                code: 'ResourceNotFoundException',
                message: `No cluster found for name: ${route.clusterID ?? ''}.`,
              },
              requestId,
              {
                fields: { clusterName: route.clusterID ?? '' },
              },
            );
    }
  };

  return {
    name: 'aws',
    route: routeAws,
    authenticate: authenticateAws,
    respond: respondAws,
    exchange: (request, route, context) =>
      route.operation === OPERATIONS.assumeRoleWithWebIdentity
        ? assumeRoleWithWebIdentity(request, context)
        : undefined,
    faultReply,
  };
}

export const awsCloud: SimCloud = createAwsCloud();

export { OPERATIONS as AWS_OPERATIONS } from './routes.js';
