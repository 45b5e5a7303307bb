// AWS STS `AssumeRoleWithWebIdentity`, anonymous awsQuery, as aws-sdk-js-v3 client-sts and the
// operator (src/providers/aws-eks/sts.ts) send it: `POST /` with the form body
// `Action=AssumeRoleWithWebIdentity&Version=2011-06-15&RoleArn&RoleSessionName&WebIdentityToken
// [&DurationSeconds]` (a GET with the same query works too).
//
// Checks, in order: the parameters are there and well formed; the role exists; the token
// verifies against the role's OIDC provider (signature, iss, aud, exp, nbf — ../trust.ts); the
// role trusts the token's `sub`. Then temporary keys (`ASIA…`) are issued for the scenario's
// credentialLifetime, else DurationSeconds. Refusals are STS's XML errors.

import type { SimContext, SimReply, SimRequest } from '../types.js';
import { subjectAllowed, type TokenCheck } from '../trust.js';
import { stsError, stsXml, xmlElements, type AwsError } from './replies.js';
import { OPERATIONS, stsParameters } from './routes.js';

export const STS_VERSION = '2011-06-15';
const MIN_DURATION_SECONDS = 900;
const MAX_DURATION_SECONDS = 43_200;
const DEFAULT_DURATION_SECONDS = 3600;
const REQUIRED = ['RoleArn', 'RoleSessionName', 'WebIdentityToken'] as const;
const SESSION_NAME = /^[\w+=,.@-]{2,64}$/;
const NAMESPACE = 'https://sts.amazonaws.com/doc/2011-06-15/';

export const STS_ERRORS = {
  accessDenied: {
    status: 403,
    code: 'AccessDenied',
    message: 'Not authorized to perform sts:AssumeRoleWithWebIdentity',
  },
  invalidToken: {
    status: 400,
    code: 'InvalidIdentityToken',
    message: 'The ID Token provided is not a valid JWT. (You may see this error if you sent an Access Token)',
  },
  expiredToken: {
    status: 400,
    code: 'ExpiredTokenException',
    message: 'Token expired: current date/time must be before the expiration date/time',
  },
  idpUnreachable: {
    status: 400,
    code: 'IDPCommunicationError',
    message:
      "Couldn't retrieve verification key from your identity provider, please reference AssumeRoleWithWebIdentity documentation for requirements",
  },
  validation: { status: 400, code: 'ValidationError', message: '1 validation error detected' },
} as const satisfies Record<string, AwsError>;

function refusalFor(check: Exclude<TokenCheck, { ok: true }>): { error: AwsError; message?: string } {
  switch (check.reason) {
    case 'expired':
      return { error: STS_ERRORS.expiredToken };
    case 'keys-unavailable':
      return {
        error: STS_ERRORS.idpUnreachable,
        message: `${STS_ERRORS.idpUnreachable.message} (${check.detail})`,
      };
    case 'unknown-provider':
      return {
        error: STS_ERRORS.invalidToken,
        message: 'No OpenIDConnect provider found in your account for this token',
      };
    case 'audience':
      return { error: STS_ERRORS.invalidToken, message: 'Incorrect token audience' };
    default:
      return {
        error: STS_ERRORS.invalidToken,
        message: `${STS_ERRORS.invalidToken.message} ${check.detail}`,
      };
  }
}

/** `arn:aws:iam::<account>:role/<name>` → `arn:aws:sts::<account>:assumed-role/<name>/<session>`. */
function assumedRoleArn(roleArn: string, session: string): string {
  return `${roleArn.replace(':iam::', ':sts::').replace(':role/', ':assumed-role/')}/${session}`;
}

/** `2024-12-06T11:00:00Z`: STS reports expiry to the second. */
function stsTime(at: Date): string {
  return at.toISOString().replace(/\.\d{3}Z$/, 'Z');
}

export async function assumeRoleWithWebIdentity(request: SimRequest, context: SimContext): Promise<SimReply> {
  const requestId = context.requestId();
  const fail = (error: AwsError, message?: string) => stsError(error, requestId, message);
  const params = stsParameters(request);
  const missing = REQUIRED.find((name) => !params[name]);
  if (missing) {
    return fail(
      STS_ERRORS.validation,
      `1 validation error detected: Value null at '${missing.charAt(0).toLowerCase()}${missing.slice(1)}' failed to satisfy constraint: Member must not be null`,
    );
  }
  if (params['Version'] !== STS_VERSION) {
    return fail({
      status: 400,
      code: 'InvalidAction',
      message: `Could not find operation ${OPERATIONS.assumeRoleWithWebIdentity} for version ${params['Version'] ?? 'NO_VERSION_SPECIFIED'}`,
    });
  }
  const duration =
    params['DurationSeconds'] === undefined ? DEFAULT_DURATION_SECONDS : Number(params['DurationSeconds']);
  if (!Number.isInteger(duration) || duration < MIN_DURATION_SECONDS || duration > MAX_DURATION_SECONDS) {
    return fail(
      STS_ERRORS.validation,
      'The requested DurationSeconds exceeds the MaxSessionDuration set for this role.',
    );
  }
  const session = params['RoleSessionName'] ?? '';
  if (!SESSION_NAME.test(session)) {
    return fail(
      STS_ERRORS.validation,
      `1 validation error detected: Value at 'roleSessionName' failed to satisfy constraint: Member must satisfy regular expression pattern: [\\w+=,.@-]*`,
    );
  }

  const roleArn = params['RoleArn'] ?? '';
  const role = context.trust.role(roleArn);
  if (!role) return fail(STS_ERRORS.accessDenied);
  const check = await context.trust.verify(params['WebIdentityToken'] ?? '', role.oidcProviderArn);
  if (!check.ok) {
    const { error, message } = refusalFor(check);
    return fail(error, message);
  }
  if (!subjectAllowed(role.subjects, check.subject)) return fail(STS_ERRORS.accessDenied);

  const keys = context.issueCredential({ lifetimeMs: context.trust.lifetimeMs(duration), prefix: 'ASIA' });
  const account = /::(\d{12}):/.exec(roleArn)?.[1] ?? '000000000000';
  const result = xmlElements({
    AssumeRoleWithWebIdentityResult: {
      SubjectFromWebIdentityToken: check.subject,
      Audience: check.audiences.join(','),
      AssumedRoleUser: {
        Arn: assumedRoleArn(roleArn, session),
        AssumedRoleId: `AROA${account}${requestId.replace(/\W/g, '').slice(0, 9).toUpperCase()}:${session}`,
      },
      Credentials: {
        SessionToken: keys.securityToken,
        SecretAccessKey: keys.accessKeySecret,
        Expiration: stsTime(keys.expiresAt),
        AccessKeyId: keys.accessKeyId,
      },
      Provider: check.issuer,
    },
    ResponseMetadata: { RequestId: requestId },
  });
  return stsXml(
    200,
    `<AssumeRoleWithWebIdentityResponse xmlns="${NAMESPACE}">${result}</AssumeRoleWithWebIdentityResponse>\n`,
    requestId,
  );
}
