// status.history on the real kube-apiserver (docs/reference.md#status-fields): the operator
// process follows a HuaweiCCE upgrade to Succeeded and records it once; a restarted operator
// (a new process with an empty memory, re-listing every CR) neither duplicates nor drops it; a
// second upgrade that fails goes first. Every CR version the API server stored is checked with
// the chaos run's history invariant (append-only per upgradeID, bounded, never lost).
import { jest } from '@jest/globals';
import type { ClusterUpgradeWatch } from '../../src/api/types.js';
import type { ClusterState } from '../../src/simulator/index.js';
import { checkUpgradeHistory } from '../chaos/invariants.js';
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
  createWatch,
  ensureOperatorBuilt,
  eventually,
  metricSum,
  OperatorProcess,
  patchSpec,
  waitForWatch,
  withLogs,
} from '../helpers/operator-harness.js';
import { CCE } from '../helpers/operator-states.js';

// Generous guard against a hang only: two operator starts and a handful of 5 s polls.
jest.setTimeout(180_000);

let suite: Suite;
let op: OperatorProcess;
const logs = () => [{ name: 'operator', tail: () => op?.logTail() ?? '' }];
const startOperator = () =>
  OperatorProcess.start({ kubeconfig: suite.saKubeconfig, selector: suite.space.selector });

beforeAll(async () => {
  [suite] = await Promise.all([setupSuite('op-hist'), ensureOperatorBuilt()]);
  op = await startOperator();
});

afterAll(async () => {
  await teardownSuite(suite);
});

const FIRST = 'a1b2c3d4-0000-4000-8000-00000000f001';
const SECOND = 'a1b2c3d4-0000-4000-8000-00000000f002';
/** The scripted CCE states all name one workflow uid: give each upgrade its own. */
function workflow(uid: string, state: ClusterState): ClusterState {
  const copy = structuredClone(state) as {
    ListUpgradeWorkFlows: { items: Array<{ metadata: { uid: string } }> };
  };
  for (const item of copy.ListUpgradeWorkFlows.items) item.metadata.uid = uid;
  return copy as unknown as ClusterState;
}
const ids = (w: ClusterUpgradeWatch) => (w.status?.history ?? []).map((e) => `${e.upgradeID}:${e.phase}`);

it('a finished upgrade adds one entry; a restart does not duplicate it; the next one goes first', async () => {
  await withLogs(logs, async () => {
    const name = 'history';
    const cluster = clusterId('hist');
    putState(suite, 'HuaweiCCE', cluster, workflow(FIRST, CCE.precheck(FIRST)));
    await createWatch(suite.space, name, specFor(suite, 'HuaweiCCE', cluster));
    await waitForWatch(suite.space, name, 'Running', (w) => w.status?.phase === 'Running', 60_000);

    putState(suite, 'HuaweiCCE', cluster, workflow(FIRST, CCE.success(FIRST)));
    const done = await waitForWatch(
      suite.space,
      name,
      'Succeeded',
      (w) => w.status?.phase === 'Succeeded',
      60_000,
    );
    expect(ids(done)).toEqual([`${FIRST}:Succeeded`]);
    expect(done.status?.history?.[0]).toMatchObject({
      upgradeID: FIRST,
      fromVersion: 'v1.28.3-r0',
      toVersion: 'v1.29.1-r0',
      phase: 'Succeeded',
    });

    // A new process: empty memory, full re-list, a first poll of the same finished upgrade.
    await op.stop();
    const polledBefore = requestCount(suite, cluster);
    op = await startOperator();
    await eventually(
      'the restarted operator polls the cloud',
      () => requestCount(suite, cluster) > polledBefore,
      60_000,
    );
    // The reconcile that made that poll has finished (written or found nothing to change):
    await eventually(
      'a finished reconcile of the restarted operator',
      async () => metricSum(await op.metrics(), 'upgradewatch_reconcile_total') >= 1,
      30_000,
    );
    const afterRestart = await waitForWatch(
      suite.space,
      name,
      'still Succeeded',
      (w) => w.status?.phase === 'Succeeded',
      10_000,
    );
    expect(ids(afterRestart)).toEqual([`${FIRST}:Succeeded`]);

    // A second upgrade fails. A spec edit makes the idle-interval watch poll at once.
    putState(suite, 'HuaweiCCE', cluster, workflow(SECOND, CCE.precheck(SECOND)));
    await patchSpec(suite.space, name, { pollInterval: '6s' });
    await waitForWatch(
      suite.space,
      name,
      'second upgrade Running',
      (w) => w.status?.upgradeID === SECOND,
      60_000,
    );
    putState(suite, 'HuaweiCCE', cluster, workflow(SECOND, CCE.failed(SECOND)));
    const failed = await waitForWatch(
      suite.space,
      name,
      'Failed',
      (w) => w.status?.phase === 'Failed',
      60_000,
    );
    expect(ids(failed)).toEqual([`${SECOND}:Failed`, `${FIRST}:Succeeded`]);

    const versions = suite.recorder.of(name).flatMap((v) => (v.object.status ? [v.object.status] : []));
    expect(versions.length).toBeGreaterThan(3);
    expect(checkUpgradeHistory(name, versions)).toEqual([]);
  });
});
