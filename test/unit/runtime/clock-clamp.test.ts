import { clampTimerDelay, MAX_TIMER_DELAY_MS } from '../../../src/runtime/clock.js';

describe('clampTimerDelay', () => {
  const cases: Array<[why: string, input: number, expected: number]> = [
    ['an ordinary delay is unchanged', 30_000, 30_000],
    ['negative delays fire now, not never', -5, 0],
    ['NaN (e.g. from a bad Retry-After) fires now instead of throwing', Number.NaN, 0],
    ['Node would fire 2^31 ms after 1 ms: clamp to the maximum', 2 ** 31, MAX_TIMER_DELAY_MS],
    ['Infinity is clamped as well', Number.POSITIVE_INFINITY, MAX_TIMER_DELAY_MS],
  ];
  it.each(cases)('%s', (_why, input, expected) => {
    expect(clampTimerDelay(input)).toBe(expected);
  });
});
