// The one classification order the AWS, Google and Azure error tables share
// (docs/reference.md#error-classes): each cloud's module reads its own body shape and code lists
// into a `ReadError`, and this decides the class. Throttling first (429 or a throttling code at
// any status), then clock skew, auth (401/403 or an auth code), not found (404 or a not-found
// code), 5xx, redirects, any other 4xx.

import { parseJsonRecord, trimMessage } from '../common/classify.js';
import { compact } from '../common/normalize-helpers.js';
import type { CloudError } from '../common/errors.js';

export interface ReadError {
  status: number;
  code?: string;
  message?: string;
  requestId?: string;
  retryAfterMs?: number;
  /** What the cloud's code lists say about this reply. */
  throttled: boolean;
  clockSkew: boolean;
  authFailed: boolean;
  notFound: boolean;
  location?: string;
}

function describe(error: ReadError, fallback: string): string {
  const text = error.message ?? fallback;
  return trimMessage(`${error.code ? `${error.code}: ${text}` : text} (HTTP ${error.status})`);
}

export function classifyReadError(error: ReadError): CloudError {
  const base = {
    ...(error.code ? { code: error.code } : {}),
    ...(error.requestId ? { requestId: error.requestId } : {}),
    httpStatus: error.status,
  };
  const { status } = error;
  if (error.throttled || status === 429) {
    return {
      class: 'Throttled',
      message: describe(error, 'request throttled'),
      ...base,
      ...(error.retryAfterMs !== undefined ? { retryAfterMs: error.retryAfterMs } : {}),
    };
  }
  if (error.clockSkew) {
    return {
      class: 'ClockSkew',
      message: `${describe(error, 'request time out of range')} — check the clock`,
      ...base,
    };
  }
  if (error.authFailed || status === 401 || status === 403) {
    return { class: 'AuthFailed', message: describe(error, 'authentication failed'), ...base };
  }
  if (error.notFound || status === 404)
    return { class: 'NotFound', message: describe(error, 'not found'), ...base };
  if (status >= 500) return { class: 'ServerError', message: describe(error, 'server error'), ...base };
  if (status >= 300 && status < 400) {
    const to = error.location ? ` to ${error.location}` : '';
    return {
      class: 'InvalidResponse',
      message: trimMessage(`unexpected redirect (HTTP ${status})${to}`),
      ...base,
    };
  }
  if (status >= 400)
    return { class: 'RequestRejected', message: describe(error, 'request rejected'), ...base };
  return { class: 'InvalidResponse', message: describe(error, 'unexpected response'), ...base };
}

/** Case-insensitive membership of a code in a list. */
export function codeIn(code: string | undefined, list: readonly string[]): boolean {
  if (code === undefined) return false;
  const lower = code.toLowerCase();
  return list.some((entry) => entry.toLowerCase() === lower);
}

function str(value: unknown): string | undefined {
  return typeof value === 'string' && value.trim() !== '' ? value.trim() : undefined;
}

/**
 * Read `{"error": {<codeField>, "message"}}` (Google's google.rpc.Status, Azure Resource
 * Manager's error) or OAuth2's `{"error": "<code>", "error_description", "correlation_id"}`
 * (the Google and Entra token endpoints), tolerating anything else.
 */
export function readNestedOrOAuthError(
  body: string,
  codeField: 'status' | 'code',
): { code?: string; message?: string; correlationId?: string } {
  const record = parseJsonRecord(body);
  if (!record) return {};
  const error = record.error;
  if (typeof error === 'object' && error !== null && !Array.isArray(error)) {
    const inner = error as Record<string, unknown>;
    return compact({ code: str(inner[codeField]), message: str(inner.message) });
  }
  return compact({
    code: str(error),
    message: str(record.error_description),
    correlationId: str(record.correlation_id),
  });
}
