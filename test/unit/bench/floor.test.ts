import { PROVIDERS } from '../../../src/api/types.js';
import { realisticFirstStatus, runLimited } from '../../../src/bench/floor.js';

describe('realisticFirstStatus', () => {
  const now = new Date('2026-12-06T12:00:00Z');
  // The floor must PATCH what the operator writes first, per provider: the normalizer's
  // Running observation at 0 % with its steps, and the four conditions.
  it.each(PROVIDERS.map((p) => [p]))('is the operator first status of a Running %s upgrade', (provider) => {
    const status = realisticFirstStatus(provider, 'c-bench-00001', now);
    expect(status.phase).toBe('Running');
    expect(status.observedGeneration).toBe(1);
    expect(status.lastSyncTime).toBe('2026-12-06T12:00:00Z');
    expect((status.conditions ?? []).map((c) => c.type).sort()).toEqual([
      'Progressing',
      'Ready',
      'Stalled',
      'Synced',
    ]);
    expect(status.steps?.length ?? status.components?.length ?? 0).toBeGreaterThan(0);
  });
});

describe('runLimited', () => {
  it('runs every item with at most `limit` in flight', async () => {
    let inFlight = 0;
    let most = 0;
    const done: number[] = [];
    await runLimited([1, 2, 3, 4, 5, 6, 7], 3, async (n) => {
      inFlight++;
      most = Math.max(most, inFlight);
      await Promise.resolve();
      done.push(n);
      inFlight--;
    });
    expect(done.sort()).toEqual([1, 2, 3, 4, 5, 6, 7]);
    expect(most).toBe(3);
  });
});
