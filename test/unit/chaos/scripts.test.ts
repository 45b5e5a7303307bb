// The chaos run's oracle (test/chaos/scripts.ts: each scripted simulator state with the status
// docs/reference.md#conditions and the provider mappings say it gives) checked state by state through the real path: the simulator serves the
// state, the provider's real client signs and polls it over axios, and nextStatus turns the
// observation into a CR status. A wrong truth here would make the chaos run report (or hide) a
// violation that is not the operator's, so every row must agree before the chaos run means anything.
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { nextStatus } from '../../../src/controller/status.js';
import { createAxiosTransport } from '../../../src/providers/common/axios-transport.js';
import { PROVIDERS } from '../../../src/providers/names.js';
import { families } from '../../../src/providers/registry.js';
import { startSimulator, type RunningSimulator } from '../../../src/simulator/index.js';
import { buildFleet, specOf } from '../../chaos/fleet.js';
import { truthMismatches } from '../../chaos/invariants.js';
import { SHORT } from '../../chaos/profile.js';
import { SCRIPTS } from '../../chaos/scripts.js';
import { simPlacement } from '../../helpers/operator-harness.js';

const fleet = buildFleet(SHORT);
const scripted = fleet.watches.filter((w) => w.script).slice(0, SCRIPTS.length);
const rows = scripted.flatMap((watch) =>
  watch.script!.entries.map((entry, index) => ({
    watch,
    entry,
    index,
    label: `${watch.name} #${index} ${entry.label}`,
  })),
);
let sim: RunningSimulator;

beforeAll(async () => {
  sim = await startSimulator({ scenario: { credentials: fleet.credentials.map((c) => c.accepted) } });
});
afterAll(async () => {
  await sim.stop();
});

describe('chaos scripts: every scripted state gives its truth through the real client', () => {
  it('covers every script and every provider', () => {
    expect(new Set(scripted.map((w) => w.script!.name)).size).toBe(SCRIPTS.length);
    expect(new Set(scripted.map((w) => w.provider))).toEqual(new Set(PROVIDERS));
  });

  it.each(rows)('$label', async ({ watch, entry }) => {
    sim.admin.putCluster(watch.provider, watch.clusterID, {
      state: entry.state,
      ...simPlacement(watch.provider),
    });
    // A keyless watch's states are checked with its cloud's first Secret: the truth is the state's.
    const credential = fleet.credentials.find((c) =>
      watch.secretName ? c.secretName === watch.secretName : c.cloud === watch.cloud,
    )!.given;
    const family = families[watch.provider];
    const client = family.connect({
      spec: specOf(watch, sim.url, SHORT),
      credentials: family.credentials.fromSecret(credential.secret),
      baseUrl: sim.url,
      transport: createAxiosTransport(),
    });
    const result = await client.observe();
    if (!result.ok) throw new Error(`${watch.name}: ${result.error.class} ${result.error.message}`);
    const status = nextStatus(
      undefined,
      { kind: 'observed', observation: result.observation, at: new Date() },
      {
        generation: 1,
        now: new Date(),
      },
    );
    expect(truthMismatches(status, entry.truth)).toEqual([]);
  });
});
