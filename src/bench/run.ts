// `npm run bench -- --watches N --duration D --poll-interval P [--credentials K]`: the scale
// benchmark of issue 7. Starts a local control plane (kube-apiserver + etcd), the cloud
// simulator in-process and the operator as a child process, all on loopback; creates N
// ClusterUpgradeWatches over the four providers and K credentials; scripts one state change
// on every other watch; and measures first-status time, cloud requests per watch per
// interval, status writes per change and per idle hour, change → status lag, operator CPU /
// RSS / heap and kube-apiserver requests by verb. Writes bench/results/<date>-<N>.json and
// prints a markdown table. Not a timed test: the figures are reported, not asserted.
import { spawn } from 'node:child_process';
import { mkdirSync, readdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import {
  GROUP,
  KIND,
  PLURAL,
  PROVIDERS,
  VERSION,
  type ClusterUpgradeWatchSpec,
  type ProviderName,
} from '../api/types.js';
import { DEFAULT_MAX_CONCURRENT_POLLS } from '../config.js';
import { startControlPlane, type ControlPlane } from '../controlplane/index.js';
import { startSimulator, type RunningSimulator, type SimCredential } from '../simulator/index.js';
import { measureFloor, runLimited, type FloorResult } from './floor.js';
import { collectionPath, CrRecorder, kube, kubeOk, parseMetrics } from './kube.js';
import { memoryTrend, type MemorySample, type MemoryTrend } from './memory-trend.js';
import { ADDONS, afterState, beforeState, isHuawei, PROJECT_ID, REGION } from './states.js';

const ROOT = fileURLToPath(new URL('../../', import.meta.url));
const NAMESPACE = 'upgradewatch-bench';
const sleep = (ms: number): Promise<void> => new Promise((r) => setTimeout(r, ms));

// ------------------------------------------------------------------ options

export interface BenchOptions {
  watches: number;
  durationMs: number;
  pollIntervalMs: number;
  credentials: number;
  cloudQps: number;
  maxConcurrentPolls?: number;
  logLevel: string;
  outDir: string;
  /** --cpu-prof DIR: run the operator with `node --cpu-prof` writing its profile into DIR. */
  cpuProfDir?: string;
  /** --node-options "…": node flags for the operator process; default SHIPPED_NODE_OPTIONS, "" for none. */
  nodeOptions?: string;
  /** --heap-snapshot DIR: write a heap snapshot of the operator into DIR at the end of the window. */
  heapSnapshotDir?: string;
}

export function parseDuration(text: string): number {
  const m = /^(\d+(?:\.\d+)?)(ms|s|m|h)?$/.exec(text.trim());
  if (!m) throw new Error(`not a duration: ${text} (use e.g. 30s, 2m)`);
  const unit = { ms: 1, s: 1000, m: 60_000, h: 3_600_000 }[(m[2] ?? 's') as 'ms' | 's' | 'm' | 'h'];
  return Math.round(Number(m[1]) * unit);
}

function formatDuration(ms: number): string {
  return ms % 60_000 === 0 ? `${ms / 60_000}m` : `${Math.round(ms / 1000)}s`;
}

/** The operator must log at info or below: its "upgradewatch started" line names the metrics URL. */
function logLevel(level: string): string {
  if (!['trace', 'debug', 'info'].includes(level))
    throw new Error('--log-level must be trace, debug or info');
  return level;
}

export function parseOptions(argv: string[]): BenchOptions {
  const values = new Map<string, string>();
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i]!;
    if (!arg.startsWith('--')) throw new Error(`unexpected argument ${arg}`);
    const [key, inline] = arg.slice(2).split('=', 2) as [string, string | undefined];
    const value = inline ?? argv[++i];
    if (value === undefined) throw new Error(`--${key} needs a value`);
    values.set(key, value);
  }
  const known = [
    'watches',
    'duration',
    'poll-interval',
    'credentials',
    'cloud-qps',
    'max-concurrent-polls',
    'log-level',
    'out-dir',
    'cpu-prof',
    'heap-snapshot',
    'node-options',
  ];
  for (const key of values.keys()) if (!known.includes(key)) throw new Error(`unknown flag --${key}`);
  const int = (key: string, fallback: number): number => {
    const v = values.get(key);
    if (v === undefined) return fallback;
    const n = Number(v);
    if (!Number.isInteger(n) || n < 1) throw new Error(`--${key} must be a positive integer`);
    return n;
  };
  const watches = int('watches', 100);
  const pollIntervalMs = parseDuration(values.get('poll-interval') ?? '30s');
  if (pollIntervalMs < 5000) throw new Error('--poll-interval must be at least 5s (the CRD minimum)');
  const mcp = values.get('max-concurrent-polls');
  const nodeOptions = (values.get('node-options') ?? SHIPPED_NODE_OPTIONS).trim();
  return {
    watches,
    durationMs: parseDuration(values.get('duration') ?? '2m'),
    pollIntervalMs,
    credentials: Math.min(int('credentials', Math.min(50, watches)), watches),
    cloudQps: int('cloud-qps', 10),
    ...(mcp !== undefined ? { maxConcurrentPolls: int('max-concurrent-polls', 16) } : {}),
    logLevel: logLevel(values.get('log-level') ?? 'info'),
    outDir: values.get('out-dir') ?? join(ROOT, 'bench/results'),
    ...(values.has('cpu-prof') ? { cpuProfDir: values.get('cpu-prof') as string } : {}),
    ...(values.has('heap-snapshot') ? { heapSnapshotDir: values.get('heap-snapshot') as string } : {}),
    ...(nodeOptions ? { nodeOptions } : {}),
  };
}

// ------------------------------------------------------------------ small helpers

export function percentile(values: number[], p: number): number | null {
  if (values.length === 0) return null;
  const sorted = [...values].sort((a, b) => a - b);
  const rank = Math.ceil((p / 100) * sorted.length) - 1;
  return sorted[Math.min(sorted.length - 1, Math.max(0, rank))]!;
}

const round = (x: number, digits = 2): number => Math.round(x * 10 ** digits) / 10 ** digits;

function cpuTicks(pid: number): number {
  const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
  const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
  // fields[0] is state (field 3); utime/stime are fields 14/15.
  return Number(fields[11]) + Number(fields[12]);
}

/** CPU ticks of each named process (0 for one that is gone). */
function cpuTicksOf(pids: Record<string, number | undefined>): Record<string, number> {
  const out: Record<string, number> = {};
  for (const [name, pid] of Object.entries(pids)) {
    try {
      out[name] = pid === undefined ? 0 : cpuTicks(pid);
    } catch {
      out[name] = 0;
    }
  }
  return out;
}

/** % of one core each process used between two cpuTicksOf snapshots `ms` apart. */
function cpuShares(before: Record<string, number>, after: Record<string, number>, ms: number) {
  const out: Record<string, number> = {};
  for (const name of Object.keys(after))
    out[name] = round((((after[name] ?? 0) - (before[name] ?? 0)) / CLK_TCK / (ms / 1000)) * 100, 1);
  return out;
}

function rssBytes(pid: number): number {
  const m = /VmRSS:\s+(\d+) kB/.exec(readFileSync(`/proc/${pid}/status`, 'utf8'));
  return m ? Number(m[1]) * 1024 : 0;
}

const CLK_TCK = 100; // Linux USER_HZ

async function apiserverRequestsByVerb(cp: ControlPlane): Promise<Record<string, number>> {
  const res = await kube(cp.kubeConfig, 'GET', '/metrics');
  const out: Record<string, number> = {};
  for (const s of parseMetrics(res.text))
    if (s.name === 'apiserver_request_total')
      out[s.labels.verb ?? '?'] = (out[s.labels.verb ?? '?'] ?? 0) + s.value;
  return out;
}

const mib = (bytes: number): number => round(bytes / 1024 / 1024, 1);

/**
 * The operator runs as shipped: the image (Dockerfile) and the chart (heapLimitMiB) start it
 * with this V8 heap limit, and so does the bench unless --node-options says otherwise.
 */
export const SHIPPED_NODE_OPTIONS = '--max-old-space-size=256 --max-semi-space-size=4';

/** How often the bench scrapes the operator's /metrics during the window (a usual Prometheus interval). */
const SCRAPE_INTERVAL_MS = 15_000;

/** SIGUSR2 makes the operator (started with --heapsnapshot-signal) write a snapshot; wait for it. */
async function heapSnapshot(pid: number, dir: string): Promise<void> {
  const files = () => readdirSync(dir).filter((f) => f.endsWith('.heapsnapshot'));
  const before = new Set(files());
  process.kill(pid, 'SIGUSR2');
  let size = -1;
  for (let i = 0; i < 600; i++) {
    await sleep(1000);
    const fresh = files().find((f) => !before.has(f));
    if (!fresh) continue;
    const now = statSync(join(dir, fresh)).size;
    if (now > 0 && now === size) return;
    size = now;
  }
}

interface OperatorScrape {
  /** V8 heap used and committed (total); null when not exposed. */
  heap: { used: number; total: number } | null;
  /** upgradewatch_status_updates_total and upgradewatch_reconcile_total by result. */
  statusUpdates: Record<string, number>;
  reconciles: Record<string, number>;
}

/** A memory sample: RSS read at `atSeconds`, heap from a scrape (null when the scrape failed). */
function memorySample(atSeconds: number, rss: number, scrape: OperatorScrape | null): MemorySample {
  const heap = scrape?.heap ?? null;
  return {
    atSeconds,
    rssMiB: mib(rss),
    heapMiB: heap === null ? null : mib(heap.used),
    heapTotalMiB: heap === null ? null : mib(heap.total),
  };
}

/** One scrape of the operator's /metrics (null when it fails). */
async function scrapeOperator(metricsUrl: string): Promise<OperatorScrape | null> {
  try {
    const res = await fetch(`${metricsUrl}/metrics`, { signal: AbortSignal.timeout(10_000) });
    const out: OperatorScrape = { heap: null, statusUpdates: {}, reconciles: {} };
    let used: number | undefined;
    let total: number | undefined;
    for (const sample of parseMetrics(await res.text())) {
      const result = sample.labels.result ?? '?';
      if (sample.name === 'nodejs_heap_size_used_bytes') used = sample.value;
      else if (sample.name === 'nodejs_heap_size_total_bytes') total = sample.value;
      else if (sample.name === 'upgradewatch_status_updates_total') out.statusUpdates[result] = sample.value;
      else if (sample.name === 'upgradewatch_reconcile_total') out.reconciles[result] = sample.value;
    }
    if (used !== undefined && total !== undefined) out.heap = { used, total };
    return out;
  } catch {
    return null;
  }
}

function alibabaKey(n: number): SimCredential {
  return {
    accessKeyId: `LTAI5tBenchKey${String(n).padStart(5, '0')}`,
    accessKeySecret: `bench-alibaba-secret-${n}-x9Qm2`,
  };
}
function huaweiKey(n: number): SimCredential {
  return {
    accessKeyId: `HPUABENCHKEY${String(n).padStart(8, '0')}`,
    accessKeySecret: `benchHuaweiSecret${n}Zk3PqL8vR2tY6wN0`,
  };
}

// ------------------------------------------------------------------ the operator child

interface OperatorChild {
  pid: number;
  metricsUrl: string;
  tail(): string;
  /** Warning and error log lines so far, counted by message. */
  warnings(): Record<string, number>;
  stop(): Promise<void>;
}

async function startOperator(kubeconfig: string, opts: BenchOptions): Promise<OperatorChild> {
  const args = [
    ...(opts.nodeOptions ? opts.nodeOptions.split(/\s+/) : []),
    ...(opts.cpuProfDir ? ['--cpu-prof', '--cpu-prof-dir', opts.cpuProfDir] : []),
    ...(opts.heapSnapshotDir
      ? ['--heapsnapshot-signal=SIGUSR2', '--diagnostic-dir', opts.heapSnapshotDir]
      : []),
    join(ROOT, 'dist/main.js'),
    '--kubeconfig',
    kubeconfig,
    '--namespace',
    NAMESPACE,
    '--allow-custom-endpoints',
    '--metrics-bind-address',
    '127.0.0.1:0',
    '--health-probe-bind-address',
    '127.0.0.1:0',
    '--cloud-qps',
    String(opts.cloudQps),
    '--log-level',
    opts.logLevel,
    ...(opts.maxConcurrentPolls ? ['--max-concurrent-polls', String(opts.maxConcurrentPolls)] : []),
  ];
  const child = spawn(process.execPath, args, {
    cwd: ROOT,
    env: { ...process.env, KUBECONFIG: '', NODE_OPTIONS: '' },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  const lines: string[] = [];
  let metricsUrl = '';
  let quiet = false;
  const warningCounts = new Map<string, number>();
  let exited = false;
  const exitedP = new Promise<void>((r) => child.on('exit', () => ((exited = true), r())));
  const onData = (prefix: string) => {
    let buf = '';
    return (chunk: string) => {
      buf += chunk;
      let i: number;
      while ((i = buf.indexOf('\n')) >= 0) {
        const line = buf.slice(0, i);
        buf = buf.slice(i + 1);
        if (!metricsUrl && line.includes('upgradewatch started')) {
          try {
            metricsUrl = String((JSON.parse(line) as { metrics?: string }).metrics ?? '');
          } catch {
            // not JSON
          }
        }
        const warning = /"level":(40|50|60)|"level":"(warn|error|fatal)"/.test(line);
        if (warning) {
          // Counted by message shape: object names and numbers folded, so one cause is one row.
          const msg = (/"msg":"([^"]{0,160})/.exec(line)?.[1] ?? '(unparsed)').replace(/\d+/g, '#');
          warningCounts.set(msg, (warningCounts.get(msg) ?? 0) + 1);
        }
        if (quiet && !warning && !prefix) continue;
        lines.push(prefix + line);
        if (lines.length > 300) lines.shift();
      }
    };
  };
  child.stdout.setEncoding('utf8').on('data', onData(''));
  child.stderr.setEncoding('utf8').on('data', onData('[stderr] '));
  const deadline = Date.now() + 60_000;
  while (!metricsUrl) {
    if (exited || Date.now() > deadline)
      throw new Error(`the operator did not start:\n${lines.slice(-50).join('\n')}`);
    await sleep(50);
  }
  // From here on keep only warnings and errors (for the tail shown when something is missing).
  quiet = true;
  return {
    pid: child.pid as number,
    metricsUrl,
    tail: () => lines.slice(-60).join('\n'),
    warnings: () => Object.fromEntries(warningCounts),
    async stop() {
      if (exited) return;
      child.kill('SIGTERM');
      const timer = setTimeout(() => child.kill('SIGKILL'), 10_000);
      await exitedP;
      clearTimeout(timer);
    },
  };
}

// ------------------------------------------------------------------ the run

interface WatchPlan {
  name: string;
  provider: ProviderName;
  clusterID: string;
  secret: string;
  /** Offset into the measurement window of its scripted change; undefined = never changes. */
  changeAtMs?: number;
}

export interface BenchResult {
  version: 1;
  startedAt: string;
  commandLine: string;
  options: Omit<BenchOptions, 'outDir'>;
  machine: { cpus: number; node: string };
  firstStatus: {
    allSeconds: number | null;
    /** The first watch to get a status (≈ operator start-up + informer sync) and the median one. */
    earliestSeconds?: number | null;
    halfSeconds?: number | null;
    missing: number;
    boundSeconds: number;
    targetSeconds: number;
  };
  /** A bare client's time to give the same number of fresh watches their first status. */
  floor: FloorResult;
  /** firstStatus.allSeconds ÷ floor.seconds (null when some watch never got a status). */
  firstStatusOverFloor: number | null;
  cloud: {
    requests: number;
    intervals: number;
    perWatchPerInterval: number;
    retryShare: number;
    nonOkOutcomes: Record<string, number>;
    perProvider: Record<string, number>;
  };
  writes: { changes: number; perChange: number | null; idleWatches: number; idlePerWatchPerHour: number };
  lagSeconds: { samples: number; missed: number; p50: number | null; p99: number | null; max: number | null };
  operator: {
    cpuPercentOfOneCore: number;
    rssMiB: number;
    rssMaxMiB: number;
    heapUsedMiB: number | null;
    heapMaxMiB: number | null;
    statusUpdates?: Record<string, number>;
    reconciles?: Record<string, number>;
    warnings?: Record<string, number>;
    cpuByProcess?: { coldStart: Record<string, number>; window: Record<string, number> };
    /** RSS and heap over the window: start, end, slope (every 15 s). */
    memory?: MemoryTrend;
  };
  apiserverRequestsByVerb: Record<string, number>;
  targets: Array<{ name: string; target: string; measured: string; met: boolean | null }>;
}

export async function runBench(
  opts: BenchOptions,
  commandLine: string,
): Promise<{ result: BenchResult; file: string }> {
  const log = (msg: string) =>
    process.stderr.write(`[bench ${new Date().toISOString().slice(11, 19)}] ${msg}\n`);
  const startedAt = new Date();
  let cp: ControlPlane | undefined;
  let sim: RunningSimulator | undefined;
  let op: OperatorChild | undefined;
  let recorder: CrRecorder | undefined;
  try {
    log('starting control plane');
    cp = await startControlPlane();
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
      if ((await kube(kc, 'GET', `/apis/${GROUP}/${VERSION}/${PLURAL}?limit=1`)).status === 200) break;
      if (i > 300) throw new Error('the CRD was not served within 30 s');
      await sleep(100);
    }
    await kubeOk(kc, 'POST', '/api/v1/namespaces', { metadata: { name: NAMESPACE } });

    // Credentials: K Secrets, alternating Alibaba / Huawei keys.
    const secrets: { alibaba: string[]; huawei: string[] } = { alibaba: [], huawei: [] };
    const keys: SimCredential[] = [];
    for (let j = 0; j < opts.credentials; j++) {
      const cloud = j % 2 === 0 ? 'alibaba' : 'huawei';
      const key = cloud === 'alibaba' ? alibabaKey(j) : huaweiKey(j);
      keys.push(key);
      const name = `bench-cred-${j}`;
      secrets[cloud].push(name);
      await kubeOk(kc, 'POST', `/api/v1/namespaces/${NAMESPACE}/secrets`, {
        metadata: { name, namespace: NAMESPACE },
        type: 'Opaque',
        data: {
          accessKeyId: Buffer.from(key.accessKeyId).toString('base64'),
          accessKeySecret: Buffer.from(key.accessKeySecret).toString('base64'),
        },
      });
    }
    // With one credential, both clouds share it (the simulator accepts the key in both).
    if (secrets.huawei.length === 0) {
      const key = huaweiKey(0);
      keys.push(key);
      secrets.huawei.push('bench-cred-h0');
      await kubeOk(kc, 'POST', `/api/v1/namespaces/${NAMESPACE}/secrets`, {
        metadata: { name: 'bench-cred-h0', namespace: NAMESPACE },
        type: 'Opaque',
        data: {
          accessKeyId: Buffer.from(key.accessKeyId).toString('base64'),
          accessKeySecret: Buffer.from(key.accessKeySecret).toString('base64'),
        },
      });
    }
    sim = await startSimulator({ scenario: { credentials: keys } });
    log(`simulator at ${sim.url}; control plane ${cp.server} (${cp.version})`);

    // Plan: watch i → provider i mod 4, a credential of its cloud, a change on every odd watch
    // spread evenly over the window (leaving one poll interval + 5 s for it to show).
    const changeSpan = Math.max(0, opts.durationMs - opts.pollIntervalMs - 5000);
    const plans: WatchPlan[] = [];
    const perCloud = { alibaba: 0, huawei: 0 };
    const changing = Math.floor(opts.watches / 2);
    for (let i = 0; i < opts.watches; i++) {
      const provider = PROVIDERS[i % PROVIDERS.length]!;
      const cloud = isHuawei(provider) ? 'huawei' : 'alibaba';
      const list = secrets[cloud];
      const secret = list[perCloud[cloud]++ % list.length]!;
      const k = (i - 1) / 2;
      plans.push({
        name: `w-${String(i).padStart(5, '0')}`,
        provider,
        clusterID: `c-bench-${String(i).padStart(5, '0')}`,
        secret,
        ...(i % 2 === 1 ? { changeAtMs: Math.round((changeSpan * (k + 0.5)) / Math.max(1, changing)) } : {}),
      });
    }
    const where = (p: ProviderName) =>
      isHuawei(p) ? { projectID: PROJECT_ID, region: REGION.huawei } : { region: REGION.alibaba };
    for (const plan of plans)
      sim.admin.putCluster(plan.provider, plan.clusterID, {
        state: beforeState(plan.provider, plan.clusterID),
        ...where(plan.provider),
      });

    const interval = formatDuration(opts.pollIntervalMs);
    const idleInterval = formatDuration(Math.max(30_000, opts.pollIntervalMs));
    const specOf = (plan: WatchPlan): ClusterUpgradeWatchSpec => {
      const huawei = isHuawei(plan.provider);
      return {
        provider: plan.provider,
        region: huawei ? REGION.huawei : REGION.alibaba,
        clusterID: plan.clusterID,
        ...(huawei ? { projectID: PROJECT_ID } : {}),
        ...(plan.provider === 'AlibabaACKAddons' ? { components: [...ADDONS] } : {}),
        endpoint: sim!.url,
        credentialsRef: { name: plan.secret },
        pollInterval: interval,
        idlePollInterval: idleInterval,
      };
    };
    log(`creating ${opts.watches} ClusterUpgradeWatches`);
    await runLimited(plans, 16, async (plan) => {
      await kubeOk(kc, 'POST', collectionPath(NAMESPACE), {
        apiVersion: `${GROUP}/${VERSION}`,
        kind: KIND,
        metadata: { name: plan.name, namespace: NAMESPACE },
        spec: specOf(plan),
      });
    });

    // The floor on this control plane, before the operator starts (src/bench/floor.ts).
    const concurrency = opts.maxConcurrentPolls ?? DEFAULT_MAX_CONCURRENT_POLLS;
    log(
      `floor: a bare client gives ${opts.watches} fresh watches their first status, ${concurrency} in flight`,
    );
    const floor = await measureFloor(
      kc,
      plans.map((plan) => ({ ...plan, spec: specOf(plan) })),
      concurrency,
    );
    log(`floor: ${floor.seconds} s (${floor.errors} errors, ${floor.patchBytes} bytes per PATCH)`);
    recorder = new CrRecorder(kc, NAMESPACE);
    await recorder.start();

    // Cold start: the operator finds N watches without status.
    // Who uses the two cores, during the cold start and during the window: when the
    // machine is saturated, kube-apiserver's share shows what bounds the operator.
    const processes = () => ({
      operator: op?.pid,
      kubeApiserver: cp!.pids().apiServer,
      etcd: cp!.pids().etcd,
      benchAndSimulator: process.pid,
    });
    const coldTicks0 = cpuTicksOf(processes());
    const opStart = Date.now();
    op = await startOperator(cp.kubeconfigPath, opts);
    log(`operator pid ${op.pid}, metrics ${op.metricsUrl}`);
    const boundSeconds = opts.watches / (opts.credentials * opts.cloudQps);
    const firstDeadline = opStart + Math.max(120_000, 3 * boundSeconds * 1000 + 60_000);
    const missingFirst = () =>
      plans.filter((p) => recorder!.record(p.name).firstStatusAt === undefined).length;
    while (missingFirst() > 0 && Date.now() < firstDeadline) await sleep(100);
    const missing = missingFirst();
    const firstTimes = plans
      .map((p) => recorder!.record(p.name).firstStatusAt)
      .filter((t): t is number => t !== undefined)
      .sort((a, b) => a - b);
    const lastFirst = firstTimes[firstTimes.length - 1] ?? 0;
    const allSeconds = missing === 0 ? (lastFirst - opStart) / 1000 : null;
    // Where the time goes: the earliest first status ≈ operator start-up + informer sync.
    const earliestSeconds = firstTimes.length ? ((firstTimes[0] as number) - opStart) / 1000 : null;
    const halfSeconds = firstTimes.length
      ? ((firstTimes[Math.floor(firstTimes.length / 2)] as number) - opStart) / 1000
      : null;
    log(
      missing === 0
        ? `every watch has a status after ${allSeconds} s`
        : `${missing} watches never got a status`,
    );

    // Measurement window.
    sim.admin.resetCounters();
    const apiBefore = await apiserverRequestsByVerb(cp);
    const windowStart = Date.now();
    const coldCpu = cpuShares(coldTicks0, cpuTicksOf(processes()), Date.now() - opStart);
    const windowTicks0 = cpuTicksOf(processes());
    let rssMax = 0;
    // RSS from /proc every 2 s (free); heap from /metrics only every 15 s, as often as a
    // Prometheus would scrape it: at 5000 watches one exposition is ~50 000 series, and
    // scraping it every 2 s would itself be a large share of the operator's CPU.
    const rssSampler = setInterval(() => {
      try {
        rssMax = Math.max(rssMax, rssBytes(op!.pid));
      } catch {
        // exited
      }
    }, 2000);
    const memorySamples: MemorySample[] = [];
    const sampleMemory = (): void => {
      const atSeconds = (Date.now() - windowStart) / 1000;
      let rss: number;
      try {
        rss = rssBytes(op!.pid);
      } catch {
        return; // exited
      }
      void scrapeOperator(op!.metricsUrl).then((scrape) =>
        memorySamples.push(memorySample(atSeconds, rss, scrape)),
      );
    };
    sampleMemory();
    const heapSampler = setInterval(sampleMemory, SCRAPE_INTERVAL_MS);
    const changes = plans
      .filter((p) => p.changeAtMs !== undefined)
      .sort((a, b) => a.changeAtMs! - b.changeAtMs!);
    const changedAt = new Map<string, number>();
    log(`window of ${opts.durationMs / 1000} s: ${changes.length} scripted changes`);
    for (const plan of changes) {
      const wait = windowStart + plan.changeAtMs! - Date.now();
      if (wait > 0) await sleep(wait);
      sim.admin.putCluster(plan.provider, plan.clusterID, {
        state: afterState(plan.provider, plan.clusterID),
        ...where(plan.provider),
      });
      changedAt.set(plan.name, Date.now());
    }
    const rest = windowStart + opts.durationMs - Date.now();
    if (rest > 0) await sleep(rest);
    const windowEnd = Date.now();
    const windowCpu = cpuShares(windowTicks0, cpuTicksOf(processes()), Date.now() - windowStart);
    const rssEnd = rssBytes(op.pid);
    const endScrape = await scrapeOperator(op.metricsUrl);
    const endSample = memorySample((windowEnd - windowStart) / 1000, rssEnd, endScrape);
    memorySamples.push(endSample);
    const operatorCounters = {
      statusUpdates: endScrape?.statusUpdates ?? {},
      reconciles: endScrape?.reconciles ?? {},
    };
    const counters = sim.admin.counters();
    const apiAfter = await apiserverRequestsByVerb(cp);
    clearInterval(rssSampler);
    clearInterval(heapSampler);
    if (opts.heapSnapshotDir) await heapSnapshot(op.pid, opts.heapSnapshotDir);
    rssMax = Math.max(rssMax, rssEnd);
    const heaps = memorySamples.flatMap((s) => (s.heapMiB === null ? [] : [s.heapMiB]));
    // Let late changes land (bounded by one interval + 5 s) before computing the lag.
    const lagDeadline = windowEnd + opts.pollIntervalMs + 5000;
    while (changes.some((p) => recorder!.record(p.name).changedAt === undefined) && Date.now() < lagDeadline)
      await sleep(200);

    // Figures.
    const windowMs = windowEnd - windowStart;
    const intervals = (opts.watches * windowMs) / opts.pollIntervalMs;
    const nonOk: Record<string, number> = {};
    const perProvider: Record<string, number> = {};
    for (const e of counters.entries) {
      perProvider[e.provider] = (perProvider[e.provider] ?? 0) + e.count;
      for (const [outcome, n] of Object.entries(e.outcomes))
        if (outcome !== 'ok') nonOk[outcome] = (nonOk[outcome] ?? 0) + n;
    }
    const perWatchIntervalsByProvider = Object.fromEntries(
      Object.entries(perProvider).map(([p, n]) => [
        p,
        round(n / ((plans.filter((x) => x.provider === p).length * windowMs) / opts.pollIntervalMs), 3),
      ]),
    );
    const failed = Object.values(nonOk).reduce((a, b) => a + b, 0);
    const lags: number[] = [];
    let missed = 0;
    let changeWrites = 0;
    for (const plan of changes) {
      const r = recorder.record(plan.name);
      const at = changedAt.get(plan.name)!;
      if (r.changedAt !== undefined && r.changedAt >= at) lags.push((r.changedAt - at) / 1000);
      else missed++;
      changeWrites += r.writes.filter((t) => t >= windowStart && t <= lagDeadline).length;
    }
    const idle = plans.filter((p) => p.changeAtMs === undefined);
    const idleWrites = idle.reduce(
      (sum, p) =>
        sum + recorder!.record(p.name).writes.filter((t) => t >= windowStart && t <= windowEnd).length,
      0,
    );
    const apiDelta: Record<string, number> = {};
    for (const [verb, n] of Object.entries(apiAfter)) {
      const d = n - (apiBefore[verb] ?? 0);
      if (d > 0) apiDelta[verb] = d;
    }
    const targetSeconds = round(1.1 * boundSeconds + 5, 2);
    const perWatchPerInterval = round(counters.total / intervals, 3);
    const perChange = lags.length + missed > 0 ? round(changeWrites / changes.length, 3) : null;
    const p99 = percentile(lags, 99);
    const cpuPct = windowCpu.operator ?? 0;
    const overFloor = allSeconds === null || floor.seconds <= 0 ? null : round(allSeconds / floor.seconds, 2);
    const result: BenchResult = {
      version: 1,
      startedAt: startedAt.toISOString(),
      commandLine,
      options: {
        watches: opts.watches,
        durationMs: opts.durationMs,
        pollIntervalMs: opts.pollIntervalMs,
        credentials: opts.credentials,
        cloudQps: opts.cloudQps,
        ...(opts.maxConcurrentPolls ? { maxConcurrentPolls: opts.maxConcurrentPolls } : {}),
        logLevel: opts.logLevel,
        ...(opts.nodeOptions ? { nodeOptions: opts.nodeOptions } : {}),
      },
      machine: { cpus: (await import('node:os')).cpus().length, node: process.version },
      firstStatus: {
        allSeconds: allSeconds === null ? null : round(allSeconds, 2),
        earliestSeconds: earliestSeconds === null ? null : round(earliestSeconds, 2),
        halfSeconds: halfSeconds === null ? null : round(halfSeconds, 2),
        missing,
        boundSeconds: round(boundSeconds, 2),
        targetSeconds,
      },
      floor,
      firstStatusOverFloor: overFloor,
      cloud: {
        requests: counters.total,
        intervals: round(intervals, 1),
        perWatchPerInterval,
        retryShare: counters.total ? round(failed / counters.total, 4) : 0,
        nonOkOutcomes: nonOk,
        perProvider: perWatchIntervalsByProvider,
      },
      writes: {
        changes: changes.length,
        perChange,
        idleWatches: idle.length,
        idlePerWatchPerHour: idle.length ? round(idleWrites / idle.length / (windowMs / 3_600_000), 2) : 0,
      },
      lagSeconds: {
        samples: lags.length,
        missed,
        p50: percentile(lags, 50),
        p99,
        max: lags.length ? Math.max(...lags) : null,
      },
      operator: {
        cpuPercentOfOneCore: cpuPct,
        rssMiB: mib(rssEnd),
        rssMaxMiB: mib(rssMax),
        heapUsedMiB: endSample.heapMiB,
        heapMaxMiB: heaps.length > 0 ? Math.max(...heaps) : null,
        memory: memoryTrend(memorySamples),
        // % of one core per process: from the operator's start until the last first status
        // (plus the few seconds of set-up after it), and over the window.
        cpuByProcess: { coldStart: coldCpu, window: windowCpu },
        // Whole run (cold start included): status writes and reconciles by result, and the
        // operator's warning/error log lines by message.
        ...operatorCounters,
        warnings: op.warnings(),
      },
      apiserverRequestsByVerb: apiDelta,
      targets: [],
    };
    const lagTarget = opts.pollIntervalMs / 1000 + 2;
    result.targets = [
      {
        name: 'time to every first status',
        target: `≤ ${targetSeconds} s`,
        measured: allSeconds === null ? `${missing} missing` : `${round(allSeconds, 2)} s`,
        met: allSeconds === null ? false : allSeconds <= targetSeconds,
      },
      {
        name: 'time to every first status ÷ floor',
        target: '≤ 1.15',
        measured: overFloor === null ? `${missing} missing` : `${overFloor} (floor ${floor.seconds} s)`,
        met: overFloor === null ? false : overFloor <= 1.15,
      },
      {
        name: 'cloud requests / watch / interval',
        target: '≤ 1.05',
        measured: String(perWatchPerInterval),
        met: perWatchPerInterval <= 1.05,
      },
      {
        name: 'status writes / change',
        target: '≤ 1.02',
        measured: String(perChange),
        met: perChange === null ? null : perChange <= 1.02,
      },
      {
        name: 'lag p99',
        target: `≤ ${lagTarget} s`,
        measured: p99 === null ? 'n/a' : `${p99} s${missed ? ` (${missed} missed)` : ''}`,
        met: p99 === null ? null : p99 <= lagTarget && missed === 0,
      },
      { name: 'operator CPU', target: '≤ 50 % of one core', measured: `${cpuPct} %`, met: cpuPct <= 50 },
      {
        name: 'operator RSS (max)',
        target: '≤ 300 MiB',
        measured: `${mib(rssMax)} MiB`,
        met: mib(rssMax) <= 300,
      },
    ];
    mkdirSync(opts.outDir, { recursive: true });
    const stamp = startedAt.toISOString().replace(/:/g, '').replace(/\..*$/, 'Z');
    const file = join(opts.outDir, `${stamp}-${opts.watches}.json`);
    writeFileSync(file, `${JSON.stringify(result, null, 2)}\n`);
    if (missing > 0 || missed > 0) log(`operator log tail:\n${op.tail()}`);
    return { result, file };
  } finally {
    await recorder?.stop().catch(() => undefined);
    await op?.stop().catch(() => undefined);
    await sim?.stop().catch(() => undefined);
    await cp?.stop().catch(() => undefined);
  }
}

export function markdownTable(r: BenchResult): string {
  const o = r.options;
  const rows: Array<[string, string]> = [
    [
      'watches / credentials / pollInterval / window',
      `${o.watches} / ${o.credentials} / ${o.pollIntervalMs / 1000} s / ${o.durationMs / 1000} s`,
    ],
    [
      'time until every watch has a status',
      r.firstStatus.allSeconds === null
        ? `${r.firstStatus.missing} missing`
        : `${r.firstStatus.allSeconds} s (rate-limit bound ${r.firstStatus.boundSeconds} s, target ≤ ${r.firstStatus.targetSeconds} s; first watch ${r.firstStatus.earliestSeconds ?? '?'} s, half ${r.firstStatus.halfSeconds ?? '?'} s)`,
    ],
    [
      'floor: a bare client, one status PATCH per fresh watch',
      `${r.floor.seconds} s (${r.floor.concurrency} in flight, ${r.floor.errors} errors, ${r.floor.patchBytes} B each); first status ÷ floor = ${r.firstStatusOverFloor ?? 'n/a'}`,
    ],
    [
      'cloud requests / watch / interval',
      `${r.cloud.perWatchPerInterval} (${r.cloud.requests} requests; by provider ${Object.entries(
        r.cloud.perProvider,
      )
        .map(([p, v]) => `${p} ${v}`)
        .join(', ')})`,
    ],
    ['share of failed requests (each retried)', `${round(r.cloud.retryShare * 100, 2)} %`],
    ['status writes / real change', `${r.writes.perChange} (${r.writes.changes} changes)`],
    [
      'status writes / idle watch / hour',
      `${r.writes.idlePerWatchPerHour} (${r.writes.idleWatches} idle watches)`,
    ],
    [
      'lag change → status p50 / p99 / max',
      `${r.lagSeconds.p50} / ${r.lagSeconds.p99} / ${r.lagSeconds.max} s (${r.lagSeconds.samples} samples, ${r.lagSeconds.missed} missed)`,
    ],
    ['operator CPU (% of one core)', `${r.operator.cpuPercentOfOneCore} %`],
    ['operator RSS end / max', `${r.operator.rssMiB} / ${r.operator.rssMaxMiB} MiB`],
    ['operator heap used end / max', `${r.operator.heapUsedMiB} / ${r.operator.heapMaxMiB} MiB`],
    ...(r.operator.cpuByProcess
      ? [
          [
            'CPU by process, % of one core (cold start / window)',
            Object.keys(r.operator.cpuByProcess.window)
              .map(
                (name) =>
                  `${name} ${r.operator.cpuByProcess!.coldStart[name]} / ${r.operator.cpuByProcess!.window[name]}`,
              )
              .join(', '),
          ] as [string, string],
        ]
      : []),
    ...(r.operator.memory
      ? [
          [
            'operator memory over the window (start → end, slope)',
            `RSS ${r.operator.memory.rss.startMiB} → ${r.operator.memory.rss.endMiB} MiB (${r.operator.memory.rss.slopeMiBPerHour} MiB/h); heap used ${r.operator.memory.heap.startMiB} → ${r.operator.memory.heap.endMiB} MiB (${r.operator.memory.heap.slopeMiBPerHour} MiB/h), committed ${r.operator.memory.heapTotal.startMiB} → ${r.operator.memory.heapTotal.endMiB} MiB (${r.operator.memory.heapTotal.slopeMiBPerHour} MiB/h); ${r.operator.memory.samples} samples`,
          ] as [string, string],
        ]
      : []),
    [
      'kube-apiserver requests in the window',
      Object.entries(r.apiserverRequestsByVerb)
        .map(([v, n]) => `${v} ${n}`)
        .join(', ') || 'none',
    ],
  ];
  const targets = r.targets.map(
    (t) =>
      `| ${t.name} | ${t.target} | ${t.measured} | ${t.met === null ? 'n/a' : t.met ? 'met' : 'MISSED'} |`,
  );
  return [
    `\`${r.commandLine}\``,
    '',
    '| figure | value |',
    '|---|---|',
    ...rows.map(([k, v]) => `| ${k} | ${v} |`),
    '',
    '| target | bound | measured | |',
    '|---|---|---|---|',
    ...targets,
  ].join('\n');
}

async function main(): Promise<void> {
  const argv = process.argv.slice(2);
  let opts: BenchOptions;
  try {
    opts = parseOptions(argv);
  } catch (error) {
    process.stderr.write(
      `${(error as Error).message}\nusage: npm run bench -- --watches N --duration D --poll-interval P [--credentials K] [--cloud-qps Q] [--max-concurrent-polls M] [--log-level L] [--out-dir DIR] [--node-options "FLAGS"] [--cpu-prof DIR] [--heap-snapshot DIR]\n`,
    );
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
