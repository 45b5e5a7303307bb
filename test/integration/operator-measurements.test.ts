// Status writes of idle watches, counted in the operator's own (virtual) time, printed as a
// `METRIC name=value` line with how it was measured, plus the bounds that must hold (so the
// measurement is also a test). Wall-clock figures (reconcile latency, leader takeover) are not
// tests: they are measured by `npm run bench:operator` (bench/operator/, docs/benchmarks.md).
//
// Status writes in 10 idle minutes for 10 watches (operator in-process with a virtual clock
//    for its controller and work queue; idlePollInterval 30s, the default --status-heartbeat
//    10m): 30 virtual minutes after the first status, every resourceVersion change of the 10
//    CRs counted by a watch on the real API server; reported as writes per 10 minutes.
import { jest } from '@jest/globals';
import type { ClusterUpgradeWatch } from '../../src/api/types.js';
import { startSimulator, type RunningSimulator } from '../../src/simulator/index.js';
import { FakeTimers } from '../helpers/fake-timers.js';
import { clusterId, setupSuite, specFor, teardownSuite, type Suite } from '../helpers/operator-fixture.js';
import {
  condition,
  createWatch,
  selectorFor,
  simPlacement,
  sleep,
  waitForWatch,
  withLogs,
} from '../helpers/operator-harness.js';
import { startInProcessOperator, type InProcessOperator } from '../helpers/operator-inprocess.js';
import { idleState } from '../helpers/operator-states.js';

jest.setTimeout(300_000);

let suite: Suite;
let inproc: InProcessOperator | undefined;
let virtualSim: RunningSimulator | undefined;
const logs = () => [{ name: 'in-process operator', tail: () => inproc?.log.tail() ?? '' }];

beforeAll(async () => {
  suite = await setupSuite('op-meas');
});

afterAll(async () => {
  await inproc?.stop();
  await virtualSim?.stop();
  await teardownSuite(suite);
});

describe('idle status writes, in virtual time', () => {
  it('status writes in 10 idle minutes for 10 watches (virtual clock, heartbeat 10m)', () =>
    withLogs(logs, async () => {
      const clock = new FakeTimers(new Date());
      virtualSim = await startSimulator({
        scenario: { credentials: [suite.keys.alibaba, suite.keys.huawei] },
        clock,
      });
      const run = `${suite.space.run}-idle`;
      inproc = await startInProcessOperator({
        kubeconfig: suite.saKubeconfig,
        selector: selectorFor(run),
        clock,
      });
      const providers = ['AlibabaACK', 'HuaweiCCE', 'HuaweiCSS', 'AlibabaACKAddons'] as const;
      const names: string[] = [];
      for (let i = 0; i < 10; i++) {
        const provider = providers[i % providers.length]!;
        const cluster = clusterId(`idle${i}`);
        virtualSim.admin.putCluster(provider, cluster, {
          state: idleState(provider),
          ...simPlacement(provider),
        });
        const name = `idle-${i}`;
        names.push(name);
        await createWatch(
          suite.space,
          name,
          { ...specFor(suite, provider, cluster), endpoint: virtualSim.url },
          run,
        );
      }
      await Promise.all(
        names.map((n) =>
          waitForWatch(
            suite.space,
            n,
            'first status',
            (w) => condition(w, 'Synced')?.status === 'True',
            30_000,
          ),
        ),
      );
      await inproc.settle();
      await sleep(500);
      const since = Date.now();
      const callsBefore = inproc.calls.length;
      const virtualMinutes = 30;
      await inproc.advance(virtualMinutes * 60_000, 5_000);
      await sleep(1_000); // let the watch deliver the last writes
      const writes = names.map((n) => suite.recorder.writesSince(n, since).length);
      const total = writes.reduce((a, b) => a + b, 0);
      const polls = inproc.calls.length - callsBefore;
      const per10 = (total * 10) / virtualMinutes;
      // Steady state from the heartbeat spacing itself (virtual lastSyncTime of consecutive writes,
      // the first status included): the window above starts right after a write, so it sees one
      // heartbeat fewer than a window placed at random would.
      const intervals = names.flatMap((n) => {
        const times = [
          ...new Set(
            suite.recorder
              .of(n)
              .map((v) => v.object.status?.lastSyncTime)
              .filter((t): t is string => !!t),
          ),
        ]
          .map((t) => Date.parse(t))
          .sort((x, y) => x - y);
        return times.slice(1).map((t, i) => t - times[i]!);
      });
      const meanInterval = intervals.reduce((x, y) => x + y, 0) / intervals.length;
      const steady = (10 * 600_000) / meanInterval;
      process.stdout.write(
        `METRIC idle-status-writes-per-10min-10-watches=${per10.toFixed(1)} measured (${total} writes in ${virtualMinutes} virtual min ` +
          `after the first status; ${polls} cloud requests; idlePollInterval 30s, --status-heartbeat 10m; per watch ${JSON.stringify(writes)})\n` +
          `METRIC idle-status-writes-per-10min-10-watches-steady=${steady.toFixed(1)} (10 watches × 600 s / mean heartbeat spacing ` +
          `${Math.round(meanInterval / 1000)} s over ${intervals.length} intervals)\n`,
      );
      for (const gap of intervals) {
        expect(gap).toBeGreaterThanOrEqual(600_000);
        expect(gap).toBeLessThanOrEqual(600_000 + 33_000 + 5_000);
      }
      // Idle polls (every 30 s ±10 %) never write; only the 10-minute heartbeat does: 2–3 per watch in 30 min.
      expect(polls).toBeGreaterThanOrEqual(10 * 50);
      for (const n of writes) {
        expect(n).toBeGreaterThanOrEqual(2);
        expect(n).toBeLessThanOrEqual(3);
      }
      // Every write was a heartbeat: only lastSyncTime moved.
      for (const name of names) {
        const versions = suite.recorder.of(name).filter((v) => v.type !== 'DELETED');
        const strip = (w: ClusterUpgradeWatch) => {
          const { lastSyncTime: _ignored, ...rest } = w.status ?? {};
          return rest;
        };
        const afterFirst = versions.filter((v) => v.at >= since).map((v) => strip(v.object));
        for (const status of afterFirst) expect(status).toEqual(afterFirst[0]);
      }
    }));
});
