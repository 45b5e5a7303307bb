// HuaweiCSS on the wire (docs/reference.md#provider-huaweicss), on the real kube-apiserver with
// the operator process and a simulator that enforces the API's documented `action_mode` values:
//  - the simulator itself refuses `action_mode=UPGRADING` (what the operator used to send) with
//    CSS's HTTP 400 CSS.0001, which the client boundary classifies as RequestRejected;
//  - a CSS watch with the default actionMode (Upgrading) reaches Running and then Succeeded
//    against that strict simulator, with no refused request, and the metrics name the operation
//    `UpgradeDetail`.
import { jest } from '@jest/globals';
import type { ClusterUpgradeWatch } from '../../src/api/types.js';
import { createAxiosTransport } from '../../src/providers/common/axios-transport.js';
import { huaweiGet } from '../../src/providers/huawei-common/request.js';
import { detailPath } from '../../src/providers/huawei-css/client.js';
import { upgradeDetailPageSchema } from '../../src/providers/huawei-css/schema.js';
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
  ensureOperatorBuilt,
  hasSeries,
  OperatorProcess,
  PROJECT_ID,
  waitForWatch,
  withLogs,
} from '../helpers/operator-harness.js';
import { CSS } from '../helpers/operator-states.js';

jest.setTimeout(120_000);

let suite: Suite;
let op: OperatorProcess;
const logs = () => [{ name: 'operator', tail: () => op?.logTail() ?? '' }];

beforeAll(async () => {
  [suite] = await Promise.all([setupSuite('op-css'), ensureOperatorBuilt()]);
  op = await OperatorProcess.start({
    name: 'css',
    kubeconfig: suite.saKubeconfig,
    selector: suite.space.selector,
  });
});

afterAll(async () => {
  await teardownSuite(suite);
});

const synced = (w: ClusterUpgradeWatch) => condition(w, 'Synced')?.status === 'True';

describe('HuaweiCSS against a simulator that enforces action_mode', () => {
  it('the simulator refuses action_mode=UPGRADING with 400 CSS.0001 → RequestRejected', async () => {
    const cluster = clusterId('css-strict');
    putState(suite, 'HuaweiCSS', cluster, CSS.node2());
    const context = {
      provider: 'HuaweiCSS' as const,
      baseUrl: suite.sim.url,
      credentials: suite.keys.huawei,
      projectId: PROJECT_ID,
      transport: createAxiosTransport(),
      clock: { now: () => new Date() },
    };
    const get = (query: Record<string, string>) =>
      huaweiGet(context, {
        operation: 'UpgradeDetail',
        path: detailPath(PROJECT_ID, cluster),
        query,
        schema: upgradeDetailPageSchema,
      });
    const refused = await get({ offset: '1', limit: '10', action_mode: 'UPGRADING' });
    expect(refused).toMatchObject({
      ok: false,
      error: { class: 'RequestRejected', code: 'CSS.0001', httpStatus: 400 },
    });
    expect(!refused.ok && refused.error.requestId).toBeTruthy();
    // The same request without action_mode is answered: the refusal is about that value only.
    expect(await get({ offset: '1', limit: '10' })).toMatchObject({ ok: true });
  });

  it('a default (Upgrading) CSS watch reaches Running, then Succeeded, with no refused request', async () => {
    await withLogs(logs, async () => {
      const cluster = clusterId('css-wire');
      putState(suite, 'HuaweiCSS', cluster, CSS.node2());
      await createWatch(suite.space, 'css-wire', specFor(suite, 'HuaweiCSS', cluster));

      const running = await waitForWatch(
        suite.space,
        'css-wire',
        'Running',
        (w) => w.status?.phase === 'Running' && synced(w),
        30_000,
      );
      expect(running.status).toMatchObject({
        progress: 33,
        currentStep: 'css-op-ess-esn-2-1: Node image replacement',
        nodes: { total: 3, completed: 1, current: ['css-op-ess-esn-2-1'] },
      });

      putState(suite, 'HuaweiCSS', cluster, CSS.success());
      const done = await waitForWatch(
        suite.space,
        'css-wire',
        'Succeeded',
        (w) => w.status?.phase === 'Succeeded' && synced(w),
        30_000,
      );
      expect(done.status?.progress).toBe(100);
      expect(condition(done, 'Ready')).toMatchObject({ status: 'True', reason: 'UpgradeSucceeded' });

      // Every request the operator made was answered: none refused, none failed.
      expect(requestCount(suite, cluster)).toBeGreaterThanOrEqual(2);
      expect(requestCount(suite, cluster, 'ok')).toBe(requestCount(suite, cluster));
      const metrics = await op.metrics();
      expect(
        hasSeries(metrics, 'upgradewatch_cloud_requests_total', {
          provider: 'HuaweiCSS',
          operation: 'UpgradeDetail',
          result: 'Success',
        }),
      ).toBe(true);
    });
  });
});
