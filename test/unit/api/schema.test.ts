import { applyRuntimeDefaults, type ResolvedSpec } from '../../../src/api/defaults.js';
import { isEndpointURL, parseSpec, statusSchema } from '../../../src/api/schema.js';
import { PROVIDERS } from '../../../src/providers/names.js';
import { ENDPOINT_CASES, INVALID_SPECS, VALID_SPECS, type Spec } from '../../fixtures/specs.js';

const PREFIX = 'invalid spec: ';

function reject(spec: unknown): string {
  const result = parseSpec(spec);
  if (result.ok) throw new Error(`expected a rejection, got ${JSON.stringify(result.spec)}`);
  return result.message;
}

/** The individual `field: detail` issues of a parseSpec message. */
function issues(message: string): string[] {
  expect(message.startsWith(PREFIX)).toBe(true);
  return message.slice(PREFIX.length).split('; ');
}

describe('parseSpec on the shared fixtures (the apiserver must agree: test/integration/crd.test.ts)', () => {
  it('has enough fixtures to mean something', () => {
    expect(INVALID_SPECS.length).toBeGreaterThanOrEqual(12);
    const providers = new Set(VALID_SPECS.map((f) => f.spec.provider));
    // Every registered provider has at least one valid fixture.
    expect([...providers].sort()).toEqual([...PROVIDERS].sort());
    const names = [...VALID_SPECS, ...INVALID_SPECS].map((f) => f.name);
    expect(new Set(names).size).toBe(names.length);
  });

  it.each(VALID_SPECS.map((f) => [f.name, f] as const))('accepts %s', (_name, fixture) => {
    const result = parseSpec(fixture.spec);
    if (!result.ok) throw new Error(`${fixture.why}: ${result.message}`);
    // What the apiserver stores, plus the one default only the operator applies.
    expect(result.spec).toEqual(applyRuntimeDefaults(fixture.stored as unknown as ResolvedSpec));
  });

  it.each(INVALID_SPECS.map((f) => [f.name, f] as const))('rejects %s', (_name, fixture) => {
    const found = issues(reject(fixture.spec));
    const matching = found.filter((i) => i.startsWith(`${fixture.field}: `) && i.includes(fixture.fragment));
    if (matching.length === 0)
      throw new Error(
        `${fixture.why}: no issue on ${fixture.field} with "${fixture.fragment}" in ${JSON.stringify(found)}`,
      );
  });
});

describe('parseSpec messages read like kubectl apply errors', () => {
  const ack: Spec = {
    provider: 'AlibabaACK',
    region: 'cn-hangzhou',
    clusterID: 'c1',
    credentialsRef: { name: 'creds' },
  };

  const cases: Array<[why: string, spec: unknown, message: string]> = [
    [
      'a cross-field rule names the field and the rule',
      { ...ack, provider: 'HuaweiCCE' },
      'spec.projectID: Required value: projectID is required when provider is HuaweiCCE or HuaweiCSS or GoogleGKE',
    ],
    [
      'a forbidden field says so',
      { ...ack, taskID: 't1', provider: 'HuaweiCSS', projectID: 'p' },
      'spec.taskID: Forbidden: taskID is only allowed when provider is AlibabaACK or HuaweiCCE or GoogleGKE',
    ],
    [
      'a pattern failure quotes the value and the pattern',
      { ...ack, region: 'CN_HANGZHOU' },
      `spec.region: Invalid value: "CN_HANGZHOU": should match '^[a-z0-9-]{2,32}$'`,
    ],
    [
      'an enum failure lists the choices',
      { ...ack, provider: 'OracleOKE' },
      // Every registered provider, in the registry's order (the CRD enum's order).
      `spec.provider: Unsupported value: "OracleOKE": supported values: ${PROVIDERS.map((p) => `"${p}"`).join(', ')}`,
    ],
    [
      'a duration below its minimum',
      { ...ack, pollInterval: '1s' },
      'spec.pollInterval: Invalid value: "1s": pollInterval must be at least 5s',
    ],
    [
      'a wrong type names the expected type',
      { ...ack, suspend: 'yes' },
      'spec.suspend: Invalid value: "string": must be of type boolean',
    ],
    ['a missing spec', undefined, 'spec: Required value'],
    ['a spec that is not an object', 'AlibabaACK', 'spec: Invalid value: "string": must be of type object'],
    [
      'a list that is too long',
      { ...ack, provider: 'AlibabaACKAddons', components: Array.from({ length: 51 }, (_, i) => `c${i}`) },
      'spec.components: Too many: 51: must have at most 50 items',
    ],
    [
      'an endpoint that is not http(s)',
      { ...ack, endpoint: 'ftp://x' },
      'spec.endpoint: Invalid value: "ftp://x": endpoint must be an http:// or https:// URL with an ASCII host name or [IPv6] address, an optional port up to 65535 and no spaces',
    ],
  ];
  it.each(cases)('%s', (_why, spec, message) => {
    expect(reject(spec)).toBe(`${PREFIX}${message}`);
  });

  it('reports every problem at once, not just the first', () => {
    const found = issues(
      reject({ ...ack, region: 'X', clusterID: 'a/b', projectID: 'p', pollInterval: '1s' }),
    );
    expect(found.map((i) => i.split(':')[0]).sort()).toEqual([
      'spec.clusterID',
      'spec.pollInterval',
      'spec.projectID',
      'spec.region',
    ]);
  });

  it('reports a malformed duration once (pattern), not also as below the minimum', () => {
    expect(issues(reject({ ...ack, pollInterval: 'abc' }))).toHaveLength(1);
  });

  it('does not pile cross-field complaints onto an unknown provider', () => {
    expect(issues(reject({ ...ack, provider: 'GoogleGKE', projectID: 'p', components: ['x'] }))).toHaveLength(
      1,
    );
  });

  it('does not mutate its input', () => {
    const input = { ...ack, projectID: null };
    const snapshot = JSON.stringify(input);
    parseSpec(input);
    expect(JSON.stringify(input)).toBe(snapshot);
  });
});

describe('isEndpointURL (the JS twin of the CRD endpoint rule)', () => {
  it.each(ENDPOINT_CASES.map((c) => [c.why, c.url, c.ok] as const))('%s: %j', (_why, url, ok) => {
    expect(isEndpointURL(url)).toBe(ok);
  });
});

describe('statusSchema', () => {
  const status = {
    observedGeneration: 3,
    phase: 'Running',
    progress: 50,
    currentStep: 'Upgrade',
    steps: [
      {
        name: 'Precheck',
        phase: 'Succeeded',
        startTime: '2023-01-05T02:23:39Z',
        completionTime: '2023-01-05T02:30:00Z',
      },
      { name: 'Upgrade', phase: 'Running', startTime: '2023-01-05T02:30:00Z' },
    ],
    fromVersion: '1.30.1-aliyun.1',
    toVersion: '1.31.1-aliyun.1',
    upgradeID: 'T-1',
    startTime: '2023-01-05T02:23:39Z',
    nodes: { total: 3, completed: 1, current: ['node-2'] },
    components: [{ name: 'coredns', version: '1.9.3', phase: 'Running', readyToUpgrade: true }],
    message: 'upgrading',
    providerStatus: { status: 'running', upgrade_step: 'upgrading', nested: { a: [1] } },
    lastSyncTime: '2023-01-05T02:31:00Z',
    conditions: [
      {
        type: 'Ready',
        status: 'True',
        reason: 'UpgradeInProgress',
        message: '',
        lastTransitionTime: '2023-01-05T02:23:39Z',
        observedGeneration: 3,
      },
    ],
  };

  it('accepts a full status and keeps providerStatus as is', () => {
    const parsed = statusSchema.parse(status);
    expect(parsed).toEqual(status);
  });

  const bad: Array<[why: string, patch: Record<string, unknown>]> = [
    ['progress is a percentage', { progress: 101 }],
    ['progress is an integer', { progress: 42.5 }],
    ['phase is one of the eight', { phase: 'Upgrading' }],
    ['message is trimmed to 1024 characters before writing', { message: 'x'.repeat(1025) }],
    [
      'a condition reason must be CamelCase (metav1.Condition), or the apiserver refuses the write',
      { conditions: [{ ...status.conditions[0], reason: 'Pre check' }] },
    ],
    [
      'a condition status is True/False/Unknown',
      { conditions: [{ ...status.conditions[0], status: 'true' }] },
    ],
    ['a step phase has no Idle', { steps: [{ name: 'a', phase: 'Idle' }] }],
  ];
  it.each(bad)('rejects: %s', (_why, patch) => {
    expect(statusSchema.safeParse({ ...status, ...patch }).success).toBe(false);
  });
});
