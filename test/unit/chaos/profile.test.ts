// The fault mix the chaos world arms: every kind must fire in every run, whatever the seed, so
// each probability entry gets a certain twin; entries that are already certain do not.
import { describe, expect, it } from '@jest/globals';
import { FAULT_MIX, armedFaults } from '../../chaos/profile.js';

describe('armedFaults', () => {
  const armed = armedFaults(FAULT_MIX);
  const byName = (name: string) => armed.filter((fault) => fault.name === name);

  it.each(FAULT_MIX.filter((entry) => entry.probability !== undefined).map((entry) => entry.name))(
    '%s: armed at its probability and once for certain',
    (name) => {
      const [random, certain] = byName(name);
      expect(byName(name)).toHaveLength(2);
      expect(random).toMatchObject({ probability: expect.any(Number) });
      expect(random?.count).toBeUndefined();
      expect(certain).toMatchObject({ count: 1, kind: random?.kind });
      expect(certain?.probability).toBeUndefined();
      expect(certain?.latencyMs).toBe(random?.latencyMs);
    },
  );

  it('entries that already fire for certain (count) are armed once, as given', () => {
    for (const entry of FAULT_MIX.filter((e) => e.count !== undefined)) {
      expect(byName(entry.name)).toEqual([
        expect.objectContaining({ count: entry.count, kind: entry.kind, provider: entry.provider }),
      ]);
    }
  });

  it('nothing but the simulator fields is armed (no `why`)', () => {
    for (const fault of armed) expect(fault).not.toHaveProperty('why');
  });
});
