// The demo's keyless watches (docs/keyless.md): one ServiceAccount per keyless sample, and the
// simulator's trust in the demo cluster's own ServiceAccount issuer. The issuer and its signing
// keys are read from the cluster with the demo's kubeconfig (`/.well-known/openid-configuration`
// and `/openid/v1/jwks`, which are not anonymous under RBAC), and handed to the simulator inline,
// so the ServiceAccount tokens the operator mints with TokenRequest are verified for real.

import { readFile } from 'node:fs/promises';
import type { KubeConfig } from '@kubernetes/client-node';
import { parse as parseYaml } from 'yaml';
import { kubeRequestOk } from '../devkit/kube-rest.js';
import {
  AZURE_CLIENT_ID,
  GOOGLE_POOL_PROVIDER,
  subjectOf,
  trustSection,
  type TrustNames,
} from '../devkit/kube-trust.js';
import type { ScenarioInput } from '../simulator/index.js';
import type { TrustInput } from '../simulator/trust-scenario.js';
import {
  DEMO_AWS_OIDC_PROVIDER_ARN,
  DEMO_AWS_ROLE_ARN,
  DEMO_HUAWEI_AUDIENCE,
  DEMO_IDP_ID,
  DEMO_LABELS,
  DEMO_NAMESPACE,
  DEMO_OIDC_PROVIDER_ARN,
  DEMO_ROLE_ARN,
  type DemoSample,
} from './samples.js';

const DEMO_TRUST_NAMES: TrustNames = {
  oidcProviderArn: DEMO_OIDC_PROVIDER_ARN,
  roleArn: DEMO_ROLE_ARN,
  idpId: DEMO_IDP_ID,
  huaweiAudience: DEMO_HUAWEI_AUDIENCE,
  awsOidcProviderArn: DEMO_AWS_OIDC_PROVIDER_ARN,
  awsRoleArn: DEMO_AWS_ROLE_ARN,
  // The demo has no keyless GKE/AKS sample yet; the names are the local ones.
  azureClientId: AZURE_CLIENT_ID,
  googlePoolProvider: GOOGLE_POOL_PROVIDER,
};

/** The ServiceAccounts the keyless samples name, in sample order, without repeats. */
export function keylessServiceAccounts(samples: readonly DemoSample[]): string[] {
  const names = samples.flatMap((sample) => {
    const name = sample.spec.workloadIdentity?.serviceAccountName;
    return name ? [name] : [];
  });
  return [...new Set(names)];
}

export function serviceAccountManifest(name: string): {
  apiVersion: 'v1';
  kind: 'ServiceAccount';
  metadata: { name: string; namespace: string; labels: Record<string, string> };
} {
  return {
    apiVersion: 'v1',
    kind: 'ServiceAccount',
    metadata: { name, namespace: DEMO_NAMESPACE, labels: { ...DEMO_LABELS } },
  };
}

export const serviceAccountsPath = (namespace: string): string =>
  `/api/v1/namespaces/${namespace}/serviceaccounts`;

interface ClusterIssuer {
  /** The `iss` of the cluster's ServiceAccount tokens. */
  issuer: string;
  /** Its public signing keys (a JWKS). */
  jwks: { keys: Record<string, unknown>[] };
}

/** Reads the cluster's ServiceAccount issuer and signing keys with the demo's credentials. */
export async function fetchClusterIssuer(kc: KubeConfig): Promise<ClusterIssuer> {
  const discovery = (await kubeRequestOk(kc, 'GET', '/.well-known/openid-configuration')) as {
    issuer?: unknown;
  };
  const jwks = (await kubeRequestOk(kc, 'GET', '/openid/v1/jwks', undefined, undefined, {
    accept: 'application/jwk-set+json',
  })) as { keys?: unknown };
  if (typeof discovery.issuer !== 'string' || !Array.isArray(jwks.keys)) {
    throw new Error("the cluster's OIDC discovery or JWKS has no issuer or no keys");
  }
  return { issuer: discovery.issuer, jwks: { keys: jwks.keys as Record<string, unknown>[] } };
}

/**
 * The scenario's `workloadIdentity` section for the demo (docs/simulator.md): the cluster's issuer
 * trusted as the Alibaba OIDC provider and the Huawei IdP, the demo role and mapping accepting
 * exactly the keyless samples' ServiceAccounts of the demo namespace.
 */
export function demoTrust(cluster: ClusterIssuer, samples: readonly DemoSample[]): TrustInput {
  const subjects = keylessServiceAccounts(samples).map((name) => subjectOf(DEMO_NAMESPACE, name));
  return trustSection(DEMO_TRUST_NAMES, cluster.issuer, { jwks: cluster.jwks }, subjects);
}

/** The scenario file as the simulator's input, its `workloadIdentity` replaced by `trust`. */
export async function scenarioTrusting(path: string, trust: TrustInput): Promise<ScenarioInput> {
  const document = parseYaml(await readFile(path, 'utf8')) as ScenarioInput | null;
  return { ...(document ?? {}), workloadIdentity: trust };
}
