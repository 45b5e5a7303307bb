// Every row of the hostile catalogue × every provider target, through the real clients, real
// signing and the real axios transport, against a raw HTTP server playing the row; and for the
// bearer-token families every row again against their token endpoint (./token-rows.ts). Each must end
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
import { TOKEN_TARGETS } from './bearer-targets.js';
import { TOKEN_ROWS } from './token-rows.js';
import { KNOWN_SECRETS, pathOf, TARGETS, type HostileTarget } from './targets.js';

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
  for (const target of [...TARGETS, ...TOKEN_TARGETS]) {
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
  it('covers every provider family, the bearer-token ones on their API and their token endpoint', () => {
    expect(new Set(TARGETS.map((t) => t.provider))).toEqual(new Set(PROVIDERS));
    expect(new Set(TOKEN_TARGETS.map((t) => t.provider))).toEqual(
      new Set(TARGETS.filter((t) => t.wellAnswered !== undefined).map((t) => t.provider)),
    );
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

  // The row was played: at least one request it answers (not a bystander answered well, such as
  // a bearer family's token request) reached the server, so nothing was refused before sending.
  const rowRequests = stage.server.requests.filter(
    (r) => target.wellAnswered?.(pathOf(r.url), r.url) === undefined,
  );
  expect(rowRequests.length).toBeGreaterThanOrEqual(1);
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

describe('hostile token replies: the table', () => {
  it('has exactly one entry per catalogue row, each with a reason', () => {
    expect(Object.keys(TOKEN_ROWS).sort()).toEqual(CATALOGUE.map((row) => row.id).sort());
    for (const [, why] of Object.values(TOKEN_ROWS)) expect(why.length).toBeGreaterThan(15);
  });

  it.each(TOKEN_TARGETS.map((t) => [t.label, t] as const))(
    '%s: a good token gives the API baseline',
    (label, t) => {
      const api = TARGETS.find((target) => target.provider === t.provider)!;
      expect(baselines.get(label)).toEqual(baselines.get(api.label));
    },
  );
});

describe.each(TOKEN_TARGETS.map((t) => [t.label, t] as const))(
  '%s under hostile replies',
  (_label, target) => {
    it.each(CATALOGUE.map((row) => [row.id, TOKEN_ROWS[row.id]?.[1] ?? '(not in the table)', row] as const))(
      '%s — %s',
      async (_id, _why, row) => {
        const expected = TOKEN_ROWS[row.id]![0];
        // The row's own checks are about an error (its text, timing, where nothing went) only when
        // it gives an error at the API too; a token that works must give exactly the API baseline.
        const rowErrorCheck = expected !== 'Observation' && expectedFor(row, target) !== 'Observation';
        const result = await playAndCheck(target, row, expected, rowErrorCheck ? row.check : undefined);
        // A usable token gives exactly the API's good answer; a token reply that fails is never
        // followed by an API call (no unusable token is sent on).
        const apiCalled = stage.server.requests.some((r) => r.method === 'GET');
        expect({ observation: result.ok ? result.observation : 'none', apiCalled }).toEqual({
          observation: result.ok ? baselines.get(target.label) : 'none',
          apiCalled: result.ok,
        });
      },
      30_000,
    );
  },
);
