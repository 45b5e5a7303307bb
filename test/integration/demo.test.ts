// The one-command demo (docs/demo.md): `node dist/demo/cli.js --once` (what `npm run demo -- --once`
// runs after the build) starts its own control plane, the simulator and the operator process,
// plays scenarios/demo.yaml to the end and must exit 0 with every watch in its scripted final
// phase — and leave no process, port or temp dir behind. With `--kubeconfig` it runs on a cluster
// that already exists (here the shared control plane of the integration run) and must leave it as
// it found it. Plus quick table tests of the pure pieces the demo prints with.

import { spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import { connect } from 'node:net';
import { join } from 'node:path';
import { parseArgs, UsageError } from '../../src/demo/args.js';
import { describeLaggards, laggards } from '../../src/demo/final-phase.js';
import { operatorEndpoints } from '../../src/demo/operator-log.js';
import { DEMO_NAMESPACE, DEMO_SAMPLES, watchManifest } from '../../src/demo/samples.js';
import { formatTable, humanAge, progressBar, type WatchRow } from '../../src/demo/table.js';
import { PROVIDERS } from '../../src/providers/names.js';
import { loadScenario } from '../../src/simulator/index.js';
import { checkSamplesCovered, pickAccessKeys } from '../../src/demo/scenario-match.js';
import { crdPath } from '../../src/demo/kube.js';
import { DEMO_LABELS } from '../../src/demo/samples.js';
import { sharedControlPlaneInfo, sharedKubeConfig } from '../helpers/controlplane-shared.js';
import { ensureOperatorBuilt, eventually, installCrd, kube, ROOT } from '../helpers/operator-harness.js';
import { expectNoSecretLeak } from '../helpers/secret-scan.js';

const DEMO_CLI = join(ROOT, 'dist/demo/cli.js');
const DEMO_TIMEOUT_MS = 7 * 60_000;
const DEMO_LABEL = Object.entries(DEMO_LABELS)
  .map(([key, value]) => `${key}=${value}`)
  .join(',');

interface DemoRun {
  code: number | null;
  signal: NodeJS.Signals | null;
  stdout: string;
  stderr: string;
  ms: number;
}

/** Runs the demo CLI; with `interruptOn`, sends Ctrl-C (SIGINT) once stdout matches it. */
function runDemo(args: readonly string[], interruptOn?: RegExp): Promise<DemoRun> {
  const began = Date.now();
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [DEMO_CLI, ...args], {
      cwd: ROOT,
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let stdout = '';
    let stderr = '';
    let interrupted = false;
    child.stdout.setEncoding('utf8').on('data', (s: string) => {
      stdout += s;
      if (!interrupted && interruptOn?.test(stdout)) {
        interrupted = true; // once: a second Ctrl-C makes the demo exit without cleaning up
        child.kill('SIGINT');
      }
    });
    child.stderr.setEncoding('utf8').on('data', (s: string) => (stderr += s));
    // A hung demo is interrupted (it then cleans up), and killed if that does not end it.
    const interrupt = setTimeout(() => child.kill('SIGINT'), DEMO_TIMEOUT_MS);
    const kill = setTimeout(() => child.kill('SIGKILL'), DEMO_TIMEOUT_MS + 30_000);
    child.once('error', reject);
    child.once('close', (code, signal) => {
      clearTimeout(interrupt);
      clearTimeout(kill);
      resolve({ code, signal, stdout, stderr, ms: Date.now() - began });
    });
  });
}

/** The table after the `=== final state` line, as NAME → column → value. */
function finalTable(stdout: string): Map<string, Record<string, string>> {
  const lines = stdout.split('\n');
  const start = lines.findIndex((line) => line.startsWith('=== final state after'));
  if (start < 0) throw new Error(`no final table in the demo output:\n${stdout.slice(-3000)}`);
  const header = lines[start + 1] ?? '';
  const names = header.split(/\s{3,}/);
  // Column starts, searched left to right (NAME is also inside NAMESPACE).
  const starts: number[] = [];
  for (const name of names) starts.push(header.indexOf(name, (starts.at(-1) ?? -1) + 1));
  const rows = new Map<string, Record<string, string>>();
  for (const line of lines.slice(start + 2)) {
    if (!line.startsWith(DEMO_NAMESPACE)) break;
    const row: Record<string, string> = {};
    names.forEach((name, i) => {
      row[name] = line.slice(starts[i], i + 1 < starts.length ? starts[i + 1] : undefined).trim();
    });
    rows.set(row.NAME ?? '', row);
  }
  return rows;
}

function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
}

function portRefuses(url: string): Promise<boolean> {
  const { hostname, port } = new URL(url);
  return new Promise((resolve) => {
    const socket = connect({ host: hostname, port: Number(port) });
    socket.once('connect', () => {
      socket.destroy();
      resolve(false);
    });
    socket.once('error', () => resolve(true));
  });
}

function captured(pattern: RegExp, text: string): string {
  const match = pattern.exec(text);
  if (!match?.[1]) throw new Error(`${pattern} not found in the demo output`);
  return match[1];
}

describe('npm run demo -- --once', () => {
  let run: DemoRun;

  beforeAll(async () => {
    await ensureOperatorBuilt();
    if (!existsSync(DEMO_CLI)) throw new Error(`${DEMO_CLI} missing after the build`);
    run = await runDemo(['--once', '--timeout', '5m']);
  }, DEMO_TIMEOUT_MS + 200_000);

  it('exits 0 after every watch reached its scripted final phase', () => {
    if (run.code !== 0) {
      throw new Error(`demo exited ${run.code ?? run.signal}:\n${run.stderr}\n${run.stdout.slice(-4000)}`);
    }
    expect(run.stdout).toMatch(
      /All 12 watches reached their scripted final phase (\S+) after they were applied/,
    );
  });

  it('ends with every provider, one failure, one pause and one keyless watch per cloud in the final table', () => {
    const table = finalTable(run.stdout);
    const phases = Object.fromEntries([...table].map(([name, row]) => [name, row.PHASE]));
    expect(phases).toEqual({
      'ack-hangzhou': 'Succeeded',
      'ack-beijing-by-task': 'Failed',
      'ack-addons-hangzhou': 'Succeeded',
      'cce-beijing4': 'Succeeded',
      'cce-beijing4-by-task': 'Paused',
      'css-beijing4': 'Succeeded',
      'eks-oregon': 'Succeeded',
      'gke-us-central1': 'Succeeded',
      'aks-eastus': 'Succeeded',
      // Keyless: temporary keys traded for the kube-apiserver's own ServiceAccount tokens.
      'ack-hangzhou-keyless': 'Succeeded',
      'cce-beijing4-keyless': 'Succeeded',
      'eks-oregon-keyless': 'Succeeded',
    });
    const providers = new Set([...table.values()].map((row) => row.PROVIDER));
    expect(providers).toEqual(new Set(PROVIDERS));
    // kubectl's columns, with the progress bar in PROGRESS.
    expect(Object.keys(table.get('ack-hangzhou') ?? {})).toEqual([
      'NAMESPACE',
      'NAME',
      'PROVIDER',
      'CLUSTER',
      'PHASE',
      'PROGRESS',
      'STEP',
      'READY',
      'AGE',
    ]);
    expect(table.get('css-beijing4')).toMatchObject({ PROGRESS: '[##########] 100%', READY: 'True' });
    expect(table.get('ack-beijing-by-task')).toMatchObject({ STEP: 'UpgradeMaster', READY: 'False' });
    expect(table.get('cce-beijing4-by-task')).toMatchObject({
      PROGRESS: '[######----]  60%',
      READY: 'False',
    });
  });

  it('showed the upgrades progressing on the way (snapshots on change, since stdout is not a TTY)', () => {
    const snapshots = run.stdout.split('\n').filter((line) => /^--- \+\S+ ---$/.test(line));
    expect(snapshots.length).toBeGreaterThan(5);
    expect(run.stdout).not.toContain('\x1b[');
    // A Running CCE workflow with a partial bar and a named step was on screen at some point.
    expect(run.stdout).toMatch(
      /cce-beijing4 .* Running +\[#*-+\] +\d+% +(PreCheck|Snapshot|Cluster|PostCheck) /,
    );
  });

  it('printed how to watch alongside with kubectl and where the operator logs go', () => {
    expect(run.stdout).toMatch(/export KUBECONFIG=\S+admin\.kubeconfig; kubectl get cuw -A -w/);
    expect(run.stdout).toMatch(/operator: +pid \d+, log \S+operator\.log/);
  });

  it('left nothing running and no temp dir behind', async () => {
    const pids = [
      captured(/operator: +pid (\d+)/, run.stdout),
      captured(/kube-apiserver \S+ pid (\d+)/, run.stdout),
      captured(/etcd \S+ pid (\d+)/, run.stdout),
    ].map(Number);
    expect(pids.filter(isAlive)).toEqual([]);
    const dirs = [
      captured(/log (\S+)\/operator\.log/, run.stdout),
      captured(/control plane: .* dir (\S+)/, run.stdout),
    ];
    expect(dirs.filter((dir) => existsSync(dir))).toEqual([]);
    expect(await portRefuses(captured(/simulator: +(http:\/\/\S+) /, run.stdout))).toBe(true);
    expect(run.stderr).toContain('demo stopped; everything it started is gone.');
  });

  it('never printed a secret of the scenario', async () => {
    const scenario = await loadScenario(join(ROOT, 'scenarios/demo.yaml'));
    // Every credential of the scenario (a non-empty list), in any form (raw, base64,
    // URL-encoded, JSON-escaped, hex); the helper proves with a control hit that the scan can fail.
    const secrets = scenario.credentials.map((credential) => credential.accessKeySecret);
    expectNoSecretLeak([run.stdout, run.stderr], secrets);
    // Nor a ServiceAccount token of the keyless watches (a JWT: three base64url parts, `eyJ…`).
    expect(`${run.stdout}\n${run.stderr}`).not.toMatch(/eyJ[\w-]{8,}\.[\w-]{8,}\.[\w-]{8,}/);
  });
});

describe('npm run demo -- --kubeconfig PATH (a cluster the user already has)', () => {
  // The shared control plane of the integration run stands in for the user's kind or dev cluster.
  // It has no kube-controller-manager, so nobody finishes a namespace deletion there: once the
  // demo has emptied and deleted its namespace, finishNamespaceDeletion does the namespace
  // controller's last step, as a real cluster would.
  const kc = sharedKubeConfig();
  const kubeconfigPath = sharedControlPlaneInfo().kubeconfigPath;
  const namespacePath = `/api/v1/namespaces/${DEMO_NAMESPACE}`;

  async function exists(path: string): Promise<boolean> {
    const res = await kube(kc, 'GET', path);
    if (res.status !== 200 && res.status !== 404) throw new Error(`GET ${path} → HTTP ${res.status}`);
    return res.status === 200;
  }

  /** The demo's namespace is gone or terminating, and holds none of the objects it created. */
  async function expectNamespaceLeft(): Promise<void> {
    const ns = await kube(kc, 'GET', namespacePath);
    expect(ns.status === 404 || Boolean(ns.body?.metadata?.deletionTimestamp)).toBe(true);
    const secrets = await kube(
      kc,
      'GET',
      `${namespacePath}/secrets?labelSelector=${encodeURIComponent(DEMO_LABEL)}`,
    );
    expect(secrets.body?.items ?? []).toEqual([]);
    const accounts = await kube(kc, 'GET', `${namespacePath}/serviceaccounts`);
    const names = (accounts.body?.items ?? []).map((a: { metadata: { name: string } }) => a.metadata.name);
    expect(names.filter((name: string) => name.startsWith('upgrade-reader-'))).toEqual([]);
  }

  async function finishNamespaceDeletion(): Promise<void> {
    const ns = await kube(kc, 'GET', namespacePath);
    if (ns.status === 404) return;
    await kube(kc, 'PUT', `${namespacePath}/finalize`, { ...ns.body, spec: { finalizers: [] } });
    await eventually('the demo namespace to be gone', async () => !(await exists(namespacePath)), 30_000);
  }

  beforeAll(() => ensureOperatorBuilt(), 200_000);
  afterEach(() => finishNamespaceDeletion());

  it(
    'with no CRD before: plays every watch to its final phase, then deletes its namespace and the CRD',
    async () => {
      await kube(kc, 'DELETE', crdPath);
      await eventually('the CRD to be gone', async () => !(await exists(crdPath)), 60_000);
      const run = await runDemo(['--once', '--timeout', '5m', '--kubeconfig', kubeconfigPath]);
      if (run.code !== 0) {
        throw new Error(`demo exited ${run.code ?? run.signal}:\n${run.stderr}\n${run.stdout.slice(-4000)}`);
      }
      expect(run.stdout).toMatch(/All 12 watches reached their scripted final phase/);
      expect(run.stdout).toContain(`kubectl --kubeconfig ${kubeconfigPath} get cuw -n ${DEMO_NAMESPACE} -w`);
      expect(run.stdout).not.toMatch(/control plane: +kube-apiserver/);
      expect(await exists(crdPath)).toBe(false);
      await expectNamespaceLeft();
      expect(isAlive(Number(captured(/operator: +pid (\d+)/, run.stdout)))).toBe(false);
    },
    DEMO_TIMEOUT_MS + 60_000,
  );

  it(
    'with the CRD installed before: Ctrl-C deletes its namespace and leaves the CRD',
    async () => {
      await installCrd(kc);
      const run = await runDemo(['--kubeconfig', kubeconfigPath], /^--- \+\S+ ---$/m);
      expect(run.code).toBe(0);
      expect(run.stdout).toContain('the CRD was there before and stays');
      expect(await exists(crdPath)).toBe(true);
      await expectNamespaceLeft();
      expect(run.stderr).toContain('demo stopped; everything it started is gone.');
    },
    DEMO_TIMEOUT_MS,
  );

  it('refuses a namespace of that name it did not create, and leaves it alone', async () => {
    await kube(kc, 'POST', '/api/v1/namespaces', { metadata: { name: DEMO_NAMESPACE } });
    const run = await runDemo(['--once', '--kubeconfig', kubeconfigPath]);
    expect(run.code).toBe(1);
    expect(run.stderr).toMatch(/exists and was not created by the demo/);
    const ns = await kube(kc, 'GET', namespacePath);
    expect(ns.body?.metadata?.deletionTimestamp).toBeUndefined();
    await kube(kc, 'DELETE', namespacePath);
  }, 120_000);
});

describe('demo pieces', () => {
  it.each([
    // [why, progress, bar]
    ['no figure: blank like kubectl', undefined, ''],
    ['zero shows an empty bar', 0, '[----------]   0%'],
    ['half', 50, '[#####-----]  50%'],
    ['rounds to whole cells', 35, '[####------]  35%'],
    ['done', 100, '[##########] 100%'],
    ['out of range is clamped, not drawn past the bar', 140, '[##########] 100%'],
  ])('progressBar: %s', (_why, progress, bar) => {
    expect(progressBar(progress)).toBe(bar);
  });

  it.each([
    // [why, ms, age]
    ['seconds up to two minutes', 119_000, '119s'],
    ['minutes and seconds under ten minutes', 125_000, '2m5s'],
    ['whole minutes drop the seconds', 180_000, '3m'],
    ['minutes only from ten minutes', 754_000, '12m'],
    ['hours and minutes from three hours', 3 * 3_600_000 + 4 * 60_000, '3h4m'],
    ['days and hours past two days', 51 * 3_600_000, '2d3h'],
    ['clock skew of a second reads as now', -900, '0s'],
  ])('humanAge (kubectl AGE): %s', (_why, ms, age) => {
    expect(humanAge(ms)).toBe(age);
  });

  const row = (name: string, phase: string): WatchRow => ({
    namespace: DEMO_NAMESPACE,
    name,
    provider: 'AlibabaACK',
    cluster: 'c1',
    phase,
    step: '',
    ready: '',
  });

  it('laggards: only watches away from their final phase, missing and status-less ones included', () => {
    const rows = DEMO_SAMPLES.map((s) => row(s.name, s.finalPhase));
    expect(laggards(DEMO_SAMPLES, rows, DEMO_NAMESPACE)).toEqual([]);
    const behind = laggards(
      DEMO_SAMPLES,
      [row('ack-hangzhou', 'Running'), row('ack-beijing-by-task', ''), ...rows.slice(3)],
      DEMO_NAMESPACE,
    );
    expect(describeLaggards(behind, DEMO_NAMESPACE)).toBe(
      'upgradewatch-demo/ack-hangzhou is Running (want Succeeded), ' +
        'upgradewatch-demo/ack-beijing-by-task has no status yet (want Failed), ' +
        'upgradewatch-demo/ack-addons-hangzhou does not exist (want Succeeded)',
    );
  });

  it('formatTable: kubectl layout, sorted by namespace and name; AGE can be left out to compare frames', () => {
    const rows: WatchRow[] = [
      { ...row('b', 'Running'), progress: 50, step: 'Upgrade', ready: 'True', ageMs: 61_000 },
      { ...row('a', 'Idle'), ready: 'True', ageMs: 5_000 },
    ];
    expect(formatTable(rows)).toEqual([
      'NAMESPACE           NAME   PROVIDER     CLUSTER   PHASE     PROGRESS            STEP      READY   AGE',
      'upgradewatch-demo   a      AlibabaACK   c1        Idle                                    True    5s',
      'upgradewatch-demo   b      AlibabaACK   c1        Running   [#####-----]  50%   Upgrade   True    61s',
    ]);
    expect(formatTable(rows, { withoutAge: true })[1]?.endsWith('True')).toBe(true);
    expect(formatTable(rows, { maxWidth: 40 }).every((line) => line.length <= 40)).toBe(true);
  });

  it('the shipped scenario simulates every demo watch and holds both vendors’ keys', async () => {
    const scenario = await loadScenario(join(ROOT, 'scenarios/demo.yaml'));
    expect(() => checkSamplesCovered(scenario, DEMO_SAMPLES, 'demo.yaml')).not.toThrow();
    const keys = pickAccessKeys(scenario, 'demo.yaml');
    expect(keys.alibaba.accessKeyId).toMatch(/^LTAI/);
    expect(keys.huawei.accessKeyId).not.toMatch(/^LTAI/);
    const missing = { ...scenario, clusters: scenario.clusters.filter((c) => c.provider !== 'HuaweiCSS') };
    expect(() => checkSamplesCovered(missing, DEMO_SAMPLES, 'x.yaml')).toThrow(/css-beijing4 \(HuaweiCSS/);
  });

  it('demo watches point at the simulator with demo intervals and their vendor’s Secret', () => {
    const cce = DEMO_SAMPLES.find((s) => s.spec.provider === 'HuaweiCCE');
    if (!cce) throw new Error('no CCE sample');
    expect(watchManifest(cce, 'http://127.0.0.1:1234').spec).toMatchObject({
      endpoint: 'http://127.0.0.1:1234',
      credentialsRef: { name: 'huawei-cloud-credentials' },
      pollInterval: '5s',
      idlePollInterval: '30s',
    });
  });

  it("operatorEndpoints: reads the metrics and probe URLs from the operator's startup log line", () => {
    const log = [
      '{"level":"info","msg":"reconciling"}',
      'not json mentioning upgradewatch started',
      '{"level":"info","metrics":"http://127.0.0.1:37343","probes":"http://127.0.0.1:35349","msg":"upgradewatch started"}',
    ].join('\n');
    expect(operatorEndpoints(log)).toEqual({
      metrics: 'http://127.0.0.1:37343',
      probes: 'http://127.0.0.1:35349',
    });
    // "0" disables a server: no URL to show.
    expect(operatorEndpoints('{"metrics":"disabled","msg":"upgradewatch started"}')).toEqual({});
    expect(operatorEndpoints('{"msg":"reconciling"}')).toBeUndefined();
  });

  it.each([
    [
      'defaults: live mode, 5 minute --once deadline',
      [],
      { once: false, timeoutMs: 300_000, keepLogs: false },
    ],
    ['--once with a custom deadline', ['--once', '--timeout', '90s'], { once: true, timeoutMs: 90_000 }],
    ['--flag=value form', ['--timeout=2m', '--scenario=x.yaml'], { timeoutMs: 120_000, scenario: 'x.yaml' }],
    [
      'an existing cluster instead of a local control plane',
      ['--kubeconfig', 'kc.yaml'],
      { kubeconfig: 'kc.yaml' },
    ],
  ])('parseArgs: %s', (_why, argv, expected) => {
    expect(parseArgs(argv)).toMatchObject(expected);
  });

  it.each([
    ['unknown flags are refused, not ignored', ['--onec']],
    ['a deadline must be a duration', ['--timeout', '5']],
    ['a flag value cannot be missing', ['--scenario']],
    ['--kubeconfig needs its path', ['--kubeconfig']],
  ])('parseArgs rejects: %s', (_why, argv) => {
    expect(() => parseArgs(argv)).toThrow(UsageError);
  });
});
