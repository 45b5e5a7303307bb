// A simulated bearer cloud (Google, Azure) whose access tokens can be revoked: while revoked,
// every API request is judged as if its bearer token were one the cloud never issued, so the
// module answers with its own 401 (Google's UNAUTHENTICATED, Azure's InvalidAuthenticationToken),
// and the token endpoint keeps issuing tokens that are refused in turn — an account disabled
// after it signed in. The cloud's real 401 body, without a fault kind of its own.
import type { SimCloud } from '../../src/simulator/index.js';

/** A bearer token no simulated cloud issues (theirs carry a prefix and 24 random bytes). */
const REVOKED = 'revoked-access-token';

export interface RevocableCloud<C extends SimCloud> {
  cloud: C;
  /** From now on every API request is refused as unauthenticated. */
  revoke(): void;
  /** Tokens are checked as usual again. */
  restore(): void;
}

export function revocableTokens<C extends SimCloud>(cloud: C): RevocableCloud<C> {
  let revoked = false;
  const authenticate: SimCloud['authenticate'] = (request, route, context) => {
    if (!revoked) return cloud.authenticate(request, route, context);
    const headers = { ...request.headers, authorization: `Bearer ${REVOKED}` };
    const refusal = cloud.authenticate({ ...request, headers }, route, context);
    // A module that took a token it never issued could not stand for a revoked token.
    if (!refusal) throw new Error(`the ${cloud.name} module accepted a token it never issued`);
    return refusal;
  };
  return {
    cloud: { ...cloud, authenticate },
    revoke: () => {
      revoked = true;
    },
    restore: () => {
      revoked = false;
    },
  };
}
