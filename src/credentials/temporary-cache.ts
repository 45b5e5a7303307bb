// Temporary keys per workload identity (docs/reference.md#security): one entry per cache key
// (namespace, ServiceAccount and its uid, role or IdP, audience, exchange endpoint).
//
// - Keys are reused until `refreshBeforeMs` (5 min) before they expire, then exchanged again.
// - Concurrent callers of one key share one in-flight exchange (single-flight).
// - A failed exchange is remembered: AuthFailed (the cloud refused the token or role) for
//   10 min, anything else for `retryAfterMs` or 5 s, so a poll storm cannot become an STS storm.
//   While still valid, the previous keys keep being served: a refresh that fails 5 min early
//   costs no failed poll.
// - `drop(predicate)` forgets entries (a ServiceAccount deleted or recreated).

import type { Clock } from '../runtime/clock.js';
import type { TemporaryCredentials } from '../providers/common/keyless.js';
import type { CredentialsFailure, ExchangeResult } from './types.js';

export const REFRESH_BEFORE_EXPIRY_MS = 5 * 60_000;
export const AUTH_FAILED_RETRY_MS = 10 * 60_000;
export const EXCHANGE_FAILURE_RETRY_MS = 5_000;
/** Entries kept before expired ones are swept. */
const SWEEP_ABOVE = 1_000;

interface Entry {
  value?: TemporaryCredentials;
  failure?: { error: CredentialsFailure; retryAt: number };
  inflight?: Promise<ExchangeResult>;
}

export interface TemporaryCredentialsCache {
  /** Cached keys for `key`, or the result of `exchange` (run at most once at a time per key). */
  get(key: string, exchange: () => Promise<ExchangeResult>): Promise<ExchangeResult>;
  drop(predicate: (key: string) => boolean): void;
  size(): number;
}

function failureRetryMs(error: CredentialsFailure): number {
  if (error.class === 'AuthFailed') return AUTH_FAILED_RETRY_MS;
  if (error.class === 'Throttled' && error.retryAfterMs !== undefined)
    return Math.max(error.retryAfterMs, EXCHANGE_FAILURE_RETRY_MS);
  return EXCHANGE_FAILURE_RETRY_MS;
}

export function createTemporaryCredentialsCache(deps: {
  clock: Clock;
  refreshBeforeMs?: number;
}): TemporaryCredentialsCache {
  const refreshBeforeMs = deps.refreshBeforeMs ?? REFRESH_BEFORE_EXPIRY_MS;
  const entries = new Map<string, Entry>();
  const now = (): number => deps.clock.now().getTime();
  const usable = (value: TemporaryCredentials | undefined, at: number): value is TemporaryCredentials =>
    value !== undefined && at < value.expiresAt.getTime();

  function sweep(at: number): void {
    if (entries.size <= SWEEP_ABOVE) return;
    for (const [key, entry] of entries) {
      if (!entry.inflight && !usable(entry.value, at) && (!entry.failure || entry.failure.retryAt <= at))
        entries.delete(key);
    }
  }

  function start(
    key: string,
    entry: Entry,
    exchange: () => Promise<ExchangeResult>,
  ): Promise<ExchangeResult> {
    const inflight = exchange()
      .catch((error: unknown): ExchangeResult => ({
        ok: false,
        error: {
          class: 'NetworkError',
          message: `exchange failed: ${error instanceof Error ? error.message : String(error)}`,
        },
      }))
      .then((result) => {
        const at = now();
        if (result.ok) {
          entry.value = result.value;
          delete entry.failure;
        } else {
          entry.failure = { error: result.error, retryAt: at + failureRetryMs(result.error) };
        }
        return result;
      })
      .finally(() => {
        delete entry.inflight;
      });
    entry.inflight = inflight;
    entries.set(key, entry);
    return inflight;
  }

  return {
    async get(key, exchange) {
      const at = now();
      sweep(at);
      const entry = entries.get(key) ?? {};
      const value = entry.value;
      if (usable(value, at) && at < value.expiresAt.getTime() - refreshBeforeMs) return { ok: true, value };
      if (entry.failure && at < entry.failure.retryAt) {
        return usable(value, at) ? { ok: true, value } : { ok: false, error: entry.failure.error };
      }
      const result = await (entry.inflight ?? start(key, entry, exchange));
      if (result.ok) return result;
      // The refresh failed, but the keys in hand still work: use them until they expire.
      const still = entry.value;
      return usable(still, now()) ? { ok: true, value: still } : result;
    },
    drop(predicate) {
      for (const key of [...entries.keys()]) if (predicate(key)) entries.delete(key);
    },
    size: () => entries.size,
  };
}
