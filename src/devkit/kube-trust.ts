// Keyless watches against the local control plane: the simulator trusts the kube-apiserver's own
// ServiceAccount issuer, fetching its signing keys from `/openid/v1/jwks` (discovery is not
// anonymous under RBAC, so with the admin token and the serving CA, written to files here), for
// one Alibaba RAM role, one Huawei IdP, one AWS IAM role, one Entra app's federated credential and
// one Google pool provider (docs/simulator.md, "Keyless exchanges"). Used by the
// integration tests (test/helpers/keyless.ts) and the bench (--keyless-service-accounts).
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { KubeConfig } from '@kubernetes/client-node';
import { SERVICE_ACCOUNT_ISSUER } from '../controlplane/apiserver.js';
import { ALIBABA_DEFAULT_AUDIENCE } from '../providers/alibaba-common/sts.js';
import { AWS_STS_AUDIENCE } from '../providers/aws-eks/sts.js';
import { ENTRA_FEDERATION_AUDIENCE } from '../providers/azure-aks/auth.js';
import type { Cloud } from '../providers/names.js';
import type { TrustInput } from '../simulator/trust-scenario.js';

export const OIDC_PROVIDER_ARN = 'acs:ram::1234567890123456:oidc-provider/ack-rrsa-upgradewatch';
export const ROLE_ARN = 'acs:ram::1234567890123456:role/upgrade-reader';
export const IDP_ID = 'upgradewatch-idp';
export const HUAWEI_AUDIENCE = 'upgradewatch';
export const AWS_OIDC_PROVIDER_ARN =
  'arn:aws:iam::111122223333:oidc-provider/oidc.eks.us-west-2.amazonaws.com/id/UPGRADEWATCH';
export const AWS_ROLE_ARN = 'arn:aws:iam::111122223333:role/upgrade-reader';
export const AZURE_TENANT_ID = '72f988bf-86f1-41af-91ab-2d7cd011db47';
export const AZURE_CLIENT_ID = '5d0c6e3a-1b2f-4c7d-9e8a-0f1e2d3c4b5a';
export const GOOGLE_POOL_PROVIDER =
  '//iam.googleapis.com/projects/123456789012/locations/global/workloadIdentityPools/upgradewatch/providers/kube';

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
 * The names a trust section binds: one Alibaba RAM role with its OIDC provider, one Huawei IdP,
 * one AWS IAM role with its OIDC provider.
 */
export interface TrustNames {
  oidcProviderArn: string;
  roleArn: string;
  idpId: string;
  huaweiAudience: string;
  awsOidcProviderArn: string;
  awsRoleArn: string;
  azureClientId: string;
  googlePoolProvider: string;
}

const LOCAL_NAMES: TrustNames = {
  oidcProviderArn: OIDC_PROVIDER_ARN,
  roleArn: ROLE_ARN,
  idpId: IDP_ID,
  huaweiAudience: HUAWEI_AUDIENCE,
  awsOidcProviderArn: AWS_OIDC_PROVIDER_ARN,
  awsRoleArn: AWS_ROLE_ARN,
  azureClientId: AZURE_CLIENT_ID,
  googlePoolProvider: GOOGLE_POOL_PROVIDER,
};

/** The oidcProviders entry Entra's federated credentials name (the issuer, trusted for Entra's audience). */
const ENTRA_ISSUER_ID = 'entra-federation';

/** Where the simulator gets the issuer's signing keys: fetched (URL, CA, token files) or inline. */
type TrustKeys = ReturnType<typeof kubeJwksSource> | { jwks: { keys: Record<string, unknown>[] } };

/**
 * The simulator's trust section (docs/simulator.md, "Keyless exchanges"): `issuer` trusted as the
 * Alibaba OIDC provider and as the Huawei IdP, the role and the mapping each accepting exactly the
 * `subjects` given (the trust policy's `oidc:sub` / the mapping's `sub`).
 */
export function trustSection(
  names: TrustNames,
  issuer: string,
  keys: TrustKeys,
  subjects: string[],
): TrustInput {
  return {
    oidcProviders: [
      { id: names.oidcProviderArn, issuer, audiences: [ALIBABA_DEFAULT_AUDIENCE], ...keys },
      { id: names.idpId, issuer, audiences: [names.huaweiAudience], ...keys },
      { id: names.awsOidcProviderArn, issuer, audiences: [AWS_STS_AUDIENCE], ...keys },
      { id: ENTRA_ISSUER_ID, issuer, audiences: [ENTRA_FEDERATION_AUDIENCE], ...keys },
      { id: names.googlePoolProvider, issuer, audiences: [names.googlePoolProvider], ...keys },
    ],
    roles: [
      { arn: names.roleArn, oidcProviderArn: names.oidcProviderArn, subjects },
      { arn: names.awsRoleArn, oidcProviderArn: names.awsOidcProviderArn, subjects },
    ],
    idpMappings: [{ idpId: names.idpId, subjects }],
    federatedCredentials: [{ clientId: names.azureClientId, oidcProvider: ENTRA_ISSUER_ID, subjects }],
    poolProviders: [{ name: names.googlePoolProvider, oidcProvider: names.googlePoolProvider, subjects }],
  };
}

/** The trust section for the local control plane, its keys fetched from `/openid/v1/jwks`. */
export function kubeTrust(kc: KubeConfig, subjects: string[], extra: Partial<TrustInput> = {}): TrustInput {
  return { ...trustSection(LOCAL_NAMES, SERVICE_ACCOUNT_ISSUER, kubeJwksSource(kc), subjects), ...extra };
}

type IdentityFields = Partial<
  Record<
    'roleARN' | 'oidcProviderARN' | 'idpID' | 'tenantID' | 'clientID' | 'poolProvider' | 'audience',
    string
  >
>;

/** The cloud half of `spec.workloadIdentity` the trust above accepts, by cloud (only the clouds
 *  with a keyless exchange). */
const KEYLESS_IDENTITIES: Readonly<Partial<Record<Cloud, IdentityFields>>> = {
  alibaba: { roleARN: ROLE_ARN, oidcProviderARN: OIDC_PROVIDER_ARN },
  huawei: { idpID: IDP_ID, audience: HUAWEI_AUDIENCE },
  aws: { roleARN: AWS_ROLE_ARN },
  azure: { tenantID: AZURE_TENANT_ID, clientID: AZURE_CLIENT_ID },
  google: { poolProvider: GOOGLE_POOL_PROVIDER },
};

export function keylessIdentity(cloud: Cloud): IdentityFields {
  const identity = KEYLESS_IDENTITIES[cloud];
  if (!identity) throw new Error(`no keyless identity for cloud ${cloud}: it has no keyless exchange`);
  return identity;
}
