// Shared pieces of error classification used by every provider's client boundary.

import type { CloudError } from './errors.js';
import { TransportError } from './transport.js';

/** A failure with no HTTP response is a NetworkError, except a body over the size cap. */
export function classifyTransportFailure(error: unknown): CloudError {
  if (error instanceof TransportError) {
    if (error.reason === 'too-large') {
      return { class: 'InvalidResponse', message: `response rejected: ${error.message}` };
    }
    return { class: 'NetworkError', message: `request failed (${error.reason}): ${error.message}` };
  }
  const text = error instanceof Error ? error.message : String(error);
  return { class: 'NetworkError', message: `request failed: ${text}` };
}

/**
 * Retry hint from `Retry-After` (seconds or HTTP date) or Alibaba's `x-acs-retry-after`
 * (milliseconds when large, seconds when small — Alibaba documents milliseconds).
 */
export function parseRetryAfterMs(headers: Record<string, string>, now: Date): number | undefined {
  const acs = headers['x-acs-retry-after'];
  if (acs !== undefined && /^\d+(\.\d+)?$/.test(acs.trim())) {
    const n = Number(acs);
    return capRetryAfter(n >= 1000 ? Math.round(n) : Math.round(n * 1000));
  }
  const standard = headers['retry-after'];
  if (standard === undefined) return undefined;
  const trimmed = standard.trim();
  if (/^\d+(\.\d+)?$/.test(trimmed)) return capRetryAfter(Math.round(Number(trimmed) * 1000));
  const date = Date.parse(trimmed);
  if (Number.isNaN(date)) return undefined;
  return capRetryAfter(Math.max(0, date - now.getTime()));
}

/**
 * The longest Retry-After honoured (10 min, the permanent-error retry interval). A cloud — or
 * anything on the path — saying "retry in 10^20 s" must not stop polling for ever; and a delay
 * past 2^31-1 ms would make a Node timer fire after 1 ms instead (a hot loop).
 */
const MAX_RETRY_AFTER_MS = 10 * 60_000;

function capRetryAfter(ms: number): number {
  return Number.isFinite(ms) ? Math.min(MAX_RETRY_AFTER_MS, Math.max(0, ms)) : MAX_RETRY_AFTER_MS;
}

/** Parse a JSON body without ever throwing; `undefined` when it is not JSON. */
export function parseJsonBody(body: string): { ok: true; value: unknown } | { ok: false } {
  try {
    return { ok: true, value: JSON.parse(body) as unknown };
  } catch {
    return { ok: false };
  }
}

/**
 * Characters replaced by a space in every message of status, conditions and Events: all C0
 * controls (CR, LF and tab included, so response text cannot forge extra lines in `kubectl
 * describe` or a log viewer), DEL, C1 (U+009B is a one-byte CSI that drives terminals like
 * ESC [ does), the Unicode line and paragraph separators U+2028/2029, and every format character
 * (\p{Cf}: bidi overrides and isolates, zero-width spaces and joiners) that can make text read
 * differently from what it is (docs/reliability.md#8-multi-tenancy).
 */
// eslint-disable-next-line no-control-regex
export const UNSAFE_TEXT_CHARACTERS = /[\u0000-\u001f\u007f-\u009f\u2028\u2029\p{Cf}]/gu;

/** Trim provider text for conditions (1024 chars) with UNSAFE_TEXT_CHARACTERS replaced by spaces. */
export function trimMessage(text: string, max = 1024): string {
  const clean = text.replace(UNSAFE_TEXT_CHARACTERS, ' ');
  return clean.length > max ? `${clean.slice(0, max - 1)}…` : clean;
}

/** The three things every cloud's error body may carry. */
export interface ProviderErrorBody {
  code?: string;
  message?: string;
  requestId?: string;
}

/** Field names (first non-empty string wins) of one cloud's error body. */
interface ErrorBodyFields {
  code: readonly string[];
  message: readonly string[];
  requestId: readonly string[];
}

/** The JSON object in a body, or undefined for non-JSON, arrays and scalars. */
export function parseJsonRecord(body: string): Record<string, unknown> | undefined {
  const parsed = parseJsonBody(body);
  if (
    !parsed.ok ||
    typeof parsed.value !== 'object' ||
    parsed.value === null ||
    Array.isArray(parsed.value)
  ) {
    return undefined;
  }
  return parsed.value as Record<string, unknown>;
}

function firstString(record: Record<string, unknown>, names: readonly string[]): string | undefined {
  for (const name of names) {
    const value = record[name];
    if (typeof value === 'string' && value.trim() !== '') return value.trim();
  }
  return undefined;
}

/** Read a provider error body, tolerating anything; absent fields are omitted. */
export function readErrorBody(body: string, fields: ErrorBodyFields): ProviderErrorBody {
  const record = parseJsonRecord(body);
  if (!record) return {};
  const result: ProviderErrorBody = {};
  const code = firstString(record, fields.code);
  const message = firstString(record, fields.message);
  const requestId = firstString(record, fields.requestId);
  if (code !== undefined) result.code = code;
  if (message !== undefined) result.message = message;
  if (requestId !== undefined) result.requestId = requestId;
  return result;
}
