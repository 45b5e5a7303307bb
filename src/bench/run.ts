// `npm run bench -- --watches N --duration D --poll-interval P [--credentials K] [--namespaces T]`:
// the scale benchmark of issue 7 (docs/benchmarks.md). Starts a local control plane
// (kube-apiserver + etcd), the cloud simulator in-process and the operator as a child process,
// all on loopback; creates N ClusterUpgradeWatches over the four providers, K credentials and T
// namespaces (fleet.ts); measures a bare client's floor (floor.ts), the operator's cold start and
// a window with one scripted change on every other watch (window.ts, figures.ts). Writes
// bench/results/<date>-<N>.json and prints a markdown table (report.ts). Not a timed test: the
// figures are reported, not asserted. With --keyless-service-accounts S the watches are keyless
// over S ServiceAccounts and the result counts the exchanges against the ideal (keyless.ts).
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { cpus } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { GROUP, PLURAL, VERSION } from '../api/types.js';
import { DEFAULT_MAX_CONCURRENT_POLLS } from '../config.js';
import { REFRESH_BEFORE_EXPIRY_MS } from '../credentials/temporary-cache.js';
import { kubeTrust, subjectOf } from '../devkit/kube-trust.js';
import { startControlPlane, type ControlPlane } from '../controlplane/index.js';
import { startSimulator, type CounterReport, type RunningSimulator } from '../simulator/index.js';
import { SAMPLES } from '../providers/samples.js';
import { cloudFigures, firstStatusFigures, writeAndLagFigures } from './figures.js';
import { createTenants, createWatches, planFleet, putCluster, specOf, type Fleet } from './fleet.js';
import { measureFloor } from './floor.js';
import { CrRecorder, kube, kubeOk } from './kube.js';
import { memoryTrend } from './memory-trend.js';
import { heapSnapshot, startOperator, type OperatorChild } from './operator-child.js';
import { keylessFigures } from './keyless.js';
import { formatDuration } from '../api/duration.js';
import { DEFAULT_CREDENTIAL_LIFETIME_MS, parseOptions, ROOT, USAGE, type BenchOptions } from './options.js';
import { cpuSeconds, cpuShares, cpuTicksOf, loadAverage, mib, round } from './proc.js';
import { markdownTable } from './report.js';
import { targetsOf, type BenchResult } from './result.js';
import { awaitFirstStatuses, measureWindow, type WindowRaw } from './window.js';

const sleep = (ms: number): Promise<void> => new Promise((r) => setTimeout(r, ms));

type Log = (msg: string) => void;

/** The CRD applied and served. */
async function applyCrd(cp: ControlPlane): Promise<void> {
  const kc = cp.kubeConfig;
  const crd = readFileSync(join(ROOT, 'crds/upgradewatch.io_clusterupgradewatches.yaml'), 'utf8');
  await kubeOk(
    kc,
    'PATCH',
    `/apis/apiextensions.k8s.io/v1/customresourcedefinitions/${PLURAL}.${GROUP}?fieldManager=bench&force=true`,
    crd,
    'application/apply-patch+yaml',
  );
  for (let i = 0; ; i++) {
    if ((await kube(kc, 'GET', `/apis/${GROUP}/${VERSION}/${PLURAL}?limit=1`)).status === 200) return;
    if (i > 300) throw new Error('the CRD was not served within 30 s');
    await sleep(100);
  }
}

/** Namespaces, Secrets, simulated clusters (all "before") and the N watches. */
async function setUpFleet(cp: ControlPlane, opts: BenchOptions, log: Log) {
  const fleet = planFleet(opts);
  await createTenants(cp.kubeConfig, fleet);
  // Keyless: the simulator trusts this control plane's ServiceAccount tokens for exactly the
  // fleet's ServiceAccounts, and issues keys that live --credential-lifetime.
  const workloadIdentity = fleet.keyless
    ? kubeTrust(
        cp.kubeConfig,
        fleet.credentials.map((c) => subjectOf(c.namespace, c.name)),
        { credentialLifetime: formatDuration(opts.credentialLifetimeMs ?? DEFAULT_CREDENTIAL_LIFETIME_MS) },
      )
    : undefined;
  const sim = await startSimulator({
    scenario: {
      credentials: fleet.credentials.map((c) => c.key.sim),
      ...(workloadIdentity ? { workloadIdentity } : {}),
    },
  });
  log(`simulator at ${sim.url}; control plane ${cp.server} (${cp.version})`);
  for (const plan of fleet.plans)
    putCluster(sim, plan, SAMPLES[plan.provider].states.running(plan.clusterID, 0));
  const spec = (plan: Fleet['plans'][number]) => specOf(plan, sim.url, opts.pollIntervalMs, fleet.keyless);
  log(`creating ${opts.watches} ClusterUpgradeWatches in ${fleet.namespaces.length} namespace(s)`);
  await createWatches(cp.kubeConfig, fleet, spec);
  return { fleet, sim, spec };
}

/** The keyless figures: exchanges before the window (cold start) and in it (keyless.ts). */
function keylessOf(opts: BenchOptions, fleet: Fleet, coldStart: CounterReport, raw: WindowRaw) {
  return keylessFigures({
    serviceAccounts: opts.keylessServiceAccounts ?? fleet.credentials.length,
    identities: fleet.credentials.length,
    credentialLifetimeMs: opts.credentialLifetimeMs ?? DEFAULT_CREDENTIAL_LIFETIME_MS,
    refreshMarginMs: REFRESH_BEFORE_EXPIRY_MS,
    windowMs: raw.windowEnd - raw.windowStart,
    coldStart,
    window: raw.counters,
  });
}

/** Long on purpose: the benchmark's script in the order it runs (control plane, fleet, floor,
 *  operator, window, report); each stage is one call into its own module. */
export async function runBench(
  opts: BenchOptions,
  commandLine: string,
): Promise<{ result: BenchResult; file: string }> {
  const log: Log = (msg) =>
    process.stderr.write(`[bench ${new Date().toISOString().slice(11, 19)}] ${msg}\n`);
  const startedAt = new Date();
  const loadBefore = loadAverage();
  let cp: ControlPlane | undefined;
  let sim: RunningSimulator | undefined;
  let op: OperatorChild | undefined;
  let recorder: CrRecorder | undefined;
  try {
    log('starting control plane');
    cp = await startControlPlane();
    await applyCrd(cp);
    const setUp = await setUpFleet(cp, opts, log);
    const { fleet, spec } = setUp;
    sim = setUp.sim;

    // The floor on this control plane, before the operator starts (src/bench/floor.ts): the
    // same watches (names, specs), in one namespace of its own.
    const concurrency = opts.maxConcurrentPolls ?? DEFAULT_MAX_CONCURRENT_POLLS;
    log(
      `floor: a bare client gives ${opts.watches} fresh watches their first status, ${concurrency} in flight`,
    );
    // Who uses the two cores, during the floor, the cold start and the window: when the
    // machine is saturated, kube-apiserver's share shows what bounds the operator.
    const cpuNow = () =>
      cpuTicksOf({
        operator: op?.pid,
        kubeApiserver: cp!.pids().apiServer,
        etcd: cp!.pids().etcd,
        benchAndSimulator: process.pid,
      });
    const floorWatches = fleet.plans.map((plan) => ({ ...plan, spec: spec(plan) }));
    const floor = await measureFloor(cp.kubeConfig, floorWatches, concurrency, cpuNow);
    log(`floor: ${floor.seconds} s (${floor.errors} errors, ${floor.patchBytes} bytes per PATCH)`);
    recorder = new CrRecorder(cp.kubeConfig, fleet.namespaces);
    await recorder.start();

    // Cold start: the operator finds N watches without status.
    const coldTicks0 = cpuNow();
    const opStart = Date.now();
    const onlyNamespace = fleet.namespaces.length === 1 ? fleet.namespaces[0] : undefined;
    op = await startOperator(cp.kubeconfigPath, opts, onlyNamespace);
    log(`operator pid ${op.pid}, metrics ${op.metricsUrl}`);
    const boundSeconds = opts.watches / (opts.credentials * opts.cloudQps);
    // The floor says how fast this machine is now: on a loaded one (a 130 s floor at N = 5000)
    // a fixed 2 minutes cut the cold start off and the window then measured the cold start.
    const firstDeadline =
      opStart + Math.max(120_000, 3 * boundSeconds * 1000 + 60_000, 3 * floor.seconds * 1000 + 60_000);
    const cold = await awaitFirstStatuses(recorder, fleet.plans, firstDeadline);
    const firstStatus = firstStatusFigures(cold.firstTimes, cold.missing, opStart, boundSeconds);
    log(
      cold.missing === 0
        ? `every watch has a status after ${firstStatus.allSeconds} s`
        : `${cold.missing} watches never got a status`,
    );
    const coldTicks1 = cpuNow();
    const coldCpu = cpuShares(coldTicks0, coldTicks1, Date.now() - opStart);

    const changes = fleet.plans
      .filter((p) => p.changeAtMs !== undefined)
      .sort((a, b) => a.changeAtMs! - b.changeAtMs!);
    log(`window of ${opts.durationMs / 1000} s: ${changes.length} scripted changes`);
    const coldCounters = sim.admin.counters();
    const raw = await measureWindow({ cp, sim, op, recorder, changes, cpuNow, ...opts });
    if (opts.heapSnapshotDir) await heapSnapshot(op.pid, opts.heapSnapshotDir);

    const { allSeconds } = firstStatus;
    const heaps = raw.memorySamples.flatMap((s) => (s.heapMiB === null ? [] : [s.heapMiB]));
    const { outDir: _outDir, ...options } = opts;
    const withoutTargets: Omit<BenchResult, 'targets'> = {
      version: 1,
      startedAt: startedAt.toISOString(),
      commandLine,
      options,
      machine: { cpus: cpus().length, node: process.version, loadBefore, loadAfter: loadAverage() },
      firstStatus,
      floor,
      firstStatusOverFloor:
        allSeconds === null || floor.seconds <= 0 ? null : round(allSeconds / floor.seconds, 2),
      cloud: cloudFigures(fleet.plans, raw, opts.pollIntervalMs),
      ...writeAndLagFigures(fleet.plans, recorder, raw),
      operator: {
        cpuPercentOfOneCore: raw.windowCpu.operator ?? 0,
        rssMiB: mib(raw.rssEnd),
        rssMaxMiB: mib(raw.rssMax),
        heapUsedMiB: raw.memorySamples[raw.memorySamples.length - 1]?.heapMiB ?? null,
        heapMaxMiB: heaps.length > 0 ? Math.max(...heaps) : null,
        memory: memoryTrend(raw.memorySamples),
        // % of one core per process: from the operator's start until the last first status, and
        // over the window.
        cpuByProcess: { coldStart: coldCpu, window: raw.windowCpu },
        coldStartCpuSeconds: cpuSeconds(coldTicks0, coldTicks1),
        // Whole run (cold start included): status writes and reconciles by result, and the
        // operator's warning/error log lines by message.
        statusUpdates: raw.endScrape?.statusUpdates ?? {},
        reconciles: raw.endScrape?.reconciles ?? {},
        warnings: op.warnings(),
      },
      apiserverRequestsByVerb: raw.apiserverDelta,
      ...(fleet.keyless ? { keyless: keylessOf(opts, fleet, coldCounters, raw) } : {}),
    };
    const result: BenchResult = {
      ...withoutTargets,
      targets: targetsOf(withoutTargets, opts.pollIntervalMs),
    };
    mkdirSync(opts.outDir, { recursive: true });
    const stamp = startedAt.toISOString().replace(/:/g, '').replace(/\..*$/, 'Z');
    const file = join(opts.outDir, `${stamp}-${opts.watches}.json`);
    writeFileSync(file, `${JSON.stringify(result, null, 2)}\n`);
    if (cold.missing > 0 || result.lagSeconds.missed > 0) log(`operator log tail:\n${op.tail()}`);
    return { result, file };
  } finally {
    await recorder?.stop().catch(() => undefined);
    await op?.stop().catch(() => undefined);
    await sim?.stop().catch(() => undefined);
    await cp?.stop().catch(() => undefined);
  }
}

async function main(): Promise<void> {
  const argv = process.argv.slice(2);
  let opts: BenchOptions;
  try {
    opts = parseOptions(argv);
  } catch (error) {
    process.stderr.write(`${(error as Error).message}\n${USAGE}\n`);
    process.exit(2);
  }
  const commandLine = `npm run bench -- ${argv.join(' ')}`.trim();
  const { result, file } = await runBench(opts, commandLine);
  process.stdout.write(`${markdownTable(result)}\n\nwrote ${file}\n`);
}

if (process.argv[1] && fileURLToPath(import.meta.url) === process.argv[1]) {
  const stopSignal = () => process.exit(130);
  process.once('SIGINT', stopSignal);
  process.once('SIGTERM', stopSignal);
  main().then(
    () => process.exit(0),
    (error: unknown) => {
      process.stderr.write(`bench failed: ${error instanceof Error ? error.stack : String(error)}\n`);
      process.exit(1);
    },
  );
}
