// The chaos fleet's keyless watches: one watch per cloud whose providers support keyless
// credentials (descriptor supportsKeyless) names a ServiceAccount instead of a Secret,
// so the run's secret scan also covers ServiceAccount tokens and temporary keys (test/chaos/world.ts).
import { buildFleet, KEYLESS_SERVICE_ACCOUNT, specOf } from '../../chaos/fleet.js';
import { SHORT } from '../../chaos/profile.js';
import { descriptors } from '../../../src/providers/descriptors.js';
import { CLOUDS, PROVIDER_CLOUD, PROVIDERS } from '../../../src/providers/names.js';

const fleet = buildFleet(SHORT);
const keyless = fleet.watches.filter((watch) => watch.serviceAccount !== undefined);

describe('chaos fleet: keyless watches', () => {
  it('exactly one per keyless-capable cloud, each scripted (its final truth is checked like any other)', () => {
    const capable = CLOUDS.filter((cloud) =>
      PROVIDERS.some((p) => PROVIDER_CLOUD[p] === cloud && descriptors[p].supportsKeyless),
    );
    // Every cloud has a keyless exchange now (Entra federation and Google STS included): the
    // fleet must exercise each of them.
    expect(capable).toEqual([...CLOUDS]);
    expect(keyless.map((watch) => watch.cloud).sort()).toEqual([...capable].sort());
    expect(keyless.every((watch) => descriptors[watch.provider].supportsKeyless)).toBe(true);
    expect(keyless.every((watch) => watch.script !== undefined)).toBe(true);
  });

  it('every watch has exactly one credentials source', () => {
    const both = fleet.watches.filter(
      (w) => (w.secretName === undefined) === (w.serviceAccount === undefined),
    );
    expect(both).toEqual([]);
  });

  it.each(keyless.map((watch) => [watch.name, watch] as const))(
    '%s: workloadIdentity with its cloud’s fields, no credentialsRef',
    (_name, watch) => {
      const spec = specOf(watch, 'http://127.0.0.1:1', SHORT);
      expect(spec.credentialsRef).toBeUndefined();
      expect(spec.workloadIdentity?.serviceAccountName).toBe(KEYLESS_SERVICE_ACCOUNT);
      // The identity fields the provider requires (roleARN + oidcProviderARN, idpID + audience, roleARN).
      const fields = descriptors[watch.provider].identityFields.required;
      for (const field of fields) expect(spec.workloadIdentity).toHaveProperty(field);
    },
  );
});
