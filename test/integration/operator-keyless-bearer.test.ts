// Keyless GoogleGKE and AzureAKS on the real kube-apiserver (docs/keyless.md): the operator
// (in-process, bound only by deploy/rbac/, on a virtual clock shared with the simulator) mints
// each watch's ServiceAccount token with TokenRequest and trades it — at Microsoft Entra as the
// client assertion of a client-credentials grant, at Google STS in a token exchange — for an
// access token the cloud's API accepts. The simulator verifies the tokens against the control
// plane's own /openid/v1/jwks (src/devkit/kube-trust.ts declares the Entra app's federated
// credential and the Google pool provider, both trusting `reader*` ServiceAccounts).
//
// Per cloud: a keyless watch with no Secret reaches Running, then Succeeded, with a token of the
// right audience; a missing ServiceAccount is CredentialsNotFound (the watch recovers once it
// exists); an untrusted ServiceAccount is AuthFailed; and no ServiceAccount or access token
// appears in any log line, CR version or Event.
//
// The virtual clock starts a minute ahead of the wall clock and only moves forward (the
// kube-apiserver stamps ServiceAccount tokens' nbf/iat with real time), and the file moves it
// well under an hour (those tokens expire by real time).
import { jest } from '@jest/globals';
import { decodeJwt } from 'jose';
import { ENTRA_FEDERATION_AUDIENCE } from '../../src/providers/azure-aks/auth.js';
import { AZURE_AKS, GOOGLE_GKE, type ProviderName } from '../../src/providers/names.js';
import { SAMPLES } from '../../src/providers/samples.js';
import { GOOGLE_POOL_PROVIDER } from '../../src/devkit/kube-trust.js';
import { createServiceAccount, keylessSpec, subjectOf } from '../helpers/keyless.js';
import { keylessWorld, operatorSurfaces } from '../helpers/keyless-world.js';
import { clusterId, putState } from '../helpers/operator-fixture.js';
import { condition, withLogs } from '../helpers/operator-harness.js';
import { expectNoSecretLeak } from '../helpers/secret-scan.js';
import { phase, syncedReason } from '../helpers/watch-predicates.js';

jest.setTimeout(300_000);

/** The federated credential's and the pool provider's subjects: `intruder` is not among them. */
const TRUSTED = ['system:serviceaccount:*:reader*'];
const KEYLESS: ReadonlyArray<{ provider: ProviderName; audience: string; exchange: RegExp }> = [
  { provider: AZURE_AKS, audience: ENTRA_FEDERATION_AUDIENCE, exchange: /Entra client assertion refused/ },
  { provider: GOOGLE_GKE, audience: GOOGLE_POOL_PROVIDER, exchange: /Google STS token exchange refused/ },
];

const world = keylessWorld('op-keyless-bearer', {
  trusted: TRUSTED,
  serviceAccounts: ['reader-aks', 'reader-gke', 'intruder'],
});
const logs = () => [{ name: 'in-process operator', tail: () => world.inproc?.log.tail() ?? '' }];

function requests(clusterID: string, outcome: string): number {
  const report = world.suite.sim.admin.counters({ clusterID });
  return report.entries.reduce((sum, entry) => sum + (entry.outcomes[outcome] ?? 0), 0);
}

/** The ServiceAccount tokens the simulator received for `serviceAccount`, decoded. */
function receivedTokensOf(serviceAccount: string) {
  return world.secrets
    .filter((value) => value.startsWith('eyJ') && value.split('.').length === 3)
    .map((value) => decodeJwt(value))
    .filter((claims) => claims.sub === subjectOf(world.suite.space.namespace, serviceAccount));
}

describe.each(KEYLESS)('$provider keyless', ({ provider, audience }) => {
  const serviceAccount = provider === AZURE_AKS ? 'reader-aks' : 'reader-gke';

  it('a watch with workloadIdentity and no Secret reaches Running, then Succeeded, with a token of the right audience', () =>
    withLogs(logs, async () => {
      const cluster = clusterId(`kb-${serviceAccount}`);
      const states = SAMPLES[provider].states;
      putState(world.suite, provider, cluster, states.running(cluster, 0));
      const spec = keylessSpec(world.suite, provider, cluster, serviceAccount);
      expect(spec.credentialsRef).toBeUndefined();
      await world.watches.create('happy', spec);
      await world.watches.advanceUntil(['happy'], 'Running', phase('Running'), 60_000);
      putState(world.suite, provider, cluster, states.succeeded(cluster));
      await world.watches.advanceUntil(['happy'], 'Succeeded', phase('Succeeded'), 120_000, 5_000);

      const tokens = receivedTokensOf(serviceAccount);
      expect(tokens.length).toBeGreaterThan(0);
      expect(
        tokens.every((claims) => claims.aud === audience || (claims.aud as string[])?.[0] === audience),
      ).toBe(true);
      expect(requests(cluster, 'rejected')).toBe(0);
      expect(requests(cluster, 'error')).toBe(0);
    }));
});

it.each(KEYLESS)(
  '$provider: a missing ServiceAccount is CredentialsNotFound, and the watch recovers once it exists',
  ({ provider }) =>
    withLogs(logs, async () => {
      const late = `reader-late-${provider === AZURE_AKS ? 'aks' : 'gke'}`;
      const cluster = clusterId(`kb-${late}`);
      putState(world.suite, provider, cluster, SAMPLES[provider].states.running(cluster, 0));
      await world.watches.create('late', keylessSpec(world.suite, provider, cluster, late));
      const [missing] = await world.watches.advanceUntil(
        ['late'],
        'CredentialsNotFound',
        syncedReason('CredentialsNotFound'),
        30_000,
      );
      expect(condition(missing!, 'Synced')?.message).toContain(late);
      expect(requests(cluster, 'ok')).toBe(0);

      await createServiceAccount(world.suite.kc, world.suite.space, late);
      await world.watches.advanceUntil(
        ['late'],
        'Synced after the ServiceAccount appears',
        phase('Running'),
        120_000,
      );
    }),
);

it.each(KEYLESS)(
  '$provider: a ServiceAccount the federation does not trust is AuthFailed',
  ({ provider, exchange }) =>
    withLogs(logs, async () => {
      const cluster = clusterId(`kb-intruder-${provider === AZURE_AKS ? 'aks' : 'gke'}`);
      putState(world.suite, provider, cluster, SAMPLES[provider].states.running(cluster, 0));
      await world.watches.create('intruder', keylessSpec(world.suite, provider, cluster, 'intruder'));
      const [refused] = await world.watches.advanceUntil(
        ['intruder'],
        'AuthFailed',
        syncedReason('AuthFailed'),
        30_000,
      );
      expect(condition(refused!, 'Synced')?.message).toMatch(exchange);
      expect(requests(cluster, 'ok')).toBe(0);
    }),
);

it('no ServiceAccount token or access token in any log line, CR version or Event', () =>
  withLogs(logs, async () => {
    // Runs last: every exchange of the file is behind it.
    const { suite, inproc, secrets } = world;
    expect(secrets.filter((value) => value.startsWith('eyJ')).length).toBeGreaterThan(3);
    expectNoSecretLeak(await operatorSurfaces(suite, inproc), [...new Set(secrets)]);
  }));
