// The plugin's command line and its run loop with an in-memory WatchSource and a fake clock:
// exit codes, -o json, and --watch drawing in place on a terminal but plainly when piped.
import type { ClusterUpgradeWatch } from '../../../src/api/types.js';
import { parseArgs, type PluginArgs } from '../../../src/plugin/args.js';
import type { WatchSource } from '../../../src/plugin/kube.js';
import { runPlugin, type PluginIO } from '../../../src/plugin/run.js';

describe('parseArgs', () => {
  it.each([
    {
      why: 'status of a namespace',
      argv: ['status', '-n', 'team-a'],
      want: { command: 'status', namespace: 'team-a' },
    },
    {
      why: 'kubectl’s --flag=value form',
      argv: ['status', 'prod', '--namespace=team-a', '-o=json'],
      want: { name: 'prod', output: 'json' },
    },
    {
      why: 'all namespaces, watching',
      argv: ['status', '-A', '-w'],
      want: { allNamespaces: true, watch: true },
    },
    {
      why: 'kubeconfig and context like kubectl',
      argv: ['history', 'prod', '--kubeconfig', '/k', '--context', 'c'],
      want: { kubeconfig: '/k', context: 'c' },
    },
  ])('accepts $why', ({ argv, want }) => {
    const parsed = parseArgs(argv);
    expect(parsed.ok === true ? parsed.args : parsed).toMatchObject(want);
  });

  it.each([
    { why: 'no command', argv: [], error: 'missing command' },
    { why: 'an unknown command', argv: ['describe'], error: 'unknown command "describe"' },
    { why: 'history without a name', argv: ['history'], error: 'history needs a NAME' },
    {
      why: '-A with a name (kubectl refuses it too)',
      argv: ['status', 'prod', '-A'],
      error: '-A/--all-namespaces',
    },
    { why: 'an output other than json', argv: ['status', '-o', 'yaml'], error: 'unsupported output "yaml"' },
    { why: 'an unknown flag', argv: ['status', '--selector', 'a=b'], error: 'unknown flag: --selector' },
    { why: 'a flag without its value', argv: ['status', '-n'], error: 'flag needs a value: -n' },
  ])('refuses $why', ({ argv, error }) => {
    const parsed = parseArgs(argv);
    expect(parsed.ok === false ? parsed.error : parsed).toContain(error);
  });
});

function cuw(name: string, resourceVersion: string, phase = 'Running'): ClusterUpgradeWatch {
  return {
    apiVersion: 'upgradewatch.io/v1alpha1',
    kind: 'ClusterUpgradeWatch',
    metadata: { name, namespace: 'team-a', resourceVersion },
    spec: { provider: 'HuaweiCCE', region: 'cn-north-4', clusterID: 'c-1', credentialsRef: { name: 'x' } },
    status: { phase: phase as 'Running', progress: 25, lastSyncTime: '2025-03-01T10:00:00Z' },
  } as ClusterUpgradeWatch;
}

/** A source that answers each call with the next snapshot (the last one repeats). */
function scripted(snapshots: ClusterUpgradeWatch[][]): WatchSource {
  let i = 0;
  const next = () => snapshots[Math.min(i++, snapshots.length - 1)] ?? [];
  return {
    get: async (_ns, name) => next().find((w) => w.metadata.name === name),
    list: async () => next(),
  };
}

function io(tty: boolean, ticks: number): PluginIO & { out: string; err: string } {
  let left = ticks;
  let now = Date.parse('2025-03-01T10:00:05Z');
  const sink = {
    out: '',
    err: '',
    stdout: { isTTY: tty, write: (t: string) => (sink.out += t) },
    stderr: { write: (t: string) => (sink.err += t) },
    now: () => new Date(now),
    sleep: async (ms: number) => {
      now += ms;
      return left-- > 0;
    },
  };
  return sink;
}

const args = (extra: Partial<PluginArgs>): PluginArgs => ({
  command: 'status',
  allNamespaces: false,
  watch: false,
  output: 'text',
  ...extra,
});

describe('runPlugin', () => {
  it('exits 1 with kubectl’s NotFound wording for a missing NAME', async () => {
    const sink = io(false, 0);
    expect(await runPlugin(args({ name: 'nope' }), 'team-a', scripted([[]]), sink)).toBe(1);
    expect(sink.err).toContain(
      'Error from server (NotFound): clusterupgradewatches.upgradewatch.io "nope" not found',
    );
  });

  it('exits 1 when the API fails', async () => {
    const sink = io(false, 0);
    const failing: WatchSource = {
      get: async () => Promise.reject(new Error('listing: HTTP 403')),
      list: async () => Promise.reject(new Error('listing: HTTP 403')),
    };
    expect(await runPlugin(args({}), 'team-a', failing, sink)).toBe(1);
    expect(sink.err).toContain('HTTP 403');
  });

  it('-o json prints the view of one watch as JSON', async () => {
    const sink = io(false, 0);
    expect(
      await runPlugin(args({ name: 'a', output: 'json' }), 'team-a', scripted([[cuw('a', '1')]]), sink),
    ).toBe(0);
    expect(JSON.parse(sink.out)).toMatchObject({
      name: 'a',
      phase: 'Running',
      progress: 25,
      sinceLastSyncMs: 5000,
    });
  });

  it('--watch on a terminal redraws in place on every tick', async () => {
    const sink = io(true, 2);
    const source = scripted([[cuw('a', '1')], [cuw('a', '1')], [cuw('a', '2', 'Succeeded')]]);
    expect(await runPlugin(args({ watch: true }), 'team-a', source, sink)).toBe(0);
    const frames = sink.out.split('\x1b[H\x1b[J').filter(Boolean);
    expect(frames).toHaveLength(3);
    expect(frames[0]).toContain('Last sync:   5s ago');
    expect(frames[1]).toContain('Last sync:   7s ago');
    expect(frames[2]).toContain('Phase:       Succeeded');
  });

  it('--watch piped prints plain text, a new block only when something was written', async () => {
    const sink = io(false, 3);
    const source = scripted([
      [cuw('a', '1')],
      [cuw('a', '1')],
      [cuw('a', '2', 'Succeeded')],
      [cuw('a', '2', 'Succeeded')],
    ]);
    expect(await runPlugin(args({ watch: true }), 'team-a', source, sink)).toBe(0);
    expect(sink.out).not.toContain('\x1b');
    expect(sink.out.match(/^team-a\/a /gm)).toHaveLength(2);
  });
});
