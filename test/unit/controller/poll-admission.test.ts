import { createPollAdmission, SLOT_RETRY_MS } from '../../../src/controller/poll-admission.js';
import { Semaphore } from '../../../src/runtime/semaphore.js';
import { TokenBucketLimiter } from '../../../src/runtime/token-bucket.js';
import { FakeTimers } from '../../helpers/fake-timers.js';

function setup(opts: { slots?: number; perNamespace?: number; burst?: number } = {}) {
  const timers = new FakeTimers();
  const limiter = new TokenBucketLimiter({ qps: 10, burst: opts.burst ?? 2, clock: timers, timers });
  const slots = new Semaphore(opts.slots ?? 4);
  const admission = createPollAdmission({
    rateLimiter: limiter,
    slots,
    maxPerNamespace: opts.perNamespace ?? 0,
    now: () => timers.nowMillis(),
    random: () => 0,
  });
  return { timers, limiter, slots, admission };
}

describe('poll admission (reserve-then-requeue, never waits)', () => {
  test('an empty bucket reserves the next token and says when it is due; the reservation is used once', async () => {
    const { timers, admission } = setup({ burst: 1 });
    expect(admission.admit('a', 'ns', 'k')).toMatchObject({ admitted: true });
    expect(admission.admit('b', 'ns', 'k')).toEqual({ admitted: false, retryInMs: 100 });
    expect(admission.admit('c', 'ns', 'k')).toEqual({ admitted: false, retryInMs: 200 });
    // Coming back early does not reserve a second token: the same due time is reported.
    await timers.advance(50);
    expect(admission.admit('b', 'ns', 'k')).toEqual({ admitted: false, retryInMs: 50 });
    await timers.advance(50);
    expect(admission.admit('b', 'ns', 'k')).toMatchObject({ admitted: true });
    // 'b' used its reservation; a new poll of 'b' queues behind 'c'.
    expect(admission.admit('b', 'ns', 'k')).toEqual({ admitted: false, retryInMs: 200 });
  });

  test('a poll that has its token but no free slot keeps the token and retries shortly', () => {
    const { admission, slots } = setup({ slots: 1, burst: 5 });
    const first = admission.admit('a', 'ns', 'k');
    expect(first).toMatchObject({ admitted: true });
    expect(admission.admit('b', 'other', 'k2')).toEqual({ admitted: false, retryInMs: SLOT_RETRY_MS });
    if (first.admitted) first.release();
    expect(slots.available()).toBe(1);
    expect(admission.admit('b', 'other', 'k2')).toMatchObject({ admitted: true });
  });

  test('one namespace holds at most its cap of slots; other namespaces still get theirs', () => {
    const { admission } = setup({ slots: 4, perNamespace: 2, burst: 10 });
    const a1 = admission.admit('a1', 'mallory', 'k');
    expect(a1).toMatchObject({ admitted: true });
    expect(admission.admit('a2', 'mallory', 'k')).toMatchObject({ admitted: true });
    expect(admission.admit('a3', 'mallory', 'k')).toEqual({ admitted: false, retryInMs: SLOT_RETRY_MS });
    expect(admission.admit('v1', 'victim', 'v')).toMatchObject({ admitted: true });
    if (a1.admitted) {
      a1.release();
      a1.release(); // a second release has no further effect
    }
    expect(admission.admit('a3', 'mallory', 'k')).toMatchObject({ admitted: true });
    expect(admission.admit('a4', 'mallory', 'k')).toEqual({ admitted: false, retryInMs: SLOT_RETRY_MS });
  });

  test('follow-up requests take their token at once; the debt delays the next poll on that bucket', () => {
    const { admission } = setup({ burst: 1 });
    expect(admission.admit('a', 'ns', 'k')).toMatchObject({ admitted: true });
    admission.takeFollowUp('k');
    expect(admission.admit('b', 'ns', 'k')).toEqual({ admitted: false, retryInMs: 200 });
  });

  test('a reservation on a bucket the object no longer uses (rotated credential) is replaced', () => {
    const { admission } = setup({ burst: 1 });
    admission.admit('x', 'ns', 'old');
    expect(admission.admit('a', 'ns', 'old')).toEqual({ admitted: false, retryInMs: 100 });
    expect(admission.admit('a', 'ns', 'new')).toMatchObject({ admitted: true });
  });
});
