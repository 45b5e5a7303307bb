// The simulated oauth2.googleapis.com/token (docs/simulator.md#google-gke): a JWT-bearer grant
// whose RS256 assertion is verified with `jose` against the public key of the service account
// the scenario declares (a credential whose accessKeyId is the account's client_email and whose
// accessKeySecret is its public key PEM, or the private key PEM the public half is taken from).
// Checked as Google does: signature, `iss` (and `sub`, when present) = client_email, `aud` = the
// token URL, `iat`/`exp` within the hour and around now, `scope` covering cloud-platform.

import { createPublicKey, type KeyObject } from 'node:crypto';
import { decodeJwt, jwtVerify } from 'jose';
import { CLOUD_PLATFORM_SCOPE, GOOGLE_TOKEN_URL, JWT_BEARER_GRANT } from '../../providers/google-gke/auth.js';
import { formFields, type TokenBook } from '../oauth/bearer-tokens.js';
import { jsonReply } from '../oauth/json-reply.js';
import type { SimContext, SimReply, SimRequest } from '../types.js';
import { GOOGLE_TEXT, oauthError } from './replies.js';

/** How far `iat` may be ahead of the simulator's clock, and the longest assertion life. */
export const ASSERTION_SKEW_SECONDS = 300;
export const MAX_ASSERTION_SECONDS = 3600;

function publicKeyOf(pem: string): KeyObject | undefined {
  try {
    return createPublicKey(pem);
  } catch {
    return undefined;
  }
}

function claimsOf(assertion: string): Record<string, unknown> | undefined {
  try {
    return decodeJwt(assertion);
  } catch {
    return undefined;
  }
}

/** The time rule Google applies to an assertion; undefined = fine. */
function badTime(iat: unknown, exp: unknown, now: Date): boolean {
  if (typeof iat !== 'number' || typeof exp !== 'number') return true;
  const nowSeconds = now.getTime() / 1000;
  return exp <= nowSeconds || iat > nowSeconds + ASSERTION_SKEW_SECONDS || exp - iat > MAX_ASSERTION_SECONDS;
}

export async function googleToken(
  request: SimRequest,
  context: SimContext,
  book: TokenBook,
): Promise<SimReply> {
  const form = formFields(request.body);
  if (form.grant_type !== JWT_BEARER_GRANT) {
    return oauthError('unsupported_grant_type', `${GOOGLE_TEXT.badGrantType}${form.grant_type ?? ''}`);
  }
  const claims = claimsOf(form.assertion ?? '');
  const email = typeof claims?.iss === 'string' ? claims.iss : '';
  const credential = email ? context.credential(email) : undefined;
  const key = credential ? publicKeyOf(credential.accessKeySecret) : undefined;
  if (!claims || !key) return oauthError('invalid_grant', GOOGLE_TEXT.accountNotFound);
  const now = context.now();
  if (badTime(claims.iat, claims.exp, now)) return oauthError('invalid_grant', GOOGLE_TEXT.badTime);
  try {
    // Time was judged above with Google's own rule; jose checks signature, alg, iss and aud.
    await jwtVerify(form.assertion ?? '', key, {
      algorithms: ['RS256'],
      issuer: email,
      audience: GOOGLE_TOKEN_URL,
      currentDate: new Date(((claims.iat as number) + 1) * 1000),
    });
  } catch (error) {
    const code = (error as { code?: string }).code;
    if (code === 'ERR_JWT_CLAIM_VALIDATION_FAILED')
      return oauthError('invalid_grant', GOOGLE_TEXT.badAudience);
    return oauthError('invalid_grant', GOOGLE_TEXT.badSignature);
  }
  if (claims.sub !== undefined && claims.sub !== email)
    return oauthError('invalid_grant', GOOGLE_TEXT.accountNotFound);
  const scopes = typeof claims.scope === 'string' ? claims.scope.split(' ') : [];
  if (!scopes.includes(CLOUD_PLATFORM_SCOPE)) return oauthError('invalid_scope', GOOGLE_TEXT.badScope);
  const issued = book.issue(email, now);
  return jsonReply(200, {
    access_token: issued.accessToken,
    expires_in: issued.expiresIn,
    token_type: 'Bearer',
  });
}
