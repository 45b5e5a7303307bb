// AzureAKS keyless credentials (docs/keyless.md, "Microsoft Entra: workload identity
// federation"): the ServiceAccount token is the client assertion of Entra's client-credentials
// grant for the app `workloadIdentity.clientID` in `workloadIdentity.tenantID`:
//
//   POST https://login.microsoftonline.com/{tenantID}/oauth2/v2.0/token
//   client_id=…&scope=https://management.azure.com/.default
//   &client_assertion_type=urn:ietf:params:oauth:client-assertion-type:jwt-bearer
//   &client_assertion=<ServiceAccount token>&grant_type=client_credentials
//
// Entra checks the token against the app's federated identity credentials (issuer, subject,
// audience `api://AzureADTokenExchange` by default) and answers an ARM access token; a refusal
// (`invalid_client`, AADSTS70021 "No matching federated identity record found") is AuthFailed.

import type { KeylessContext, KeylessExchange, KeylessRequest, KeylessResult } from '../common/keyless.js';
import { exchangeForAccessToken } from '../cloud-common/bearer-exchange.js';
import {
  ENTRA_FEDERATION_AUDIENCE,
  ENTRA_ORIGIN,
  entraAssertionForm,
  entraTokenUrl,
  TENANT_ID,
} from './auth.js';
import { AZURE_ERROR_TABLE } from './errors.js';

const WHAT = 'Entra client assertion';

export function exchangeEntraAssertion(
  context: KeylessContext,
  request: KeylessRequest,
): Promise<KeylessResult> {
  const { tenantID = '', clientID = '' } = request.identity;
  if (!TENANT_ID.test(tenantID) || clientID === '') {
    // The CRD requires both; a spec that got past it gets a clear answer, no request.
    const message = 'workloadIdentity.tenantID and workloadIdentity.clientID are required for AzureAKS';
    return Promise.resolve({ ok: false, error: { class: 'AuthFailed', message } });
  }
  return exchangeForAccessToken(context, {
    what: WHAT,
    url: entraTokenUrl(tenantID, request.origin),
    form: entraAssertionForm(clientID, request.token),
    errors: AZURE_ERROR_TABLE,
    secrets: [request.token],
  });
}

/** Entra ID is global: one origin for every region. */
export const azureKeyless: KeylessExchange = {
  defaultAudience: ENTRA_FEDERATION_AUDIENCE,
  origin: () => ENTRA_ORIGIN,
  exchange: exchangeEntraAssertion,
};
