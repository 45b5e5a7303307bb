// Classifying a reply that is not a 2xx success (docs/reference.md#error-classes), one ladder
// for every cloud: Throttled → ClockSkew → AuthFailed → NotFound → ServerError → redirect →
// RequestRejected → InvalidResponse. The error *code* decides before the HTTP status (Alibaba's
// `Throttling.User` arrives as HTTP 400, Huawei's `APIG.0301` covers both a bad key and a skewed
// clock). Each cloud supplies an ErrorCodeTable: its error-body reader, the header carrying its
// request id, which codes mean what, and its fallback texts.

import { scrubSecrets } from './bounds.js';
import { parseRetryAfterMs, trimMessage, type ProviderErrorBody } from './classify.js';
import type { CloudError } from './errors.js';
import type { HttpResponse } from './transport.js';

/** What the code predicates of a table look at. */
export interface ErrorReply {
  status: number;
  /** The fields the cloud's error-body reader found. */
  error: ProviderErrorBody;
  /** Every error code the body names (a body may carry more than one spelling). */
  codes: readonly string[];
}

export interface ErrorCodeTable {
  /** The cloud's error-body reader (AWS names the code in a header; the others ignore them). */
  readBody(body: string, headers: Readonly<Record<string, string>>): ProviderErrorBody;
  /** Every code in the body; without it, the one code readBody found. */
  codesOf?(body: string): readonly string[];
  /** Lower-cased response header with the request id when the body has none. */
  requestIdHeader: string;
  throttled(reply: ErrorReply): boolean;
  clockSkew(reply: ErrorReply): boolean;
  /** Beyond HTTP 401 and 403, which are always AuthFailed. */
  authFailed(reply: ErrorReply): boolean;
  /** Beyond HTTP 404, which is always NotFound. */
  notFound(reply: ErrorReply): boolean;
  /** Message texts when the body has none. */
  fallback: { throttled: string; clockSkew: string };
  /** Text appended to a class's message (a hint such as "check the clock"). */
  hint?(errorClass: 'ClockSkew' | 'AuthFailed', reply: ErrorReply): string;
}

/**
 * The CloudError of a non-2xx reply. `secrets` are masked in the message; a caller holding the
 * raw reply scrubs its body and headers first (see scrubReply).
 */
export function classifyErrorReply(
  table: ErrorCodeTable,
  response: HttpResponse,
  now: Date,
  secrets: readonly (string | undefined)[] = [],
): CloudError {
  const { status } = response;
  const error = table.readBody(response.body, response.headers);
  const codes = table.codesOf ? table.codesOf(response.body) : error.code !== undefined ? [error.code] : [];
  const reply: ErrorReply = { status, error, codes };
  const requestId = error.requestId ?? response.headers[table.requestIdHeader];
  const base = {
    ...(error.code ? { code: error.code } : {}),
    ...(requestId ? { requestId } : {}),
    httpStatus: status,
  };
  const message = (fallback: string): string => {
    const text = error.message ?? fallback;
    const head = error.code ? `${error.code}: ${text}` : text;
    return trimMessage(scrubSecrets(`${head} (HTTP ${status})`, secrets));
  };
  const hint = (errorClass: 'ClockSkew' | 'AuthFailed'): string => table.hint?.(errorClass, reply) ?? '';

  if (table.throttled(reply) || status === 429) {
    const retryAfterMs = parseRetryAfterMs(response.headers, now);
    return {
      class: 'Throttled',
      message: message(table.fallback.throttled),
      ...base,
      ...(retryAfterMs !== undefined ? { retryAfterMs } : {}),
    };
  }
  if (table.clockSkew(reply)) {
    return { class: 'ClockSkew', message: message(table.fallback.clockSkew) + hint('ClockSkew'), ...base };
  }
  if (table.authFailed(reply) || status === 401 || status === 403) {
    return { class: 'AuthFailed', message: message('authentication failed') + hint('AuthFailed'), ...base };
  }
  if (table.notFound(reply) || status === 404) {
    return { class: 'NotFound', message: message('not found'), ...base };
  }
  if (status >= 500) {
    return { class: 'ServerError', message: message('server error'), ...base };
  }
  if (status >= 300 && status < 400) {
    const location = response.headers['location'] ? ` to ${response.headers['location']}` : '';
    return {
      class: 'InvalidResponse',
      message: trimMessage(`unexpected redirect (HTTP ${status})${location}`),
      ...base,
    };
  }
  if (status >= 400 && status < 500) {
    // Any other 4xx: the cloud refuses this request as it stands (docs/reference.md#error-classes),
    // e.g. Huawei CSS.0001 "Incorrect parameters." for a query value the API does not accept.
    return { class: 'RequestRejected', message: message('request rejected'), ...base };
  }
  return { class: 'InvalidResponse', message: message('unexpected response'), ...base };
}

/** A 2xx whose body is not JSON or fails the schema; the request id comes from `requestIdHeader`. */
export function invalidReplyError(
  response: HttpResponse,
  requestIdHeader: string,
  reason: string,
): CloudError {
  const requestId = response.headers[requestIdHeader];
  return {
    class: 'InvalidResponse',
    message: trimMessage(reason),
    httpStatus: response.status,
    ...(requestId ? { requestId } : {}),
  };
}

/** The reply with every secret masked in its body and headers: a gateway may echo the signed
 *  request back, and nothing may read the reply before this. */
export function scrubReply(response: HttpResponse, secrets: readonly (string | undefined)[]): HttpResponse {
  return {
    ...response,
    body: scrubSecrets(response.body, secrets),
    headers: Object.fromEntries(
      Object.entries(response.headers).map(([name, value]) => [name, scrubSecrets(value, secrets)]),
    ),
  };
}
