import { leastSquaresSlope, memoryTrend } from '../../../src/bench/memory-trend.js';

/** No slope (null) exactly; a slope to 10 decimals. */
function slopeMatcher(expected: number | null): unknown {
  return expected === null ? null : expect.closeTo(expected, 10);
}

describe('leastSquaresSlope', () => {
  it.each([
    [
      'a straight line gives its slope',
      [
        [0, 1],
        [1, 3],
        [2, 5],
      ],
      2,
    ],
    [
      'flat data gives 0 (no leak)',
      [
        [0, 7],
        [10, 7],
        [20, 7],
      ],
      0,
    ],
    [
      'noise around a flat line averages out',
      [
        [0, 10],
        [1, 12],
        [2, 8],
        [3, 10],
      ],
      -0.4,
    ],
    ['one point cannot make a slope', [[0, 1]], null],
    [
      'all at the same time cannot make a slope',
      [
        [5, 1],
        [5, 2],
      ],
      null,
    ],
  ] as [string, [number, number][], number | null][])('%s', (_why, points, expected) => {
    expect(leastSquaresSlope(points)).toEqual(slopeMatcher(expected));
  });
});

describe('memoryTrend', () => {
  it('reports start, end and MiB per hour of RSS and heap, in time order', () => {
    // 1 MiB per 15 s sample = 240 MiB/h: what a leak looks like in a soak run.
    const samples = [30, 0, 15].map((t) => ({ atSeconds: t, rssMiB: 200 + t / 15, heapMiB: 100 }));
    expect(memoryTrend(samples)).toMatchObject({
      samples: 3,
      rss: { startMiB: 200, endMiB: 202, slopeMiBPerHour: 240 },
      heap: { startMiB: 100, endMiB: 100, slopeMiBPerHour: 0 },
      series: [
        [0, 200, 100, null],
        [15, 201, 100, null],
        [30, 202, 100, null],
      ],
    });
  });

  it('follows the committed heap too: RSS growth with a flat used heap shows where it went', () => {
    const trend = memoryTrend([
      { atSeconds: 0, rssMiB: 150, heapMiB: 60, heapTotalMiB: 70 },
      { atSeconds: 3600, rssMiB: 170, heapMiB: 60, heapTotalMiB: 90 },
    ]);
    expect(trend.heapTotal).toEqual({ startMiB: 70, endMiB: 90, slopeMiBPerHour: 20 });
  });

  it('leaves failed heap scrapes out instead of counting them as zero', () => {
    const trend = memoryTrend([
      { atSeconds: 0, rssMiB: 1, heapMiB: 50 },
      { atSeconds: 10, rssMiB: 1, heapMiB: null },
      { atSeconds: 20, rssMiB: 1, heapMiB: 50 },
    ]);
    expect(trend.heap).toEqual({ startMiB: 50, endMiB: 50, slopeMiBPerHour: 0 });
  });

  it('has nulls, not zeros, when nothing was sampled', () => {
    const none = { startMiB: null, endMiB: null, slopeMiBPerHour: null };
    expect(memoryTrend([])).toEqual({ samples: 0, rss: none, heap: none, heapTotal: none, series: [] });
  });
});
