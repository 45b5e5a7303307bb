// The bench's results file (bench/results/<start>-<N>.json) and its targets (docs/benchmarks.md).
import type { FloorResult } from './floor.js';
import type { KeylessFigures } from './keyless.js';
import type { MemoryTrend } from './memory-trend.js';
import type { BenchOptions } from './options.js';
import { round } from './proc.js';

export interface BenchResult {
  version: 1;
  startedAt: string;
  commandLine: string;
  options: Omit<BenchOptions, 'outDir'>;
  /** Load averages (1, 5, 15 min) at the start and the end: was the machine idle? */
  machine: {
    cpus: number;
    node: string;
    loadBefore?: [number, number, number];
    loadAfter?: [number, number, number];
  };
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
  writes: {
    changes: number;
    perChange: number | null;
    idleWatches: number;
    idlePerWatchPerHour: number;
    /** Status writes of unchanged watches in the window, by provider (only providers with any). */
    idleWritesByProvider?: Record<string, number>;
  };
  lagSeconds: {
    samples: number;
    missed: number;
    /** Changes whose status did not show before the lag deadline, by provider (only those with any). */
    missedByProvider?: Record<string, number>;
    p50: number | null;
    p99: number | null;
    max: number | null;
  };
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
    /** CPU seconds of each process from the operator's start to the last first status. */
    coldStartCpuSeconds?: Record<string, number>;
    /** RSS and heap over the window: start, end, slope (every 15 s). */
    memory?: MemoryTrend;
  };
  apiserverRequestsByVerb: Record<string, number>;
  /** --keyless-service-accounts: the exchanges against the ideal (keyless.ts). */
  keyless?: KeylessFigures;
  targets: Array<{ name: string; target: string; measured: string; met: boolean | null }>;
}

/** The issue's targets, measured (docs/benchmarks.md, "Targets (issue 7 sets them for N = 5000)"). */
export function targetsOf(r: Omit<BenchResult, 'targets'>, pollIntervalMs: number): BenchResult['targets'] {
  const { allSeconds, missing, targetSeconds } = r.firstStatus;
  const overFloor = r.firstStatusOverFloor;
  const perWatch = r.cloud.perWatchPerInterval;
  const perChange = r.writes.perChange;
  const { p99, missed } = r.lagSeconds;
  const lagTarget = pollIntervalMs / 1000 + 2;
  const cpuPct = r.operator.cpuPercentOfOneCore;
  const rssMax = r.operator.rssMaxMiB;
  return [
    {
      name: 'time to every first status',
      target: `≤ ${targetSeconds} s`,
      measured: allSeconds === null ? `${missing} missing` : `${round(allSeconds, 2)} s`,
      met: allSeconds === null ? false : allSeconds <= targetSeconds,
    },
    {
      name: 'time to every first status ÷ floor',
      target: '≤ 1.15',
      measured: overFloor === null ? `${missing} missing` : `${overFloor} (floor ${r.floor.seconds} s)`,
      met: overFloor === null ? false : overFloor <= 1.15,
    },
    {
      name: 'cloud requests / watch / interval',
      target: '≤ 1.05',
      measured: String(perWatch),
      met: perWatch <= 1.05,
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
      measured: `${rssMax} MiB`,
      met: rssMax <= 300,
    },
    ...(r.keyless ? [keylessTarget(r.keyless)] : []),
  ];
}

function keylessTarget(k: KeylessFigures): BenchResult['targets'][number] {
  return {
    name: 'keyless exchanges / hour ÷ ideal',
    target: `≤ 1.1 (ideal ${k.idealPerHour} / h)`,
    measured: k.ratio === null ? 'n/a' : `${k.ratio} (${k.exchangesPerHour} / h)`,
    met: k.ratio === null ? null : k.ratio <= 1.1,
  };
}
