// What the two cloud exchanges share: one POST through the injected transport, failures
// classified once. A refusal of the token or the role is AuthFailed whatever code the cloud
// chose (Alibaba answers `EntityNotExist.Role` with 404 and an untrusted `sub` with 400):
// retrying it quickly cannot help. Throttling, 5xx and no answer stay transient.

import { z } from 'zod';
import { scrubSecrets } from './bounds.js';
import { classifyTransportFailure } from './classify.js';
import type { CloudError } from './errors.js';
import type { KeylessResult } from './keyless.js';
import type { HttpRequest, HttpResponse, HttpTransport } from './transport.js';

type PostResult = { ok: true; response: HttpResponse } | { ok: false; error: CloudError };

export async function post(
  transport: HttpTransport,
  request: Omit<HttpRequest, 'method'> & { body: string },
): Promise<PostResult> {
  try {
    return { ok: true, response: await transport({ ...request, method: 'POST' }) };
  } catch (error) {
    return { ok: false, error: classifyTransportFailure(error) };
  }
}

/**
 * A refused exchange: every class that means "this token or role will not do" becomes
 * AuthFailed. `secrets` (the tokens sent) are scrubbed in case the server echoes them.
 */
export function refusal(error: CloudError, what: string, secrets: readonly string[]): CloudError {
  const message = scrubSecrets(error.message, secrets);
  // Any other 4xx (RequestRejected) of an exchange is the STS/IAM refusing the token or the role.
  const refused =
    error.class === 'NotFound' || error.class === 'AuthFailed' || error.class === 'RequestRejected';
  return refused
    ? { ...error, class: 'AuthFailed', message: `${what} refused: ${message}` }
    : { ...error, message: `${what}: ${message}` };
}

export function invalidReply(what: string, why: string, response: HttpResponse): CloudError {
  return { class: 'InvalidResponse', httpStatus: response.status, message: `${what}: ${why}` };
}

/** Where a cloud's exchange reply keeps the temporary keys: an object and its field names. */
export interface TemporaryKeyFields {
  /** The reply's top-level field holding the keys, e.g. `Credentials`. */
  wrapper: string;
  accessKeyId: string;
  accessKeySecret: string;
  securityToken: string;
  /** An ISO 8601 expiry. */
  expiration: string;
}

/** The temporary keys of a 2xx reply, found under `fields`, or InvalidResponse. */
export function credentialsFromReply(
  response: HttpResponse,
  what: string,
  fields: TemporaryKeyFields,
): KeylessResult {
  let json: unknown;
  try {
    json = JSON.parse(response.body);
  } catch {
    return { ok: false, error: invalidReply(what, 'reply is not JSON', response) };
  }
  const key = z.string().min(1);
  const schema = z.object({
    [fields.wrapper]: z.object({
      [fields.accessKeyId]: key,
      [fields.accessKeySecret]: key,
      [fields.securityToken]: key,
      [fields.expiration]: z.string(),
    }),
  });
  const parsed = schema.safeParse(json);
  const keys = parsed.success ? parsed.data[fields.wrapper] : undefined;
  if (!keys) return { ok: false, error: invalidReply(what, 'reply has no complete credentials', response) };
  const expiresAt = new Date(keys[fields.expiration] ?? '');
  if (Number.isNaN(expiresAt.getTime())) {
    return { ok: false, error: invalidReply(what, 'reply has no valid expiry', response) };
  }
  const credentials = {
    accessKeyId: keys[fields.accessKeyId] ?? '',
    accessKeySecret: keys[fields.accessKeySecret] ?? '',
    securityToken: keys[fields.securityToken] ?? '',
  };
  return { ok: true, value: { credentials, expiresAt } };
}
