import { applyRuntimeDefaults, pollIntervalsMs, type ResolvedSpec } from '../../../src/api/defaults.js';
import { DEFAULT_ACTION_MODE } from '../../../src/providers/huawei-css/descriptor.js';

const base: ResolvedSpec = {
  provider: 'HuaweiCSS',
  region: 'cn-north-4',
  clusterID: 'c1',
  projectID: 'p1',
  credentialsRef: { name: 'creds' },
  pollInterval: '30s',
  idlePollInterval: '5m',
  suspend: false,
};

describe('applyRuntimeDefaults', () => {
  it('gives HuaweiCSS actionMode Upgrading when unset (the CRD has no default for it)', () => {
    expect(DEFAULT_ACTION_MODE).toBe('Upgrading');
    expect(applyRuntimeDefaults(base).actionMode).toBe('Upgrading');
  });

  it('keeps an explicit HuaweiCSS actionMode', () => {
    expect(applyRuntimeDefaults({ ...base, actionMode: 'AZMigration' }).actionMode).toBe('AZMigration');
  });

  it.each(['AlibabaACK', 'AlibabaACKAddons', 'HuaweiCCE'] as const)(
    'never adds actionMode to %s (it is forbidden there)',
    (provider) => {
      expect(applyRuntimeDefaults({ ...base, provider })).not.toHaveProperty('actionMode');
    },
  );

  it('does not mutate its input', () => {
    const input = { ...base };
    applyRuntimeDefaults(input);
    expect(input).not.toHaveProperty('actionMode');
  });
});

describe('pollIntervalsMs', () => {
  it('converts both intervals to milliseconds', () => {
    expect(pollIntervalsMs({ ...base, pollInterval: '1m30s', idlePollInterval: '1h' })).toEqual({
      activeMs: 90_000,
      idleMs: 3_600_000,
    });
  });

  it('falls back to the defaults for a value that cannot have passed validation', () => {
    expect(pollIntervalsMs({ ...base, pollInterval: 'bogus', idlePollInterval: '' })).toEqual({
      activeMs: 30_000,
      idleMs: 300_000,
    });
  });
});
