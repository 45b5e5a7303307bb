// Keyless watches against the local control plane: the simulator trusts the kube-apiserver's own
// ServiceAccount issuer, fetching its signing keys from `/openid/v1/jwks` (discovery is not
// anonymous under RBAC, so with the admin token and the serving CA, written to files here), for
// one Alibaba RAM role and one Huawei IdP (docs/simulator.md, "Keyless exchanges"). Used by the
// integration tests (test/helpers/keyless.ts) and the bench (--keyless-service-accounts).
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { KubeConfig } from '@kubernetes/client-node';
import { SERVICE_ACCOUNT_ISSUER } from '../controlplane/apiserver.js';
import type { TrustInput } from '../simulator/trust-scenario.js';

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

/** The cloud half of `spec.workloadIdentity` the trust above accepts, by cloud. */
export function keylessIdentity(
  huawei: boolean,
): { idpID: string; audience: string } | { roleARN: string; oidcProviderARN: string } {
  return huawei
    ? { idpID: IDP_ID, audience: HUAWEI_AUDIENCE }
    : { roleARN: ROLE_ARN, oidcProviderARN: OIDC_PROVIDER_ARN };
}
