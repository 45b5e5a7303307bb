// When the operator polls and when it writes (docs/reference.md#reconcile-loop), on the real kube-apiserver with two
// operator processes (ServiceAccount bound only by deploy/rbac/), each owning its CRs by label:
//  A: --status-heartbeat 1h — nothing changes in the cloud ⇒ polls go on, no status write;
//     a spec edit ⇒ a poll at once (and, in-process on a virtual clock, a poll with no virtual
//     time passed, so no timed poll was due); suspend ⇒ zero cloud requests and Synced False Suspended;
//     delete ⇒ polling stops and the object's metric series leave /metrics.
//  B: --status-heartbeat 3s — the same quiet cloud ⇒ lastSyncTime-only writes.
// Status writes are counted as resourceVersion changes seen by a watch; cloud requests by the
// simulator's counters. The scenarios run concurrently, each on its own CR and cluster.
import { jest } from '@jest/globals';
import type { ClusterUpgradeWatch } from '../../src/api/types.js';
import {
  clusterId,
  putState,
  requestCount,
  setupSuite,
  specFor,
  teardownSuite,
  type Suite,
} from '../helpers/operator-fixture.js';
import {
  condition,
  createWatch,
  deleteWatch,
  ensureOperatorBuilt,
  eventually,
  getWatch,
  hasSeries,
  OperatorProcess,
  patchSpec,
  selectorFor,
  simPlacement,
  sleep,
  waitForWatch,
  withLogs,
} from '../helpers/operator-harness.js';
import { ACK, CCE } from '../helpers/operator-states.js';
import { FakeTimers } from '../helpers/fake-timers.js';
import { startInProcessOperator, type InProcessOperator } from '../helpers/operator-inprocess.js';
import { startSimulator, type RunningSimulator } from '../../src/simulator/index.js';

jest.setTimeout(180_000);

const WINDOW_MS = 16_000;

let suite: Suite;
let quiet: OperatorProcess;
let beating: OperatorProcess;
let inproc: InProcessOperator | undefined;
let virtualSim: RunningSimulator | undefined;
const logs = () => [
  { name: 'operator A (heartbeat 1h)', tail: () => quiet?.logTail() ?? '' },
  { name: 'operator B (heartbeat 3s)', tail: () => beating?.logTail() ?? '' },
  { name: 'in-process operator', tail: () => inproc?.log.tail() ?? '' },
];

const scenarios = new Map<string, Promise<unknown>>();
function launch<T>(name: string, run: () => Promise<T>): void {
  const promise = run();
  promise.catch(() => undefined); // reported by the test that awaits it
  scenarios.set(name, promise);
}
async function outcome<T>(name: string): Promise<T> {
  return (await scenarios.get(name)) as T;
}

const isRunningSynced = (w: ClusterUpgradeWatch) =>
  w.status?.phase === 'Running' && condition(w, 'Synced')?.status === 'True';

/** Creates `name` on a Running ACK cluster (polled every 5s) and waits for the first status. */
async function runningWatch(name: string, run = suite.space.run): Promise<string> {
  const cluster = clusterId(name);
  putState(suite, 'AlibabaACK', cluster, ACK.upgrading);
  await createWatch(suite.space, name, specFor(suite, 'AlibabaACK', cluster), run);
  await waitForWatch(suite.space, name, 'first poll', isRunningSynced, 20_000);
  return cluster;
}

beforeAll(async () => {
  [suite] = await Promise.all([setupSuite('op-poll'), ensureOperatorBuilt()]);
  const heartbeatRun = `${suite.space.run}-hb`;
  [quiet, beating] = await Promise.all([
    OperatorProcess.start({
      name: 'A',
      kubeconfig: suite.saKubeconfig,
      selector: suite.space.selector,
      args: ['--status-heartbeat', '1h'],
    }),
    OperatorProcess.start({
      name: 'B',
      kubeconfig: suite.saKubeconfig,
      selector: selectorFor(heartbeatRun),
      args: ['--status-heartbeat', '3s'],
    }),
  ]);

  launch('quiet', async () => {
    const cluster = await runningWatch('quiet');
    await sleep(1_000);
    const since = Date.now();
    const before = requestCount(suite, cluster);
    await sleep(WINDOW_MS);
    return {
      polls: requestCount(suite, cluster) - before,
      writes: suite.recorder.writesSince('quiet', since),
    };
  });

  launch('heartbeat', async () => {
    const cluster = await runningWatch('beat', heartbeatRun);
    await sleep(1_000);
    const since = Date.now();
    const before = requestCount(suite, cluster);
    await sleep(WINDOW_MS);
    return {
      polls: requestCount(suite, cluster) - before,
      writes: suite.recorder.writesSince('beat', since),
    };
  });

  launch('edit', async () => {
    const cluster = clusterId('edit');
    putState(suite, 'HuaweiCCE', cluster, CCE.idle());
    await createWatch(suite.space, 'edit', specFor(suite, 'HuaweiCCE', cluster, { idlePollInterval: '10m' }));
    await waitForWatch(suite.space, 'edit', 'first poll', (w) => w.status?.phase === 'Idle', 20_000);
    await sleep(2_000);
    const idleBefore = requestCount(suite, cluster);
    await sleep(3_000); // idle: the next timed poll is 10 minutes away
    const idleAfter = requestCount(suite, cluster);
    await patchSpec(suite.space, 'edit', { idlePollInterval: '11m' });
    // The next timed poll is 10 minutes away, so a poll now is the edit's. The 30 s deadline
    // only guards against a hang; how fast it comes is measured by `npm run bench:operator`.
    await eventually(
      'a poll after the spec edit',
      () => requestCount(suite, cluster) > idleAfter,
      30_000,
      20,
    );
    const w = await waitForWatch(
      suite.space,
      'edit',
      'observedGeneration 2',
      (x) => x.status?.observedGeneration === 2,
      10_000,
    );
    return { quietPolls: idleAfter - idleBefore, watch: w };
  });

  launch('suspend', async () => {
    const cluster = await runningWatch('susp');
    const before = (await getWatch(suite.space, 'susp')) as ClusterUpgradeWatch;
    await patchSpec(suite.space, 'susp', { suspend: true });
    const suspended = await waitForWatch(
      suite.space,
      'susp',
      'Synced False Suspended',
      (w) => condition(w, 'Synced')?.reason === 'Suspended',
      15_000,
    );
    const start = requestCount(suite, cluster);
    await sleep(WINDOW_MS);
    const requestsWhileSuspended = requestCount(suite, cluster) - start;
    const resumeAt = requestCount(suite, cluster);
    await patchSpec(suite.space, 'susp', { suspend: false });
    await eventually('a poll after resuming', () => requestCount(suite, cluster) > resumeAt, 10_000, 50);
    const resumed = await waitForWatch(
      suite.space,
      'susp',
      'Synced True again',
      (w) => condition(w, 'Synced')?.status === 'True',
      10_000,
    );
    return { before, suspended, requestsWhileSuspended, resumed };
  });

  launch('delete', async () => {
    const cluster = await runningWatch('del');
    const labels = { namespace: suite.space.namespace, name: 'del' };
    const seriesBefore = await quiet.metrics();
    await deleteWatch(suite.space, 'del');
    await eventually('the CR gone', async () => (await getWatch(suite.space, 'del')) === undefined, 10_000);
    await eventually(
      'the metric series of del to disappear',
      async () => !hasSeries(await quiet.metrics(), 'upgradewatch_upgrade_phase', labels),
      10_000,
      200,
    );
    await sleep(1_000); // a poll already in flight at the delete may still land
    const start = requestCount(suite, cluster);
    await sleep(WINDOW_MS);
    return {
      seriesBefore,
      seriesAfter: await quiet.metrics(),
      labels,
      requestsAfterDelete: requestCount(suite, cluster) - start,
    };
  });
});

afterAll(async () => {
  await inproc?.stop();
  await virtualSim?.stop();
  await teardownSuite(suite);
});

describe('status writes only on change', () => {
  it('nothing changes in the cloud: polls continue, no status write (heartbeat 1h)', () =>
    withLogs(logs, async () => {
      const { polls, writes } = await outcome<{ polls: number; writes: unknown[] }>('quiet');
      // pollInterval 5s ±10% over 16 s: three polls (at least two however they fall).
      expect(polls).toBeGreaterThanOrEqual(2);
      expect(writes).toEqual([]);
    }));

  it('with --status-heartbeat 3s the same quiet cloud gives lastSyncTime-only writes', () =>
    withLogs(logs, async () => {
      const { polls, writes } = await outcome<{
        polls: number;
        writes: Array<{ object: ClusterUpgradeWatch }>;
      }>('heartbeat');
      expect(polls).toBeGreaterThanOrEqual(2);
      expect(writes.length).toBeGreaterThanOrEqual(2);
      // At most one write per poll: the heartbeat rides on polls, it is not a timer of its own.
      expect(writes.length).toBeLessThanOrEqual(polls);
      const times = writes.map((w) => Date.parse(w.object.status?.lastSyncTime ?? ''));
      times.slice(1).forEach((t, i) => expect(t - times[i]!).toBeGreaterThanOrEqual(3_000));
      const withoutSync = writes.map((w) => {
        const { lastSyncTime: _ignored, ...rest } = w.object.status ?? {};
        return rest;
      });
      for (const status of withoutSync.slice(1)) expect(status).toEqual(withoutSync[0]);
    }));
});

describe('polls follow the spec', () => {
  it('a spec edit polls at once, not at the next idle poll', () =>
    withLogs(logs, async () => {
      const { quietPolls, watch } = await outcome<{ quietPolls: number; watch: ClusterUpgradeWatch }>('edit');
      expect(quietPolls).toBe(0); // idle with idlePollInterval 10m: no poll of its own
      expect(watch.status?.conditions?.every((c) => c.observedGeneration === 2)).toBe(true);
    }));

  it('in its own time: the poll follows the edit with no timed poll due (in-process, virtual clock)', () =>
    withLogs(logs, async () => {
      // The operator's controller and queue run on a virtual clock that only the test moves,
      // so a poll seen while virtual time stands still cannot be a timed one.
      const clock = new FakeTimers(new Date());
      virtualSim = await startSimulator({ scenario: { credentials: [suite.keys.huawei] }, clock });
      const run = `${suite.space.run}-virtual`;
      inproc = await startInProcessOperator({
        kubeconfig: suite.saKubeconfig,
        selector: selectorFor(run),
        clock,
      });
      const cluster = clusterId('edit-virtual');
      virtualSim.admin.putCluster('HuaweiCCE', cluster, { state: CCE.idle(), ...simPlacement('HuaweiCCE') });
      const spec = {
        ...specFor(suite, 'HuaweiCCE', cluster, { idlePollInterval: '10m' }),
        endpoint: virtualSim.url,
      };
      await createWatch(suite.space, 'edit-virtual', spec, run);
      await waitForWatch(
        suite.space,
        'edit-virtual',
        'first poll',
        (w) => w.status?.phase === 'Idle',
        30_000,
      );
      await inproc.settle();
      const polls = () => inproc!.calls.filter((c) => c.url.includes(cluster));
      // Nine virtual minutes of idling: the 10-minute idle poll is not due, and none happens.
      const before = polls().length;
      await inproc.advance(9 * 60_000, 30_000);
      expect(polls()).toHaveLength(before);

      const editedAt = clock.nowMillis();
      await patchSpec(suite.space, 'edit-virtual', { idlePollInterval: '11m' });
      // Real-time wait (a hang guard) with virtual time held: only timers due now may fire.
      await eventually(
        'a poll after the spec edit',
        async () => {
          await clock.advance(0);
          return polls().length > before;
        },
        30_000,
        50,
      );
      // Every poll since the edit was sent at the edit's virtual instant: none was timed.
      const sinceEdit = polls().slice(before);
      expect(clock.nowMillis()).toBe(editedAt);
      expect(sinceEdit.map((c) => c.at - editedAt)).toEqual(sinceEdit.map(() => 0));
    }));

  it('suspend: true makes zero cloud requests and reports Synced False Suspended, the rest unchanged', () =>
    withLogs(logs, async () => {
      const { before, suspended, requestsWhileSuspended, resumed } = await outcome<{
        before: ClusterUpgradeWatch;
        suspended: ClusterUpgradeWatch;
        requestsWhileSuspended: number;
        resumed: ClusterUpgradeWatch;
      }>('suspend');
      expect(requestsWhileSuspended).toBe(0);
      expect(condition(suspended, 'Synced')).toMatchObject({ status: 'False', reason: 'Suspended' });
      for (const type of ['Ready', 'Progressing', 'Stalled']) {
        expect(condition(suspended, type)).toEqual(condition(before, type));
      }
      expect({ phase: suspended.status?.phase, progress: suspended.status?.progress }).toEqual({
        phase: 'Running',
        progress: 50,
      });
      expect(condition(resumed, 'Synced')).toMatchObject({ status: 'True', reason: 'PollSucceeded' });
    }));

  it('deleting the CR stops its polling and removes its metric series', () =>
    withLogs(logs, async () => {
      const { seriesBefore, seriesAfter, labels, requestsAfterDelete } = await outcome<{
        seriesBefore: string;
        seriesAfter: string;
        labels: Record<string, string>;
        requestsAfterDelete: number;
      }>('delete');
      const names = [
        'upgradewatch_upgrade_phase',
        'upgradewatch_upgrade_progress_ratio',
        'upgradewatch_last_successful_poll_timestamp_seconds',
      ];
      for (const name of names) {
        expect({ name, before: hasSeries(seriesBefore, name, labels) }).toEqual({ name, before: true });
        expect({ name, after: hasSeries(seriesAfter, name, labels) }).toEqual({ name, after: false });
      }
      expect(requestsAfterDelete).toBe(0);
    }));
});
