// The OAuth2 access-token cache the Google and Azure clients share
// (docs/providers-next.md#authentication). A poll connects a fresh client, so the cache lives
// beside the family, one per clock (tokenCacheFor), keyed by a fingerprint of the credential:
//
// - a token is reused until REFRESH_BEFORE_EXPIRY_MS before its `expiresAt` (halfway through its
//   life when it lives less than twice that), then fetched again;
// - concurrent polls of one credential share one token request (single-flight);
// - a failed request is not cached: the next poll asks again (the reconciler's backoff paces it);
// - `drop(key, token)` forgets a token the API answered 401 to (revoked, or the clock is off),
//   unless a newer token has replaced it meanwhile.

import type { Clock } from '../../runtime/clock.js';
import type { CloudError } from '../common/errors.js';
import { fingerprint } from '../common/fingerprint.js';
import type { BearerToken } from './oauth-token.js';

/** Refresh this long before expiry, so no request leaves with a token about to run out. */
export const REFRESH_BEFORE_EXPIRY_MS = 5 * 60_000;
/** Entries kept before expired ones are swept (one entry per credential). */
const SWEEP_ABOVE = 1_000;

export type TokenResult = { ok: true; token: BearerToken } | { ok: false; error: CloudError };

export interface TokenCache {
  /** The cached token for `key`, or the result of `fetch` (at most one in flight per key). */
  get(key: string, fetch: () => Promise<TokenResult>): Promise<TokenResult>;
  /** Forget `token` for `key` (the API rejected it). */
  drop(key: string, accessToken: string): void;
  size(): number;
}

interface Entry {
  token: BearerToken;
  /** When to fetch again: REFRESH_BEFORE_EXPIRY_MS early, or halfway for a short-lived token. */
  refreshAt: number;
}

export function createTokenCache(deps: { clock: Clock; refreshBeforeMs?: number }): TokenCache {
  const refreshBeforeMs = deps.refreshBeforeMs ?? REFRESH_BEFORE_EXPIRY_MS;
  const tokens = new Map<string, Entry>();
  const pending = new Map<string, Promise<TokenResult>>();

  function sweep(at: number): void {
    if (tokens.size <= SWEEP_ABOVE) return;
    for (const [key, entry] of tokens) if (entry.refreshAt <= at) tokens.delete(key);
  }

  async function fetchAndKeep(
    key: string,
    fetch: () => Promise<TokenResult>,
    at: number,
  ): Promise<TokenResult> {
    let result: TokenResult;
    try {
      result = await fetch();
    } catch (error) {
      const text = error instanceof Error ? error.message : String(error);
      result = { ok: false, error: { class: 'NetworkError', message: `token request failed: ${text}` } };
    }
    pending.delete(key);
    if (result.ok) {
      const expires = result.token.expiresAt.getTime();
      const lifetime = Math.max(0, expires - at);
      tokens.set(key, { token: result.token, refreshAt: expires - Math.min(refreshBeforeMs, lifetime / 2) });
    }
    return result;
  }

  return {
    get(key, fetch) {
      const at = deps.clock.now().getTime();
      sweep(at);
      const entry = tokens.get(key);
      if (entry && at < entry.refreshAt) return Promise.resolve({ ok: true, token: entry.token });
      let request = pending.get(key);
      if (!request) {
        request = fetchAndKeep(key, fetch, at);
        pending.set(key, request);
      }
      return request;
    },
    drop(key, accessToken) {
      if (tokens.get(key)?.token.accessToken === accessToken) tokens.delete(key);
    },
    size: () => tokens.size,
  };
}

const perClock = new WeakMap<Clock, TokenCache>();

/** The process's token cache for `clock` (a test's virtual clock gets its own). */
export function tokenCacheFor(clock: Clock): TokenCache {
  let cache = perClock.get(clock);
  if (!cache) {
    cache = createTokenCache({ clock });
    perClock.set(clock, cache);
  }
  return cache;
}

/** A key for the cache that identifies a credential without holding it: SHA-256 of its parts. */
export function credentialFingerprint(scope: string, parts: readonly string[]): string {
  return `${scope}:${fingerprint(JSON.stringify(parts), 32)}`;
}
