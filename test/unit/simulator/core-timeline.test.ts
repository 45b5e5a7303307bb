import { formatDuration, parseDuration } from '../../../src/api/duration.js';
import { Timeline, entryIndexAt, type TimelineEntry } from '../../../src/simulator/timeline.js';

const s = (n: number) => n * 1000;
const entries = (...durations: Array<number | undefined>): TimelineEntry[] =>
  durations.map((durationMs, index) => ({
    ...(durationMs !== undefined ? { durationMs } : {}),
    state: { index },
  }));

describe('entryIndexAt', () => {
  const threeSteps = entries(s(10), s(20), undefined);
  const looping = entries(s(10), s(20), s(5));
  it.each([
    ['the first entry is in force at the start', threeSteps, false, 0, 0],
    ['a window is half-open: still entry 0 just before 10 s', threeSteps, false, s(10) - 1, 0],
    ['exactly at 10 s the second entry takes over', threeSteps, false, s(10), 1],
    ['windows add up: 29.999 s is still the second entry', threeSteps, false, s(30) - 1, 1],
    ['the last entry persists long after the script ends', threeSteps, false, s(86_400), 2],
    ['a clock before the start (skew) shows the first entry', threeSteps, false, -s(5), 0],
    ['a looping timeline wraps around after its total (35 s)', looping, true, s(35) + s(12), 1],
    ['looping: exactly one full period later is entry 0 again', looping, true, s(70), 0],
    ['not looping, a finite last duration still persists', looping, false, s(1000), 2],
    ['a zero-length entry is never in force', entries(0, s(5), undefined), false, 0, 1],
  ])('%s', (_why, list, loop, elapsed, expected) => {
    expect(entryIndexAt(list, loop, elapsed)).toBe(expected);
  });

  it('rejects an empty timeline instead of inventing a state', () => {
    expect(() => entryIndexAt([], false, 0)).toThrow(/at least one entry/);
  });
});

describe('Timeline', () => {
  it('advances with the injected clock and restarts from now', () => {
    const start = new Date('2024-01-01T00:00:00Z');
    const timeline = new Timeline(entries(s(10), undefined), false, start);
    expect(timeline.at(start).index).toBe(0);
    const later = new Date(start.getTime() + s(15));
    expect(timeline.at(later)).toEqual({ index: 1, state: { index: 1 }, elapsedMs: s(15) });
    timeline.restart(later);
    expect(timeline.at(later).index).toBe(0);
    expect(timeline.at(new Date(later.getTime() + s(10))).index).toBe(1);
  });

  it('fixed() holds one state forever', () => {
    const now = new Date();
    const timeline = Timeline.fixed({ a: 1 }, now);
    expect(timeline.at(new Date(now.getTime() + s(1e6))).state).toEqual({ a: 1 });
  });
});

describe('durations', () => {
  it.each([
    ['milliseconds', '500ms', 500],
    ['seconds', '20s', 20_000],
    ['minutes', '2m', 120_000],
    ['hours', '1h', 3_600_000],
    ['sums of units', '1m30s', 90_000],
    ['zero', '0s', 0],
  ])('parses %s', (_why, text, ms) => {
    expect(parseDuration(text)).toBe(ms);
  });

  it.each([
    ['a bare number is ambiguous', '20'],
    ['fractions: scenarios use the CRD grammar, which has none', '1.5s'],
    ['unknown unit', '3d'],
    ['negative', '-5s'],
    ['spaces', '1m 30s'],
    ['empty', ''],
  ])('rejects %s', (_why, text) => {
    expect(parseDuration(text)).toBeUndefined();
  });

  it.each([
    [20_000, '20s'],
    [120_000, '2m'],
    [7_200_000, '2h'],
    [1500, '1500ms'],
    [0, '0s'],
  ])('formats %i ms as %s, and that parses back', (ms, text) => {
    expect(formatDuration(ms)).toBe(text);
    expect(parseDuration(text)).toBe(ms);
  });
});
