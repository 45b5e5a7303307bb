import { ConfigError, envName, helpText, parseConfig, type OperatorConfig } from '../../src/config.js';

function config(argv: string[], env: Record<string, string> = {}): OperatorConfig {
  const parsed = parseConfig(argv, env);
  if (parsed.help) throw new Error('unexpected --help');
  return parsed.config;
}

describe('parseConfig', () => {
  it('applies the documented defaults when nothing is given', () => {
    expect(config([])).toEqual({
      metricsBindAddress: ':8080',
      healthProbeBindAddress: ':8081',
      leaderElect: false,
      leaderElectionNamespace: 'upgradewatch-system',
      leaderElectionId: 'upgradewatch-leader',
      maxConcurrentPolls: 16,
      maxConcurrentPollsPerNamespace: 8,
      cloudQps: 10,
      cloudBurst: 20,
      statusHeartbeatMs: 600_000,
      allowCustomEndpoints: false,
      requireCredentialsLabel: false,
      logLevel: 'info',
    });
  });

  const cases: Array<
    [why: string, argv: string[], env: Record<string, string>, expected: Partial<OperatorConfig>]
  > = [
    [
      'flags set values',
      ['--cloud-qps', '2.5', '--leader-elect', '--namespace', 'team-a'],
      {},
      { cloudQps: 2.5, leaderElect: true, namespace: 'team-a' },
    ],
    [
      'env vars set values',
      [],
      { UPGRADEWATCH_MAX_CONCURRENT_POLLS: '4', UPGRADEWATCH_ALLOW_CUSTOM_ENDPOINTS: 'true' },
      { maxConcurrentPolls: 4, allowCustomEndpoints: true },
    ],
    [
      'a flag wins over its env var',
      ['--log-level', 'debug'],
      { UPGRADEWATCH_LOG_LEVEL: 'error' },
      { logLevel: 'debug' },
    ],
    ['heartbeat is a duration', ['--status-heartbeat', '1m30s'], {}, { statusHeartbeatMs: 90_000 }],
    [
      'the pod namespace is the default lease namespace',
      [],
      { POD_NAMESPACE: 'ops' },
      { leaderElectionNamespace: 'ops' },
    ],
  ];
  it.each(cases)('%s', (_why, argv, env, expected) => {
    expect(config(argv, env)).toMatchObject(expected);
  });

  it('an empty env var counts as unset, so no empty selector reaches the API', () => {
    expect(config([], { UPGRADEWATCH_SELECTOR: '' })).not.toHaveProperty('selector');
  });

  const bad: Array<[why: string, argv: string[], fragment: string]> = [
    ['unknown flags are refused, not ignored', ['--poll-everything'], 'Unknown option'],
    ['zero concurrency would poll nothing', ['--max-concurrent-polls', '0'], 'positive integer'],
    ['fractional concurrency makes no sense', ['--max-concurrent-polls', '1.5'], 'positive integer'],
    ['qps must be a number', ['--cloud-qps', 'fast'], 'positive number'],
    ['heartbeat must parse', ['--status-heartbeat', 'often'], 'duration'],
    ['log level must be known', ['--log-level', 'loud'], 'log-level'],
  ];
  it.each(bad)('%s', (_why, argv, fragment) => {
    expect(() => parseConfig(argv, {})).toThrow(ConfigError);
    expect(() => parseConfig(argv, {})).toThrow(fragment);
  });

  it('--help is reported, and the help text names every flag with its env var', () => {
    expect(parseConfig(['--help'], {})).toEqual({ help: true });
    const text = helpText();
    for (const flag of [
      'kubeconfig',
      'selector',
      'max-concurrent-polls',
      'allow-custom-endpoints',
      'status-heartbeat',
    ]) {
      expect(text).toContain(`--${flag}`);
      expect(text).toContain(envName(flag));
    }
  });
});
