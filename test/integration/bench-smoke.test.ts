// Smoke test of the scale benchmark (issue 7): `runBench` at N = 20 with a short window must
// run end to end (its own control plane, the simulator, the operator as a child process) and
// write a results file whose figures are sane. Timing targets are NOT asserted here: the
// benchmark reports them, and CI machines vary too much for them to be a test.
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { jest } from '@jest/globals';
import { parseOptions } from '../../src/bench/options.js';
import { percentile } from '../../src/bench/proc.js';
import { markdownTable } from '../../src/bench/report.js';
import { runBench } from '../../src/bench/run.js';
import { PROVIDERS } from '../../src/providers/names.js';
import { ensureOperatorBuilt } from '../helpers/operator-harness.js';

jest.setTimeout(240_000);

let outDir: string;

beforeAll(async () => {
  outDir = mkdtempSync(join(tmpdir(), 'upgradewatch-bench-smoke-'));
  await ensureOperatorBuilt();
});

afterAll(() => {
  rmSync(outDir, { recursive: true, force: true });
});

describe('option parsing', () => {
  it.each([
    // why: the defaults are N=100, D=2m, P=30s, K=min(50, N), and min(50, K) namespaces
    {
      argv: [],
      want: { watches: 100, durationMs: 120_000, pollIntervalMs: 30_000, credentials: 50, namespaces: 50 },
    },
    // why: K never exceeds N (a credential without watches would not count toward the bound)
    { argv: ['--watches', '20'], want: { watches: 20, credentials: 20 } },
    // why: both `--flag value` and `--flag=value` are accepted, durations in s and m
    {
      argv: ['--watches=1000', '--duration', '5m', '--poll-interval=10s'],
      want: { watches: 1000, durationMs: 300_000, pollIntervalMs: 10_000, credentials: 50 },
    },
  ])('$argv', ({ argv, want }) => {
    expect(parseOptions(argv)).toMatchObject(want);
  });

  it.each([
    // why: the CRD refuses pollInterval below 5s, so the bench must too
    ['--poll-interval', '2s', '--poll-interval must be at least 5s (the CRD minimum)'],
    // why: a typo must not silently run the 100-watch default
    ['--watchs', '20', 'unknown flag --watchs'],
    // why: zero watches would measure nothing and divide by zero
    ['--watches', '0', '--watches must be a positive integer'],
    // why: an unknown unit is refused, not guessed
    ['--duration', '30x', 'not a duration: 30x (use e.g. 30s, 2m)'],
  ])('refuses %s %s', (flag, value, message) => {
    expect(() => parseOptions([flag, value])).toThrow(new Error(message));
  });

  it('percentile is nearest-rank', () => {
    expect(percentile([5, 1, 4, 2, 3], 50)).toBe(3);
    expect(percentile([1, 2, 3, 4, 100], 99)).toBe(100);
    expect(percentile([], 50)).toBeNull();
  });
});

describe('the benchmark at N = 20', () => {
  it('runs end to end and writes sane figures', async () => {
    const opts = parseOptions([
      '--watches',
      '20',
      '--duration',
      '30s',
      '--poll-interval',
      '10s',
      '--out-dir',
      outDir,
    ]);
    const { result: onDisk, file } = await runBench(opts, 'bench-smoke');
    // The results file is where --out-dir says, named after the run's N.
    expect(existsSync(file)).toBe(true);
    expect(file.startsWith(outDir)).toBe(true);
    expect(file).toMatch(/-20\.json$/);

    // Every watch got a first status.
    expect(onDisk.firstStatus.missing).toBe(0);
    expect(onDisk.firstStatus.allSeconds).not.toBeNull();
    expect(onDisk.firstStatus.allSeconds!).toBeGreaterThan(0);
    // The operator polled the simulator, for every provider of the registry (the fleet spreads
    // over all seven).
    expect(onDisk.cloud.requests).toBeGreaterThan(0);
    expect(onDisk.cloud.perWatchPerInterval).toBeGreaterThan(0);
    expect(Object.keys(onDisk.cloud.perProvider).sort()).toEqual([...PROVIDERS].sort());
    expect(PROVIDERS).toHaveLength(7);
    expect(onDisk.cloud.retryShare).toBeGreaterThanOrEqual(0);
    expect(onDisk.cloud.retryShare).toBeLessThanOrEqual(1);
    // Half the watches were changed once; every change was seen or counted as missed.
    expect(onDisk.writes.changes).toBe(10);
    expect(onDisk.lagSeconds.samples + onDisk.lagSeconds.missed).toBe(10);
    expect(onDisk.lagSeconds.samples).toBeGreaterThan(0);
    // A change is seen after it is made (positive lag), and the percentiles are ordered.
    expect(onDisk.lagSeconds.p50!).toBeGreaterThan(0);
    expect(onDisk.lagSeconds.p99!).toBeGreaterThanOrEqual(onDisk.lagSeconds.p50!);
    expect(onDisk.lagSeconds.max!).toBeGreaterThanOrEqual(onDisk.lagSeconds.p99!);
    expect(onDisk.writes.perChange!).toBeGreaterThan(0);
    expect(onDisk.writes.idleWatches).toBe(10);
    // The operator process was measured.
    expect(onDisk.operator.rssMaxMiB).toBeGreaterThan(10);
    // CPU was sampled: polling 20 watches for 30 s costs some (a missing sample reads as 0).
    expect(onDisk.operator.cpuPercentOfOneCore).toBeGreaterThan(0);
    expect(onDisk.operator.heapMaxMiB).not.toBeNull();
    // The operator talked to the API server during the window (status writes are PATCH or PUT).
    const verbs = onDisk.apiserverRequestsByVerb;
    expect((verbs.PATCH ?? 0) + (verbs.PUT ?? 0)).toBeGreaterThan(0);
    // The floor: a bare client gave 20 fresh watches their first status, without errors, and
    // the ratio is the operator's first-status time over it.
    expect(onDisk.floor).toMatchObject({ watches: 20, concurrency: 16, errors: 0 });
    expect(onDisk.floor.seconds).toBeGreaterThan(0);
    expect(onDisk.floor.patchBytes).toBeGreaterThan(500); // a realistic status, not `{}`
    expect(onDisk.firstStatusOverFloor).toBeCloseTo(onDisk.firstStatus.allSeconds! / onDisk.floor.seconds, 1);
    expect(onDisk.targets.map((t) => t.name)).toHaveLength(7);
    expect(markdownTable(onDisk)).toContain('| floor: a bare client, one status PATCH per fresh watch |');
    expect(markdownTable(onDisk)).toContain('| cloud requests / watch / interval |');
  });
});
