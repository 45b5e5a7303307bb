// Classify a non-2xx Alibaba Cloud reply into a CloudError (docs/reference.md#error-classes). Alibaba error bodies come
// in two spellings: the API gateway's `{RequestId, HostId, Code, Message, Recommend}` and the ACK
// service's `{code, message, requestId}`; the request id is also in `x-acs-request-id`.
// The error *code* decides before the HTTP status: `Throttling.User` arrives as HTTP 400 and
// `InvalidAccessKeyId.NotFound` as HTTP 404, and neither is what its status alone suggests.

import type { CloudError } from '../common/errors.js';
import { parseRetryAfterMs, readErrorBody, trimMessage, type ProviderErrorBody } from '../common/classify.js';
import type { HttpResponse } from '../common/transport.js';

export type AlibabaErrorBody = ProviderErrorBody;

/** Read `{code|Code, message|Message, requestId|RequestId}` from a body, tolerating anything. */
export function readAlibabaErrorBody(body: string): AlibabaErrorBody {
  return readErrorBody(body, {
    code: ['code', 'Code'],
    message: ['message', 'Message'],
    requestId: ['requestId', 'RequestId', 'request_id'],
  });
}

const AUTH_CODES = [
  /^InvalidAccessKeyId/i,
  /^SignatureDoesNotMatch$/i,
  /^InvalidSecurityToken/i,
  /^MissingSecurityToken$/i,
  /^IncompleteSignature$/i,
  /^Forbidden/i,
];

export function isThrottlingCode(code: string | undefined): boolean {
  return code !== undefined && /^Throttling/i.test(code);
}

/** Replace every occurrence of the given secrets (secret key, token, signature) with `***`. */
export function scrubSecrets(text: string, secrets: readonly (string | undefined)[]): string {
  let out = text;
  for (const secret of secrets) {
    if (secret && secret.length >= 4) out = out.split(secret).join('***');
  }
  return out;
}

export interface ClassifyOptions {
  now: Date;
  /** Strings that must never reach a message even if the server echoes them. */
  secrets?: readonly (string | undefined)[];
}

function describe(
  status: number,
  body: AlibabaErrorBody,
  fallback: string,
  secrets: ClassifyOptions['secrets'],
): string {
  const text = body.code ? `${body.code}: ${body.message ?? fallback}` : (body.message ?? fallback);
  return trimMessage(scrubSecrets(`${text} (HTTP ${status})`, secrets ?? []));
}

/** Classify an HTTP reply that is not a 2xx success. */
export function classifyAlibabaErrorResponse(response: HttpResponse, options: ClassifyOptions): CloudError {
  const body = readAlibabaErrorBody(response.body);
  const requestId = body.requestId ?? response.headers['x-acs-request-id'];
  const base = {
    httpStatus: response.status,
    ...(body.code !== undefined ? { code: body.code } : {}),
    ...(requestId !== undefined ? { requestId } : {}),
  };
  const code = body.code;
  const status = response.status;
  const message = (fallback: string) => describe(status, body, fallback, options.secrets);

  if (isThrottlingCode(code) || status === 429) {
    const retryAfterMs = parseRetryAfterMs(response.headers, options.now);
    return {
      class: 'Throttled',
      ...base,
      message: message('request was throttled'),
      ...(retryAfterMs !== undefined ? { retryAfterMs } : {}),
    };
  }
  if (code !== undefined && /^InvalidTimeStamp\.Expired$/i.test(code)) {
    return { class: 'ClockSkew', ...base, message: message('request time is too far from the server clock') };
  }
  if ((code !== undefined && AUTH_CODES.some((re) => re.test(code))) || status === 401 || status === 403) {
    return { class: 'AuthFailed', ...base, message: message('authentication failed') };
  }
  if (status === 404 || (code !== undefined && /^Error(Cluster|Task)NotFound$/i.test(code))) {
    return { class: 'NotFound', ...base, message: message('not found') };
  }
  if (status >= 500) {
    return { class: 'ServerError', ...base, message: message('server error') };
  }
  if (status >= 300 && status < 400) {
    const location = response.headers['location'];
    return {
      class: 'InvalidResponse',
      ...base,
      message: trimMessage(`unexpected redirect (HTTP ${status})${location ? ` to ${location}` : ''}`),
    };
  }
  if (status >= 400 && status < 500) {
    // Any other 4xx: the cloud refuses this request as it stands (docs/reference.md#error-classes).
    return { class: 'RequestRejected', ...base, message: message('request rejected') };
  }
  return { class: 'InvalidResponse', ...base, message: message('unexpected response') };
}

/** A 2xx whose body is not JSON or fails the schema. */
export function invalidResponseError(response: HttpResponse, reason: string): CloudError {
  const requestId = response.headers['x-acs-request-id'];
  return {
    class: 'InvalidResponse',
    httpStatus: response.status,
    message: trimMessage(reason),
    ...(requestId !== undefined ? { requestId } : {}),
  };
}
