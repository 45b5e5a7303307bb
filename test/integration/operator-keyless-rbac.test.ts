// Keyless watches through the operator process (dist/main.js), bound only by deploy/rbac/: the
// shipped rules let it read the watch's ServiceAccount and mint its token (TokenRequest on the
// real kube-apiserver); the simulator verifies that token against the kube-apiserver's JWKS and
// issues temporary keys, so the watch polls the cloud with them (Synced True). A watch whose
// ServiceAccount is missing gets CredentialsNotFound naming it. The cases that need the clock
// moved (expiry, refresh, throttling) are in operator-keyless.test.ts.
import { jest } from '@jest/globals';
import { kubeRequestOk as kubeOk } from '../../src/devkit/kube-rest.js';
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
  adminKubeConfig,
  condition,
  createWatch,
  ensureOperatorBuilt,
  OperatorProcess,
  waitForWatch,
  withLogs,
  type WatchSpec,
} from '../helpers/operator-harness.js';
import { kubeTrust, ROLE_ARN, OIDC_PROVIDER_ARN } from '../helpers/keyless.js';
import { ACK } from '../helpers/operator-states.js';

jest.setTimeout(180_000);

let suite: Suite;
let op: OperatorProcess;
const logs = () => [{ name: 'operator', tail: () => op?.logTail() ?? '' }];

function keylessSpec(cluster: string, serviceAccountName: string): WatchSpec {
  const { credentialsRef: _unused, ...spec } = specFor(suite, 'AlibabaACK', cluster);
  return {
    ...spec,
    workloadIdentity: {
      serviceAccountName,
      roleARN: ROLE_ARN,
      oidcProviderARN: OIDC_PROVIDER_ARN,
    },
  };
}

beforeAll(async () => {
  const workloadIdentity = kubeTrust(adminKubeConfig(), ['system:serviceaccount:*:reader']);
  [suite] = await Promise.all([setupSuite('op-keyless', { workloadIdentity }), ensureOperatorBuilt()]);
  op = await OperatorProcess.start({ kubeconfig: suite.saKubeconfig, selector: suite.space.selector });
});

afterAll(async () => {
  await teardownSuite(suite);
});

it('under the shipped RBAC the token is minted, verified and exchanged, and the cloud polled with the keys; a missing ServiceAccount is named', () =>
  withLogs(logs, async () => {
    const cluster = clusterId('kl');
    putState(suite, 'AlibabaACK', cluster, ACK.upgrading);
    await kubeOk(suite.kc, 'POST', `/api/v1/namespaces/${suite.space.namespace}/serviceaccounts`, {
      metadata: { name: 'reader' },
    });
    await createWatch(suite.space, 'with-sa', keylessSpec(cluster, 'reader'));
    await createWatch(suite.space, 'no-sa', keylessSpec(cluster, 'ghost'));
    const polled = await waitForWatch(
      suite.space,
      'with-sa',
      'Running, polled with temporary keys',
      (w) => w.status?.phase === 'Running' && condition(w, 'Synced')?.status === 'True',
      60_000,
    );
    expect(polled.status?.phase).toBe('Running');
    expect(suite.sim.admin.counters({ operation: 'AssumeRoleWithOIDC' }).entries[0]?.outcomes['ok']).toBe(1);
    expect(requestCount(suite, cluster, 'ok')).toBeGreaterThan(0);
    const missing = await waitForWatch(
      suite.space,
      'no-sa',
      'CredentialsNotFound for the missing ServiceAccount',
      (w) => condition(w, 'Synced')?.reason === 'CredentialsNotFound',
      60_000,
    );
    expect(condition(missing, 'Synced')?.message).toContain(
      `ServiceAccount ${suite.space.namespace}/ghost not found`,
    );
    expect(op.logTail()).not.toMatch(/eyJ[A-Za-z0-9_-]{20,}\.[A-Za-z0-9_-]{20,}/);
  }));
