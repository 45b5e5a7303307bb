// The temporary-key cache: reuse until 5 min before expiry, single-flight, remembered failures.
// The clock is injected; nothing here waits for real time.
import {
  AUTH_FAILED_RETRY_MS,
  createTemporaryCredentialsCache,
  EXCHANGE_FAILURE_RETRY_MS,
  REFRESH_BEFORE_EXPIRY_MS,
} from '../../../src/credentials/temporary-cache.js';
import type { CredentialsFailure, ExchangeResult } from '../../../src/credentials/types.js';

const HOUR = 3_600_000;

function setup() {
  let now = Date.parse('2026-01-01T00:00:00Z');
  const clock = { now: () => new Date(now) };
  const cache = createTemporaryCredentialsCache({ clock });
  let calls = 0;
  const keys = (): ExchangeResult => {
    calls += 1;
    return {
      ok: true,
      value: {
        credentials: { accessKeyId: `STS.${calls}`, accessKeySecret: 's', securityToken: 't' },
        expiresAt: new Date(now + HOUR),
      },
    };
  };
  return {
    cache,
    advance: (ms: number) => {
      now += ms;
    },
    calls: () => calls,
    exchange: async () => keys(),
    failing: (error: CredentialsFailure) => async (): Promise<ExchangeResult> => {
      calls += 1;
      return { ok: false, error };
    },
  };
}

const idOf = (result: ExchangeResult): string | undefined =>
  result.ok ? result.value.credentials.accessKeyId : undefined;

describe('temporary credentials cache', () => {
  it('reuses keys until 5 minutes before they expire, then exchanges again', async () => {
    const t = setup();
    expect(idOf(await t.cache.get('k', t.exchange))).toBe('STS.1');
    t.advance(HOUR - REFRESH_BEFORE_EXPIRY_MS - 1);
    expect(idOf(await t.cache.get('k', t.exchange))).toBe('STS.1');
    t.advance(1);
    expect(idOf(await t.cache.get('k', t.exchange))).toBe('STS.2');
    expect(t.calls()).toBe(2);
  });

  it('keeps one entry per key: another audience or role is another exchange', async () => {
    const t = setup();
    await t.cache.get('a', t.exchange);
    await t.cache.get('b', t.exchange);
    await t.cache.get('a', t.exchange);
    expect(t.calls()).toBe(2);
  });

  it('shares one in-flight exchange between concurrent callers (single-flight)', async () => {
    const t = setup();
    let release: () => void = () => {};
    const gate = new Promise<void>((resolve) => {
      release = resolve;
    });
    const slow = async (): Promise<ExchangeResult> => {
      await gate;
      return t.exchange();
    };
    const all = Promise.all(Array.from({ length: 20 }, () => t.cache.get('k', slow)));
    release();
    const results = await all;
    expect(new Set(results.map(idOf))).toEqual(new Set(['STS.1']));
    expect(t.calls()).toBe(1);
  });

  const failures: Array<[why: string, error: CredentialsFailure, quietMs: number]> = [
    [
      'a refused token or role is not retried for 10 minutes',
      { class: 'AuthFailed', message: 'no' },
      AUTH_FAILED_RETRY_MS,
    ],
    [
      'a 5xx is retried after a short pause, not on every poll',
      { class: 'ServerError', message: 'down' },
      EXCHANGE_FAILURE_RETRY_MS,
    ],
    [
      'a Retry-After longer than the pause is honoured',
      { class: 'Throttled', message: 'slow', retryAfterMs: 60_000 },
      60_000,
    ],
  ];
  it.each(failures)('%s', async (_why, error, quietMs) => {
    const t = setup();
    const fail = t.failing(error);
    expect(await t.cache.get('k', fail)).toEqual({ ok: false, error });
    t.advance(quietMs - 1);
    expect(await t.cache.get('k', fail)).toEqual({ ok: false, error });
    expect(t.calls()).toBe(1);
    t.advance(1);
    expect(idOf(await t.cache.get('k', t.exchange))).toBe('STS.2');
  });

  it('serves the keys in hand while a refresh fails and they are still valid, then the failure', async () => {
    const t = setup();
    await t.cache.get('k', t.exchange);
    t.advance(HOUR - REFRESH_BEFORE_EXPIRY_MS);
    const fail = t.failing({ class: 'Throttled', message: 'slow' });
    expect(idOf(await t.cache.get('k', fail))).toBe('STS.1');
    t.advance(REFRESH_BEFORE_EXPIRY_MS);
    expect(await t.cache.get('k', fail)).toMatchObject({ ok: false, error: { class: 'Throttled' } });
  });

  it('turns an exchange that throws into a NetworkError instead of rejecting', async () => {
    const t = setup();
    const result = await t.cache.get('k', async () => {
      throw new Error('socket closed');
    });
    expect(result).toMatchObject({ ok: false, error: { class: 'NetworkError' } });
  });

  it('drop() forgets matching entries so the next call exchanges again', async () => {
    const t = setup();
    await t.cache.get('ns\nsa\nuid1', t.exchange);
    await t.cache.get('ns\nother\nuid2', t.exchange);
    t.cache.drop((key) => key.startsWith('ns\nsa\n'));
    expect(t.cache.size()).toBe(1);
    expect(idOf(await t.cache.get('ns\nsa\nuid1', t.exchange))).toBe('STS.3');
  });
});
