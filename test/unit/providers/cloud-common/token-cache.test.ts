// The shared OAuth2 access-token cache: each case names the rule it holds the cache to.
import {
  createTokenCache,
  credentialFingerprint,
  REFRESH_BEFORE_EXPIRY_MS,
  type TokenResult,
} from '../../../../src/providers/cloud-common/token-cache.js';

function clock(start = Date.parse('2026-12-07T03:00:00Z')) {
  let now = start;
  return { now: () => new Date(now), advance: (ms: number) => (now += ms) };
}

/** A token fetcher that counts its calls and hands out tok-1, tok-2, … living `lifetimeMs`. */
function fetcher(at: { now(): Date }, lifetimeMs = 3_600_000) {
  let calls = 0;
  const fetch = (): Promise<TokenResult> => {
    calls += 1;
    return Promise.resolve({
      ok: true,
      token: { accessToken: `tok-${calls}`, expiresAt: new Date(at.now().getTime() + lifetimeMs) },
    });
  };
  return { fetch, calls: () => calls };
}

const tokenOf = (result: TokenResult) => (result.ok ? result.token.accessToken : result.error.class);

describe('token cache', () => {
  it.each([
    ['reused well before expiry', 3_600_000, 3_600_000 - REFRESH_BEFORE_EXPIRY_MS - 1, 'tok-1'],
    [
      'refreshed 5 min before expiry, not at expiry',
      3_600_000,
      3_600_000 - REFRESH_BEFORE_EXPIRY_MS,
      'tok-2',
    ],
    ['a short-lived token (4 min) is reused until halfway', 240_000, 119_000, 'tok-1'],
    [
      'a short-lived token (4 min) is refreshed halfway, never used to its last second',
      240_000,
      120_000,
      'tok-2',
    ],
  ])('%s', async (_why, lifetimeMs, laterMs, expected) => {
    const at = clock();
    const cache = createTokenCache({ clock: at });
    const source = fetcher(at, lifetimeMs);
    expect(tokenOf(await cache.get('k', source.fetch))).toBe('tok-1');
    at.advance(laterMs);
    expect(tokenOf(await cache.get('k', source.fetch))).toBe(expected);
  });

  it('single-flight: concurrent polls of one credential share one token request', async () => {
    const at = clock();
    const cache = createTokenCache({ clock: at });
    let release: (value: TokenResult) => void = () => undefined;
    let calls = 0;
    const slow = () => {
      calls += 1;
      return new Promise<TokenResult>((resolve) => (release = resolve));
    };
    const all = Promise.all([cache.get('k', slow), cache.get('k', slow), cache.get('k', slow)]);
    release({
      ok: true,
      token: { accessToken: 'shared', expiresAt: new Date(at.now().getTime() + 3_600_000) },
    });
    expect((await all).map(tokenOf)).toEqual(['shared', 'shared', 'shared']);
    expect(calls).toBe(1);
  });

  it('keys are separate: another credential gets its own token', async () => {
    const at = clock();
    const cache = createTokenCache({ clock: at });
    const source = fetcher(at);
    await cache.get('a', source.fetch);
    expect(tokenOf(await cache.get('b', source.fetch))).toBe('tok-2');
  });

  it('a failure is not cached: the next call asks again', async () => {
    const at = clock();
    const cache = createTokenCache({ clock: at });
    const source = fetcher(at);
    const failing = (): Promise<TokenResult> =>
      Promise.resolve({ ok: false, error: { class: 'ServerError', message: 'down' } });
    expect(tokenOf(await cache.get('k', failing))).toBe('ServerError');
    expect(tokenOf(await cache.get('k', source.fetch))).toBe('tok-1');
  });

  it('a fetcher that throws becomes a NetworkError, and is not cached either', async () => {
    const at = clock();
    const cache = createTokenCache({ clock: at });
    expect(tokenOf(await cache.get('k', () => Promise.reject(new Error('socket hang up'))))).toBe(
      'NetworkError',
    );
    expect(tokenOf(await cache.get('k', fetcher(at).fetch))).toBe('tok-1');
  });

  it('drop: a token the API refused is forgotten, a newer one is not', async () => {
    const at = clock();
    const cache = createTokenCache({ clock: at });
    const source = fetcher(at);
    await cache.get('k', source.fetch);
    cache.drop('k', 'tok-1');
    expect(tokenOf(await cache.get('k', source.fetch))).toBe('tok-2');
    cache.drop('k', 'tok-1'); // a late 401 for the old token must not evict its replacement
    expect(tokenOf(await cache.get('k', source.fetch))).toBe('tok-2');
    expect(source.calls()).toBe(2);
  });

  it('fingerprints: stable for one credential, different for another, never the secret itself', () => {
    const one = credentialFingerprint('azure', ['tenant', 'client', 'secret-value']);
    expect(credentialFingerprint('azure', ['tenant', 'client', 'secret-value'])).toBe(one);
    expect(credentialFingerprint('azure', ['tenant', 'client', 'other-secret'])).not.toBe(one);
    expect(one).not.toContain('secret-value');
  });
});
