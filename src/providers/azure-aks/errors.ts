// Classification of Azure Resource Manager and Microsoft Entra token error replies
// (docs/providers-next.md#error-tables).
//
// ARM answers `{"error": {"code": "ResourceGroupNotFound", "message": "…"}}` with the request id
// in `x-ms-request-id` and, when throttled, `Retry-After`. Entra's token endpoint answers
// OAuth2's `{"error": "invalid_client", "error_description": "AADSTS7000215: …",
// "error_codes": [7000215], "trace_id": "…", "correlation_id": "…"}`.

import type { ErrorCodeTable } from '../common/error-reply.js';
import { bearerCodeTable, replyClassifier } from '../cloud-common/bearer-code-table.js';
import { readNestedOrOAuthError } from '../cloud-common/classify-cascade.js';

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

export const AZURE_ERROR_TABLE: ErrorCodeTable = bearerCodeTable({
  readBody: (body) => {
    const { code, message, correlationId } = readNestedOrOAuthError(body, 'code');
    return {
      ...(code ? { code } : {}),
      ...(message ? { message } : {}),
      ...(correlationId ? { requestId: correlationId } : {}),
    };
  },
  requestIdHeader: 'x-ms-request-id',
  throttle: AZURE_THROTTLE_CODES,
  auth: AZURE_AUTH_CODES,
  notFound: AZURE_NOT_FOUND_CODES,
  clockSkew: ({ error }) => ENTRA_TIME.test(error.message ?? ''),
});

export const classifyAzureResponse = replyClassifier(AZURE_ERROR_TABLE);
