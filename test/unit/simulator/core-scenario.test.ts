import { readdirSync } from 'node:fs';
import { mkdtemp, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import {
  EMPTY_SCENARIO,
  loadScenario,
  parseScenario,
  parseScenarioText,
  ScenarioError,
} from '../../../src/simulator/scenario.js';
import { STATE_OPERATIONS } from '../../../src/simulator/types.js';
import { PROVIDERS } from '../../../src/providers/names.js';

const SCENARIO_DIR = join(process.cwd(), 'scenarios');

const ack = (extra: object = {}) => ({
  provider: 'AlibabaACK',
  clusterID: 'c1',
  timeline: [
    { duration: '10s', state: { GetUpgradeStatus: { status: 'running' } } },
    { state: { GetUpgradeStatus: { status: 'success' } } },
  ],
  ...extra,
});

describe('scenarios/ files', () => {
  const files = readdirSync(SCENARIO_DIR).filter((file) => /\.(ya?ml|json)$/.test(file));

  it('ship one per provider plus a combined demo', () => {
    expect(files.sort()).toEqual(
      expect.arrayContaining([
        'alibaba-ack.yaml',
        'alibaba-ack-addons.yaml',
        'huawei-cce.yaml',
        'huawei-css.yaml',
        'demo.yaml',
      ]),
    );
  });

  it.each(files)('%s parses with the scenario schema and has clusters and credentials', async (file) => {
    const scenario = await loadScenario(join(SCENARIO_DIR, file));
    expect(scenario.clusters.length).toBeGreaterThan(0);
    expect(scenario.credentials.length).toBeGreaterThan(0);
    for (const cluster of scenario.clusters) {
      expect(cluster.entries.length).toBeGreaterThan(1);
      for (const entry of cluster.entries) {
        for (const key of Object.keys(entry.state)) expect(STATE_OPERATIONS[cluster.provider]).toContain(key);
      }
    }
  });

  it('the demo covers every provider', async () => {
    const scenario = await loadScenario(join(SCENARIO_DIR, 'demo.yaml'));
    expect(new Set(scenario.clusters.map((cluster) => cluster.provider))).toEqual(new Set(PROVIDERS));
  });
});

describe('parseScenario', () => {
  it('normalizes durations to ms, defaults loop/seed, and moves cluster faults to targeted faults', () => {
    const scenario = parseScenario({
      credentials: [{ accessKeyId: 'AK', accessKeySecret: 'SK' }],
      clusters: [ack({ faults: [{ kind: 'throttle', count: 2, retryAfterSeconds: 3 }] })],
      faults: [{ kind: 'latency', latencyMs: 100, probability: 0.5 }],
    });
    expect(scenario.seed).toBe(1);
    expect(scenario.clusters[0]).toEqual({
      provider: 'AlibabaACK',
      clusterID: 'c1',
      loop: false,
      entries: [
        { durationMs: 10_000, state: { GetUpgradeStatus: { status: 'running' } } },
        { state: { GetUpgradeStatus: { status: 'success' } } },
      ],
    });
    expect(scenario.faults).toEqual([
      { kind: 'throttle', count: 2, retryAfterSeconds: 3, clusterID: 'c1', provider: 'AlibabaACK' },
      { kind: 'latency', latencyMs: 100, probability: 0.5, clusterID: '*' },
    ]);
  });

  it('a fixed `state` is a one-entry timeline', () => {
    const scenario = parseScenario({
      clusters: [{ provider: 'AlibabaACK', clusterID: 'c1', state: { GetUpgradeStatus: {} } }],
    });
    expect(scenario.clusters[0]?.entries).toEqual([{ state: { GetUpgradeStatus: {} } }]);
  });

  it('an empty document is an empty scenario', () => {
    expect(parseScenarioText('')).toEqual(EMPTY_SCENARIO);
  });

  it('reads JSON as well as YAML', () => {
    const scenario = parseScenarioText(JSON.stringify({ seed: 9, clusters: [ack()] }));
    expect(scenario.seed).toBe(9);
    expect(scenario.clusters).toHaveLength(1);
  });

  it.each([
    ['a typo in a top-level key', { cluster: [] }, /cluster/],
    ['an unknown provider', { clusters: [ack({ provider: 'AWS' })] }, /provider/],
    [
      'a bad duration',
      { clusters: [ack({ timeline: [{ duration: '10', state: {} }, { state: {} }] })] },
      /duration like "500ms"/,
    ],
    [
      'a middle entry without duration',
      { clusters: [ack({ timeline: [{ state: {} }, { state: {} }] })] },
      /every entry but the last needs a duration/,
    ],
    [
      'a looping timeline with an open end',
      { clusters: [ack({ loop: true })] },
      /looping timeline needs a duration/,
    ],
    ['both state and timeline', { clusters: [ack({ state: {} })] }, /exactly one of `state`/],
    [
      'neither state nor timeline',
      { clusters: [{ provider: 'AlibabaACK', clusterID: 'c1' }] },
      /exactly one of `state`/,
    ],
    [
      'an operation the provider does not have',
      { clusters: [ack({ timeline: [{ state: { GetUpgradestatus: {} } }] })] },
      /no operation "GetUpgradestatus".*GetUpgradeStatus/,
    ],
    [
      'a Huawei cluster without a project',
      { clusters: [{ provider: 'HuaweiCCE', clusterID: 'c1', state: {} }] },
      /need a projectID/,
    ],
    ['a cluster id the CRD would reject', { clusters: [ack({ clusterID: 'has space' })] }, /clusterID/],
    ['the same cluster twice', { clusters: [ack(), ack()] }, /duplicate cluster AlibabaACK\/c1/],
    [
      'the same access key twice',
      {
        credentials: [
          { accessKeyId: 'A', accessKeySecret: 'x' },
          { accessKeyId: 'A', accessKeySecret: 'y' },
        ],
      },
      /duplicate accessKeyId/,
    ],
    ['a credential without secret', { credentials: [{ accessKeyId: 'A' }] }, /accessKeySecret/],
    ['a probability above 1', { faults: [{ kind: 'throttle', probability: 1.5 }] }, /probability/],
    ['a latency fault without latencyMs', { faults: [{ kind: 'latency' }] }, /latency fault needs latencyMs/],
    ['an unknown fault kind', { faults: [{ kind: 'explode' }] }, /kind/],
    [
      'state that is not a map',
      { clusters: [ack({ timeline: [{ state: [1, 2] }] })] },
      /state must be a map/,
    ],
  ])('rejects %s with a message that names it', (_why, input, message) => {
    expect(() => parseScenario(input)).toThrow(ScenarioError);
    expect(() => parseScenario(input)).toThrow(message);
  });

  it('reports the path of the offending field', () => {
    expect(() =>
      parseScenario({
        clusters: [ack(), ack({ clusterID: 'c2', timeline: [{ duration: 'x', state: {} }, { state: {} }] })],
      }),
    ).toThrow(/clusters\[1\]\.timeline\[0\]\.duration/);
  });

  it('rejects YAML syntax errors as ScenarioError', () => {
    expect(() => parseScenarioText('clusters: [', 'broken.yaml')).toThrow(
      /broken.yaml is not valid YAML\/JSON/,
    );
  });

  it('a missing file is a ScenarioError naming the path', async () => {
    await expect(loadScenario('/nonexistent/scenario.yaml')).rejects.toThrow(
      /cannot read scenario \/nonexistent\/scenario.yaml/,
    );
  });

  it('loads a file from disk', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'sim-scenario-'));
    const file = join(dir, 's.yaml');
    await writeFile(
      file,
      'clusters:\n  - provider: AlibabaACK\n    clusterID: c9\n    state: { GetUpgradeStatus: { status: running } }\n',
    );
    expect((await loadScenario(file)).clusters[0]?.clusterID).toBe('c9');
  });
});

describe('docs/simulator.md', () => {
  it.each(['alibaba-ack', 'alibaba-ack-addons', 'huawei-cce', 'huawei-css'])(
    'shows scenarios/%s.yaml verbatim, so the docs cannot drift from the files',
    async (name) => {
      const { readFile } = await import('node:fs/promises');
      const doc = await readFile(join(process.cwd(), 'docs', 'simulator.md'), 'utf8');
      const file = await readFile(join(SCENARIO_DIR, `${name}.yaml`), 'utf8');
      expect(doc).toContain(
        `### ${{ 'alibaba-ack': 'AlibabaACK', 'alibaba-ack-addons': 'AlibabaACKAddons', 'huawei-cce': 'HuaweiCCE', 'huawei-css': 'HuaweiCSS' }[name]} (\`scenarios/${name}.yaml\`)\n\n\`\`\`yaml\n${file}\`\`\``,
      );
    },
  );
});
