import { planFleet, specOf } from '../../../src/bench/fleet.js';
import { exchangeCounts, keylessFigures } from '../../../src/bench/keyless.js';
import { parseOptions } from '../../../src/bench/options.js';
import type { CounterEntry } from '../../../src/simulator/index.js';

const entry = (
  provider: CounterEntry['provider'],
  operation: string,
  outcomes: Record<string, number>,
): CounterEntry => ({
  provider,
  clusterID: '',
  operation,
  count: Object.values(outcomes).reduce((a, b) => a + b, 0),
  outcomes: outcomes as CounterEntry['outcomes'],
});

describe('--keyless-service-accounts', () => {
  it('replaces the Secrets by S ServiceAccounts, with a 10 min lifetime by default', () => {
    const opts = parseOptions(['--watches', '1000', '--keyless-service-accounts', '50']);
    expect(opts).toMatchObject({ credentials: 50, namespaces: 50, keylessServiceAccounts: 50 });
    expect(opts.credentialLifetimeMs).toBe(600_000);
  });

  it.each([
    // why: keys that live no longer than the 5 min refresh margin would be exchanged on every poll
    {
      argv: ['--keyless-service-accounts', '4', '--credential-lifetime', '5m'],
      error: "--credential-lifetime must be longer than the operator's refresh margin (5m)",
    },
    // why: a lifetime without keyless watches would silently mean nothing
    {
      argv: ['--credential-lifetime', '10m'],
      error: '--credential-lifetime needs --keyless-service-accounts',
    },
    // why: S is the credential count of a keyless run; two counts would contradict each other
    {
      argv: ['--keyless-service-accounts', '4', '--credentials', '8'],
      error: '--keyless-service-accounts S replaces --credentials: give only one',
    },
  ])('refuses $argv', ({ argv, error }) => {
    expect(() => parseOptions(argv)).toThrow(new Error(error));
  });

  it('a run without it has no keyless options (the runs of before)', () => {
    expect(parseOptions(['--watches', '10']).keylessServiceAccounts).toBeUndefined();
  });
});

describe('keyless fleet', () => {
  const fleet = planFleet({
    watches: 1000,
    credentials: 50,
    namespaces: 50,
    durationMs: 600_000,
    pollIntervalMs: 30_000,
    keylessServiceAccounts: 50,
  });

  it("names a ServiceAccount of the watch's namespace, serving one cloud only (one cache entry each)", () => {
    expect(fleet.keyless).toBe(true);
    const cloudsBySa = new Map<string, Set<string>>();
    for (const plan of fleet.plans) {
      const sa = fleet.credentials.find((c) => c.name === plan.secret)!;
      expect(sa.name).toMatch(/^bench-sa-\d+$/);
      expect(sa.namespace).toBe(plan.namespace);
      const clouds = cloudsBySa.get(sa.name) ?? new Set();
      clouds.add(plan.provider.startsWith('Huawei') ? 'huawei' : 'alibaba');
      cloudsBySa.set(sa.name, clouds);
    }
    expect(cloudsBySa.size).toBe(50);
    expect([...cloudsBySa.values()].every((clouds) => clouds.size === 1)).toBe(true);
  });

  it.each([
    {
      provider: 'AlibabaACK',
      identity: { oidcProviderARN: expect.any(String), roleARN: expect.any(String) },
    },
    { provider: 'HuaweiCSS', identity: { idpID: expect.any(String), audience: expect.any(String) } },
  ])('a $provider watch carries workloadIdentity and no credentialsRef', ({ provider, identity }) => {
    const plan = fleet.plans.find((p) => p.provider === provider)!;
    const spec = specOf(plan, 'http://127.0.0.1:1', 30_000, true);
    expect(spec.credentialsRef).toBeUndefined();
    expect(spec.workloadIdentity).toEqual({ serviceAccountName: plan.secret, ...identity });
  });

  it('a Secret fleet is unchanged: credentialsRef, no workloadIdentity', () => {
    const plain = planFleet({
      watches: 8,
      credentials: 2,
      namespaces: 1,
      durationMs: 60_000,
      pollIntervalMs: 30_000,
    });
    expect(plain.keyless).toBe(false);
    const spec = specOf(plain.plans[0]!, 'http://127.0.0.1:1', 30_000);
    expect(spec).toMatchObject({ credentialsRef: { name: 'bench-cred-0' } });
    expect(spec.workloadIdentity).toBeUndefined();
  });
});

describe('exchangeCounts', () => {
  it('counts one exchange per keys issued: Alibaba STS ok, Huawei securitytokens ok (not the id token)', () => {
    const counts = exchangeCounts({
      entries: [
        entry('AlibabaACK', 'AssumeRoleWithOIDC', { ok: 3, throttled: 1 }),
        entry('HuaweiCCE', 'CreateTokenWithIdToken', { ok: 2 }),
        entry('HuaweiCCE', 'CreateTemporaryAccessKeyByToken', { ok: 2 }),
        // why: cluster polls are not exchanges
        entry('AlibabaACK', 'GetUpgradeStatus', { ok: 40 }),
      ],
    });
    expect(counts).toEqual({
      exchanges: 5,
      requestsByOperation: {
        AssumeRoleWithOIDC: 4,
        CreateTokenWithIdToken: 2,
        CreateTemporaryAccessKeyByToken: 2,
      },
      failed: 1,
    });
  });
});

describe('keylessFigures', () => {
  const base = {
    serviceAccounts: 50,
    identities: 50,
    credentialLifetimeMs: 10 * 60_000,
    refreshMarginMs: 5 * 60_000,
    windowMs: 10 * 60_000,
    coldStart: { entries: [entry('AlibabaACK', 'AssumeRoleWithOIDC', { ok: 25 })] },
  };

  it.each([
    // why: the steady state: every identity refreshed once per (lifetime − margin) = 5 min, so a
    // 10 min window holds 2 exchanges per identity: ratio 1, and 2 against the per-lifetime ideal
    { windowExchanges: 100, ratio: 1, perLifetime: 2 },
    // why: one extra exchange per identity (e.g. polls racing past the shared request) shows
    { windowExchanges: 150, ratio: 1.5, perLifetime: 3 },
  ])(
    '$windowExchanges exchanges in 10 min over 50 identities → ratio $ratio',
    ({ windowExchanges, ratio, perLifetime }) => {
      const k = keylessFigures({
        ...base,
        window: { entries: [entry('AlibabaACK', 'AssumeRoleWithOIDC', { ok: windowExchanges })] },
      });
      expect(k).toMatchObject({
        refreshPeriodSeconds: 300,
        coldStartExchanges: 25,
        windowExchanges,
        exchangesPerHour: windowExchanges * 6,
        idealPerHour: 600,
        idealInWindow: 100,
        ratio,
        perLifetimeIdealPerHour: 300,
        ratioToPerLifetimeIdeal: perLifetime,
      });
    },
  );

  it('an empty window has no ratio rather than a division by zero', () => {
    expect(keylessFigures({ ...base, windowMs: 0, window: { entries: [] } }).ratio).toBeNull();
  });
});
