// The shipped scenarios, served by the real cloud modules and read by the real provider
// clients: proves the example timelines are realistic enough to walk each provider through
// its phases, with signatures checked end to end. Time moves by an injected clock.

import { join } from 'node:path';
import type { ClusterUpgradeWatchSpec, Observation } from '../../../src/api/types.js';
import { createAxiosTransport } from '../../../src/providers/common/axios-transport.js';
import { families } from '../../../src/providers/registry.js';
import { loadScenario } from '../../../src/simulator/scenario.js';
import { startSimulator, type RunningSimulator } from '../../../src/simulator/server.js';
import { ManualClock } from './core-fixtures.js';

const DEMO = join(process.cwd(), 'scenarios', 'demo.yaml');

let sim: RunningSimulator;
let clock: ManualClock;

beforeAll(async () => {
  clock = new ManualClock(new Date());
  sim = await startSimulator({ scenario: DEMO, clock });
});

afterAll(async () => {
  await sim.stop();
});

async function observe(spec: Omit<ClusterUpgradeWatchSpec, 'credentialsRef'>): Promise<Observation> {
  const scenario = await loadScenario(DEMO);
  const credential = scenario.credentials.find((c) =>
    spec.provider.startsWith('Huawei') ? c.accessKeyId.startsWith('HPUA') : c.accessKeyId.startsWith('LTAI'),
  );
  if (!credential) throw new Error('scenario lacks a credential');
  const client = families[spec.provider].connect({
    spec: { ...spec, credentialsRef: { name: 'x' } },
    credentials: { accessKeyId: credential.accessKeyId, accessKeySecret: credential.accessKeySecret },
    baseUrl: sim.url,
    transport: createAxiosTransport(),
    clock,
  });
  const result = await client.observe();
  if (!result.ok) throw new Error(`observe failed: ${JSON.stringify(result.error)}`);
  return result.observation;
}

/** Observe at each offset (ms from the timeline start) and return the phases seen. */
async function phasesAt(
  spec: Omit<ClusterUpgradeWatchSpec, 'credentialsRef'>,
  offsets: number[],
): Promise<Observation[]> {
  const seen: Observation[] = [];
  for (const offset of offsets) {
    sim.admin.restartTimeline(spec.provider, spec.clusterID);
    clock.advance(offset);
    seen.push(await observe(spec));
  }
  return seen;
}

describe('shipped demo scenario through the real modules and clients', () => {
  it('AlibabaACK: Idle → Running(Precheck) → Running(Upgrade) → Succeeded', async () => {
    const seen = await phasesAt(
      { provider: 'AlibabaACK', region: 'cn-hangzhou', clusterID: 'c106f377e16f34eb1808d6b9362c9a01' },
      [0, 25_000, 60_000, 115_000],
    );
    expect(seen.map((o) => o.phase)).toEqual(['Idle', 'Running', 'Running', 'Succeeded']);
    expect(seen.map((o) => o.progress)).toEqual([undefined, 0, 50, 100]);
  });

  it('AlibabaACK by task id: Running → Failed with the error message', async () => {
    const seen = await phasesAt(
      {
        provider: 'AlibabaACK',
        region: 'cn-beijing',
        clusterID: 'c78592bfe92244365b3c3ad47f1de002',
        taskID: 'T-5faa48fb31b6b8078d000006',
      },
      [0, 45_000],
    );
    expect(seen.map((o) => o.phase)).toEqual(['Running', 'Failed']);
    expect(seen[1]?.message).toMatch(/kube-apiserver did not become ready/);
  });

  it('AlibabaACKAddons: Idle → Running → Running (1/2) → Succeeded', async () => {
    const seen = await phasesAt(
      {
        provider: 'AlibabaACKAddons',
        region: 'cn-hangzhou',
        clusterID: 'c23421cfa74454bc8b37163fd19af003',
        components: ['cloud-controller-manager', 'metrics-server'],
      },
      [0, 25_000, 55_000, 85_000],
    );
    expect(seen.map((o) => o.phase)).toEqual(['Idle', 'Running', 'Running', 'Succeeded']);
    expect(seen[2]?.progress).toBe(50);
  });

  it('HuaweiCCE: Idle → PreCheck → Snapshot → Cluster 35 % → 80 % → PostCheck → Succeeded, progress never backwards', async () => {
    const seen = await phasesAt(
      {
        provider: 'HuaweiCCE',
        region: 'cn-north-4',
        clusterID: 'b4b9e60f-8aa2-11ee-af09-0255ac10004f',
        projectID: '6204a5bd270343b5885144cf9c8c158d',
      },
      [0, 20_000, 40_000, 60_000, 90_000, 120_000, 140_000],
    );
    expect(seen.map((o) => o.phase)).toEqual([
      'Idle',
      'Running',
      'Running',
      'Running',
      'Running',
      'Running',
      'Succeeded',
    ]);
    const progress = seen.slice(1).map((o) => o.progress ?? 0);
    expect([...progress].sort((a, b) => a - b)).toEqual(progress);
    expect(seen[6]).toMatchObject({ fromVersion: 'v1.28.3-r0', toVersion: 'v1.29.1-r0', progress: 100 });
    expect(seen[6]?.steps?.map((s) => s.name)).toEqual(['PreCheck', 'Snapshot', 'Cluster', 'PostCheck']);
  });

  it('HuaweiCSS: Idle → node 1 → node 2 → node 3 → Succeeded', async () => {
    const seen = await phasesAt(
      {
        provider: 'HuaweiCSS',
        region: 'cn-north-4',
        clusterID: 'ea244205-d641-45d9-9dcb-ab2236bcd07e',
        projectID: '6204a5bd270343b5885144cf9c8c158d',
      },
      [0, 20_000, 50_000, 80_000, 110_000],
    );
    expect(seen.map((o) => o.phase)).toEqual(['Idle', 'Running', 'Running', 'Running', 'Succeeded']);
    expect(seen.slice(1).map((o) => o.nodes?.completed)).toEqual([0, 1, 2, 3]);
    expect(seen[4]).toMatchObject({ toVersion: '7.10.2', progress: 100 });
  });

  it('counted every request per provider and cluster', () => {
    const report = sim.admin.counters();
    expect(new Set(report.entries.map((e) => e.provider))).toEqual(
      new Set(['AlibabaACK', 'AlibabaACKAddons', 'HuaweiCCE', 'HuaweiCSS']),
    );
    for (const entry of report.entries) expect(entry.outcomes).toEqual({ ok: entry.count });
  });
});
