// AWS STS AssumeRoleWithWebIdentity (keyless EKS, docs/providers-next.md#aws-eks), as
// aws-sdk-js-v3 `clients/client-sts` (awsQuery protocol) sends it:
//
//   POST https://sts.{region}.amazonaws.com/
//   Content-Type: application/x-www-form-urlencoded
//   Action=AssumeRoleWithWebIdentity&Version=2011-06-15&RoleArn=…&RoleSessionName=…
//   &WebIdentityToken=<ServiceAccount token>&DurationSeconds=3600
//
// Anonymous: the token is the proof, there is no signature. The reply is XML:
//   <AssumeRoleWithWebIdentityResponse><AssumeRoleWithWebIdentityResult>
//     <Credentials><AccessKeyId/><SecretAccessKey/><SessionToken/><Expiration/></Credentials> …
// Errors: <ErrorResponse><Error><Type>Sender</Type><Code>InvalidIdentityToken</Code>… (./errors.ts).

import { credentialsFromReply, post, refusal, type TemporaryKeyFields } from '../common/exchange-http.js';
import type { KeylessContext, KeylessExchange, KeylessRequest, KeylessResult } from '../common/keyless.js';
import type { HttpResponse } from '../common/transport.js';
import { awsStsOrigin } from './endpoint.js';
import { classifyAwsResponse } from './errors.js';
import { xmlText } from './xml.js';

/** The audience EKS's IAM roles for service accounts expect unless the watch names another. */
export const AWS_STS_AUDIENCE = 'sts.amazonaws.com';
export const STS_ACTION = 'AssumeRoleWithWebIdentity';
export const STS_API_VERSION = '2011-06-15';
export const STS_DURATION_SECONDS = 3600;
/** RoleSessionName: 2–64 characters of `[\w+=,.@-]`. */
export const AWS_ROLE_SESSION_NAME_MAX = 64;

/** `upgradewatch-<namespace>-<serviceAccount>` in the API's alphabet, at most 64 characters. */
export function awsRoleSessionName(namespace: string, serviceAccount: string): string {
  const name = ['upgradewatch', namespace, serviceAccount].join('-');
  return name.replace(/[^\w+=,.@-]/g, '-').slice(0, AWS_ROLE_SESSION_NAME_MAX);
}

/** `<Credentials><AccessKeyId/><SecretAccessKey/><SessionToken/><Expiration/></Credentials>`. */
const REPLY_FIELDS: TemporaryKeyFields = {
  wrapper: 'Credentials',
  accessKeyId: 'AccessKeyId',
  accessKeySecret: 'SecretAccessKey',
  securityToken: 'SessionToken',
  expiration: 'Expiration',
};

/** The reply's XML credentials as the JSON record `credentialsFromReply` checks. */
function asJsonReply(response: HttpResponse): HttpResponse {
  const field = (name: string) => xmlText(response.body, name, REPLY_FIELDS.wrapper);
  const keys = [
    REPLY_FIELDS.accessKeyId,
    REPLY_FIELDS.accessKeySecret,
    REPLY_FIELDS.securityToken,
    REPLY_FIELDS.expiration,
  ];
  const record = Object.fromEntries(keys.map((name) => [name, field(name)]));
  return { ...response, body: JSON.stringify({ [REPLY_FIELDS.wrapper]: record }) };
}

/** STS's "could not reach your identity provider": transient, so not a refusal of the token. */
const IDP_UNREACHABLE = 'IDPCommunicationError';
const FORM_HEADERS = { 'content-type': 'application/x-www-form-urlencoded', accept: 'text/xml' };

export async function assumeRoleWithWebIdentity(
  deps: KeylessContext,
  request: KeylessRequest,
): Promise<KeylessResult> {
  const { identity } = request;
  const form = new URLSearchParams([
    ['Action', STS_ACTION],
    ['Version', STS_API_VERSION],
    ['RoleArn', identity.roleARN ?? ''],
    ['RoleSessionName', awsRoleSessionName(request.namespace, identity.serviceAccountName)],
    ['WebIdentityToken', request.token],
    ['DurationSeconds', String(STS_DURATION_SECONDS)],
  ]);
  const signal = deps.signal ? { signal: deps.signal } : {};
  const secrets = [request.token];
  const sent = await post(deps.transport, {
    url: `${request.origin}/`,
    headers: FORM_HEADERS,
    body: form.toString(),
    ...signal,
  });
  if (!sent.ok) return { ok: false, error: refusal(sent.error, STS_ACTION, secrets) };
  const { status, headers, body } = sent.response;
  if (status < 200 || status >= 300) {
    const error = classifyAwsResponse(status, headers, body, deps.clock.now(), secrets);
    if (error.code === IDP_UNREACHABLE) {
      return {
        ok: false,
        error: { ...error, class: 'ServerError', message: `${STS_ACTION}: ${error.message}` },
      };
    }
    return { ok: false, error: refusal(error, STS_ACTION, secrets) };
  }
  return credentialsFromReply(asJsonReply(sent.response), STS_ACTION, REPLY_FIELDS);
}

/** IRSA: AssumeRoleWithWebIdentity at the region's STS, audience `sts.amazonaws.com` by default. */
export const awsKeyless: KeylessExchange = {
  defaultAudience: AWS_STS_AUDIENCE,
  origin: awsStsOrigin,
  exchange: assumeRoleWithWebIdentity,
};
