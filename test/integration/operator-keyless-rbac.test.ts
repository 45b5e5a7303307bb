// Keyless watches through the operator process, bound only by deploy/rbac/: the shipped rules
// let it read the watch's ServiceAccount and mint its token (TokenRequest on the real
// kube-apiserver), so the only refusal left is the cloud's — the simulator does not serve
// AssumeRoleWithOIDC yet, so the exchange is refused (AuthFailed), never CredentialsNotFound
// for RBAC. A watch whose ServiceAccount is missing gets CredentialsNotFound naming it.
import { jest } from '@jest/globals';
import { kubeRequestOk as kubeOk } from '../../src/devkit/kube-rest.js';
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
  OperatorProcess,
  waitForWatch,
  withLogs,
  type WatchSpec,
} from '../helpers/operator-harness.js';
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
      roleARN: 'acs:ram::1234567890123456:role/reader',
      oidcProviderARN: 'acs:ram::1234567890123456:oidc-provider/ack-rrsa-test',
    },
  };
}

beforeAll(async () => {
  [suite] = await Promise.all([setupSuite('op-keyless'), ensureOperatorBuilt()]);
  op = await OperatorProcess.start({ kubeconfig: suite.saKubeconfig, selector: suite.space.selector });
});

afterAll(async () => {
  await teardownSuite(suite);
});

it('under the shipped RBAC the token is minted and the exchange reaches the cloud; a missing ServiceAccount is named', () =>
  withLogs(logs, async () => {
    const cluster = clusterId('kl');
    putState(suite, 'AlibabaACK', cluster, ACK.upgrading);
    await kubeOk(suite.kc, 'POST', `/api/v1/namespaces/${suite.space.namespace}/serviceaccounts`, {
      metadata: { name: 'reader' },
    });
    await createWatch(suite.space, 'with-sa', keylessSpec(cluster, 'reader'));
    await createWatch(suite.space, 'no-sa', keylessSpec(cluster, 'ghost'));
    const refused = await waitForWatch(
      suite.space,
      'with-sa',
      'the exchange refused by the cloud',
      (w) => condition(w, 'Synced')?.reason === 'AuthFailed',
      60_000,
    );
    expect(condition(refused, 'Synced')?.message).toContain('AssumeRoleWithOIDC refused');
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
