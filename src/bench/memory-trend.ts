// Memory over a run: start, end and the least-squares slope of RSS and heap, so a soak run
// (`npm run test:soak`) can tell steady memory from a leak. Pure: samples in, figures out.

export interface MemorySample {
  /** Seconds since the start of the window. */
  atSeconds: number;
  rssMiB: number;
  /** V8 heap used; null when the /metrics scrape failed. */
  heapMiB: number | null;
  /** V8 heap committed (what the heap holds of RSS); null when the scrape failed. */
  heapTotalMiB?: number | null;
}

interface SeriesTrend {
  startMiB: number | null;
  endMiB: number | null;
  /** Least-squares slope in MiB per hour; null with fewer than two points. */
  slopeMiBPerHour: number | null;
}

export interface MemoryTrend {
  samples: number;
  rss: SeriesTrend;
  heap: SeriesTrend;
  heapTotal: SeriesTrend;
  /** Every sample, in time order, for plotting: [seconds, RSS, heap used, heap committed] MiB. */
  series: [number, number, number | null, number | null][];
}

/** Least-squares slope of y over x (per unit of x); null with fewer than two distinct x. */
export function leastSquaresSlope(points: readonly (readonly [number, number])[]): number | null {
  if (points.length < 2) return null;
  const n = points.length;
  const meanX = points.reduce((s, [x]) => s + x, 0) / n;
  const meanY = points.reduce((s, [, y]) => s + y, 0) / n;
  let num = 0;
  let den = 0;
  for (const [x, y] of points) {
    num += (x - meanX) * (y - meanY);
    den += (x - meanX) ** 2;
  }
  return den === 0 ? null : num / den;
}

const round2 = (v: number | null): number | null => (v === null ? null : Math.round(v * 100) / 100);

function trendOf(points: (readonly [number, number])[]): SeriesTrend {
  const slopePerSecond = leastSquaresSlope(points);
  return {
    startMiB: round2(points[0]?.[1] ?? null),
    endMiB: round2(points[points.length - 1]?.[1] ?? null),
    slopeMiBPerHour: round2(slopePerSecond === null ? null : slopePerSecond * 3600),
  };
}

export function memoryTrend(samples: readonly MemorySample[]): MemoryTrend {
  const sorted = [...samples].sort((a, b) => a.atSeconds - b.atSeconds);
  return {
    samples: sorted.length,
    rss: trendOf(sorted.map((s) => [s.atSeconds, s.rssMiB] as const)),
    heap: trendOf(
      sorted.filter((s) => s.heapMiB !== null).map((s) => [s.atSeconds, s.heapMiB as number] as const),
    ),
    heapTotal: trendOf(
      sorted
        .filter((s) => s.heapTotalMiB !== undefined && s.heapTotalMiB !== null)
        .map((s) => [s.atSeconds, s.heapTotalMiB as number] as const),
    ),
    series: sorted.map((s) => [Math.round(s.atSeconds), s.rssMiB, s.heapMiB, s.heapTotalMiB ?? null]),
  };
}
