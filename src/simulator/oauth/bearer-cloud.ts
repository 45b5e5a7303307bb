// One SimCloud shape for the clouds whose APIs take an OAuth2 bearer token (docs/simulator.md#google-gke,
// docs/simulator.md#azure-aks): a token endpoint that issues tokens into the module's book
// (./bearer-tokens.ts), API routes that accept only a token from that book and not expired,
// and the cloud's own bodies for refusals and faults. A module names what differs — its token
// endpoint, its 401s, its API answers, its fault bodies — and this wires them the same way.

import { OPERATION_GET_ACCESS_TOKEN } from '../../providers/cloud-common/bearer-get.js';
import type { Cloud } from '../../providers/names.js';
import type { SimCloud, SimContext, SimReply, SimRequest, SimRoute } from '../types.js';
import {
  createTokenBook,
  type BearerCloudOptions,
  type BearerSimCloud,
  type IssuedToken,
  type TokenBook,
  type TokenCheck,
} from './bearer-tokens.js';

export interface BearerCloudParts {
  name: Cloud;
  /** What every issued access token starts with (`ya29.`, a JWT header). */
  tokenPrefix: string;
  /** The cloud's own token lifetime (`expires_in`), unless the options shorten it. */
  lifetimeSeconds: number;
  route: SimCloud['route'];
  /** The token endpoint's answer (route `GetAccessToken`): check the grant, then issue into `book`. */
  issueToken(request: SimRequest, route: SimRoute, context: SimContext, book: TokenBook): Promise<SimReply>;
  /** The cloud's 401 for an API request without a token the book accepts. */
  refuse(check: Exclude<TokenCheck, { ok: true }>, context: SimContext): SimReply;
  /** The API's answer to a request whose token is good (`token`: whom it was issued to). */
  answer(request: SimRequest, route: SimRoute, context: SimContext, token: IssuedToken): SimReply;
  faults: BearerFaults;
}

/** The cloud's own bodies for the core's injected faults (CloudFaultKind). */
export interface BearerFaults {
  throttle(route: SimRoute, context: SimContext, retryAfterSeconds: number | undefined): SimReply;
  serverError(context: SimContext): SimReply;
  /** `auth` at the token endpoint: it refuses the credential. */
  tokenRefused(context: SimContext): SimReply;
  /** `auth` at an API route: the API's 403. */
  forbidden(route: SimRoute, context: SimContext): SimReply;
  /** `clock-skew`: bearer APIs have no clock check, so a skewed clock shows at the token endpoint. */
  clockSkew(context: SimContext): SimReply;
  notFound(route: SimRoute, context: SimContext): SimReply;
}

function faultReplyOf(faults: BearerFaults): SimCloud['faultReply'] {
  return (kind, route, context, retryAfterSeconds) => {
    switch (kind) {
      case 'throttle':
        return faults.throttle(route, context, retryAfterSeconds);
      case 'server-error':
        return faults.serverError(context);
      case 'auth':
        return route.operation === OPERATION_GET_ACCESS_TOKEN
          ? faults.tokenRefused(context)
          : faults.forbidden(route, context);
      case 'clock-skew':
        return faults.clockSkew(context);
      case 'not-found':
        return faults.notFound(route, context);
    }
  };
}

export function createBearerCloud(parts: BearerCloudParts, options: BearerCloudOptions = {}): BearerSimCloud {
  const tokens = createTokenBook({
    prefix: parts.tokenPrefix,
    lifetimeSeconds: options.tokenLifetimeSeconds ?? parts.lifetimeSeconds,
  });
  const check = (request: SimRequest, context: SimContext) => tokens.check(request, context.now());
  return {
    name: parts.name,
    tokens,
    route: parts.route,
    authenticate: (request, _route, context) => {
      const checked = check(request, context);
      return checked.ok ? undefined : parts.refuse(checked, context);
    },
    respond: (request, route, context) => {
      const checked = check(request, context);
      // The core calls respond only after authenticate passed; checked again for the subject.
      return checked.ok
        ? parts.answer(request, route, context, checked.token)
        : parts.refuse(checked, context);
    },
    exchange: (request, route, context) =>
      route.operation === OPERATION_GET_ACCESS_TOKEN
        ? parts.issueToken(request, route, context, tokens)
        : undefined,
    faultReply: faultReplyOf(parts.faults),
  };
}
