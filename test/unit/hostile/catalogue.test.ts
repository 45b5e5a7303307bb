// Every row of the hostile catalogue × every provider target, through the real clients, real
// signing and the real axios transport, against a raw HTTP server playing the row. Each must end
// as the row's expected CloudError class or a bounded, valid Observation: never an exception,
// never a hang, never a secret in what comes back, never a polluted prototype.

import { describeHits, scanForSecrets, textsOf } from '../../helpers/secret-scan.js';
import { brotliBomb, deflateBomb, gzipBomb, startHostileServer } from '../../helpers/hostile-server.js';
import type { Observation } from '../../../src/api/types.js';
import type { ObserveResult } from '../../../src/providers/common/provider.js';
import { PROVIDERS } from '../../../src/providers/names.js';
import { CATALOGUE, DEFAULT_TIMEOUT_MS, type Expected, type HostileCase } from './catalogue.js';
import { expectBoundedObservation, expectBoundedResult, expectNoPrototypePollution } from './invariants.js';
import { hangLimitMs, play, type Stage } from './run.js';
import { KNOWN_SECRETS, TARGETS, type HostileTarget } from './targets.js';

const BOMB_INFLATED_BYTES = 60 * 1024 * 1024;

let stage: Stage;
const baselines = new Map<string, Observation>();

const goodRow: HostileCase = {
  id: 'good',
  why: 'baseline',
  reply: (ctx) => ({ headers: { 'content-type': 'application/json' }, body: JSON.stringify(ctx.good()) }),
  expect: 'Observation',
};

beforeAll(async () => {
  const [server, elsewhere, gzip, deflate, brotli] = await Promise.all([
    startHostileServer(),
    startHostileServer({ status: 200, body: '{}' }),
    gzipBomb(BOMB_INFLATED_BYTES),
    deflateBomb(BOMB_INFLATED_BYTES),
    brotliBomb(BOMB_INFLATED_BYTES),
  ]);
  stage = { server, elsewhere, assets: { gzipBomb: gzip, deflateBomb: deflate, brotliBomb: brotli } };
  for (const target of TARGETS) {
    const { result } = await play(stage, target, goodRow);
    if (!result.ok) throw new Error(`${target.label}: the good reply failed: ${result.error.message}`);
    baselines.set(target.label, result.observation);
  }
}, 60_000);

afterAll(async () => {
  await Promise.all([stage?.server.close(), stage?.elsewhere.close()]);
});

function expectedFor(row: HostileCase, target: HostileTarget): Expected {
  return typeof row.expect === 'function' ? row.expect(target) : row.expect;
}

describe('hostile catalogue setup', () => {
  it('has at least 40 rows, each with a unique id and a reason', () => {
    expect(CATALOGUE.length).toBeGreaterThanOrEqual(40);
    expect(new Set(CATALOGUE.map((row) => row.id)).size).toBe(CATALOGUE.length);
    for (const row of CATALOGUE) expect(row.why.length).toBeGreaterThan(15);
  });

  // Exact: a new family cannot slip out of the catalogue unnoticed.
  it('covers every provider family', () => {
    expect(new Set(TARGETS.map((t) => t.provider))).toEqual(new Set(PROVIDERS));
  });

  it.each(TARGETS.map((t) => [t.label, t] as const))('%s: the good reply is a running upgrade', (label) => {
    const baseline = baselines.get(label)!;
    expect(baseline.phase).toBe('Running');
    expect(baseline.progress).toBeGreaterThan(0);
    expectBoundedObservation(baseline);
  });

  it('the compression bombs really are small and really inflate past the cap', async () => {
    for (const bomb of Object.values(stage.assets)) expect(bomb.length).toBeLessThan(256 * 1024);
    const { gunzipSync } = await import('node:zlib');
    expect(gunzipSync(stage.assets.gzipBomb).length).toBe(BOMB_INFLATED_BYTES);
  });
});

/** The row's outcome: an unexpected error shows its message, an unexpected Observation its phase. */
function outcome(result: ObserveResult, expected: Expected): string {
  if (result.ok)
    return expected === 'Observation' ? 'Observation' : `Observation (${result.observation.phase})`;
  return expected === 'Observation' ? `${result.error.class}: ${result.error.message}` : result.error.class;
}

/** Plays `row` against `target`, checks the outcome and the invariants every play gets. */
async function playAndCheck(
  target: HostileTarget,
  row: HostileCase,
  expected: Expected,
  check: HostileCase['check'],
): Promise<ObserveResult> {
  const played = await play(stage, target, row);
  const { result } = played;
  expect(outcome(result, expected)).toBe(expected);
  expectBoundedResult(result);
  check?.(result, {
    target,
    baseline: baselines.get(target.label)!,
    server: stage.server,
    elsewhere: stage.elsewhere,
  });

  // At least one request reached the server (nothing was refused before sending).
  expect(stage.server.requests.length).toBeGreaterThanOrEqual(1);
  expect(played.elapsedMs).toBeLessThan(row.withinMs ?? hangLimitMs(row.timeoutMs ?? DEFAULT_TIMEOUT_MS));
  const secrets = [...KNOWN_SECRETS, ...played.sentSecrets];
  const hits = scanForSecrets(textsOf(result), secrets);
  expect(describeHits(hits)).toBe('');
  expectNoPrototypePollution();
  return result;
}

describe.each(TARGETS.map((t) => [t.label, t] as const))('%s under hostile replies', (_label, target) => {
  it.each(CATALOGUE.map((row) => [row.id, row.why, row] as const))(
    '%s — %s',
    async (_id, _why, row) => {
      await playAndCheck(target, row, expectedFor(row, target), row.check);
    },
    30_000,
  );
});
