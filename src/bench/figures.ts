// From what one run saw to its figures (docs/benchmarks.md, "What one run does", step 6):
// cloud requests per watch per interval, status writes per change and per idle hour, lag.
import type { WatchPlan } from './fleet.js';
import { isExchangeOperation } from './keyless.js';
import type { CrRecorder } from './kube.js';
import { percentile, round } from './proc.js';
import type { BenchResult } from './result.js';
import type { WindowRaw } from './window.js';

export function cloudFigures(
  plans: readonly WatchPlan[],
  raw: WindowRaw,
  pollIntervalMs: number,
): BenchResult['cloud'] {
  const windowMs = raw.windowEnd - raw.windowStart;
  const intervals = (plans.length * windowMs) / pollIntervalMs;
  const nonOk: Record<string, number> = {};
  const perProvider: Record<string, number> = {};
  // Keyless exchanges (STS / IAM) are not polls of a cluster: they are reported apart (keyless.ts).
  const polls = raw.counters.entries.filter((e) => !isExchangeOperation(e.operation));
  for (const e of polls) {
    perProvider[e.provider] = (perProvider[e.provider] ?? 0) + e.count;
    for (const [outcome, n] of Object.entries(e.outcomes))
      if (outcome !== 'ok') nonOk[outcome] = (nonOk[outcome] ?? 0) + n;
  }
  const perWatchIntervalsByProvider = Object.fromEntries(
    Object.entries(perProvider).map(([p, n]) => [
      p,
      round(n / ((plans.filter((x) => x.provider === p).length * windowMs) / pollIntervalMs), 3),
    ]),
  );
  const failed = Object.values(nonOk).reduce((a, b) => a + b, 0);
  const total = polls.reduce((sum, e) => sum + e.count, 0);
  return {
    requests: total,
    intervals: round(intervals, 1),
    perWatchPerInterval: round(total / intervals, 3),
    retryShare: total ? round(failed / total, 4) : 0,
    nonOkOutcomes: nonOk,
    perProvider: perWatchIntervalsByProvider,
  };
}

/** Status writes per change and per idle watch-hour, and the change → status lag. */
export function writeAndLagFigures(
  plans: readonly WatchPlan[],
  recorder: CrRecorder,
  raw: WindowRaw,
): { writes: BenchResult['writes']; lagSeconds: BenchResult['lagSeconds'] } {
  const changes = plans.filter((p) => p.changeAtMs !== undefined);
  const lags: number[] = [];
  let missed = 0;
  const missedByProvider: Record<string, number> = {};
  let changeWrites = 0;
  for (const plan of changes) {
    const r = recorder.record(plan.name);
    const at = raw.changedAt.get(plan.name)!;
    if (r.changedAt !== undefined && r.changedAt >= at) lags.push((r.changedAt - at) / 1000);
    else {
      missed++;
      missedByProvider[plan.provider] = (missedByProvider[plan.provider] ?? 0) + 1;
    }
    changeWrites += r.writes.filter((t) => t >= raw.windowStart && t <= raw.lagDeadline).length;
  }
  const idle = plans.filter((p) => p.changeAtMs === undefined);
  const idleWritesByProvider: Record<string, number> = {};
  let idleWrites = 0;
  for (const plan of idle) {
    const n = recorder
      .record(plan.name)
      .writes.filter((t) => t >= raw.windowStart && t <= raw.windowEnd).length;
    idleWrites += n;
    if (n > 0) idleWritesByProvider[plan.provider] = (idleWritesByProvider[plan.provider] ?? 0) + n;
  }
  const windowHours = (raw.windowEnd - raw.windowStart) / 3_600_000;
  return {
    writes: {
      changes: changes.length,
      perChange: lags.length + missed > 0 ? round(changeWrites / changes.length, 3) : null,
      idleWatches: idle.length,
      idlePerWatchPerHour: idle.length ? round(idleWrites / idle.length / windowHours, 2) : 0,
      idleWritesByProvider,
    },
    lagSeconds: {
      samples: lags.length,
      missed,
      missedByProvider,
      p50: percentile(lags, 50),
      p99: percentile(lags, 99),
      max: lags.length ? Math.max(...lags) : null,
    },
  };
}

/** Time to every first status, the first one and the median one, from the operator's start. */
export function firstStatusFigures(
  firstTimes: readonly number[],
  missing: number,
  opStart: number,
  boundSeconds: number,
): BenchResult['firstStatus'] {
  const seconds = (t: number | undefined) => (t === undefined ? null : round((t - opStart) / 1000, 2));
  return {
    allSeconds: missing === 0 ? seconds(firstTimes[firstTimes.length - 1] ?? opStart) : null,
    // ≈ operator start-up + informer sync.
    earliestSeconds: seconds(firstTimes[0]),
    halfSeconds: seconds(firstTimes[Math.floor(firstTimes.length / 2)]),
    missing,
    boundSeconds: round(boundSeconds, 2),
    targetSeconds: round(1.1 * boundSeconds + 5, 2),
  };
}
