// Alibaba Cloud AssumeRoleWithOIDC (RRSA), as aliyun/credentials-nodejs
// `src/providers/oidc_role_arn.ts` sends it (docs/reference.md#security):
//
//   POST https://sts.{region}.aliyuncs.com/?Action=AssumeRoleWithOIDC&Version=2015-04-01&Format=JSON&Timestamp=…
//   Content-Type: application/x-www-form-urlencoded
//   OIDCProviderArn=…&OIDCToken=<ServiceAccount token>&RoleArn=…&RoleSessionName=…&DurationSeconds=3600
//
// Anonymous: the OIDC token is the proof, there is no signature. The reply:
//   {"RequestId", "Credentials": {"AccessKeyId", "AccessKeySecret", "SecurityToken",
//    "Expiration": "2021-10-20T04:27:09Z"}, "AssumedRoleUser": {…}, "OIDCTokenInfo": {…}}

import { credentialsFromReply, post, refusal, type TemporaryKeyFields } from '../common/exchange-http.js';
import type { KeylessContext, KeylessExchange, KeylessResult } from '../common/keyless.js';
import { formatTime } from '../common/time.js';
import { classifyAlibabaErrorResponse } from './errors.js';

/** The audience RRSA tokens carry unless the watch names another. */
export const ALIBABA_DEFAULT_AUDIENCE = 'sts.aliyuncs.com';
const STS_API_VERSION = '2015-04-01';
const STS_DURATION_SECONDS = 3600;
/** RoleSessionName: 2–64 characters of `[A-Za-z0-9.@_-]`. */
const ROLE_SESSION_NAME_MAX = 64;

function alibabaStsOrigin(region: string): string {
  return `https://sts.${region}.aliyuncs.com`;
}

/**
 * `upgradewatch-<namespace>-<serviceAccount>`, characters outside the API's set replaced by
 * `-`, trimmed to 64. (Kubernetes names only use allowed characters; the guard is for safety.)
 */
export function roleSessionName(namespace: string, serviceAccount: string): string {
  return `upgradewatch-${namespace}-${serviceAccount}`
    .replace(/[^A-Za-z0-9.@_-]/g, '-')
    .slice(0, ROLE_SESSION_NAME_MAX);
}

/** `{"Credentials": {"AccessKeyId", "AccessKeySecret", "SecurityToken", "Expiration"}}`. */
const REPLY_FIELDS: TemporaryKeyFields = {
  wrapper: 'Credentials',
  accessKeyId: 'AccessKeyId',
  accessKeySecret: 'AccessKeySecret',
  securityToken: 'SecurityToken',
  expiration: 'Expiration',
};

interface AssumeRoleWithOidcRequest {
  origin: string;
  roleARN: string;
  oidcProviderARN: string;
  token: string;
  sessionName: string;
}

export async function assumeRoleWithOidc(
  deps: KeylessContext,
  request: AssumeRoleWithOidcRequest,
): Promise<KeylessResult> {
  const what = 'AssumeRoleWithOIDC';
  const query = new URLSearchParams({
    Action: 'AssumeRoleWithOIDC',
    Version: STS_API_VERSION,
    Format: 'JSON',
    Timestamp: formatTime(deps.clock.now()), // the SDK's form: `2015-04-09T11:52:19Z`
  });
  const body = new URLSearchParams({
    OIDCProviderArn: request.oidcProviderARN,
    OIDCToken: request.token,
    RoleArn: request.roleARN,
    RoleSessionName: request.sessionName,
    DurationSeconds: String(STS_DURATION_SECONDS),
  });
  const sent = await post(deps.transport, {
    url: `${request.origin}/?${query.toString()}`,
    headers: { 'content-type': 'application/x-www-form-urlencoded', accept: 'application/json' },
    body: body.toString(),
    ...(deps.signal ? { signal: deps.signal } : {}),
  });
  if (!sent.ok) return { ok: false, error: refusal(sent.error, what, [request.token]) };
  const response = sent.response;
  if (response.status < 200 || response.status >= 300) {
    const error = classifyAlibabaErrorResponse(response, { now: deps.clock.now(), secrets: [request.token] });
    return { ok: false, error: refusal(error, what, [request.token]) };
  }
  return credentialsFromReply(response, what, REPLY_FIELDS);
}

/** RRSA: AssumeRoleWithOIDC at the region's STS, audience `sts.aliyuncs.com` by default. */
export const alibabaKeyless: KeylessExchange = {
  defaultAudience: ALIBABA_DEFAULT_AUDIENCE,
  origin: alibabaStsOrigin,
  exchange: (context, { origin, identity, token, namespace }) =>
    assumeRoleWithOidc(context, {
      origin,
      roleARN: identity.roleARN ?? '',
      oidcProviderARN: identity.oidcProviderARN ?? '',
      token,
      sessionName: roleSessionName(namespace, identity.serviceAccountName),
    }),
};
