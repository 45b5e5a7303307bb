// Huawei Cloud IAM OIDC federation, as the huaweicloud SDK core and the operator
// (src/providers/huawei-common/iam.ts) call it. Both calls are unsigned: the tokens are the proof.
//
//   POST /v3.0/OS-AUTH/id-token/tokens   X-Idp-Id: <idp>   {"auth": {"id_token": {"id": "<JWT>"}}}
//     → 201, `X-Subject-Token: <federated token>`, {"token": {"expires_at", "methods": ["mapped"], …}}
//   POST /v3.0/OS-CREDENTIAL/securitytokens
//     {"auth": {"identity": {"methods": ["token"], "token": {"id": "<federated token>", "duration_seconds": 3600}}}}
//     → 201 {"credential": {"access", "secret", "securitytoken", "expires_at"}}
//
// The id token is verified against the IdP's provider (signature, iss, aud = its client id, exp,
// nbf); the IdP's mapping must list its `sub`. IAM is Keystone-based: refusals carry Keystone's
// `{"error": {"code", "title", "message"}}`; a malformed request IAM's `{"error_msg", "error_code"}`.

import type { SimContext, SimReply, SimRequest } from '../types.js';
import { subjectAllowed } from '../trust.js';
import { json } from './replies.js';

export const ID_TOKEN_OPERATION = 'CreateTokenWithIdToken';
export const SECURITY_TOKEN_OPERATION = 'CreateTemporaryAccessKeyByToken';
export const ID_TOKEN_PATH = /^\/v3\.0\/OS-AUTH\/id-token\/tokens\/?$/;
export const SECURITY_TOKEN_PATH = /^\/v3\.0\/OS-CREDENTIAL\/securitytokens\/?$/;
/** Federated (unscoped) tokens live 24 hours, as IAM tokens do. */
const FEDERATED_TOKEN_LIFETIME_MS = 24 * 3_600_000;
const MIN_DURATION_SECONDS = 900;
const MAX_DURATION_SECONDS = 86_400;
const DEFAULT_DURATION_SECONDS = 900;

const UNAUTHORIZED = 'The request you have made requires authentication.';
const UNMAPPED =
  'Could not map any federated user properties to identity values. Check debug logs or the mapping used for additional details.';

function keystoneError(status: number, title: string, message: string, requestId: string): SimReply {
  return json(status, requestId, { error: { code: status, title, message } });
}

function badParameter(key: string, requestId: string): SimReply {
  return json(400, requestId, {
    error_msg: `Request parameter ${key} is invalid.`,
    error_code: 'IAM.0007',
    request_id: requestId,
  });
}

function record(value: unknown): Record<string, unknown> | undefined {
  return typeof value === 'object' && value !== null && !Array.isArray(value)
    ? (value as Record<string, unknown>)
    : undefined;
}

/** `body.auth…path` as a string, or undefined (bad JSON included). */
function pick(body: string, path: readonly string[]): unknown {
  let value: unknown;
  try {
    value = JSON.parse(body);
  } catch {
    return undefined;
  }
  for (const key of path) value = record(value)?.[key];
  return value;
}

/** IAM's `expires_at`: microseconds, e.g. `2020-01-08T03:50:07.574000Z`. */
function iamTime(at: Date): string {
  return at.toISOString().replace(/Z$/, '000Z');
}

export async function exchangeIdToken(request: SimRequest, context: SimContext): Promise<SimReply> {
  const requestId = context.requestId();
  const idpId = request.headers['x-idp-id'];
  if (!idpId) return badParameter('X-Idp-Id', requestId);
  const token = pick(request.body, ['auth', 'id_token', 'id']);
  if (typeof token !== 'string' || token === '') return badParameter('auth.id_token.id', requestId);
  const mapping = context.trust.idpMapping(idpId);
  if (!mapping || !context.trust.provider(idpId)) {
    return keystoneError(404, 'Not Found', `Could not find Identity Provider: ${idpId}.`, requestId);
  }
  const check = await context.trust.verify(token, idpId);
  if (!check.ok) {
    return check.reason === 'keys-unavailable'
      ? keystoneError(503, 'Service Unavailable', 'The service is temporarily unavailable.', requestId)
      : keystoneError(401, 'Unauthorized', UNAUTHORIZED, requestId);
  }
  if (!subjectAllowed(mapping.subjects, check.subject)) {
    return keystoneError(401, 'Unauthorized', UNMAPPED, requestId);
  }
  const issuedAt = context.now();
  const expiresAt = new Date(issuedAt.getTime() + FEDERATED_TOKEN_LIFETIME_MS);
  const federated = context.trust.issueFederatedToken({
    idpId,
    subject: check.subject,
    ...(mapping.projectIds ? { projectIds: mapping.projectIds } : {}),
    expiresAt,
  });
  const reply = json(201, requestId, {
    token: {
      expires_at: iamTime(expiresAt),
      issued_at: iamTime(issuedAt),
      methods: ['mapped'],
      user: {
        name: check.subject,
        'OS-FEDERATION': {
          identity_provider: { id: idpId },
          protocol: { id: 'oidc' },
          groups: [],
        },
      },
    },
  });
  return { ...reply, headers: { ...reply.headers, 'x-subject-token': federated } };
}

export async function createSecurityToken(request: SimRequest, context: SimContext): Promise<SimReply> {
  const requestId = context.requestId();
  const methods = pick(request.body, ['auth', 'identity', 'methods']);
  if (!Array.isArray(methods) || !methods.includes('token')) {
    return badParameter('auth.identity.methods', requestId);
  }
  const fromBody = pick(request.body, ['auth', 'identity', 'token', 'id']);
  const id = typeof fromBody === 'string' && fromBody !== '' ? fromBody : request.headers['x-auth-token'];
  const durationValue = pick(request.body, ['auth', 'identity', 'token', 'duration_seconds']);
  const duration = durationValue === undefined ? DEFAULT_DURATION_SECONDS : durationValue;
  if (
    typeof duration !== 'number' ||
    !Number.isInteger(duration) ||
    duration < MIN_DURATION_SECONDS ||
    duration > MAX_DURATION_SECONDS
  ) {
    return badParameter('auth.identity.token.duration_seconds', requestId);
  }
  const federated = id ? context.trust.federatedToken(id) : undefined;
  if (!federated || context.now().getTime() >= federated.expiresAt.getTime()) {
    return keystoneError(401, 'Unauthorized', UNAUTHORIZED, requestId);
  }
  const keys = context.issueCredential({
    lifetimeMs: context.trust.lifetimeMs(duration),
    prefix: '',
    ...(federated.projectIds ? { projectIds: federated.projectIds } : {}),
  });
  return json(201, requestId, {
    credential: {
      access: keys.accessKeyId,
      secret: keys.accessKeySecret,
      securitytoken: keys.securityToken,
      expires_at: iamTime(keys.expiresAt),
    },
  });
}
