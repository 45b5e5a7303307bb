// Google's code table for the shared error ladder (../common/error-reply.ts,
// docs/providers-next.md#error-tables).
//
// APIs answer `{"error": {"code": 404, "message": "…", "status": "NOT_FOUND", "details": […]}}`
// (google.rpc.Status in JSON); the token endpoint answers OAuth2's
// `{"error": "invalid_grant", "error_description": "…"}`. The code is `error.status` or the OAuth2
// `error` string. Google sends no request id in the body.

import type { ErrorCodeTable } from '../common/error-reply.js';
import { bearerCodeTable, replyClassifier } from '../cloud-common/bearer-code-table.js';
import { codeIn, readNestedOrOAuthError } from '../cloud-common/classify-cascade.js';

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

export const GOOGLE_ERROR_TABLE: ErrorCodeTable = bearerCodeTable({
  readBody: (body) => {
    const { code, message } = readNestedOrOAuthError(body, 'status');
    return { ...(code ? { code } : {}), ...(message ? { message } : {}) };
  },
  // Google sends no request id of its own; a proxy's x-request-id is kept when present.
  requestIdHeader: 'x-request-id',
  throttle: GOOGLE_THROTTLE_CODES,
  auth: GOOGLE_AUTH_CODES,
  notFound: GOOGLE_NOT_FOUND_CODES,
  clockSkew: ({ error }) => codeIn(error.code, ['invalid_grant']) && ASSERTION_TIME.test(error.message ?? ''),
});

export const classifyGoogleResponse = replyClassifier(GOOGLE_ERROR_TABLE);
