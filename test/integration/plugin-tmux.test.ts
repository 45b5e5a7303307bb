// `kubectl upgradewatch` (dist/plugin/cli.js) against the real control plane while the operator
// follows an upgrade on the simulator:
//  - `status --watch` runs in a tmux pane (a real terminal) with the namespace taken from the
//    KUBECONFIG context, as kubectl does; the captured screen shows the running upgrade, then
//    the same screen is redrawn in place when it succeeds (one header, never two);
//  - piped runs: `status NAME -o json`, `history NAME`, and exit 1 with kubectl's NotFound text.
// Through the pinned kubectl's plugin mechanism (it fails when that kubectl is missing).
import { jest } from '@jest/globals';
import { spawnSync } from 'node:child_process';
import { chmodSync, mkdtempSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import {
  clusterId,
  putState,
  setupSuite,
  specFor,
  teardownSuite,
  type Suite,
} from '../helpers/operator-fixture.js';
import {
  adminKubeConfig,
  createWatch,
  ensureOperatorBuilt,
  eventually,
  kubectlPath,
  OperatorProcess,
  ROOT,
  runCommand,
  waitForWatch,
  withLogs,
} from '../helpers/operator-harness.js';
import { sharedControlPlaneInfo } from '../helpers/controlplane-shared.js';
import { ACK } from '../helpers/operator-states.js';

// Generous guard against a hang only: a few 5 s polls.
jest.setTimeout(180_000);

const PLUGIN = join(ROOT, 'dist/plugin/cli.js');
const SESSION = 'uw-plugin';

let suite: Suite;
let op: OperatorProcess;
let dir: string;
let kubeconfig: string;
const socket = `uw-plugin-${process.pid}`;
const tmux = (...args: string[]) => spawnSync('tmux', ['-L', socket, ...args], { encoding: 'utf8' });
const screen = () => tmux('capture-pane', '-p', '-t', SESSION).stdout;
const logs = () => [
  { name: 'operator', tail: () => op?.logTail() ?? '' },
  { name: 'tmux screen', tail: () => screen() },
];

/** The plugin's command line: `kubectl upgradewatch …` through the pinned kubectl's plugin lookup. */
function pluginCommand(args: string[]): string[] {
  return [kubectlPath(), 'upgradewatch', ...args];
}

function runPlugin(args: string[]): Promise<{ code: number | null; stdout: string; stderr: string }> {
  const [command, ...rest] = pluginCommand(args);
  const env = { ...process.env, KUBECONFIG: kubeconfig, PATH: `${dir}:${process.env.PATH ?? ''}` };
  return runCommand(command!, rest, 30_000, env);
}

beforeAll(async () => {
  [suite] = await Promise.all([setupSuite('plugin'), ensureOperatorBuilt()]);
  op = await OperatorProcess.start({ kubeconfig: suite.saKubeconfig, selector: suite.space.selector });
  // What `npm install -g` does: the bin on PATH, executable, named kubectl-upgradewatch.
  chmodSync(PLUGIN, 0o755);
  dir = mkdtempSync(join(tmpdir(), 'uw-plugin-'));
  symlinkSync(PLUGIN, join(dir, 'kubectl-upgradewatch'));
  // A kubeconfig whose current context names the test namespace: no -n needed (kubectl's rule).
  const kc = adminKubeConfig(sharedControlPlaneInfo().kubeconfigPath);
  const context = kc.getContextObject(kc.getCurrentContext())!;
  (context as { namespace?: string }).namespace = suite.space.namespace;
  kubeconfig = join(dir, 'kubeconfig');
  writeFileSync(kubeconfig, kc.exportConfig());
});

afterAll(async () => {
  tmux('kill-server');
  if (dir) rmSync(dir, { recursive: true, force: true });
  await teardownSuite(suite);
});

it('status --watch in tmux redraws the same screen in place as the upgrade finishes', async () => {
  await withLogs(logs, async () => {
    const cluster = clusterId('plugin');
    putState(suite, 'AlibabaACK', cluster, ACK.upgrading);
    await createWatch(suite.space, 'prod-ack', specFor(suite, 'AlibabaACK', cluster));
    await waitForWatch(suite.space, 'prod-ack', 'Running', (w) => w.status?.phase === 'Running', 60_000);

    // The pane stays after an exit, showing why (a test failure then prints the screen).
    // env: a login shell in the pane would reset PATH from the profile.
    const env = `env KUBECONFIG=${kubeconfig} PATH=${dir}:${process.env.PATH ?? ''}`;
    const command = `${env} ${pluginCommand(['status', '--watch']).join(' ')}; echo "exited $?"; sleep 600`;
    const started = tmux(
      'new-session',
      '-d',
      '-s',
      SESSION,
      '-x',
      '150',
      '-y',
      '40',
      '-e',
      `KUBECONFIG=${kubeconfig}`,
      '-e',
      `PATH=${dir}:${process.env.PATH ?? ''}`,
      command,
    );
    expect(started.status).toBe(0);
    const header = `${suite.space.namespace}/prod-ack   AlibabaACK   cluster ${cluster}`;
    const running = await eventually(
      'the running upgrade on screen',
      () => {
        const text = screen();
        return text.includes('[##########----------]  50%') ? text : undefined;
      },
      30_000,
      250,
    );
    expect(running).toContain(header);
    expect(running).toContain('Step:        Upgrade');
    expect(running).toMatch(/Precheck\s+Succeeded/);
    expect(running).toMatch(/Upgrade\s+Running/);
    expect(running).toMatch(/Last sync:\s+\d+s ago/);

    putState(suite, 'AlibabaACK', cluster, ACK.success);
    const done = await eventually(
      'the finished upgrade on the same screen',
      () => {
        const text = screen();
        return text.includes('[####################] 100%') ? text : undefined;
      },
      60_000,
      250,
    );
    expect(done).toContain('Last result: Succeeded');
    // Redrawn in place: the screen holds one frame, not the old one scrolled up above it.
    expect(done.split(header).length - 1).toBe(1);
    expect(done).not.toContain('50%');
  });
});

it('piped: -o json, history, and exit 1 for a watch that does not exist', async () => {
  const json = await runPlugin(['status', 'prod-ack', '-o', 'json']);
  expect(json.code).toBe(0);
  expect(JSON.parse(json.stdout)).toMatchObject({
    name: 'prod-ack',
    provider: 'AlibabaACK',
    phase: 'Succeeded',
  });

  const history = await runPlugin(['history', 'prod-ack']);
  expect(history.code).toBe(0);
  expect(history.stdout).toMatch(/^UPGRADE ID\s+RESULT/);
  expect(history.stdout).toMatch(/\sSucceeded\s/);
  expect(history.stdout).not.toContain('\x1b');

  const missing = await runPlugin(['status', 'nope', '-n', suite.space.namespace]);
  expect(missing.code).toBe(1);
  expect(missing.stderr).toContain('"nope" not found');
});
