// The cold start and the measurement window of one bench run (docs/benchmarks.md, "What one run
// does", steps 5 and 6): what the operator does, seen from outside — the CRs' versions (the
// recorder), /proc, its /metrics, the simulator's counters and kube-apiserver's request counts.
import type { ControlPlane } from '../controlplane/index.js';
import type { RunningSimulator } from '../simulator/index.js';
import { SAMPLES } from '../providers/samples.js';
import type { WatchPlan } from './fleet.js';
import { putCluster } from './fleet.js';
import { kube, parseMetrics, type CrRecorder } from './kube.js';
import type { MemorySample } from './memory-trend.js';
import { memorySample, scrapeOperator, type OperatorChild, type OperatorScrape } from './operator-child.js';
import { cpuShares, rssBytes } from './proc.js';

const sleep = (ms: number): Promise<void> => new Promise((r) => setTimeout(r, ms));

/** How often the bench scrapes the operator's /metrics during the window (a usual Prometheus interval). */
const SCRAPE_INTERVAL_MS = 15_000;

type CpuSnapshot = Record<string, number>;

interface ColdStart {
  /** Arrival times (ms epoch) of every watch's first status, sorted; shorter when some are missing. */
  firstTimes: number[];
  missing: number;
}

/** Waits until every planned watch has a status (or `deadline`, ms epoch). */
export async function awaitFirstStatuses(
  recorder: CrRecorder,
  plans: readonly WatchPlan[],
  deadline: number,
): Promise<ColdStart> {
  const missingFirst = () => plans.filter((p) => recorder.record(p.name).firstStatusAt === undefined).length;
  while (missingFirst() > 0 && Date.now() < deadline) await sleep(100);
  const firstTimes = plans
    .map((p) => recorder.record(p.name).firstStatusAt)
    .filter((t): t is number => t !== undefined)
    .sort((a, b) => a - b);
  return { firstTimes, missing: missingFirst() };
}

async function apiserverRequestsByVerb(cp: ControlPlane): Promise<Record<string, number>> {
  const res = await kube(cp.kubeConfig, 'GET', '/metrics');
  const out: Record<string, number> = {};
  for (const s of parseMetrics(res.text))
    if (s.name === 'apiserver_request_total')
      out[s.labels.verb ?? '?'] = (out[s.labels.verb ?? '?'] ?? 0) + s.value;
  return out;
}

export interface WindowRaw {
  windowStart: number;
  windowEnd: number;
  /** Lag grace: changes seen until then count (one interval + 5 s after the window). */
  lagDeadline: number;
  windowCpu: Record<string, number>;
  rssEnd: number;
  rssMax: number;
  memorySamples: MemorySample[];
  endScrape: OperatorScrape | null;
  counters: ReturnType<RunningSimulator['admin']['counters']>;
  apiserverDelta: Record<string, number>;
  /** When each scripted change was made (ms epoch), by watch name. */
  changedAt: Map<string, number>;
}

interface WindowDeps {
  cp: ControlPlane;
  sim: RunningSimulator;
  op: OperatorChild;
  recorder: CrRecorder;
  /** The planned watches that change, in order of their changeAtMs. */
  changes: readonly WatchPlan[];
  durationMs: number;
  pollIntervalMs: number;
  /** CPU ticks of the processes the bench follows (operator, kube-apiserver, etcd, bench). */
  cpuNow: () => CpuSnapshot;
}

/** Samples RSS from /proc every 2 s and memory from /metrics every 15 s until stopped. */
function sampleMemory(op: OperatorChild, windowStart: number) {
  let rssMax = 0;
  const samples: MemorySample[] = [];
  // RSS from /proc every 2 s (free); heap from /metrics only every 15 s, as often as a
  // Prometheus would scrape it: at 5000 watches one exposition is ~50 000 series, and
  // scraping it every 2 s would itself be a large share of the operator's CPU.
  const rssTimer = setInterval(() => {
    try {
      rssMax = Math.max(rssMax, rssBytes(op.pid));
    } catch {
      // exited
    }
  }, 2000);
  const sample = (): void => {
    const atSeconds = (Date.now() - windowStart) / 1000;
    let rss: number;
    try {
      rss = rssBytes(op.pid);
    } catch {
      return; // exited
    }
    void scrapeOperator(op.metricsUrl).then((scrape) => samples.push(memorySample(atSeconds, rss, scrape)));
  };
  sample();
  const heapTimer = setInterval(sample, SCRAPE_INTERVAL_MS);
  return {
    samples,
    rssMax: () => rssMax,
    stop: () => {
      clearInterval(rssTimer);
      clearInterval(heapTimer);
    },
  };
}

/** The window: counters reset, the scripted changes made on time, everything sampled. */
export async function measureWindow(deps: WindowDeps): Promise<WindowRaw> {
  const { cp, sim, op, recorder, changes } = deps;
  sim.admin.resetCounters();
  const apiBefore = await apiserverRequestsByVerb(cp);
  const windowStart = Date.now();
  const cpu0 = deps.cpuNow();
  const memory = sampleMemory(op, windowStart);
  const changedAt = new Map<string, number>();
  for (const plan of changes) {
    const wait = windowStart + plan.changeAtMs! - Date.now();
    if (wait > 0) await sleep(wait);
    putCluster(sim, plan, SAMPLES[plan.provider].states.running(plan.clusterID, 1));
    changedAt.set(plan.name, Date.now());
  }
  const rest = windowStart + deps.durationMs - Date.now();
  if (rest > 0) await sleep(rest);
  const windowEnd = Date.now();
  const windowCpu = cpuShares(cpu0, deps.cpuNow(), windowEnd - windowStart);
  const rssEnd = rssBytes(op.pid);
  const endScrape = await scrapeOperator(op.metricsUrl);
  memory.samples.push(memorySample((windowEnd - windowStart) / 1000, rssEnd, endScrape));
  const counters = sim.admin.counters();
  const apiAfter = await apiserverRequestsByVerb(cp);
  memory.stop();
  const apiserverDelta: Record<string, number> = {};
  for (const [verb, n] of Object.entries(apiAfter)) {
    const d = n - (apiBefore[verb] ?? 0);
    if (d > 0) apiserverDelta[verb] = d;
  }
  // Let late changes land (bounded by one interval + 5 s) before the lag is computed.
  const lagDeadline = windowEnd + deps.pollIntervalMs + 5000;
  while (changes.some((p) => recorder.record(p.name).changedAt === undefined) && Date.now() < lagDeadline)
    await sleep(200);
  return {
    windowStart,
    windowEnd,
    lagDeadline,
    windowCpu,
    rssEnd,
    rssMax: Math.max(memory.rssMax(), rssEnd),
    memorySamples: memory.samples,
    endScrape,
    counters,
    apiserverDelta,
    changedAt,
  };
}
