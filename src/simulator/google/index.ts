// The Google Cloud (GKE) module of the simulator (docs/simulator.md#google-gke): the OAuth2
// token endpoint with real JWT-assertion checks (./token.ts), bearer tokens that expire, GKE's
// operations list and get and the cluster get (./respond.ts), and Google's real error bodies for
// injected faults.
// Registered by the core's cloud list as `googleCloud` (./index.js).

import type { SimCloud } from '../types.js';
import { createTokenBook, type BearerCloudOptions, type BearerSimCloud } from '../oauth/bearer-tokens.js';
import {
  exhausted,
  GOOGLE_TEXT,
  oauthError,
  permissionDenied,
  rpcError,
  unauthenticated,
} from './replies.js';
import { clusterNotFound, permissionOf, resourceOf, respondGoogle, type ListingContext } from './respond.js';
import { OPERATIONS, routeGoogle, type GoogleRoute } from './routes.js';
import { googleToken } from './token.js';

/** Google's access tokens live an hour; `expires_in` says 3599. */
export const GOOGLE_TOKEN_LIFETIME_SECONDS = 3599;

export type GoogleCloudOptions = BearerCloudOptions;

const faultReply: SimCloud['faultReply'] = (kind, route, _context, retryAfterSeconds) => {
  const token = route.operation === OPERATIONS.token;
  switch (kind) {
    case 'throttle':
      return exhausted(retryAfterSeconds);
    case 'server-error':
      return rpcError(500, 'INTERNAL', GOOGLE_TEXT.internal);
    case 'auth':
      return token
        ? oauthError('invalid_grant', GOOGLE_TEXT.badSignature)
        : permissionDenied(permissionOf(route as GoogleRoute), resourceOf(route as GoogleRoute));
    case 'clock-skew':
      // Bearer APIs have no clock check: a skewed clock shows at the token endpoint.
      return oauthError('invalid_grant', GOOGLE_TEXT.badTime);
    case 'not-found':
      return route.operation === OPERATIONS.cluster
        ? clusterNotFound(route as GoogleRoute)
        : rpcError(404, 'NOT_FOUND', `projects/${route.projectID ?? ''} not found.`);
  }
};

export function createGoogleCloud(options: GoogleCloudOptions = {}): BearerSimCloud {
  const tokens = createTokenBook({
    prefix: 'ya29.',
    lifetimeSeconds: options.tokenLifetimeSeconds ?? GOOGLE_TOKEN_LIFETIME_SECONDS,
  });
  return {
    name: 'google',
    tokens,
    route: routeGoogle,
    authenticate: (request, _route, context) => {
      const check = tokens.check(request, context.now());
      return check.ok ? undefined : unauthenticated();
    },
    respond: (request, route, context) => {
      const check = tokens.check(request, context.now());
      return respondGoogle(
        route as GoogleRoute,
        context as ListingContext,
        check.ok ? check.token.subject : '',
      );
    },
    exchange: (request, route, context) =>
      route.operation === OPERATIONS.token ? googleToken(request, context, tokens) : undefined,
    faultReply,
  };
}

export const googleCloud: SimCloud = createGoogleCloud();

export { OPERATIONS as GOOGLE_OPERATIONS } from './routes.js';
export type { ListingContext } from './respond.js';
