// GoogleGKE keyless credentials (docs/keyless.md, "Google Cloud: Workload Identity Federation"):
// Google STS's token exchange (the sts/v1 discovery document's `v1.token`, request
// GoogleIdentityStsV1ExchangeTokenRequest), sent form-encoded as google-auth-library's
// StsCredentials sends it:
//
//   POST https://sts.googleapis.com/v1/token
//   grant_type=urn:ietf:params:oauth:grant-type:token-exchange
//   &audience=//iam.googleapis.com/projects/<number>/locations/global/workloadIdentityPools/<pool>/providers/<provider>
//   &scope=https://www.googleapis.com/auth/cloud-platform
//   &requested_token_type=urn:ietf:params:oauth:token-type:access_token
//   &subject_token=<ServiceAccount token>&subject_token_type=urn:ietf:params:oauth:token-type:jwt
//
// The federated access token is used directly on the GKE API (direct resource access: the IAM
// binding names the pool's principal); service-account impersonation is not built. A refusal
// (`invalid_grant`, `unauthorized_client`, …) is AuthFailed.

import type { WorkloadIdentity } from '../../api/types.js';
import type { KeylessContext, KeylessExchange, KeylessRequest, KeylessResult } from '../common/keyless.js';
import { exchangeForAccessToken } from '../cloud-common/bearer-exchange.js';
import { CLOUD_PLATFORM_SCOPE } from './auth.js';
import { GOOGLE_ERROR_TABLE } from './errors.js';

export const GOOGLE_STS_ORIGIN = 'https://sts.googleapis.com';
export const GOOGLE_STS_PATH = '/v1/token';
export const TOKEN_EXCHANGE_GRANT = 'urn:ietf:params:oauth:grant-type:token-exchange';
export const ACCESS_TOKEN_TYPE = 'urn:ietf:params:oauth:token-type:access_token';
export const JWT_TOKEN_TYPE = 'urn:ietf:params:oauth:token-type:jwt';

const WHAT = 'Google STS token exchange';

/** The token-exchange form for a pool provider (the STS `audience`) and a subject token. */
export function stsExchangeForm(poolProvider: string, subjectToken: string): URLSearchParams {
  return new URLSearchParams({
    grant_type: TOKEN_EXCHANGE_GRANT,
    audience: poolProvider,
    scope: CLOUD_PLATFORM_SCOPE,
    requested_token_type: ACCESS_TOKEN_TYPE,
    subject_token: subjectToken,
    subject_token_type: JWT_TOKEN_TYPE,
  });
}

export function exchangeWithGoogleSts(
  context: KeylessContext,
  request: KeylessRequest,
): Promise<KeylessResult> {
  const poolProvider = request.identity.poolProvider ?? '';
  if (poolProvider === '') {
    // The CRD requires it; a spec that got past it gets a clear answer, no request.
    const message = 'workloadIdentity.poolProvider is required for GoogleGKE';
    return Promise.resolve({ ok: false, error: { class: 'AuthFailed', message } });
  }
  return exchangeForAccessToken(context, {
    what: WHAT,
    url: `${request.origin}${GOOGLE_STS_PATH}`,
    form: stsExchangeForm(poolProvider, request.token),
    errors: GOOGLE_ERROR_TABLE,
    secrets: [request.token],
  });
}

/** A pool provider's allowed audiences default to its own full name: so does the token's. */
export const googleKeyless: KeylessExchange = {
  defaultAudience: (identity: WorkloadIdentity) => identity.poolProvider,
  origin: () => GOOGLE_STS_ORIGIN,
  exchange: exchangeWithGoogleSts,
};
