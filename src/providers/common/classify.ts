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
    return n >= 1000 ? Math.round(n) : Math.round(n * 1000);
  }
  const standard = headers['retry-after'];
  if (standard === undefined) return undefined;
  const trimmed = standard.trim();
  if (/^\d+(\.\d+)?$/.test(trimmed)) return Math.round(Number(trimmed) * 1000);
  const date = Date.parse(trimmed);
  if (Number.isNaN(date)) return undefined;
  return Math.max(0, date - now.getTime());
}

/** Parse a JSON body without ever throwing; `undefined` when it is not JSON. */
export function parseJsonBody(body: string): { ok: true; value: unknown } | { ok: false } {
  try {
    return { ok: true, value: JSON.parse(body) as unknown };
  } catch {
    return { ok: false };
  }
}

/** Trim provider text for conditions (SPEC: 1024 chars) and strip control characters. */
export function trimMessage(text: string, max = 1024): string {
  // eslint-disable-next-line no-control-regex
  const clean = text.replace(/[\u0000-\u0008\u000b-\u001f\u007f]/g, ' ');
  return clean.length > max ? `${clean.slice(0, max - 1)}…` : clean;
}
