// The Google Cloud (GKE) module of the simulator (docs/simulator.md#google-gke): the OAuth2
// token endpoint with real JWT-assertion checks (./token.ts), STS's token exchange for keyless
// watches (./sts.ts), bearer tokens that expire, GKE's
// operations list and get and the cluster get (./respond.ts), and Google's real error bodies for
// injected faults, wired as every bearer cloud is (../oauth/bearer-cloud.ts).
// Registered by the core's cloud list as `googleCloud` (./index.js).

import type { SimCloud } from '../types.js';
import { createBearerCloud, type BearerFaults } from '../oauth/bearer-cloud.js';
import type { BearerCloudOptions, BearerSimCloud } from '../oauth/bearer-tokens.js';
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
import { stsExchange } from './sts.js';
import { googleToken } from './token.js';

/** Google's access tokens live an hour; `expires_in` says 3599. */
const GOOGLE_TOKEN_LIFETIME_SECONDS = 3599;

const faults: BearerFaults = {
  throttle: (_route, _context, retryAfterSeconds) => exhausted(retryAfterSeconds),
  serverError: () => rpcError(500, 'INTERNAL', GOOGLE_TEXT.internal),
  tokenRefused: () => oauthError('invalid_grant', GOOGLE_TEXT.badSignature),
  forbidden: (route) =>
    permissionDenied(permissionOf(route as GoogleRoute), resourceOf(route as GoogleRoute)),
  clockSkew: () => oauthError('invalid_grant', GOOGLE_TEXT.badTime),
  notFound: (route) =>
    route.operation === OPERATIONS.cluster
      ? clusterNotFound(route as GoogleRoute)
      : rpcError(404, 'NOT_FOUND', `projects/${route.projectID ?? ''} not found.`),
};

export function createGoogleCloud(options: BearerCloudOptions = {}): BearerSimCloud {
  return createBearerCloud(
    {
      name: 'google',
      tokenPrefix: 'ya29.',
      lifetimeSeconds: GOOGLE_TOKEN_LIFETIME_SECONDS,
      route: routeGoogle,
      // Both token endpoints share the route: STS's path is /v1/token, OAuth2's /token.
      issueToken: (request, _route, context, book) =>
        request.path.startsWith('/v1/')
          ? stsExchange(request, context, book)
          : googleToken(request, context, book),
      refuse: () => unauthenticated(),
      answer: (_request, route, context, token) =>
        respondGoogle(route as GoogleRoute, context as ListingContext, token.subject),
      faults,
    },
    options,
  );
}

export const googleCloud: SimCloud = createGoogleCloud();

export { OPERATIONS as GOOGLE_OPERATIONS } from './routes.js';
export type { ListingContext } from './respond.js';
