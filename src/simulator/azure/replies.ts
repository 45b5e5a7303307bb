// Azure's real reply shapes (docs/simulator.md#azure-aks): ARM answers
// `{"error": {"code", "message"}}` with `x-ms-request-id`; Entra answers OAuth2's
// `{"error", "error_description": "AADSTS…", "error_codes", "timestamp", "trace_id",
// "correlation_id"}`. Texts are Azure's wording.

import { jsonReply } from '../oauth/json-reply.js';
import type { SimReply } from '../types.js';

export function armError(
  status: number,
  code: string,
  message: string,
  requestId: string,
  headers: Record<string, string> = {},
): SimReply {
  return jsonReply(
    status,
    { error: { code, message } },
    {
      'x-ms-request-id': requestId,
      'x-ms-correlation-request-id': requestId,
      ...headers,
    },
  );
}

export const ARM_TEXT = {
  missingHeader: "Authentication failed. The 'Authorization' header is missing.",
  invalidToken: 'The access token is invalid.',
  internal:
    'Encountered internal server error. Diagnostic information: timestamp, subscription id, tracking id.',
} as const;

export function expiredToken(expiredAt: Date, now: Date, requestId: string): SimReply {
  const utc = (date: Date) =>
    date
      .toISOString()
      .replace('T', ' ')
      .replace(/\.\d+Z$/, '');
  return armError(
    401,
    'ExpiredAuthenticationToken',
    `The access token expiry UTC time '${utc(expiredAt)}' is earlier than current UTC time '${utc(now)}'.`,
    requestId,
  );
}

export function throttled(subscription: string, requestId: string, retryAfterSeconds = 17): SimReply {
  return armError(
    429,
    'SubscriptionRequestsThrottled',
    `Number of 'read' requests for subscription '${subscription}' exceeded. Please try again after ` +
      `'${retryAfterSeconds}' seconds after additional tokens are available.`,
    requestId,
    { 'retry-after': String(retryAfterSeconds) },
  );
}

export function authorizationFailed(clientID: string, scope: string, requestId: string): SimReply {
  return armError(
    403,
    'AuthorizationFailed',
    `The client '${clientID}' with object id '${clientID}' does not have authorization to perform action ` +
      `'Microsoft.ContainerService/managedClusters/read' over scope '${scope}' or the scope is invalid. ` +
      'If access was recently granted, please refresh your credentials.',
    requestId,
  );
}

export function resourceNotFound(name: string, group: string, requestId: string): SimReply {
  return armError(
    404,
    'ResourceNotFound',
    `The Resource 'Microsoft.ContainerService/managedClusters/${name}' under resource group '${group}' ` +
      'was not found. For more details please go to https://aka.ms/ARMResourceNotFoundFix',
    requestId,
  );
}

export function resourceGroupNotFound(group: string, requestId: string): SimReply {
  return armError(404, 'ResourceGroupNotFound', `Resource group '${group}' could not be found.`, requestId);
}

/** An Entra refusal: OAuth2 error, AADSTS code in the description and in `error_codes`. */
export function entraError(
  status: number,
  error: string,
  aadsts: number,
  text: string,
  requestId: string,
): SimReply {
  return jsonReply(
    status,
    {
      error,
      error_description: `AADSTS${aadsts}: ${text} Trace ID: ${requestId} Correlation ID: ${requestId}`,
      error_codes: [aadsts],
      trace_id: requestId,
      correlation_id: requestId,
    },
    { 'x-ms-request-id': requestId },
  );
}

export const ENTRA = {
  badSecret: [
    401,
    'invalid_client',
    7000215,
    'Invalid client secret provided. Ensure the secret being sent in the request is the client secret value, not the client secret ID.',
  ],
  unknownApp: [
    400,
    'unauthorized_client',
    700016,
    'Application with identifier was not found in the directory.',
  ],
  unknownTenant: [
    400,
    'invalid_request',
    90002,
    'Tenant not found. Check to make sure you have the correct tenant ID and are signing into the correct cloud.',
  ],
  badScope: [
    400,
    'invalid_scope',
    1002012,
    'The provided value for scope is not valid. Client credential flows must have a scope value with /.default suffixed to the resource identifier (application ID URI).',
  ],
  badGrant: [400, 'unsupported_grant_type', 70003, 'The app requested an unsupported grant type.'],
  clockSkew: [400, 'invalid_client', 700024, 'Client assertion is not within its valid time range.'],
  // Federated client assertions (./federation.ts); statuses are ours (see docs/keyless.md).
  noFederatedMatch: [
    400,
    'invalid_client',
    70021,
    'No matching federated identity record found for presented assertion.',
  ],
  badAssertionSignature: [400, 'invalid_client', 50013, 'Assertion failed signature validation.'],
  badAssertionType: [400, 'invalid_request', 700023, 'Invalid client assertion type.'],
  // An issuer whose keys cannot be fetched: Entra's "request to External OIDC endpoint failed".
  issuerUnreachable: [503, 'temporarily_unavailable', 50166, 'Request to External OIDC endpoint failed.'],
} as const satisfies Record<string, readonly [number, string, number, string]>;

export function entra(which: keyof typeof ENTRA, requestId: string): SimReply {
  const [status, error, code, text] = ENTRA[which];
  return entraError(status, error, code, text, requestId);
}
