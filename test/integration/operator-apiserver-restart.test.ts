// kube-apiserver restarts under a running operator (docs/reference.md#reconcile-loop: the informer restarts with
// backoff on any error; no status update may be lost). This file starts its own control plane
// (real kube-apiserver + etcd) so it can restart kube-apiserver without disturbing the shared
// one; CRD, deploy/rbac/ and the ServiceAccount kubeconfig are set up on it as everywhere else.
//  - a simulator state change made WHILE kube-apiserver is down (a /readyz probe just before and
//    just after the change finds it unreachable) reaches the CR status once it is back (the poll
//    result is remembered and written when the API answers again);
//  - after a restart, a cloud change is followed too, and so is a spec edit (the watch itself
//    recovered, not only the timed polls); the operator process never exits.
// Each test has its own CR and its own restart, so either can run alone.
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
  eventually,
  kube,
  patchSpec,
  waitForWatch,
  withLogs,
} from '../helpers/operator-harness.js';
import { ACK, ackScript } from '../helpers/operator-states.js';

jest.setTimeout(240_000);

let cp: ControlPlane;
let suite: Suite;
let op: OperatorProcess;
const logs = () => [{ name: 'operator', tail: () => op?.logTail() ?? '' }];
const [, prechecking, upgrading, success] = ackScript();

beforeAll(async () => {
  [cp] = await Promise.all([startControlPlane(), ensureOperatorBuilt()]);
  suite = await setupSuite('op-restart', { controlPlane: cp });
  op = await OperatorProcess.start({ kubeconfig: suite.saKubeconfig, selector: suite.space.selector });
});

/** kube-apiserver's /readyz: 'up' on 200; 'down' when it refuses, fails or is not ready. */
async function apiServerReadyz(): Promise<'up' | 'down'> {
  try {
    const res = await kube(cp.kubeConfig, 'GET', '/readyz', undefined, undefined, { timeoutMs: 1_000 });
    return res.status === 200 ? 'up' : 'down';
  } catch {
    return 'down';
  }
}

/** Creates `name` on a Prechecking ACK cluster and waits for that status. */
async function precheckingWatch(name: string): Promise<string> {
  const cluster = clusterId(name);
  putState(suite, 'AlibabaACK', cluster, ACK.prechecking);
  await createWatch(suite.space, name, specFor(suite, 'AlibabaACK', cluster));
  await waitForWatch(
    suite.space,
    name,
    prechecking!.label,
    (w) => matchesExpected(w, prechecking!.expect),
    20_000,
  );
  return cluster;
}

afterAll(async () => {
  await teardownSuite(suite);
  await cp?.stop();
});

describe('kube-apiserver restart', () => {
  it('a cloud change made while kube-apiserver is down reaches the CR once it is back', () =>
    withLogs(logs, async () => {
      const cluster = await precheckingWatch('restart');
      expect(await apiServerReadyz()).toBe('up');
      const restarting = cp.restartApiServer();
      // The change is made inside the outage: /readyz is unreachable before it and still after.
      await eventually(
        'kube-apiserver to go down',
        async () => (await apiServerReadyz()) === 'down',
        30_000,
        50,
      );
      putState(suite, 'AlibabaACK', cluster, ACK.upgrading);
      expect(await apiServerReadyz()).toBe('down');
      await restarting;
      expect(await apiServerReadyz()).toBe('up');
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

  it('after a restart, cloud changes and spec edits are still followed', () =>
    withLogs(logs, async () => {
      const cluster = await precheckingWatch('after');
      await cp.restartApiServer();
      expect(await apiServerReadyz()).toBe('up');
      await patchSpec(suite.space, 'after', { idlePollInterval: '45s' });
      const edited = await waitForWatch(
        suite.space,
        'after',
        'the spec edit observed',
        (w) => w.status?.observedGeneration === w.metadata.generation && (w.metadata.generation ?? 0) >= 2,
        30_000,
      );
      expect(condition(edited, 'Synced')?.status).toBe('True');
      putState(suite, 'AlibabaACK', cluster, ACK.success);
      const done = await waitForWatch(
        suite.space,
        'after',
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
