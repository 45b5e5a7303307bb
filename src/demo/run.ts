// The one-command demo (docs/reference.md#local-control-plane, docs/demo.md): a local control
// plane (or the user's cluster with --kubeconfig) + cloud simulator + operator process, sample
// watches of every provider, and a live table until Ctrl-C (or, with --once, until every watch
// shows its scripted final phase). Everything it starts it stops, everything it creates in a
// cluster it deletes; its temp dir goes too. The file is a little longer than the usual 300 lines
// because its stages (start, play, clean up) share the `Started` record that clean-up undoes.

import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';
import { pino } from 'pino';
import { removeDirOnExit } from '../controlplane/cleanup.js';
import { ManagedProcess, tailFile } from '../controlplane/process.js';
import { CLOUDS } from '../providers/names.js';
import type { SampleCredential } from '../providers/sample-credentials.js';
import {
  loadScenario,
  startSimulator,
  type RunningSimulator,
  type ScenarioInput,
} from '../simulator/index.js';
import type { DemoOptions } from './args.js';
import { createDisplay, type Display, type DisplayOutput } from './display.js';
import { describeLaggards, laggards } from './final-phase.js';
import { watchForInterrupt, type Interrupt } from './interrupt.js';
import { waitForOperatorEndpoints } from './operator-log.js';
import { connectExistingCluster, startLocalCluster, type DemoCluster } from './cluster.js';
import { apply, listWatches, namespacesPath, secretsPath, watchesPath } from './kube.js';
import {
  DEMO_LABELS,
  DEMO_NAMESPACE,
  DEMO_SAMPLES,
  demoGeneratedCredentials,
  secretManifest,
  watchManifest,
  type AccessKey,
} from './samples.js';
import { checkSamplesCovered, pickAccessKeys } from './scenario-match.js';
import {
  demoTrust,
  fetchClusterIssuer,
  keylessServiceAccounts,
  scenarioTrusting,
  serviceAccountManifest,
  serviceAccountsPath,
} from './keyless.js';
import { humanAge, rowOf, type WatchRow } from './table.js';

const OPERATOR_STOP_GRACE_MS = 15_000;

const paths = {
  operatorMain: fileURLToPath(new URL('../main.js', import.meta.url)),
  crd: fileURLToPath(new URL('../../crds/upgradewatch.io_clusterupgradewatches.yaml', import.meta.url)),
  scenario: fileURLToPath(new URL('../../scenarios/demo.yaml', import.meta.url)),
};

interface DemoIo {
  stdout: DisplayOutput;
  /** Progress and cleanup messages. */
  stderr: { write(text: string): unknown };
}

class Interrupted extends Error {}

interface Started {
  workDir?: string;
  keepWorkDir: boolean;
  unregisterWorkDir?: () => void;
  cluster?: DemoCluster;
  simulator?: RunningSimulator;
  simulatorLog?: { end(): void };
  operator?: ManagedProcess;
  display?: Display;
}

/** The scenario plus the generated credentials' entries (the scenario file holds access keys only). */
function withCredentials(
  scenario: ScenarioInput,
  keys: Partial<Record<string, AccessKey | SampleCredential>>,
): ScenarioInput {
  const generated = Object.values(keys).flatMap((key) => (key && 'sim' in key ? [key.sim] : []));
  return { ...scenario, credentials: [...(scenario.credentials ?? []), ...generated] };
}

function pretty(path: string): string {
  const rel = relative(process.cwd(), path);
  return rel && !rel.startsWith('..') ? rel : path;
}

export async function runDemo(options: DemoOptions, io: DemoIo): Promise<number> {
  const began = Date.now();
  const interrupt = watchForInterrupt(() =>
    io.stderr.write('\nsecond interrupt: exiting now (child processes are killed on exit)\n'),
  );
  const started: Started = { keepWorkDir: options.keepLogs };
  const say = (text: string): void => void io.stderr.write(`${text}\n`);
  const step = async <T>(label: string, run: () => Promise<T>): Promise<T> => {
    if (interrupt.requested) throw new Interrupted();
    say(label);
    return run();
  };

  let exitCode = 0;
  try {
    exitCode = await play(options, io, interrupt, started, step, began);
  } catch (error) {
    if (error instanceof Interrupted) {
      exitCode = 0;
    } else {
      exitCode = 1;
      started.keepWorkDir = started.workDir !== undefined;
      say(`\ndemo failed: ${error instanceof Error ? error.message : String(error)}`);
    }
  } finally {
    started.display?.close();
    await cleanUp(started, say);
    interrupt.dispose();
  }
  return exitCode;
}

/** Long because it is the demo's script, read top to bottom: cluster, CRD, Secrets, simulator,
 *  operator, watches, then the display loop; each stage is one `step` with its own module. */
async function play(
  options: DemoOptions,
  io: DemoIo,
  interrupt: Interrupt,
  started: Started,
  step: <T>(label: string, run: () => Promise<T>) => Promise<T>,
  began: number,
): Promise<number> {
  if (!existsSync(paths.operatorMain)) {
    throw new Error(`${paths.operatorMain} is missing: run \`npm run build\` first (npm run demo does)`);
  }
  const scenarioPath = options.scenario ?? paths.scenario;
  const scenario = await loadScenario(scenarioPath);
  const keys = { ...pickAccessKeys(scenario, pretty(scenarioPath)), ...demoGeneratedCredentials() };
  checkSamplesCovered(scenario, DEMO_SAMPLES, pretty(scenarioPath));

  const workDir = mkdtempSync(join(tmpdir(), 'upgradewatch-demo-'));
  started.workDir = workDir;
  if (!options.keepLogs) started.unregisterWorkDir = removeDirOnExit(workDir);
  const operatorLog = join(workDir, 'operator.log');
  const simulatorLog = join(workDir, 'simulator.log');

  const cluster = options.kubeconfig
    ? await step(`connecting to the cluster of ${options.kubeconfig}…`, () =>
        connectExistingCluster(options.kubeconfig!),
      )
    : await step('starting kube-apiserver + etcd (first run builds them: minutes)…', () =>
        startLocalCluster(),
      );
  started.cluster = cluster;
  const kc = cluster.kubeConfig;

  await step('installing the ClusterUpgradeWatch CRD (server-side apply)…', () =>
    cluster.installCrd(paths.crd),
  );
  await step(
    `creating namespace ${DEMO_NAMESPACE}, the credentials Secrets and ServiceAccounts…`,
    async () => {
      await apply(kc, namespacesPath, {
        apiVersion: 'v1',
        kind: 'Namespace',
        metadata: { name: DEMO_NAMESPACE, labels: { ...DEMO_LABELS } },
      });
      for (const cloud of CLOUDS) {
        const key = keys[cloud];
        if (key) await apply(kc, secretsPath(DEMO_NAMESPACE), secretManifest(cloud, key));
      }
      for (const name of keylessServiceAccounts(DEMO_SAMPLES))
        await apply(kc, serviceAccountsPath(DEMO_NAMESPACE), serviceAccountManifest(name));
    },
  );
  // The keyless watches' tokens are verified against this cluster's own issuer and keys.
  const trust = demoTrust(await fetchClusterIssuer(kc), DEMO_SAMPLES);

  const destination = pino.destination({ dest: simulatorLog, sync: true });
  started.simulatorLog = destination;
  const sim = await step(`starting the cloud simulator (${pretty(scenarioPath)})…`, async () =>
    startSimulator({
      scenario: withCredentials(await scenarioTrusting(scenarioPath, trust), keys),
      logger: pino({ name: 'upgradewatch-sim', level: 'info' }, destination),
    }),
  );
  started.simulator = sim;

  const operator = await step('starting the operator…', () =>
    ManagedProcess.start({
      name: 'operator',
      command: process.execPath,
      args: [
        paths.operatorMain,
        '--kubeconfig',
        cluster.kubeconfigPath,
        '--namespace',
        DEMO_NAMESPACE,
        '--allow-custom-endpoints',
        '--metrics-bind-address',
        '127.0.0.1:0',
        '--health-probe-bind-address',
        '127.0.0.1:0',
      ],
      logPath: operatorLog,
    }),
  );
  started.operator = operator;

  // Every scenario timeline starts now, with the watches (not when the simulator started). Before
  // they exist: a reset also forgets the temporary keys the simulator issued.
  sim.admin.reset();
  await step(`applying ${DEMO_SAMPLES.length} ClusterUpgradeWatches…`, async () => {
    for (const sample of DEMO_SAMPLES)
      await apply(kc, watchesPath(DEMO_NAMESPACE), watchManifest(sample, sim.url));
  });
  const appliedAt = Date.now();

  const endpoints = await waitForOperatorEndpoints(operatorLog, 5_000);
  const header = [
    `upgradewatch demo: ${DEMO_SAMPLES.length} watches in namespace ${DEMO_NAMESPACE}, scenario ${pretty(scenarioPath)}`,
    `  watch alongside: ${cluster.watchCommand}`,
    `  operator:        pid ${operator.pid}, log ${operatorLog}`,
    ...(endpoints?.metrics
      ? [
          `  metrics:         ${endpoints.metrics}/metrics` +
            (endpoints.probes ? ` (probes ${endpoints.probes}/healthz, /readyz)` : ''),
        ]
      : []),
    `  simulator:       ${sim.url} (admin API ${sim.adminUrl}), log ${simulatorLog}`,
    ...cluster.describe(),
  ];
  const footer = options.once
    ? `waiting until every watch shows its scripted final phase (timeout ${humanAge(options.timeoutMs)}) · Ctrl-C to stop`
    : 'refreshed every second · Ctrl-C to stop and clean up';
  const display = createDisplay(io.stdout, header, footer);
  started.display = display;

  let rows: WatchRow[] = [];
  let listedAt = appliedAt;
  for (;;) {
    let note: string | undefined;
    const now = new Date();
    // An interrupt does not wait for a list call (the API server may be shutting down already).
    const listed = await Promise.race([
      listWatches(kc, DEMO_NAMESPACE).then(
        (items) => ({ items }),
        (error: unknown) => ({ error }),
      ),
      interrupt.promise.then(() => undefined),
    ]);
    if (listed === undefined || interrupt.requested) {
      display.final(rows, listedAt - appliedAt, 'interrupted: stopping the demo…');
      return 0;
    }
    if ('error' in listed) {
      const reason = listed.error instanceof Error ? listed.error.message : String(listed.error);
      note = `(listing the watches failed: ${reason}; retrying)`;
    } else {
      rows = listed.items.map((watch) => rowOf(watch, now));
      listedAt = now.getTime();
    }
    const elapsed = Date.now() - appliedAt;
    if (!operator.running) {
      display.final(rows, elapsed, `${operator.describeExit() ?? 'the operator exited'} unexpectedly`);
      started.keepWorkDir = true;
      throw new Error(`the operator stopped; last lines of ${operatorLog}:\n${tailFile(operatorLog, 20)}`);
    }
    if (options.once) {
      const behind = laggards(DEMO_SAMPLES, rows, DEMO_NAMESPACE);
      if (behind.length === 0) {
        display.final(
          rows,
          elapsed,
          `All ${DEMO_SAMPLES.length} watches reached their scripted final phase ${humanAge(elapsed)} after they ` +
            `were applied (${humanAge(Date.now() - began)} including startup).`,
        );
        return 0;
      }
      if (elapsed > options.timeoutMs) {
        display.final(rows, elapsed, `Timed out after ${humanAge(options.timeoutMs)}.`);
        started.keepWorkDir = true;
        throw new Error(
          `these watches did not reach their scripted final phase: ${describeLaggards(behind, DEMO_NAMESPACE)}`,
        );
      }
    }
    display.show(rows, elapsed, note);
    await interrupt.sleep(options.refreshMs);
  }
}

async function cleanUp(started: Started, say: (text: string) => void): Promise<void> {
  const steps: [string, (() => Promise<void>) | undefined][] = [
    ['operator', started.operator && (() => started.operator!.stop(OPERATOR_STOP_GRACE_MS))],
    ['simulator', started.simulator && (() => started.simulator!.stop())],
    [started.cluster?.cleanUpLabel ?? 'cluster', started.cluster && (() => started.cluster!.cleanUp())],
  ];
  const running = steps.filter(([, run]) => run !== undefined);
  if (running.length > 0) say(`stopping ${running.map(([name]) => name).join(', ')}…`);
  for (const [name, run] of running) {
    try {
      await run!();
    } catch (error) {
      say(`  stopping the ${name} failed: ${error instanceof Error ? error.message : String(error)}`);
    }
  }
  started.simulatorLog?.end();
  if (started.workDir) {
    if (started.keepWorkDir) {
      started.unregisterWorkDir?.();
      say(`logs kept in ${started.workDir} (operator.log, simulator.log)`);
    } else {
      rmSync(started.workDir, { recursive: true, force: true });
      started.unregisterWorkDir?.();
    }
  }
  say('demo stopped; everything it started is gone.');
}
