// Alibaba Cloud STS `AssumeRoleWithOIDC` (RRSA), anonymous RPC style, as aliyun/credentials-nodejs
// (`src/providers/oidc_role_arn.ts`) and the operator (src/providers/alibaba-common/sts.ts) send it:
//
//   POST /?Action=AssumeRoleWithOIDC&Version=2015-04-01&Format=JSON&Timestamp=…
//   OIDCProviderArn=…&OIDCToken=…&RoleArn=…&RoleSessionName=…&DurationSeconds=3600   (form body)
//
// Checks, in order: the parameters are there; the OIDC provider and the role exist; the token
// verifies against the provider (signature, iss, aud ∈ the provider's client ids, exp, nbf); the
// role trusts that provider and lists the token's `sub`. Then temporary keys are issued (the
// scenario's credentialLifetime, else DurationSeconds). Refusals carry the codes the official
// SDKs' tests and ACK's RRSA guide show (docs/keyless.md, "Refusals, and where their shapes come from").

import type { SimContext, SimReply, SimRequest } from '../types.js';
import { subjectAllowed, type TokenCheck } from '../trust.js';
import { gatewayError, ok, type GatewayError } from './replies.js';

export const STS_ACTION = 'AssumeRoleWithOIDC';
const MIN_DURATION_SECONDS = 900;
const MAX_DURATION_SECONDS = 43_200;
const DEFAULT_DURATION_SECONDS = 3600;
const REQUIRED = ['OIDCProviderArn', 'OIDCToken', 'RoleArn', 'RoleSessionName'] as const;
const SESSION_NAME = /^[A-Za-z0-9.@_-]{2,64}$/;

export const STS_ERRORS = {
  tokenExpired: {
    status: 400,
    code: 'AuthenticationFail.OIDCToken.Expired',
    message: 'This JsonWebToken is expired.',
  },
  tokenInvalid: {
    status: 400,
    code: 'AuthenticationFail.OIDCToken.Invalid',
    message: 'The OIDCToken is invalid.',
  },
  noPermission: {
    status: 400,
    code: 'AuthenticationFail.NoPermission',
    message: 'No permission perform sts:AssumeRole, please check the trust policy of the role.',
  },
  providerNotFound: {
    status: 404,
    code: 'EntityNotExist.OIDCProvider',
    message: 'The specified OIDC provider does not exist.',
  },
  roleNotFound: { status: 404, code: 'EntityNotExist.Role', message: 'The specified Role not exists.' },
  badDuration: {
    status: 400,
    code: 'InvalidParameter.DurationSeconds',
    message: 'The parameter DurationSeconds is invalid.',
  },
  badSessionName: {
    status: 400,
    code: 'InvalidParameter.RoleSessionName',
    message: 'The parameter RoleSessionName is wrongly formed.',
  },
  unavailable: {
    status: 503,
    code: 'ServiceUnavailable',
    message: 'The request has failed due to a temporary failure of the server.',
  },
} as const satisfies Record<string, GatewayError>;

export function isStsRequest(request: SimRequest): boolean {
  const path = request.rawPath.replace(/\/+$/, '');
  return request.method === 'POST' && path === '' && request.query['Action'] === STS_ACTION;
}

/** RPC parameters: the query, then the form body (the body wins, as the gateway reads both). */
function parameters(request: SimRequest): Record<string, string> {
  return { ...request.query, ...Object.fromEntries(new URLSearchParams(request.body)) };
}

/** `acs:ram::<account>:role/<name>` → `acs:sts::<account>:assumed-role/<name>/<session>`. */
function assumedRoleArn(roleArn: string, session: string): string {
  return `${roleArn.replace(/^acs:ram::/, 'acs:sts::').replace(':role/', ':assumed-role/')}/${session}`;
}

/** `2021-10-20T04:27:09Z`: STS reports expiry to the second (rounded down, never later). */
function stsTime(at: Date): string {
  return at.toISOString().replace(/\.\d{3}Z$/, 'Z');
}

function refusalFor(check: Exclude<TokenCheck, { ok: true }>): { error: GatewayError; message: string } {
  switch (check.reason) {
    case 'expired':
      return { error: STS_ERRORS.tokenExpired, message: STS_ERRORS.tokenExpired.message };
    case 'keys-unavailable':
      // The simulator could not load the provider's keys: say why (a setup problem, no secret).
      return { error: STS_ERRORS.unavailable, message: `${STS_ERRORS.unavailable.message} ${check.detail}` };
    case 'unknown-provider':
      return { error: STS_ERRORS.providerNotFound, message: STS_ERRORS.providerNotFound.message };
    default:
      // Signature, issuer, audience (the provider's client ids) or nbf: the token is not valid here.
      return {
        error: STS_ERRORS.tokenInvalid,
        message: `${STS_ERRORS.tokenInvalid.message} ${check.detail}`,
      };
  }
}

export async function assumeRoleWithOidc(request: SimRequest, context: SimContext): Promise<SimReply> {
  const requestId = context.requestId();
  const host = request.headers['host'] ?? 'sts.aliyuncs.com';
  const fail = (error: GatewayError, message?: string) =>
    gatewayError(error, { requestId, host, ...(message ? { message } : {}) });
  const params = parameters(request);
  const missing = REQUIRED.find((name) => !params[name]);
  if (missing) {
    return fail(
      { status: 400, code: `Missing${missing}`, message: `${missing} is mandatory for this action.` },
      undefined,
    );
  }
  const durationText = params['DurationSeconds'];
  const duration = durationText === undefined ? DEFAULT_DURATION_SECONDS : Number(durationText);
  if (!Number.isInteger(duration) || duration < MIN_DURATION_SECONDS || duration > MAX_DURATION_SECONDS)
    return fail(STS_ERRORS.badDuration);
  const session = params['RoleSessionName'] ?? '';
  if (!SESSION_NAME.test(session)) return fail(STS_ERRORS.badSessionName);

  const providerArn = params['OIDCProviderArn'] ?? '';
  const roleArn = params['RoleArn'] ?? '';
  if (!context.trust.provider(providerArn)) return fail(STS_ERRORS.providerNotFound);
  const role = context.trust.role(roleArn);
  if (!role) return fail(STS_ERRORS.roleNotFound, `The specified Role not exists: ${roleArn}.`);
  const check = await context.trust.verify(params['OIDCToken'] ?? '', providerArn);
  if (!check.ok) {
    const { error, message } = refusalFor(check);
    return fail(error, message);
  }
  if (role.oidcProviderArn !== providerArn || !subjectAllowed(role.subjects, check.subject)) {
    return fail(STS_ERRORS.noPermission);
  }

  const keys = context.issueCredential({ lifetimeMs: context.trust.lifetimeMs(duration), prefix: 'STS.' });
  return ok(
    {
      RequestId: requestId,
      AssumedRoleUser: {
        Arn: assumedRoleArn(roleArn, session),
        AssumedRoleId: `3${requestId.replace(/\D/g, '').slice(0, 17).padEnd(17, '0')}:${session}`,
      },
      Credentials: {
        AccessKeyId: keys.accessKeyId,
        AccessKeySecret: keys.accessKeySecret,
        SecurityToken: keys.securityToken,
        Expiration: stsTime(keys.expiresAt),
      },
      OIDCTokenInfo: {
        Subject: check.subject,
        Issuer: check.issuer,
        ClientIds: check.audiences.join(','),
      },
    },
    requestId,
  );
}
