// Keyless watches on the real kube-apiserver: the simulator trusts the control plane's own
// ServiceAccount issuer, fetching its signing keys from `/openid/v1/jwks` (discovery is not
// anonymous under RBAC, so with the admin token and the serving CA, written to files here), and
// spec builders for watches that name a ServiceAccount instead of a Secret.
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { KubeConfig } from '@kubernetes/client-node';
import type { ProviderName } from '../../src/api/types.js';
import { SERVICE_ACCOUNT_ISSUER } from '../../src/controlplane/apiserver.js';
import { kubeRequestOk } from '../../src/devkit/kube-rest.js';
import type { TrustInput } from '../../src/simulator/trust-scenario.js';
import { specFor, type Suite } from './operator-fixture.js';
import { isHuawei, type TestSpace, type WatchSpec } from './operator-harness.js';

export const OIDC_PROVIDER_ARN = 'acs:ram::1234567890123456:oidc-provider/ack-rrsa-upgradewatch';
export const ROLE_ARN = 'acs:ram::1234567890123456:role/upgrade-reader';
export const IDP_ID = 'upgradewatch-idp';
export const HUAWEI_AUDIENCE = 'upgradewatch';

export function subjectOf(namespace: string, serviceAccount: string): string {
  return `system:serviceaccount:${namespace}:${serviceAccount}`;
}

/** Where the simulator reads the kube-apiserver's JWKS: URL, CA file and bearer-token file. */
export function kubeJwksSource(kc: KubeConfig): { jwksUrl: string; caFile: string; bearerTokenFile: string } {
  const cluster = kc.getCurrentCluster();
  const token = kc.getCurrentUser()?.token;
  if (!cluster || !token) throw new Error('admin kubeconfig has no cluster or no token');
  const ca = cluster.caData
    ? Buffer.from(cluster.caData, 'base64').toString('utf8')
    : readFileSync(cluster.caFile ?? '', 'utf8');
  const dir = mkdtempSync(join(tmpdir(), 'uw-jwks-'));
  const caFile = join(dir, 'ca.crt');
  const bearerTokenFile = join(dir, 'token');
  writeFileSync(caFile, ca, { mode: 0o600 });
  writeFileSync(bearerTokenFile, token, { mode: 0o600 });
  return { jwksUrl: `${cluster.server.replace(/\/+$/, '')}/openid/v1/jwks`, caFile, bearerTokenFile };
}

/**
 * The simulator trusts the control plane's issuer for one Alibaba role and one Huawei IdP, each
 * accepting exactly the `subjects` given (the trust policy's `oidc:sub` / the mapping's `sub`).
 */
export function kubeTrust(kc: KubeConfig, subjects: string[], extra: Partial<TrustInput> = {}): TrustInput {
  const source = kubeJwksSource(kc);
  return {
    oidcProviders: [
      { id: OIDC_PROVIDER_ARN, issuer: SERVICE_ACCOUNT_ISSUER, audiences: ['sts.aliyuncs.com'], ...source },
      { id: IDP_ID, issuer: SERVICE_ACCOUNT_ISSUER, audiences: [HUAWEI_AUDIENCE], ...source },
    ],
    roles: [{ arn: ROLE_ARN, oidcProviderArn: OIDC_PROVIDER_ARN, subjects }],
    idpMappings: [{ idpId: IDP_ID, subjects }],
    ...extra,
  };
}

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
  const cloud = isHuawei(provider)
    ? { idpID: IDP_ID, audience: HUAWEI_AUDIENCE }
    : { roleARN: ROLE_ARN, oidcProviderARN: OIDC_PROVIDER_ARN };
  return { serviceAccountName, ...cloud };
}

export async function createServiceAccount(kc: KubeConfig, space: TestSpace, name: string): Promise<void> {
  await kubeRequestOk(kc, 'POST', `/api/v1/namespaces/${space.namespace}/serviceaccounts`, {
    metadata: { name },
  });
}
