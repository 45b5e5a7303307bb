// The reconciler with keyless credentials: temporary keys that refresh are not a "rotation"
// (no extra poll, no flap), and a failed exchange is reported like a failed cloud call —
// transient keeps the last known status, a refusal is AuthFailed.
import type { CredentialsLookup } from '../../../src/credentials/types.js';
import { createHarness, ok } from './harness.js';

const IDENTITY = {
  serviceAccountName: 'reader',
  roleARN: 'acs:ram::1:role/r',
  oidcProviderARN: 'acs:ram::1:oidc-provider/p',
};

function keyless() {
  let next: CredentialsLookup = {
    ok: true,
    credentials: { accessKeyId: 'STS.1', accessKeySecret: 'tmp-secret', securityToken: 'tmp-token' },
    fingerprint: 'identity-1',
  };
  const h = createHarness({
    spec: { credentialsRef: undefined, workloadIdentity: IDENTITY },
    script: [ok({ phase: 'Running', progress: 40, currentStep: 'Upgrading nodes' })],
    getCredentials: async () => next,
  });
  return { h, set: (value: CredentialsLookup) => (next = value) };
}

describe('reconciler with workload identity', () => {
  it('polls with the temporary keys, and a refresh (same identity, new keys) causes no extra poll', async () => {
    const { h, set } = keyless();
    await h.reconcile();
    expect(h.observeCalls()).toBe(1);
    expect(h.connects[0]!.credentials).toMatchObject({ accessKeyId: 'STS.1', securityToken: 'tmp-token' });
    set({
      ok: true,
      credentials: { accessKeyId: 'STS.2', accessKeySecret: 'tmp-secret-2', securityToken: 'tmp-token-2' },
      fingerprint: 'identity-1',
    });
    await h.reconcile();
    expect(h.observeCalls()).toBe(1);
    h.advance(60_000);
    await h.reconcile();
    expect(h.observeCalls()).toBe(2);
    expect(h.connects[1]!.credentials.accessKeyId).toBe('STS.2');
    expect(h.condition('Synced')).toMatchObject({ status: 'True' });
  });

  it('an STS throttle is Synced=False Throttled with phase, progress and step kept', async () => {
    const { h, set } = keyless();
    await h.reconcile();
    set({ ok: false, fingerprint: 'identity-1', error: { class: 'Throttled', message: 'Throttling.User' } });
    h.advance(60_000);
    await h.reconcile();
    expect(h.observeCalls()).toBe(1);
    expect(h.condition('Synced')).toMatchObject({ status: 'False', reason: 'Throttled' });
    expect(h.condition('Ready')).toMatchObject({ status: 'True' });
    expect(h.status()).toMatchObject({ phase: 'Running', progress: 40, currentStep: 'Upgrading nodes' });
  });

  it('a refused token or role is AuthFailed (permanent), and a missing ServiceAccount CredentialsNotFound', async () => {
    const { h, set } = keyless();
    set({
      ok: false,
      fingerprint: 'identity-1',
      error: { class: 'AuthFailed', message: 'AssumeRoleWithOIDC refused' },
    });
    await h.reconcile();
    expect(h.condition('Ready')).toMatchObject({ status: 'False', reason: 'AuthFailed' });
    expect(h.condition('Stalled')).toMatchObject({ status: 'True', reason: 'AuthFailed' });
    set({
      ok: false,
      fingerprint: 'identity-1',
      error: { class: 'CredentialsNotFound', message: 'ServiceAccount team-a/reader not found' },
    });
    h.editSpec({ pollInterval: '1m' });
    await h.reconcile();
    expect(h.condition('Ready')).toMatchObject({ status: 'False', reason: 'CredentialsNotFound' });
    expect(h.condition('Ready')?.message).toContain('ServiceAccount team-a/reader not found');
    expect(h.observeCalls()).toBe(0);
  });
});
