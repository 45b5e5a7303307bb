// Classification of Azure Resource Manager and Microsoft Entra token error replies
// (docs/providers-next.md#error-tables).
//
// ARM answers `{"error": {"code": "ResourceGroupNotFound", "message": "…"}}` with the request id
// in `x-ms-request-id` and, when throttled, `Retry-After`. Entra's token endpoint answers
// OAuth2's `{"error": "invalid_client", "error_description": "AADSTS7000215: …",
// "error_codes": [7000215], "trace_id": "…", "correlation_id": "…"}`.

import { parseRetryAfterMs } from '../common/classify.js';
import type { CloudError } from '../common/errors.js';
import { classifyReadError, codeIn, readNestedOrOAuthError } from '../cloud-common/classify-cascade.js';

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

export function classifyAzureResponse(
  status: number,
  headers: Record<string, string>,
  body: string,
  now: Date,
): CloudError {
  const { code, message, correlationId } = readNestedOrOAuthError(body, 'code');
  return classifyReadError({
    status,
    code,
    message,
    requestId: headers['x-ms-request-id'] ?? correlationId,
    retryAfterMs: parseRetryAfterMs(headers, now),
    throttled: codeIn(code, AZURE_THROTTLE_CODES),
    clockSkew: ENTRA_TIME.test(message ?? ''),
    authFailed: codeIn(code, AZURE_AUTH_CODES),
    notFound: codeIn(code, AZURE_NOT_FOUND_CODES),
    location: headers.location,
  });
}
