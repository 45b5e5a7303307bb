// The simulated Google STS token exchange (docs/simulator.md, "Keyless exchanges";
// docs/keyless.md): `POST /v1/token` with the sts/v1 `GoogleIdentityStsV1ExchangeTokenRequest`
// fields, form-encoded (snake_case, as google-auth-library sends them) or as JSON (camelCase, as
// the discovery document names them). The `audience` names a workload identity pool provider
// of the scenario's `poolProviders` (../trust-scenario.ts); the subject token is checked with
// ../trust.ts against the OIDC provider it names (RS256 against its JWKS, issuer, allowed
// audiences, exp/nbf on the simulator clock), then its `sub` against the provider's subjects.
// The federated token is issued into the module's book, so the GKE routes accept it.

import { CLOUD_PLATFORM_SCOPE } from '../../providers/google-gke/auth.js';
import { ACCESS_TOKEN_TYPE, JWT_TOKEN_TYPE, TOKEN_EXCHANGE_GRANT } from '../../providers/google-gke/sts.js';
import { formFields, type TokenBook } from '../oauth/bearer-tokens.js';
import { jsonReply } from '../oauth/json-reply.js';
import type { SimContext, SimReply, SimRequest } from '../types.js';
import { subjectAllowed } from '../trust.js';
import { oauthError } from './replies.js';

/** STS's texts; those not quoted from Google's documentation are marked ours in docs/keyless.md. */
export const STS_TEXT = {
  badGrant: 'Invalid value for "grant_type".',
  badAudience:
    'Invalid value for "audience". This value should be the full resource name of the Identity Provider.',
  badTokenType: 'Invalid value for "subject_token_type".',
  badRequestedType: 'Invalid value for "requested_token_type".',
  badScope: 'Invalid value for "scope".',
  expired: 'The ID Token has expired.',
  invalidToken: 'The ID Token could not be verified.',
  tokenAudience: 'The audience in ID Token does not match the expected audience.',
  tokenIssuer: 'The issuer in ID Token does not match the issuer of the identity provider.',
  rejected: 'The given credential is rejected by the attribute condition.',
  keysUnavailable: 'Unable to retrieve the public keys of the identity provider.',
} as const;

const SNAKE = {
  grantType: 'grant_type',
  audience: 'audience',
  scope: 'scope',
  requestedTokenType: 'requested_token_type',
  subjectToken: 'subject_token',
  subjectTokenType: 'subject_token_type',
} as const;

type ExchangeFields = Partial<Record<keyof typeof SNAKE, string>>;

function fieldsOf(request: SimRequest): ExchangeFields {
  const type = request.headers['content-type'] ?? '';
  if (type.includes('json')) {
    try {
      const json = JSON.parse(request.body) as Record<string, unknown>;
      const pick = (name: string) => (typeof json[name] === 'string' ? json[name] : undefined);
      return Object.fromEntries(Object.keys(SNAKE).map((name) => [name, pick(name)])) as ExchangeFields;
    } catch {
      return {};
    }
  }
  const form = formFields(request.body);
  return Object.fromEntries(
    Object.entries(SNAKE).map(([name, field]) => [name, form[field]]),
  ) as ExchangeFields;
}

/** The federated principal: Google's `principal://…/subject/<sub>` of the pool. */
function principalOf(poolProvider: string, subject: string): string {
  const pool = poolProvider.replace(/^\/\//, '').replace(/\/providers\/[^/]+$/, '');
  return `principal://${pool}/subject/${subject}`;
}

export async function stsExchange(
  request: SimRequest,
  context: SimContext,
  book: TokenBook,
): Promise<SimReply> {
  const fields = fieldsOf(request);
  if (fields.grantType !== TOKEN_EXCHANGE_GRANT) return oauthError('invalid_request', STS_TEXT.badGrant);
  if (fields.subjectTokenType !== JWT_TOKEN_TYPE) return oauthError('invalid_request', STS_TEXT.badTokenType);
  if (fields.requestedTokenType !== ACCESS_TOKEN_TYPE) {
    return oauthError('invalid_request', STS_TEXT.badRequestedType);
  }
  const scopes = (fields.scope ?? '').split(' ');
  if (!scopes.includes(CLOUD_PLATFORM_SCOPE)) return oauthError('invalid_scope', STS_TEXT.badScope);
  const provider = context.trust.poolProvider(fields.audience ?? '');
  if (!provider) return oauthError('invalid_request', STS_TEXT.badAudience);
  const check = await context.trust.verify(fields.subjectToken ?? '', provider.oidcProvider);
  if (!check.ok) {
    switch (check.reason) {
      case 'expired':
        return oauthError('invalid_grant', STS_TEXT.expired);
      case 'audience':
        return oauthError('invalid_grant', STS_TEXT.tokenAudience);
      case 'issuer':
        return oauthError('invalid_grant', STS_TEXT.tokenIssuer);
      case 'keys-unavailable':
        return oauthError('temporarily_unavailable', STS_TEXT.keysUnavailable, 503);
      default:
        return oauthError('invalid_grant', STS_TEXT.invalidToken);
    }
  }
  if (!subjectAllowed(provider.subjects, check.subject)) {
    return oauthError('unauthorized_client', STS_TEXT.rejected);
  }
  const issued = book.issue(principalOf(provider.name, check.subject), context.now());
  context.trust.issued(issued.accessToken);
  return jsonReply(200, {
    access_token: issued.accessToken,
    issued_token_type: ACCESS_TOKEN_TYPE,
    token_type: 'Bearer',
    expires_in: issued.expiresIn,
  });
}
