// Memory under the 50 MiB rows: a 50 MiB body (with and without Content-Length) and the three
// compression bombs (60 MiB inflated), each played three times against every target. The 5 MiB
// cap must stop each one early, so neither the heap while they run (sampled every few ms) nor
// what is left after them grows anywhere near the bodies' size. gc is exposed at run time (the
// test runner is not started with --expose-gc) so "after" is measured on a collected heap.
// Measured: heapUsed + external (Buffers — where axios collects body chunks — live outside the
// JS heap and would be invisible to heapUsed alone).

import { setFlagsFromString } from 'node:v8';
import { runInNewContext } from 'node:vm';
import { brotliBomb, deflateBomb, gzipBomb, startHostileServer } from '../../helpers/hostile-server.js';
import { CATALOGUE } from './catalogue.js';
import { play, type Stage } from './run.js';
import { TARGETS } from './targets.js';

const MiB = 1024 * 1024;
const ROUNDS = 3;
const BIG_ROWS = ['huge-50MiB-with-length', 'huge-50MiB-chunked', 'gzip-bomb', 'deflate-bomb', 'brotli-bomb'];
/**
 * Bounds, generous against noise but far below the bytes thrown at the client (75 polls × ≥50
 * MiB ≈ 3.7 GiB sent or inflated): the transport may hold one capped 5 MiB body (≈10 MiB as a
 * UTF-16 string) plus decoder buffers at a time; nothing may be retained.
 */
const MAX_PEAK_GROWTH = 64 * MiB;
const MAX_RETAINED_GROWTH = 16 * MiB;

/** JS heap plus Buffers and other off-heap allocations. */
function used(): number {
  const usage = process.memoryUsage();
  return usage.heapUsed + usage.external;
}

function exposeGc(): () => void {
  const existing = (globalThis as { gc?: () => void }).gc;
  if (existing) return existing;
  setFlagsFromString('--expose-gc');
  return runInNewContext('gc') as () => void;
}

let stage: Stage;

beforeAll(async () => {
  const inflated = 60 * MiB;
  const [server, elsewhere, gzip, deflate, brotli] = await Promise.all([
    startHostileServer(),
    startHostileServer(),
    gzipBomb(inflated),
    deflateBomb(inflated),
    brotliBomb(inflated),
  ]);
  stage = { server, elsewhere, assets: { gzipBomb: gzip, deflateBomb: deflate, brotliBomb: brotli } };
}, 60_000);

afterAll(async () => {
  await Promise.all([stage?.server.close(), stage?.elsewhere.close()]);
});

it('50 MiB bodies and compression bombs leave the heap bounded, during and after', async () => {
  const gc = exposeGc();
  const rows = CATALOGUE.filter((row) => BIG_ROWS.includes(row.id));
  expect(rows.map((r) => r.id).sort()).toEqual([...BIG_ROWS].sort());

  // Warm up once (module loading, JIT, agent sockets) so it is not counted as growth.
  await play(stage, TARGETS[0]!, rows[0]!);
  gc();
  gc();
  const before = used();
  // Per poll: collect first, then sample while it runs, so the figure is that poll's own peak
  // (garbage of earlier polls is not counted against it).
  let pollBase = before;
  let pollPeak = before;
  const sampler = setInterval(() => {
    pollPeak = Math.max(pollPeak, used());
  }, 1);
  const peakByRow = new Map<string, number>();

  let polls = 0;
  try {
    for (let round = 0; round < ROUNDS; round += 1) {
      for (const target of TARGETS) {
        for (const row of rows) {
          gc();
          pollBase = used();
          pollPeak = pollBase;
          const { result } = await play(stage, target, row);
          pollPeak = Math.max(pollPeak, used());
          expect(result.ok ? 'Observation' : result.error.class).toBe('InvalidResponse');
          peakByRow.set(row.id, Math.max(peakByRow.get(row.id) ?? 0, pollPeak - pollBase));
          polls += 1;
        }
      }
    }
  } finally {
    clearInterval(sampler);
  }
  gc();
  gc();
  const after = used();
  const worstPeak = Math.max(...peakByRow.values());
  const figures = {
    polls,
    usedBeforeMiB: +(before / MiB).toFixed(1),
    peakPerPollMiB: Object.fromEntries([...peakByRow].map(([id, bytes]) => [id, +(bytes / MiB).toFixed(1)])),
    retainedGrowthMiB: +((after - before) / MiB).toFixed(1),
  };
  process.stdout.write(`hostile memory figures: ${JSON.stringify(figures)}\n`);
  expect(polls).toBe(ROUNDS * TARGETS.length * BIG_ROWS.length);
  expect(worstPeak).toBeLessThan(MAX_PEAK_GROWTH);
  expect(after - before).toBeLessThan(MAX_RETAINED_GROWTH);
  // A hang guard, not a speed check: ~20 s alone on an idle 2-core machine, 54 s alone at load
  // average 10, and over 120 s beside the rest of the unit suite on a loaded machine.
}, 300_000);
