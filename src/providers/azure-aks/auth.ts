// Microsoft Entra client-credentials token request for Azure Resource Manager
// (docs/providers-next.md#authentication).
//
// POST https://login.microsoftonline.com/{tenant}/oauth2/v2.0/token, form body `client_id`,
// `scope` (`https://management.azure.com/.default`), `client_secret`, `grant_type`
// (`client_credentials`): the fields @azure/msal-node sends for
// ConfidentialClientApplication.acquireTokenByClientCredential (checked by the tests).
// Keyless (workload identity federation, docs/keyless.md): the same grant with
// `client_assertion_type` (jwt-bearer) and `client_assertion` (the ServiceAccount token) in
// place of `client_secret`, as msal-node sends it for a `clientAssertion`.

import type { HttpRequest } from '../common/transport.js';

export const ENTRA_HOST = 'login.microsoftonline.com';
export const ARM_SCOPE = 'https://management.azure.com/.default';
export const ENTRA_ORIGIN = `https://${ENTRA_HOST}`;
/** The audience an Entra federated identity credential expects by default. */
export const ENTRA_FEDERATION_AUDIENCE = 'api://AzureADTokenExchange';
export const JWT_BEARER_ASSERTION_TYPE = 'urn:ietf:params:oauth:client-assertion-type:jwt-bearer';
const CLIENT_CREDENTIALS = 'client_credentials';

/** A tenant id (GUID) or a verified domain; nothing that could change the URL's path. */
export const TENANT_ID = /^[A-Za-z0-9][A-Za-z0-9.-]{0,127}$/;

export interface EntraClientSecret {
  tenantID: string;
  clientID: string;
  clientSecret: string;
}

export function entraTokenUrl(tenantID: string, origin = ENTRA_ORIGIN): string {
  if (!TENANT_ID.test(tenantID)) throw new RangeError('tenantID must be a GUID or a domain name');
  return `${origin}/${tenantID}/oauth2/v2.0/token`;
}

/** The form of the client-credentials grant proven by a client assertion (a federated token). */
export function entraAssertionForm(clientID: string, assertion: string, scope = ARM_SCOPE): URLSearchParams {
  return new URLSearchParams({
    client_id: clientID,
    scope,
    client_assertion_type: JWT_BEARER_ASSERTION_TYPE,
    client_assertion: assertion,
    grant_type: CLIENT_CREDENTIALS,
  });
}

/** The token request; `url` is the simulator's in tests (default: Entra's for the tenant). */
export function entraTokenRequest(
  credentials: EntraClientSecret,
  scope = ARM_SCOPE,
  url = entraTokenUrl(credentials.tenantID),
): HttpRequest {
  return {
    method: 'POST',
    url,
    headers: { 'content-type': 'application/x-www-form-urlencoded;charset=utf-8' },
    body: new URLSearchParams({
      client_id: credentials.clientID,
      scope,
      client_secret: credentials.clientSecret,
      grant_type: CLIENT_CREDENTIALS,
    }).toString(),
  };
}
