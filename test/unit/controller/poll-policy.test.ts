import type { PollIntervals } from '../../../src/api/defaults.js';
import type { Phase } from '../../../src/api/types.js';
import { jittered, nextPollDelay, transientBackoffMs } from '../../../src/controller/poll-policy.js';
import type { Outcome } from '../../../src/controller/status.js';

const intervals: PollIntervals = { activeMs: 30_000, idleMs: 300_000 };
const mid = (): number => 0.5; // no jitter offset
const low = (): number => 0;
const high = (): number => 0.999999;
const at = new Date('2025-01-01T00:00:00Z');

describe('nextPollDelay after a successful poll', () => {
  const cases: Array<[why: string, phase: Phase, expectedMs: number]> = [
    ['Pending is active', 'Pending', 30_000],
    ['Running is active', 'Running', 30_000],
    ['Paused is active: it can resume any moment', 'Paused', 30_000],
    ['Unknown is treated as active: we cannot tell it is over', 'Unknown', 30_000],
    ['Idle uses idlePollInterval', 'Idle', 300_000],
    ['Succeeded is terminal', 'Succeeded', 300_000],
    ['Failed is terminal', 'Failed', 300_000],
    ['Cancelled is terminal', 'Cancelled', 300_000],
  ];
  it.each(cases)('%s', (_why, phase, expectedMs) => {
    const d = nextPollDelay({ kind: 'observed', observation: { phase }, at }, undefined, intervals, 3, mid);
    expect(d).toEqual({ delayMs: expectedMs, attempt: 0 }); // success resets the backoff attempt
  });

  it('jitter stays within ±10 %', () => {
    expect(jittered(30_000, low)).toBe(27_000);
    expect(jittered(30_000, high)).toBeLessThanOrEqual(33_000);
    expect(jittered(30_000, high)).toBeGreaterThan(32_900);
  });
});

describe('transient backoff', () => {
  const cases: Array<[why: string, attempt: number, ceiling: number]> = [
    ['first failure: up to 5 s', 0, 5_000],
    ['second: up to 10 s', 1, 10_000],
    ['fourth: up to 40 s', 3, 40_000],
    ['sixth: capped at 5 min (5 s × 2^6 = 320 s)', 6, 300_000],
    ['huge attempt counts stay capped and finite', 500, 300_000],
  ];
  it.each(cases)('%s', (_why, attempt, ceiling) => {
    expect(transientBackoffMs(attempt, high)).toBe(Math.round(0.999999 * ceiling));
    expect(transientBackoffMs(attempt, low)).toBe(1_000); // full jitter, floored at 1 s
  });

  it('increments the attempt and honours a longer Retry-After', () => {
    const throttled: Outcome = {
      kind: 'transientError',
      reason: 'Throttled',
      message: 't',
      retryAfterMs: 60_000,
    };
    expect(nextPollDelay(throttled, 'Running', intervals, 0, high)).toEqual({ delayMs: 60_000, attempt: 1 });
  });

  it('a shorter Retry-After does not undercut the backoff', () => {
    const throttled: Outcome = {
      kind: 'transientError',
      reason: 'Throttled',
      message: 't',
      retryAfterMs: 100,
    };
    expect(nextPollDelay(throttled, 'Running', intervals, 3, high).delayMs).toBe(
      Math.round(0.999999 * 40_000),
    );
  });
});

describe('permanent errors', () => {
  it.each([['AuthFailed'], ['ClockSkew'], ['NotFound'], ['RequestRejected']] as const)(
    '%s waits at least 10 minutes (never less, even with jitter)',
    (reason) => {
      const outcome: Outcome = { kind: 'permanentError', reason, message: 'x' };
      expect(nextPollDelay(outcome, 'Running', intervals, 4, low)).toEqual({ delayMs: 600_000, attempt: 0 });
      expect(nextPollDelay(outcome, 'Running', intervals, 4, high).delayMs).toBeLessThanOrEqual(660_000);
    },
  );
});
