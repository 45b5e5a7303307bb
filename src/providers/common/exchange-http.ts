// What the two cloud exchanges share: one POST through the injected transport, failures
// classified once. A refusal of the token or the role is AuthFailed whatever code the cloud
// chose (Alibaba answers `EntityNotExist.Role` with 404 and an untrusted `sub` with 400):
// retrying it quickly cannot help. Throttling, 5xx and no answer stay transient.

import type { z } from 'zod';
import { scrubSecrets } from './bounds.js';
import { classifyTransportFailure } from './classify.js';
import type { CloudError } from './errors.js';
import type { KeylessResult } from './keyless.js';
import type { HttpRequest, HttpResponse, HttpTransport } from './transport.js';

export type PostResult = { ok: true; response: HttpResponse } | { ok: false; error: CloudError };

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

/** The temporary keys of a 2xx reply, as `pick` finds them, or InvalidResponse. */
export function credentialsFromReply<T>(
  response: HttpResponse,
  what: string,
  schema: z.ZodType<T>,
  pick: (reply: T) => {
    accessKeyId: string;
    accessKeySecret: string;
    securityToken: string;
    expiration: string;
  },
): KeylessResult {
  let json: unknown;
  try {
    json = JSON.parse(response.body);
  } catch {
    return { ok: false, error: invalidReply(what, 'reply is not JSON', response) };
  }
  const parsed = schema.safeParse(json);
  if (!parsed.success)
    return { ok: false, error: invalidReply(what, 'reply has no complete credentials', response) };
  const { expiration, ...credentials } = pick(parsed.data);
  const expiresAt = new Date(expiration);
  if (Number.isNaN(expiresAt.getTime())) {
    return { ok: false, error: invalidReply(what, 'reply has no valid expiry', response) };
  }
  return { ok: true, value: { credentials, expiresAt } };
}
