import { backoffCeiling, fullJitterBackoff, RECONCILE_BACKOFF } from '../../../src/runtime/backoff.js';

describe('fullJitterBackoff', () => {
  test.each([
    // [why, attempt, expected ceiling]
    ['first retry is bounded by the base', 0, 5_000],
    ['the ceiling doubles per attempt', 1, 10_000],
    ['still doubling below the cap', 5, 160_000],
    ['first attempt over the cap is clamped', 6, 300_000],
    ['huge attempts do not overflow past the cap', 10_000, 300_000],
    ['negative attempts are treated as the first', -3, 5_000],
  ])('%s', (_why, attempt, ceiling) => {
    expect(backoffCeiling(attempt, RECONCILE_BACKOFF.baseMs, RECONCILE_BACKOFF.capMs)).toBe(ceiling);
    const low = fullJitterBackoff({ ...RECONCILE_BACKOFF, random: () => 0 });
    const high = fullJitterBackoff({ ...RECONCILE_BACKOFF, random: () => 0.999999 });
    expect(low(attempt)).toBe(0);
    expect(high(attempt)).toBe(ceiling - 1);
  });

  test('the delay scales linearly with the random draw (full jitter over the whole window)', () => {
    const mid = fullJitterBackoff({ ...RECONCILE_BACKOFF, random: () => 0.5 });
    expect(mid(0)).toBe(2_500);
    expect(mid(3)).toBe(20_000);
    expect(mid(100)).toBe(150_000);
  });

  test('with real randomness every delay stays within [0, ceiling)', () => {
    const backoff = fullJitterBackoff(RECONCILE_BACKOFF);
    for (let attempt = 0; attempt < 20; attempt++) {
      for (let i = 0; i < 50; i++) {
        const d = backoff(attempt);
        expect(d).toBeGreaterThanOrEqual(0);
        expect(d).toBeLessThan(backoffCeiling(attempt, RECONCILE_BACKOFF.baseMs, RECONCILE_BACKOFF.capMs));
      }
    }
  });

  test('rejects a cap below the base', () => {
    expect(() => fullJitterBackoff({ baseMs: 10, capMs: 5 })).toThrow(RangeError);
    expect(() => fullJitterBackoff({ baseMs: 0, capMs: 5 })).toThrow(RangeError);
  });
});
