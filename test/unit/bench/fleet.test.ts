import { parseSpec } from '../../../src/api/schema.js';
import { planFleet, specOf, type FleetOptions } from '../../../src/bench/fleet.js';
import { descriptors } from '../../../src/providers/descriptors.js';
import { parseOptions } from '../../../src/bench/options.js';
import { CLOUDS, PROVIDER_CLOUD, PROVIDERS } from '../../../src/providers/names.js';

const base: FleetOptions = {
  watches: 1000,
  credentials: 50,
  namespaces: 50,
  durationMs: 120_000,
  pollIntervalMs: 30_000,
};

const count = <T>(items: readonly T[], key: (item: T) => string): Map<string, number> => {
  const out = new Map<string, number>();
  for (const item of items) out.set(key(item), (out.get(key(item)) ?? 0) + 1);
  return out;
};

describe('planFleet', () => {
  it.each([
    // why: one namespace must be the layout of every run before --namespaces existed
    { namespaces: 1, want: { namespaces: 1, perNamespace: 1000 } },
    // why: the default spreads 1000 watches evenly over 50 tenants, so no tenant's poll cap binds
    { namespaces: 50, want: { namespaces: 50, perNamespace: 20 } },
    // why: fewer tenants than credentials: each tenant holds several keys
    { namespaces: 10, want: { namespaces: 10, perNamespace: 100 } },
  ])('$namespaces namespace(s): watches spread evenly', ({ namespaces, want }) => {
    const fleet = planFleet({ ...base, namespaces });
    expect(fleet.namespaces).toHaveLength(want.namespaces);
    expect(new Set(count(fleet.plans, (p) => p.namespace).values())).toEqual(new Set([want.perNamespace]));
  });

  it('keeps one namespace named as before', () => {
    expect(planFleet({ ...base, namespaces: 1 }).namespaces).toEqual(['upgradewatch-bench']);
  });

  // The floor and the rate-limit bound must not depend on --namespaces: the same watches, on
  // the same keys, only in other namespaces.
  it('gives every watch the same name, provider and key whatever the namespaces', () => {
    const keyOf = (n: number) => {
      const fleet = planFleet({ ...base, namespaces: n });
      const keys = new Map(fleet.credentials.map((c) => [`${c.namespace}/${c.name}`, c.key.sim.accessKeyId]));
      return fleet.plans.map((p) => [p.name, p.provider, keys.get(`${p.namespace}/${p.secret}`)]);
    };
    expect(keyOf(50)).toEqual(keyOf(1));
    expect(keyOf(1).every(([, , key]) => key !== undefined)).toBe(true);
  });

  it("names only Secrets of the watch's own namespace, of the watch's cloud", () => {
    const fleet = planFleet(base);
    for (const plan of fleet.plans) {
      const secret = fleet.credentials.find((c) => c.name === plan.secret)!;
      expect(secret.namespace).toBe(plan.namespace);
      expect(secret.cloud).toBe(PROVIDER_CLOUD[plan.provider]);
    }
  });

  it('with one credential, every cloud still gets a Secret of its own (named after its initial, or its name when the initial is taken) and every provider a watch', () => {
    const fleet = planFleet({ ...base, watches: 8, credentials: 1, namespaces: 1 });
    expect(fleet.credentials.map((c) => c.cloud)).toEqual([...CLOUDS]);
    expect(new Set(fleet.plans.map((p) => p.secret))).toEqual(
      new Set(['bench-cred-0', 'bench-cred-h0', 'bench-cred-a0', 'bench-cred-g0', 'bench-cred-azure-0']),
    );
    expect(new Set(fleet.plans.map((p) => p.provider))).toEqual(new Set(PROVIDERS));
  });

  // why: the CRD refuses workloadIdentity for a provider without a keyless exchange, so a keyless
  // bench that placed such a watch would measure nothing but InvalidSpec.
  it('keyless: spreads only over providers with a keyless exchange, each spec one the operator accepts', () => {
    const fleet = planFleet({
      ...base,
      watches: 60,
      credentials: 8,
      namespaces: 2,
      keylessServiceAccounts: 8,
    });
    const keylessProviders = PROVIDERS.filter((p) => descriptors[p].supportsKeyless);
    expect(new Set(fleet.plans.map((p) => p.provider))).toEqual(new Set(keylessProviders));
    for (const plan of fleet.plans) {
      expect(parseSpec(specOf(plan, 'http://127.0.0.1:1', 30_000, true))).toMatchObject({ ok: true });
    }
  });

  it('with credentials, every provider gets watches whose specs the operator accepts', () => {
    const fleet = planFleet({ ...base, watches: 60, credentials: 12, namespaces: 2 });
    expect(new Set(fleet.plans.map((p) => p.provider))).toEqual(new Set(PROVIDERS));
    for (const plan of fleet.plans) {
      expect(parseSpec(specOf(plan, 'http://127.0.0.1:1', 30_000))).toMatchObject({ ok: true });
    }
  });

  it('changes every odd watch once, inside the window minus one interval and 5 s', () => {
    const changes = planFleet(base).plans.flatMap((p) => (p.changeAtMs === undefined ? [] : [p.changeAtMs]));
    expect(changes).toHaveLength(500);
    expect(Math.max(...changes)).toBeLessThan(120_000 - 30_000 - 5000);
  });
});

describe('--namespaces', () => {
  it.each([
    // why: the default is 50 tenants, but never more than the credentials (min(50, N))
    { argv: ['--watches', '1000'], namespaces: 50 },
    { argv: ['--watches', '20'], namespaces: 20 },
    // why: one-namespace runs stay possible (the layout of the Node 20 rows)
    { argv: ['--watches', '1000', '--namespaces', '1'], namespaces: 1 },
  ])('$argv → $namespaces', ({ argv, namespaces }) => {
    expect(parseOptions(argv).namespaces).toBe(namespaces);
  });

  it('refuses more namespaces than credentials (a tenant needs a key of its own)', () => {
    expect(() => parseOptions(['--watches', '100', '--credentials', '5', '--namespaces', '6'])).toThrow(
      new Error('--namespaces (6) may not exceed the credentials (5)'),
    );
  });
});
