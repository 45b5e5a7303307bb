// src/operator.ts wiring that a test can check without a cluster (docs/reference.md#rate-limits).
import { cloudRateLimiter } from '../../src/operator.js';
import { FakeTimers } from '../helpers/fake-timers.js';

describe('cloudRateLimiter', () => {
  it('refills on the injected clock, the one poll admission adds its delays to', async () => {
    // Why: poll admission computes "due at" as the injected clock's now plus the bucket's delay;
    // a bucket on the wall clock under a virtual clock never refills in virtual time.
    const clock = new FakeTimers('2026-12-07T12:00:00Z');
    const limiter = cloudRateLimiter({ cloudQps: 10, cloudBurst: 2 }, clock);
    expect([limiter.tryTake('k'), limiter.tryTake('k'), limiter.tryTake('k')]).toEqual([true, true, false]);
    expect(limiter.reserve('k')).toBe(100); // the next token is due in 100 ms of this clock
    await clock.advance(300); // pays the reservation, then refills two tokens (burst 2)
    expect([limiter.tryTake('k'), limiter.tryTake('k'), limiter.tryTake('k')]).toEqual([true, true, false]);
  });

  it('without an injected clock uses the wall clock (production)', () => {
    const limiter = cloudRateLimiter({ cloudQps: 10, cloudBurst: 1 });
    expect(limiter.tryTake('k')).toBe(true);
    expect(limiter.reserve('k')).toBeGreaterThan(0);
  });
});
