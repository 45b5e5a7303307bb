// The progress rules written once (docs/reference.md#progress-rules): Succeeded ⇒ 100, any other
// phase at most 99.

import type { Phase } from '../../../src/api/types.js';
import { progressOf, progressPercent, settleProgress } from '../../../src/providers/common/progress.js';

describe('progress rules', () => {
  const cases: Array<[why: string, actual: () => number | undefined, expected: number | undefined]> = [
    ['Succeeded is 100 whatever the ratio says', () => progressPercent(0.2, 'Succeeded'), 100],
    ['every step finished while Running is 99, not 100', () => progressPercent(1, 'Running'), 99],
    ['a ratio over 1 is held at 99 too', () => progressPercent(7, 'Paused'), 99],
    ['a negative ratio is 0', () => progressPercent(-1, 'Running'), 0],
    ['NaN from a broken count is 0, never NaN in status', () => progressPercent(Number.NaN, 'Running'), 0],
    ['0.29 × 100 rounds down to 29, not 28', () => progressPercent(0.29, 'Running'), 29],
    ['2 of 2 steps while Failed is 99', () => progressOf(2, 2, 'Failed'), 99],
    ['nothing to divide by: no honest progress', () => progressOf(0, 0, 'Running'), undefined],
    ['nothing to divide by but Succeeded: 100', () => progressOf(0, 0, 'Succeeded'), 100],
    ['an observed 100 on Unknown is 99', () => settleProgress(100, 'Unknown'), 99],
    ['an observed 42.5 is 42', () => settleProgress(42.5, 'Running'), 42],
    ['absent stays absent before Succeeded', () => settleProgress(undefined, 'Pending'), undefined],
    ['absent becomes 100 on Succeeded', () => settleProgress(undefined, 'Succeeded' as Phase), 100],
  ];
  it.each(cases)('%s', (_why, actual, expected) => {
    expect(actual()).toBe(expected);
  });
});
