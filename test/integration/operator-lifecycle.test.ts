// The operator process (dist/main.js, ServiceAccount bound only by deploy/rbac/) on the real
// kube-apiserver, following scripted upgrades the simulator plays (docs/reference.md#conditions, the provider mappings, docs/reference.md#reconcile-loop):
//  - every provider walks Idle → its steps → Succeeded, with the provider mappings' progress, steps and
//    versions at each step, the docs/reference.md#conditions row of every status version written on the way, the
//    Events in order, and the `kubectl wait` rules users rely on;
//  - failed, paused, cancelled and partially failed upgrades give their table rows and Events.
// The simulator state is moved through its admin API one step at a time and each step is
// awaited on the CR, so no step can be skipped by how polls fall (pollInterval 5s). Idle is
// polled every idlePollInterval (30s minimum), so after Idle → first running state the test
// edits the spec, which docs/reference.md#reconcile-loop says polls at once (tested on its own in operator-polling).
import type { ProviderName } from '../../src/api/types.js';
import { jest } from '@jest/globals';
import { readFileSync } from 'node:fs';
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
  conditionSummary,
  createWatch,
  ensureOperatorBuilt,
  eventsFor,
  expectStatus,
  kubectlPath,
  kubectlWait,
  matchesExpected,
  OperatorProcess,
  patchSpec,
  rowMismatches,
  ROOT,
  rowOfPhase,
  runCommand,
  waitForWatch,
  withLogs,
  type Row,
  type WatchSpec,
} from '../helpers/operator-harness.js';
import {
  ACK,
  ackScript,
  ackTaskState,
  ADDON_STATES,
  addonsScript,
  CCE,
  cceScript,
  CSS,
  cssScript,
  type ExpectedStatus,
  type ScriptStep,
} from '../helpers/operator-states.js';
import { sharedControlPlaneInfo } from '../helpers/controlplane-shared.js';

jest.setTimeout(240_000);

let suite: Suite;
let op: OperatorProcess;
const logs = () => [{ name: 'operator', tail: () => op?.logTail() ?? '' }];

beforeAll(async () => {
  [suite] = await Promise.all([setupSuite('op-life'), ensureOperatorBuilt()]);
  op = await OperatorProcess.start({ kubeconfig: suite.saKubeconfig, selector: suite.space.selector });
});

afterAll(async () => {
  await teardownSuite(suite);
});

/**
 * `kubectl wait --for=…` must succeed, run by the pinned kubectl of the tools cache
 * (scripts/tools/install-kubectl.sh); when it is not installed these tests fail.
 */
function kubectlWaits(name: string, forArg: string): Promise<void> {
  return kubectlWait(suite.space, sharedControlPlaneInfo().kubeconfigPath, name, forArg);
}

/** Every version of `name` written with Synced True shows its phase's docs/reference.md#conditions row. */
function rowsSeen(name: string): Row[] {
  const rows: Row[] = [];
  for (const version of suite.recorder.of(name)) {
    const w = version.object;
    if (!w.status?.phase) continue;
    const row = rowOfPhase(w.status.phase);
    expect({ name, rv: version.resourceVersion, phase: w.status.phase, row: row ?? 'none' }).toEqual({
      name,
      rv: version.resourceVersion,
      phase: w.status.phase,
      row: expect.any(String),
    });
    expect({ name, phase: w.status.phase, mismatches: rowMismatches(w, row as Row) }).toEqual({
      name,
      phase: w.status.phase,
      mismatches: [],
    });
    if (rows.at(-1) !== row) rows.push(row as Row);
  }
  return rows;
}

/** Plays `script` on a new CR; returns after its last step is seen. */
async function play(
  name: string,
  provider: ProviderName,
  cluster: string,
  script: ScriptStep[],
  spec: Partial<WatchSpec> = {},
): Promise<void> {
  const [first, ...rest] = script;
  putState(suite, provider, cluster, first!.state);
  await createWatch(suite.space, name, specFor(suite, provider, cluster, spec));
  const seen = await waitForWatch(
    suite.space,
    name,
    first!.label,
    (w) => matchesExpected(w, first!.expect),
    30_000,
  );
  expectStatus(seen, first!.expect, first!.label);
  let idle = first!.expect.phase === 'Idle';
  for (const step of rest) {
    putState(suite, provider, cluster, step.state);
    if (idle) {
      // Idle is re-polled only every idlePollInterval (≥ 30s): a spec edit polls at once.
      await patchSpec(suite.space, name, { idlePollInterval: '31s' });
      idle = false;
    }
    const w = await waitForWatch(
      suite.space,
      name,
      step.label,
      (x) => matchesExpected(x, step.expect),
      20_000,
    );
    expectStatus(w, step.expect, step.label);
  }
}

const SUCCESS_CASES: Array<{
  name: string;
  provider: ProviderName;
  script: () => ScriptStep[];
  steps: string[];
}> = [
  { name: 'ack', provider: 'AlibabaACK', script: ackScript, steps: ['Precheck', 'Upgrade'] },
  {
    name: 'addons',
    provider: 'AlibabaACKAddons',
    script: addonsScript,
    steps: ['cloud-controller-manager', 'metrics-server'],
  },
  {
    name: 'cce',
    provider: 'HuaweiCCE',
    script: () => cceScript(''),
    steps: ['PreCheck', 'Snapshot', 'Cluster', 'PostCheck'],
  },
  {
    name: 'css',
    provider: 'HuaweiCSS',
    script: cssScript,
    steps: ['Data migration', 'Node image replacement', 'Task status update'],
  },
];

/** Scripts run concurrently (one CR each); each test awaits its own and then asserts. */
const plays = new Map<string, Promise<void>>();
function launch(name: string, run: () => Promise<void>): void {
  const promise = run();
  promise.catch(() => undefined); // reported by the test that awaits it
  plays.set(name, promise);
}

beforeAll(() => {
  for (const c of SUCCESS_CASES) {
    const cluster = clusterId(c.name);
    const script = c.provider === 'HuaweiCCE' ? cceScript(cluster) : c.script();
    launch(c.name, () => play(c.name, c.provider, cluster, script));
  }
  for (const c of CASES) {
    const cluster = clusterId(c.name);
    launch(c.name, () =>
      play(c.name, c.provider, cluster, [c.running(cluster), c.end(cluster)], c.spec ?? {}),
    );
  }
});

it('kubectl is the pinned build, at the same Kubernetes version as kube-apiserver', async () => {
  const pinned = /^KUBERNETES_VERSION=(\S+)$/m.exec(
    readFileSync(join(ROOT, 'scripts/controlplane/versions.env'), 'utf8'),
  )?.[1];
  const res = await runCommand(kubectlPath(), ['version', '--client', '-o', 'json']);
  expect({ code: res.code, stderr: res.stderr }).toEqual({ code: 0, stderr: '' });
  expect(pinned).toMatch(/^v1\.\d+\.\d+$/);
  expect(JSON.parse(res.stdout).clientVersion.gitVersion).toBe(pinned);
});

describe('scripted upgrades run to Succeeded (docs/reference.md#conditions, the provider mappings, docs/reference.md#reconcile-loop)', () => {
  it.each(SUCCESS_CASES.map((c) => [c.provider, c] as const))(
    '%s: Idle → steps → Succeeded, rows, Events in order, kubectl wait',
    (_provider, c) =>
      withLogs(logs, async () => {
        await plays.get(c.name);

        // Every version written on the way showed its row; the rows came in upgrade order.
        expect(rowsSeen(c.name)).toEqual(['Idle', 'Running', 'Succeeded']);

        const events = await eventsFor(suite.space, c.name);
        expect(events.map((e) => e.reason)).toEqual([
          'UpgradeStarted',
          ...c.steps.map(() => 'StepStarted'),
          'UpgradeSucceeded',
        ]);
        expect(events.every((e) => e.type === 'Normal')).toBe(true);
        // StepStarted messages name the steps in execution order.
        const stepEvents = events.filter((e) => e.reason === 'StepStarted');
        c.steps.forEach((step, i) => expect(stepEvents[i]?.message).toContain(step));

        await kubectlWaits(c.name, 'condition=Ready');
        await kubectlWaits(c.name, 'jsonpath={.status.phase}=Succeeded');
        await kubectlWaits(c.name, 'condition=Stalled=False');
      }),
  );
});

interface Case {
  name: string;
  provider: ProviderName;
  spec?: Partial<WatchSpec>;
  running: (cluster: string) => ScriptStep;
  end: (cluster: string) => ScriptStep;
  row: Row;
  event: { reason: string; type: 'Normal' | 'Warning' };
  kubectl: string[];
}
const TASK = 'T-5faa48fb31b6b8078d000006';
const running = (state: ScriptStep['state'], expect: ExpectedStatus): ScriptStep => ({
  label: 'running',
  state,
  expect,
});
const CASES: Case[] = [
  {
    // Failed through DescribeTaskInfo (spec.taskID): the task's error text becomes the message.
    name: 'ack-task-failed',
    provider: 'AlibabaACK',
    spec: { taskID: TASK },
    running: (id) =>
      running(ackTaskState(TASK, id, 'running'), { phase: 'Running', currentStep: 'UpgradeMaster' }),
    end: (id) => ({
      label: 'failed',
      state: ackTaskState(TASK, id, 'fail'),
      expect: { phase: 'Failed', message: /kube-apiserver did not become ready/ },
    }),
    row: 'Failed',
    event: { reason: 'UpgradeFailed', type: 'Warning' },
    kubectl: ['condition=Stalled', 'condition=Ready=False', 'jsonpath={.status.phase}=Failed'],
  },
  {
    name: 'cce-failed',
    provider: 'HuaweiCCE',
    running: (id) => running(CCE.snapshot(id), { phase: 'Running', progress: 25, currentStep: 'Snapshot' }),
    end: (id) => ({
      label: 'failed',
      state: CCE.failed(id),
      expect: {
        phase: 'Failed',
        currentStep: 'Cluster',
        steps: ['PreCheck:Succeeded', 'Snapshot:Succeeded', 'Cluster:Failed', 'PostCheck:Pending'],
      },
    }),
    row: 'Failed',
    event: { reason: 'UpgradeFailed', type: 'Warning' },
    kubectl: ['condition=Stalled'],
  },
  {
    name: 'ack-paused',
    provider: 'AlibabaACK',
    running: () => running(ACK.upgrading, { phase: 'Running', progress: 50, currentStep: 'Upgrade' }),
    end: () => ({ label: 'paused', state: ACK.paused, expect: { phase: 'Paused', currentStep: 'Upgrade' } }),
    row: 'Paused',
    event: { reason: 'UpgradePaused', type: 'Warning' },
    kubectl: ['condition=Ready=False', 'condition=Progressing=False', 'condition=Stalled=False'],
  },
  {
    name: 'addons-cancelled',
    provider: 'AlibabaACKAddons',
    running: () => running(ADDON_STATES.bothRunning, { phase: 'Running', progress: 0 }),
    end: () => ({ label: 'cancelled', state: ADDON_STATES.cancelled, expect: { phase: 'Cancelled' } }),
    row: 'Cancelled',
    event: { reason: 'UpgradeCancelled', type: 'Normal' },
    kubectl: ['condition=Ready', 'jsonpath={.status.phase}=Cancelled'],
  },
  {
    name: 'cce-cancelled',
    provider: 'HuaweiCCE',
    running: (id) => running(CCE.snapshot(id), { phase: 'Running', progress: 25 }),
    end: (id) => ({
      label: 'cancelled',
      state: CCE.cancelled(id),
      expect: {
        phase: 'Cancelled',
        steps: ['PreCheck:Succeeded', 'Snapshot:Cancelled', 'Cluster:Cancelled', 'PostCheck:Cancelled'],
      },
    }),
    row: 'Cancelled',
    event: { reason: 'UpgradeCancelled', type: 'Normal' },
    kubectl: ['condition=Ready'],
  },
  {
    // PARTIAL_FAILED → Failed, and the message says it was partial (docs/reference.md#provider-huaweicss).
    name: 'css-partial',
    provider: 'HuaweiCSS',
    running: () => running(CSS.node2(), { phase: 'Running', progress: [33, 34] }),
    end: () => ({
      label: 'partially failed',
      state: CSS.partialFailed(),
      expect: { phase: 'Failed', message: /partial/i },
    }),
    row: 'Failed',
    event: { reason: 'UpgradeFailed', type: 'Warning' },
    kubectl: ['condition=Stalled', 'condition=Ready=False'],
  },
];

describe('failed, paused, cancelled and partially failed upgrades (conditions rows)', () => {
  it.each(CASES.map((c) => [c.name, c] as const))(
    '%s gives its row, Event and kubectl wait rules',
    (_name, c) =>
      withLogs(logs, async () => {
        await plays.get(c.name);
        const w = await waitForWatch(suite.space, c.name, c.row, (x) => x.status?.phase !== undefined, 1_000);
        expect({ conditions: conditionSummary(w), mismatches: rowMismatches(w, c.row) }).toEqual({
          conditions: conditionSummary(w),
          mismatches: [],
        });
        const row = rowsSeen(c.name);
        expect(row).toEqual(['Running', c.row]);

        const events = await eventsFor(suite.space, c.name);
        expect(events[0]?.reason).toBe('UpgradeStarted');
        expect(events.at(-1)).toMatchObject(c.event);
        expect(events.filter((e) => e.reason === c.event.reason)).toHaveLength(1);
        for (const forArg of c.kubectl) await kubectlWaits(c.name, forArg);
      }),
  );
});
