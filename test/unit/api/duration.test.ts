import { DURATION_PATTERN, parseDuration } from '../../../src/api/duration.js';

describe('parseDuration', () => {
  const cases: Array<[why: string, input: string, ms: number | undefined]> = [
    ['seconds, the common case', '30s', 30_000],
    ['minutes', '2m', 120_000],
    ['hours and minutes', '1h30m', 5_400_000],
    ['milliseconds are not mistaken for minutes', '500ms', 500],
    ['minutes then milliseconds', '1m500ms', 60_500],
    ['Go prints durations like 1h0m0s', '1h0m0s', 3_600_000],
    ['zero is a duration (the minimum rules refuse it, not the grammar)', '0s', 0],
    ['repeated units add up, as in Go', '1m1m', 120_000],
    ['five digits per group is the maximum', '99999ms', 99_999],
    ['four groups is the maximum', '1h1m1s1ms', 3_661_001],
    ['six digits is too many (GEP-2257)', '100000s', undefined],
    ['five groups is too many', '1h1m1s1ms1ms', undefined],
    ['fractions are not in the grammar', '1.5m', undefined],
    ['no unit', '300', undefined],
    ['microseconds are not in the grammar', '10us', undefined],
    ['negative durations are not in the grammar', '-5s', undefined],
    ['upper-case unit', '30S', undefined],
    ['days are not a Go unit', '1d', undefined],
    ['empty string', '', undefined],
    ['surrounding space', ' 30s', undefined],
    ['words', 'abc', undefined],
  ];
  it.each(cases)('%s: %j', (_why, input, ms) => {
    expect(parseDuration(input)).toBe(ms);
  });

  it('accepts exactly what DURATION_PATTERN accepts', () => {
    const re = new RegExp(DURATION_PATTERN);
    for (const [, input] of cases) {
      expect(parseDuration(input) !== undefined).toBe(re.test(input));
    }
  });
});
