// Keyless watches on the real kube-apiserver: the simulator trusts the control plane's own
// ServiceAccount issuer, fetching its signing keys from `/openid/v1/jwks` (discovery is not
// anonymous under RBAC, so with the admin token and the serving CA, written to files here), and
// spec builders for watches that name a ServiceAccount instead of a Secret.
import type { KubeConfig } from '@kubernetes/client-node';
import { PROVIDER_CLOUD, type ProviderName } from '../../src/providers/names.js';
import { kubeRequestOk } from '../../src/devkit/kube-rest.js';
import { keylessIdentity } from '../../src/devkit/kube-trust.js';
import { specFor, type Suite } from './operator-fixture.js';
import type { TestSpace, WatchSpec } from './operator-harness.js';

export {
  HUAWEI_AUDIENCE,
  IDP_ID,
  kubeJwksSource,
  kubeTrust,
  OIDC_PROVIDER_ARN,
  ROLE_ARN,
  subjectOf,
} from '../../src/devkit/kube-trust.js';

/** A simulator spec for `provider` that names `serviceAccountName` instead of a Secret. */
export function keylessSpec(
  suite: Suite,
  provider: ProviderName,
  clusterID: string,
  serviceAccountName: string,
  identity: Partial<NonNullable<WatchSpec['workloadIdentity']>> = {},
): WatchSpec {
  const { credentialsRef: _secret, ...spec } = specFor(suite, provider, clusterID);
  return { ...spec, workloadIdentity: { ...workloadIdentityFor(provider, serviceAccountName), ...identity } };
}

/** `spec.workloadIdentity` for `provider`, trusted by kubeTrust: the role, or the IdP and its audience. */
export function workloadIdentityFor(
  provider: ProviderName,
  serviceAccountName: string,
): NonNullable<WatchSpec['workloadIdentity']> {
  return { serviceAccountName, ...keylessIdentity(PROVIDER_CLOUD[provider]) };
}

export async function createServiceAccount(kc: KubeConfig, space: TestSpace, name: string): Promise<void> {
  await kubeRequestOk(kc, 'POST', `/api/v1/namespaces/${space.namespace}/serviceaccounts`, {
    metadata: { name },
  });
}
