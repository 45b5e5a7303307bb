// Huawei Cloud OIDC federation, as the huaweicloud SDK core does it (BaseCredentials →
// CreateTokenWithIdToken, then CreateTemporaryAccessKeyByToken; docs/reference.md#security):
//
//   1. POST https://iam.{region}.myhuaweicloud.com/v3.0/OS-AUTH/id-token/tokens
//      X-Idp-Id: <identity provider>   body {"auth": {"id_token": {"id": "<ServiceAccount token>"}}}
//      → 201, the unscoped federated token in the `X-Subject-Token` header,
//        body {"token": {"expires_at": "…", "methods": ["mapped"], …}}
//   2. POST https://iam.{region}.myhuaweicloud.com/v3.0/OS-CREDENTIAL/securitytokens
//      body {"auth": {"identity": {"methods": ["token"], "token": {"id": "<X-Subject-Token>", "duration_seconds": 3600}}}}
//      → 201 {"credential": {"access", "secret", "securitytoken", "expires_at": "2020-01-08T03:50:07.574000Z"}}
//
// `.myhuaweicloud.eu` serves eu-west-101. Both calls are unsigned: the tokens are the proof.

import {
  credentialsFromReply,
  invalidReply,
  post,
  refusal,
  type TemporaryKeyFields,
} from '../common/exchange-http.js';
import type { KeylessContext, KeylessExchange, KeylessResult } from '../common/keyless.js';
import { domainFor } from './endpoints.js';
import { classifyHuaweiResponse } from './errors.js';

const IAM_DURATION_SECONDS = 3600;
const ID_TOKEN_PATH = '/v3.0/OS-AUTH/id-token/tokens';
const SECURITY_TOKEN_PATH = '/v3.0/OS-CREDENTIAL/securitytokens';

function huaweiIamOrigin(region: string): string {
  return `https://iam.${region}.${domainFor(region)}`;
}

/** `{"credential": {"access", "secret", "securitytoken", "expires_at"}}`. */
const REPLY_FIELDS: TemporaryKeyFields = {
  wrapper: 'credential',
  accessKeyId: 'access',
  accessKeySecret: 'secret',
  securityToken: 'securitytoken',
  expiration: 'expires_at',
};

const JSON_HEADERS = { 'content-type': 'application/json;charset=UTF-8', accept: 'application/json' };

interface FederationRequest {
  origin: string;
  idpID: string;
  token: string;
}

export async function federateWithIdToken(
  deps: KeylessContext,
  request: FederationRequest,
): Promise<KeylessResult> {
  const signal = deps.signal ? { signal: deps.signal } : {};
  const first = 'IAM id-token exchange';
  const federated = await post(deps.transport, {
    url: `${request.origin}${ID_TOKEN_PATH}`,
    headers: { ...JSON_HEADERS, 'x-idp-id': request.idpID },
    body: JSON.stringify({ auth: { id_token: { id: request.token } } }),
    ...signal,
  });
  if (!federated.ok) return { ok: false, error: refusal(federated.error, first, [request.token]) };
  const reply = federated.response;
  if (reply.status < 200 || reply.status >= 300) {
    return {
      ok: false,
      error: refusal(classifyHuaweiResponse(reply, deps.clock.now()), first, [request.token]),
    };
  }
  const subjectToken = reply.headers['x-subject-token'];
  if (!subjectToken) return { ok: false, error: invalidReply(first, 'no X-Subject-Token header', reply) };
  deps.onSecret?.(subjectToken);

  const second = 'IAM securitytokens';
  const keys = await post(deps.transport, {
    url: `${request.origin}${SECURITY_TOKEN_PATH}`,
    headers: JSON_HEADERS,
    body: JSON.stringify({
      auth: {
        identity: { methods: ['token'], token: { id: subjectToken, duration_seconds: IAM_DURATION_SECONDS } },
      },
    }),
    ...signal,
  });
  if (!keys.ok) return { ok: false, error: refusal(keys.error, second, [request.token, subjectToken]) };
  const answer = keys.response;
  if (answer.status < 200 || answer.status >= 300) {
    return {
      ok: false,
      error: refusal(classifyHuaweiResponse(answer, deps.clock.now()), second, [request.token, subjectToken]),
    };
  }
  return credentialsFromReply(answer, second, REPLY_FIELDS);
}

/** OIDC federation at the region's IAM; the audience has no default (the IdP mapping decides it). */
export const huaweiKeyless: KeylessExchange = {
  origin: huaweiIamOrigin,
  exchange: (context, { origin, identity, token }) =>
    federateWithIdToken(context, { origin, idpID: identity.idpID ?? '', token }),
};
