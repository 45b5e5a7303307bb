// kube-apiserver restarts under a running operator (docs/reference.md#reconcile-loop: the informer restarts with
// backoff on any error; no status update may be lost). This file starts its own control plane
// (real kube-apiserver + etcd) so it can restart kube-apiserver without disturbing the shared
// one; CRD, deploy/rbac/ and the ServiceAccount kubeconfig are set up on it as everywhere else.
//  - a simulator state change made WHILE kube-apiserver is down reaches the CR status once it is
//    back (the poll result is remembered and written when the API answers again);
//  - a change made after the restart is followed too, and so is a spec edit (the watch itself
//    recovered, not only the timed polls); the operator process never exits.
import { jest } from '@jest/globals';
import { startControlPlane, type ControlPlane } from '../../src/controlplane/index.js';
import {
  clusterId,
  putState,
  setupSuite,
  specFor,
  teardownSuite,
  type Suite,
} from '../helpers/operator-fixture.js';
import {
  condition,
  createWatch,
  ensureOperatorBuilt,
  matchesExpected,
  OperatorProcess,
  patchSpec,
  sleep,
  waitForWatch,
  withLogs,
} from '../helpers/operator-harness.js';
import { ACK, ackScript } from '../helpers/operator-states.js';

jest.setTimeout(240_000);

let cp: ControlPlane;
let suite: Suite;
let op: OperatorProcess;
let cluster: string;
const logs = () => [{ name: 'operator', tail: () => op?.logTail() ?? '' }];
const [, prechecking, upgrading, success] = ackScript();

beforeAll(async () => {
  [cp] = await Promise.all([startControlPlane(), ensureOperatorBuilt()]);
  suite = await setupSuite('op-restart', { controlPlane: cp });
  op = await OperatorProcess.start({ kubeconfig: suite.saKubeconfig, selector: suite.space.selector });
  cluster = clusterId('restart');
  putState(suite, 'AlibabaACK', cluster, ACK.prechecking);
  await createWatch(suite.space, 'restart', specFor(suite, 'AlibabaACK', cluster));
});

afterAll(async () => {
  await teardownSuite(suite);
  await cp?.stop();
});

describe('kube-apiserver restart', () => {
  it('a cloud change made while kube-apiserver is down reaches the CR once it is back', () =>
    withLogs(logs, async () => {
      await waitForWatch(
        suite.space,
        'restart',
        prechecking!.label,
        (w) => matchesExpected(w, prechecking!.expect),
        20_000,
      );
      const restarting = cp.restartApiServer();
      await sleep(500); // kube-apiserver is stopping/down now
      putState(suite, 'AlibabaACK', cluster, ACK.upgrading);
      const began = Date.now();
      await restarting;
      process.stdout.write(`METRIC apiserver-restart-ms=${Date.now() - began + 500}\n`);
      const w = await waitForWatch(
        suite.space,
        'restart',
        upgrading!.label,
        (x) => matchesExpected(x, upgrading!.expect),
        60_000,
      );
      expect(w.status?.progress).toBe(50);
      expect(op.exit).toBeUndefined();
    }));

  it('after the restart, cloud changes and spec edits are still followed', () =>
    withLogs(logs, async () => {
      await patchSpec(suite.space, 'restart', { idlePollInterval: '45s' });
      const edited = await waitForWatch(
        suite.space,
        'restart',
        'the spec edit observed',
        (w) => w.status?.observedGeneration === w.metadata.generation && (w.metadata.generation ?? 0) >= 2,
        30_000,
      );
      expect(condition(edited, 'Synced')?.status).toBe('True');
      putState(suite, 'AlibabaACK', cluster, ACK.success);
      const done = await waitForWatch(
        suite.space,
        'restart',
        success!.label,
        (w) => matchesExpected(w, success!.expect),
        30_000,
      );
      expect(done.status?.progress).toBe(100);
      expect(op.exit).toBeUndefined();
      // The informer noticed the outage and came back by itself.
      expect(op.lines.some((l) => l.msg === 'informer restarting')).toBe(true);
    }));
});
