// Classification of Google API and OAuth2 token-endpoint error replies
// (docs/providers-next.md#error-tables).
//
// APIs answer `{"error": {"code": 404, "message": "…", "status": "NOT_FOUND", "details": […]}}`
// (google.rpc.Status in JSON); the token endpoint answers OAuth2's
// `{"error": "invalid_grant", "error_description": "…"}`. The code is `error.status` or the OAuth2
// `error` string. Google sends no request id in the body.

import { parseRetryAfterMs } from '../common/classify.js';
import type { CloudError } from '../common/errors.js';
import { classifyReadError, codeIn, readNestedOrOAuthError } from '../cloud-common/classify-cascade.js';

export const GOOGLE_THROTTLE_CODES = ['RESOURCE_EXHAUSTED'];
export const GOOGLE_AUTH_CODES = [
  'UNAUTHENTICATED',
  'PERMISSION_DENIED',
  'invalid_grant',
  'invalid_client',
  'unauthorized_client',
];
export const GOOGLE_NOT_FOUND_CODES = ['NOT_FOUND'];
/** The token endpoint's wording for an assertion whose iat/exp are off (Google's OAuth2 docs). */
const ASSERTION_TIME = /iat and exp|reasonable timeframe|short-lived token/i;

export function classifyGoogleResponse(
  status: number,
  headers: Record<string, string>,
  body: string,
  now: Date,
): CloudError {
  const { code, message } = readNestedOrOAuthError(body, 'status');
  return classifyReadError({
    status,
    code,
    message,
    retryAfterMs: parseRetryAfterMs(headers, now),
    throttled: codeIn(code, GOOGLE_THROTTLE_CODES),
    clockSkew: codeIn(code, ['invalid_grant']) && ASSERTION_TIME.test(message ?? ''),
    authFailed: codeIn(code, GOOGLE_AUTH_CODES),
    notFound: codeIn(code, GOOGLE_NOT_FOUND_CODES),
    location: headers.location,
  });
}
