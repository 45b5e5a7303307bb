// Google's real reply shapes (docs/simulator.md#google-gke): APIs answer google.rpc.Status as
// `{"error": {"code", "message", "status"}}`; the token endpoint answers OAuth2's
// `{"error", "error_description"}`. Texts are Google's wording.

import { jsonReply } from '../oauth/json-reply.js';
import type { SimReply } from '../types.js';

export const GOOGLE_TEXT = {
  unauthenticated:
    'Request had invalid authentication credentials. Expected OAuth 2 access token, login cookie or ' +
    'other valid authentication credential. See https://developers.google.com/identity/sign-in/web/devconsole-project.',
  exhausted:
    "Quota exceeded for quota metric 'Read requests' and limit 'Read requests per minute' of service 'container.googleapis.com'.",
  internal: 'Internal error encountered.',
  badSignature: 'Invalid JWT Signature.',
  accountNotFound: 'Invalid grant: account not found',
  badTime:
    'Invalid JWT: Token must be a short-lived token (60 minutes) and in a reasonable timeframe. ' +
    'Check your iat and exp values in the JWT claim.',
  badAudience: 'Invalid JWT: Failed audience check.',
  badScope: 'Invalid OAuth scope or ID token audience provided.',
  badGrantType: 'Invalid grant_type: ',
} as const;

/** An API error (google.rpc.Status as JSON). */
export function rpcError(
  code: number,
  status: string,
  message: string,
  headers: Record<string, string> = {},
): SimReply {
  return jsonReply(code, { error: { code, message, status } }, headers);
}

/** The 401 an API sends for a missing, unknown or expired bearer token. */
export function unauthenticated(): SimReply {
  return rpcError(401, 'UNAUTHENTICATED', GOOGLE_TEXT.unauthenticated, {
    'www-authenticate': 'Bearer realm="https://accounts.google.com/", error="invalid_token"',
  });
}

export function permissionDenied(permission: string, resource: string): SimReply {
  return rpcError(403, 'PERMISSION_DENIED', `Required "${permission}" permission(s) for "${resource}".`);
}

export function notFound(what: string): SimReply {
  return rpcError(404, 'NOT_FOUND', `${what} not found.`);
}

export function exhausted(retryAfterSeconds?: number): SimReply {
  return rpcError(
    429,
    'RESOURCE_EXHAUSTED',
    GOOGLE_TEXT.exhausted,
    retryAfterSeconds !== undefined ? { 'retry-after': String(retryAfterSeconds) } : {},
  );
}

/** A token-endpoint refusal (OAuth2 error body, HTTP 400 as Google sends it). */
export function oauthError(error: string, description: string, status = 400): SimReply {
  return jsonReply(status, { error, error_description: description });
}
