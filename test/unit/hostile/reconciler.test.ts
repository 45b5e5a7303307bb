// The catalogue through the reconciler: a good poll first, then the hostile reply. A transient
// failure (InvalidResponse, NetworkError, ServerError, Throttled) must keep the last good phase,
// progress, steps and message, with Synced False naming the error class; a permanent one keeps
// the observed fields too (only `message` changes, docs/reference.md#status-fields). A reply that is valid-but-weird
// becomes a bounded status with Synced True. Whatever happens, no secret, token or signature
// appears in status, patches, Events, log lines or metric labels.

import type { ClusterUpgradeWatchStatus, Observation } from '../../../src/api/types.js';
import { isPermanent, type CloudError } from '../../../src/providers/common/errors.js';
import {
  startHostileServer,
  brotliBomb,
  deflateBomb,
  gzipBomb,
  type HostileServer,
} from '../../helpers/hostile-server.js';
import { describeHits, scanForSecrets } from '../../helpers/secret-scan.js';
import { CATALOGUE, type Assets, type Expected, type HostileCase } from './catalogue.js';
import { expectBoundedObservation } from './invariants.js';
import { goodReply, sentSecrets, serveRow } from './run.js';
import { TOKEN_TARGETS } from './bearer-targets.js';
import { TOKEN_ROWS } from './token-rows.js';
import { KNOWN_SECRETS, secretOf, TARGETS, type HostileTarget } from './targets.js';
import { createWorld } from './world.js';

const HOUR = 60 * 60_000;
const OBSERVED_FIELDS = [
  'phase',
  'progress',
  'currentStep',
  'steps',
  'fromVersion',
  'toVersion',
  'upgradeID',
  'startTime',
  'nodes',
  'components',
  'providerStatus',
] as const;

let server: HostileServer;
let elsewhere: HostileServer;
let assets: Assets;

beforeAll(async () => {
  const inflated = 60 * 1024 * 1024;
  [server, elsewhere, assets] = await Promise.all([
    startHostileServer(),
    startHostileServer(),
    Promise.all([gzipBomb(inflated), deflateBomb(inflated), brotliBomb(inflated)]).then(([g, d, b]) => ({
      gzipBomb: g,
      deflateBomb: d,
      brotliBomb: b,
    })),
  ]);
}, 60_000);

afterAll(async () => {
  await Promise.all([server?.close(), elsewhere?.close()]);
});

type World = ReturnType<typeof createWorld>;

/** A row that must give an Observation: Synced True, and the status written from it is bounded. */
function expectObservationRow(world: World, after: ClusterUpgradeWatchStatus | undefined): void {
  expect(world.condition('Synced')).toMatchObject({ status: 'True' });
  const { conditions: _c, lastSyncTime: _l, observedGeneration: _g, ...observed } = after ?? {};
  expectBoundedObservation(observed as Observation);
}

/**
 * A row that must give error class `expected`: it is the Synced reason and the last good
 * observation stands; a permanent class makes Ready False, a transient one keeps Ready and the
 * message as they were and records a PollFailed Event.
 */
function expectErrorRow(
  world: World,
  expected: string,
  after: ClusterUpgradeWatchStatus | undefined,
  last: {
    good: ClusterUpgradeWatchStatus | undefined;
    goodPart: Partial<Observation>;
    goodReady: ReturnType<World['condition']>;
  },
): void {
  expect(world.condition('Synced')).toMatchObject({ status: 'False', reason: expected });
  expect(observedPart(after)).toEqual(last.goodPart);
  if (isPermanent({ class: expected } as CloudError)) {
    expect(world.condition('Ready')).toMatchObject({ status: 'False', reason: expected });
  } else {
    expect(after?.message).toBe(last.good?.message);
    expect(world.condition('Ready')).toMatchObject({
      status: last.goodReady?.status,
      reason: last.goodReady?.reason,
    });
    expect(world.events.map((e) => e.reason)).toContain('PollFailed');
  }
  expect(world.condition('Synced')!.message.length).toBeLessThanOrEqual(1024);
}

function observedPart(status: ClusterUpgradeWatchStatus | undefined): Partial<Observation> {
  const out: Record<string, unknown> = {};
  for (const field of OBSERVED_FIELDS) if (status?.[field] !== undefined) out[field] = status[field];
  return out as Partial<Observation>;
}

function playRow(target: HostileTarget, row: HostileCase): void {
  serveRow({ server, elsewhere, assets }, target, row);
}

function playGood(target: HostileTarget): void {
  server.play((request) => goodReply(target, request));
}

/** A token target's row is in ./token-rows.ts; any other target's in the row itself. */
function expectedFor(row: HostileCase, target: HostileTarget): Expected {
  if (target.playsTokenEndpoint) return TOKEN_ROWS[row.id]![0];
  return typeof row.expect === 'function' ? row.expect(target) : row.expect;
}

// The bearer families' token targets too: the good poll's token has run out an hour later, so
// the hostile reply lands on the token request and the API answers well.
describe.each([...TARGETS, ...TOKEN_TARGETS].map((t) => [t.label, t] as const))(
  '%s: reconcile after a good poll',
  (_label, target) => {
    it.each(CATALOGUE.map((row) => [row.id, row] as const))(
      '%s',
      async (_id, row) => {
        server.reset();
        elsewhere.reset();
        const world = createWorld({
          spec: target.spec,
          server,
          secret: secretOf(target),
          family: target.family,
          ...(row.timeoutMs ? { timeoutMs: row.timeoutMs } : {}),
        });

        playGood(target);
        await world.reconcile();
        const good = world.status();
        expect(good?.phase).toBe('Running');
        expect(world.condition('Synced')?.status).toBe('True');
        const goodPart = observedPart(good);
        const goodReady = world.condition('Ready');

        world.advance(HOUR);
        playRow(target, row);
        const result = await world.reconcile();
        expect(result.error).toBeUndefined();
        const after = world.status();
        const expected = expectedFor(row, target);

        // The row says which outcome it must give; each outcome has its own checks.
        if (expected === 'Observation') expectObservationRow(world, after);
        else expectErrorRow(world, expected, after, { good, goodPart, goodReady });
        expect(elsewhere.requests).toHaveLength(0);
        // Whatever the cloud said (Retry-After: 10^20 s), the requeue is a delay a Node timer can hold.
        expect(result.requeueAfterMs ?? 0).toBeLessThanOrEqual(2 ** 31 - 1);
        expect(result.requeueAfterMs ?? 0).toBeGreaterThanOrEqual(0);

        const hits = scanForSecrets(world.emitted(), [...KNOWN_SECRETS, ...sentSecrets(server)]);
        expect(describeHits(hits)).toBe('');
      },
      30_000,
    );
  },
);
