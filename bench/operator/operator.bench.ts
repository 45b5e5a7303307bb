// `npm run bench:operator`: the wall-clock figures of the operator process on the real
// kube-apiserver, which are measurements and NOT tests (a loaded machine would make them flaky;
// the tests check the causal order instead, in virtual time). Printed as `METRIC` lines and
// written to bench/results/operator/<time>.json; docs/benchmarks.md says how to read them.
//  1. Reconcile latency, simulator state change → CR status (pollInterval 5s): 20 CRs on 20
//     simulated ACK clusters, each changed once (staggered by 250 ms) from Precheck (0 %) to
//     Upgrade (50 %); latency = time from the admin-API change to the moment a watch on the API
//     server delivers the CR version showing it. It includes waiting for the next timed poll
//     (uniform over the 5 s interval), so the median is ~half the interval plus the pipeline.
//  2. The same change followed by a spec edit (which polls at once), 20 times in a row on one
//     CR: the pipeline alone (informer → queue → poll → write).
//  3. Leader takeover: two replicas with --leader-elect (lease 15 s); SIGKILL the leader (no
//     release) and time until the other reports upgradewatch_leader 1. Expected 15–17 s: the
//     lease must expire on the follower's clock, then one retry period at most.
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { jest } from '@jest/globals';
import type { ClusterUpgradeWatch } from '../../src/api/types.js';
import {
  clusterId,
  putState,
  setupSuite,
  specFor,
  teardownSuite,
  type Suite,
} from '../../test/helpers/operator-fixture.js';
import {
  createWatch,
  ensureOperatorBuilt,
  eventually,
  median,
  metricSum,
  OperatorProcess,
  operatorServiceAccount,
  patchSpec,
  ROOT,
  sleep,
  waitForWatch,
  withLogs,
} from '../../test/helpers/operator-harness.js';
import { ACK } from '../../test/helpers/operator-states.js';

jest.setTimeout(600_000);

let suite: Suite;
let op: OperatorProcess;
const replicas: OperatorProcess[] = [];
const logs = () => [
  { name: 'operator', tail: () => op?.logTail() ?? '' },
  ...replicas.map((r, i) => ({ name: `replica ${i}`, tail: () => r.logTail() })),
];

interface Figure {
  name: string;
  how: string;
  n: number;
  medianMs: number;
  minMs: number;
  maxMs: number;
}
const figures: Figure[] = [];

function record(name: string, how: string, samples: number[]): void {
  const figure = {
    name,
    how,
    n: samples.length,
    medianMs: Math.round(median(samples)),
    minMs: Math.min(...samples),
    maxMs: Math.max(...samples),
  };
  figures.push(figure);
  process.stdout.write(
    `METRIC ${name} median=${figure.medianMs} min=${figure.minMs} max=${figure.maxMs} (${how})\n`,
  );
}

const showsUpgrade = (w: ClusterUpgradeWatch) =>
  w.status?.progress === 50 && w.status?.currentStep === 'Upgrade';
const showsPrecheck = (w: ClusterUpgradeWatch) =>
  w.status?.progress === 0 && w.status?.currentStep === 'Precheck';

/** When the recorder first saw a version of `name` after `since` matching `predicate`. */
function seenAt(
  name: string,
  since: number,
  predicate: (w: ClusterUpgradeWatch) => boolean,
): number | undefined {
  return suite.recorder.of(name).find((v) => v.at >= since && predicate(v.object))?.at;
}

beforeAll(async () => {
  [suite] = await Promise.all([setupSuite('bench-op'), ensureOperatorBuilt()]);
  op = await OperatorProcess.start({ kubeconfig: suite.saKubeconfig, selector: suite.space.selector });
});

afterAll(async () => {
  for (const replica of replicas) replica.signal('SIGKILL');
  await teardownSuite(suite);
  const dir = join(ROOT, 'bench/results/operator');
  mkdirSync(dir, { recursive: true });
  const file = join(dir, `${new Date().toISOString().replace(/[:.]/g, '-')}.json`);
  writeFileSync(file, `${JSON.stringify({ figures }, null, 2)}\n`);
  process.stdout.write(`wrote ${file}\n`);
});

describe('operator wall-clock figures', () => {
  it('reconcile latency: simulator state change → CR status, median of 20 (pollInterval 5s)', () =>
    withLogs(logs, async () => {
      const names = Array.from({ length: 20 }, (_, i) => `lat-${i}`);
      const clusters = new Map<string, string>();
      await Promise.all(
        names.map(async (name) => {
          const cluster = clusterId(name);
          clusters.set(name, cluster);
          putState(suite, 'AlibabaACK', cluster, ACK.prechecking);
          await createWatch(suite.space, name, specFor(suite, 'AlibabaACK', cluster));
        }),
      );
      await Promise.all(names.map((n) => waitForWatch(suite.space, n, 'Precheck', showsPrecheck, 30_000)));
      const changedAt = new Map<string, number>();
      for (const name of names) {
        changedAt.set(name, Date.now());
        putState(suite, 'AlibabaACK', clusters.get(name)!, ACK.upgrading);
        await sleep(250);
      }
      const latencies = await eventually(
        'all 20 changes in status',
        () => {
          const out = names.map((n) => {
            const at = seenAt(n, changedAt.get(n)!, showsUpgrade);
            return at === undefined ? undefined : at - changedAt.get(n)!;
          });
          return out.every((x) => x !== undefined) ? (out as number[]) : undefined;
        },
        30_000,
        100,
      );
      record('reconcile-latency-ms', 'state change → CR status via watch, pollInterval 5s, n=20', latencies);
    }));

  it('pipeline latency: state change + spec edit → CR status, median of 20 (no wait for a timed poll)', () =>
    withLogs(logs, async () => {
      const cluster = clusterId('pipe');
      putState(suite, 'AlibabaACK', cluster, ACK.prechecking);
      // Idle-like intervals: a timed poll cannot be what delivers the change.
      await createWatch(
        suite.space,
        'pipe',
        specFor(suite, 'AlibabaACK', cluster, { pollInterval: '10m', idlePollInterval: '10m' }),
      );
      await waitForWatch(suite.space, 'pipe', 'Precheck', showsPrecheck, 20_000);
      const latencies: number[] = [];
      for (let i = 0; i < 20; i++) {
        const toUpgrade = i % 2 === 0;
        putState(suite, 'AlibabaACK', cluster, toUpgrade ? ACK.upgrading : ACK.prechecking);
        const start = Date.now();
        await patchSpec(suite.space, 'pipe', { idlePollInterval: `${11 + i}m` });
        const at = await eventually(
          `change ${i} in status`,
          () => seenAt('pipe', start, toUpgrade ? showsUpgrade : showsPrecheck),
          10_000,
          10,
        );
        latencies.push(at - start);
      }
      record(
        'reconcile-latency-spec-edit-ms',
        'state change + spec edit → CR status via watch, n=20',
        latencies,
      );
    }));

  it('leader takeover after SIGKILL of the leader (lease 15 s)', () =>
    withLogs(logs, async () => {
      // The latency CRs stay with the first operator; the replicas watch no CR, they only elect.
      op.signal('SIGTERM');
      await op.exited;
      const leaseName = `bench-le-${Date.now().toString(36)}`;
      const samples: number[] = [];
      for (let round = 0; round < 3; round++) {
        const pair = await Promise.all(
          ['a', 'b'].map((name) =>
            OperatorProcess.start({
              name: `${name}${round}`,
              kubeconfig: suite.saKubeconfig,
              selector: `${suite.space.selector}-none`,
              args: [
                '--leader-elect',
                '--leader-election-namespace',
                operatorServiceAccount().namespace,
                '--leader-election-id',
                `${leaseName}-${round}`,
              ],
            }),
          ),
        );
        replicas.push(...pair);
        const gauge = async (r: OperatorProcess) => metricSum(await r.metrics(), 'upgradewatch_leader');
        const [leader, follower] = await eventually(
          'one leader',
          async () => {
            const [ga, gb] = await Promise.all(pair.map(gauge));
            if (ga! + gb! !== 1) return undefined;
            return ga === 1 ? pair : [pair[1]!, pair[0]!];
          },
          60_000,
          200,
        );
        await sleep(3_000); // a few renewals, so the lease is a settled one
        const killedAt = Date.now();
        leader!.signal('SIGKILL');
        await eventually('the follower to lead', async () => (await gauge(follower!)) === 1, 60_000, 100);
        samples.push(Date.now() - killedAt);
        follower!.signal('SIGKILL');
        await Promise.all([leader!.exited, follower!.exited]);
      }
      record(
        'leader-takeover-ms',
        'SIGKILL of the leader → upgradewatch_leader 1 on the other replica, lease 15 s, n=3',
        samples,
      );
    }));
});
