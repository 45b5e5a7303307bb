// Classification of Azure Resource Manager and Microsoft Entra token error replies
// (docs/providers-next.md#error-tables).
//
// ARM answers `{"error": {"code": "ResourceGroupNotFound", "message": "…"}}` with the request id
// in `x-ms-request-id` and, when throttled, `Retry-After`. Entra's token endpoint answers
// OAuth2's `{"error": "invalid_client", "error_description": "AADSTS7000215: …",
// "error_codes": [7000215], "trace_id": "…", "correlation_id": "…"}`.

import { classifyErrorReply, type ErrorCodeTable } from '../common/error-reply.js';
import type { CloudError } from '../common/errors.js';
import { codeIn, readNestedOrOAuthError } from '../cloud-common/classify-cascade.js';
import { CLOCK_HINT } from '../cloud-common/error-hints.js';

export const AZURE_THROTTLE_CODES = [
  'TooManyRequests',
  'SubscriptionRequestsThrottled',
  'ResourceRequestsThrottled',
];
export const AZURE_AUTH_CODES = [
  'AuthenticationFailed',
  'AuthorizationFailed',
  'InvalidAuthenticationToken',
  'InvalidAuthenticationTokenTenant',
  'ExpiredAuthenticationToken',
  'invalid_client',
  'unauthorized_client',
  'invalid_grant',
  'invalid_request',
];
export const AZURE_NOT_FOUND_CODES = [
  'ResourceNotFound',
  'ResourceGroupNotFound',
  'SubscriptionNotFound',
  'NotFound',
];
/** AADSTS700024: "Client assertion is not within its valid time range." */
const ENTRA_TIME = /AADSTS700024|not within its valid time range/i;

export const AZURE_ERROR_TABLE: ErrorCodeTable = {
  readBody: (body) => {
    const { code, message, correlationId } = readNestedOrOAuthError(body, 'code');
    return {
      ...(code ? { code } : {}),
      ...(message ? { message } : {}),
      ...(correlationId ? { requestId: correlationId } : {}),
    };
  },
  requestIdHeader: 'x-ms-request-id',
  throttled: ({ error }) => codeIn(error.code, AZURE_THROTTLE_CODES),
  clockSkew: ({ error }) => ENTRA_TIME.test(error.message ?? ''),
  authFailed: ({ error }) => codeIn(error.code, AZURE_AUTH_CODES),
  notFound: ({ error }) => codeIn(error.code, AZURE_NOT_FOUND_CODES),
  fallback: { throttled: 'request throttled', clockSkew: 'request time out of range' },
  hint: (errorClass) => (errorClass === 'ClockSkew' ? CLOCK_HINT : ''),
};

export function classifyAzureResponse(
  status: number,
  headers: Record<string, string>,
  body: string,
  now: Date,
): CloudError {
  return classifyErrorReply(AZURE_ERROR_TABLE, { status, headers, body }, now);
}
