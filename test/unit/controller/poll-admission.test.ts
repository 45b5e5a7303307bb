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

  test('a follow-up with no token free is not sent: the poll is cut, frees its slot, and its retry reserves both tokens', async () => {
    // Taking the follow-up's token on credit would send 2 requests on a 1-token bucket at once.
    const { timers, admission, slots } = setup({ slots: 1, burst: 1 });
    const first = admission.admit('a', 'ns', 'k');
    if (!first.admitted) throw new Error('the first poll has its token');
    expect(first.takeRequestToken()).toBe(true);
    expect(first.takeRequestToken()).toBe(false);
    expect(first.takeRequestToken()).toBe(false); // cut stays cut
    expect(first.release()).toEqual({ cutRetryInMs: 200 });
    expect(slots.available()).toBe(1);

    await timers.advance(200);
    const retry = admission.admit('a', 'ns', 'k');
    if (!retry.admitted) throw new Error('the retry has both tokens');
    expect(retry.takeRequestToken()).toBe(true);
    expect(retry.takeRequestToken()).toBe(true);
    expect(retry.release()).toEqual({});
    // Both were paid for: the next poll on the bucket waits for a fresh token.
    expect(admission.admit('b', 'ns', 'k')).toEqual({ admitted: false, retryInMs: 100 });
  });

  test('a follow-up takes a token that is free at that moment', () => {
    const { admission } = setup({ burst: 2 });
    const poll = admission.admit('a', 'ns', 'k');
    if (!poll.admitted) throw new Error('admitted');
    expect(poll.takeRequestToken()).toBe(true);
    expect(poll.takeRequestToken()).toBe(true);
    expect(poll.release()).toEqual({});
    expect(admission.admit('b', 'ns', 'k')).toEqual({ admitted: false, retryInMs: 100 });
  });

  test('a watch reserves what its last poll needed, and tokens it did not use go back', async () => {
    const { timers, admission } = setup({ burst: 3 });
    const busy = admission.admit('a', 'ns', 'k');
    if (!busy.admitted) throw new Error('admitted');
    for (let i = 0; i < 3; i++) expect(busy.takeRequestToken()).toBe(true);
    busy.release();
    await timers.advance(300); // the bucket is full again
    const quiet = admission.admit('a', 'ns', 'k'); // reserves 3
    if (!quiet.admitted) throw new Error('admitted');
    expect(quiet.takeRequestToken()).toBe(true);
    quiet.release(); // 2 unused tokens go back
    expect(admission.admit('b', 'ns', 'k')).toMatchObject({ admitted: true });
    expect(admission.admit('c', 'ns', 'k')).toMatchObject({ admitted: true });
    expect(admission.admit('d', 'ns', 'k')).toEqual({ admitted: false, retryInMs: 100 });
  });

  test('a reservation on a bucket the object no longer uses (rotated credential) is replaced', () => {
    const { admission } = setup({ burst: 1 });
    admission.admit('x', 'ns', 'old');
    expect(admission.admit('a', 'ns', 'old')).toEqual({ admitted: false, retryInMs: 100 });
    expect(admission.admit('a', 'ns', 'new')).toMatchObject({ admitted: true });
  });
});
