// The few Kubernetes calls the demo makes, over the shared raw REST helpers (src/devkit).

import { readFileSync } from 'node:fs';
import type { KubeConfig } from '@kubernetes/client-node';
import { GROUP, PLURAL, VERSION, type ClusterUpgradeWatch } from '../api/types.js';
import { kubeRequest as send, kubeRequestOk as ok } from '../devkit/kube-rest.js';

export { KubeRequestError } from '../devkit/kube-rest.js';

const FIELD_MANAGER = 'upgradewatch-demo';

const sleep = (ms: number): Promise<void> => new Promise((resolve) => setTimeout(resolve, ms));

async function waitFor(what: string, probe: () => Promise<boolean>, timeoutMs: number): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    try {
      if (await probe()) return;
    } catch {
      // not yet
    }
    if (Date.now() > deadline) throw new Error(`timed out after ${timeoutMs / 1000}s waiting for ${what}`);
    await sleep(200);
  }
}

/** Server-side applies the CRD file as is, then waits until the resource is served. */
export async function installCrd(kc: KubeConfig, crdPath: string): Promise<void> {
  const crdName = `${PLURAL}.${GROUP}`;
  await ok(
    kc,
    'PATCH',
    `/apis/apiextensions.k8s.io/v1/customresourcedefinitions/${crdName}?fieldManager=${FIELD_MANAGER}&force=true`,
    readFileSync(crdPath, 'utf8'),
    'application/apply-patch+yaml',
  );
  await waitFor(
    `the CRD ${crdName} to be served`,
    async () => (await send(kc, 'GET', `/apis/${GROUP}/${VERSION}/${PLURAL}?limit=1`)).status === 200,
    30_000,
  );
}

/** Creates (or updates) an object by server-side apply; `path` is its collection URL. */
export async function apply<T extends { metadata: { name: string } }>(
  kc: KubeConfig,
  collectionPath: string,
  object: T,
): Promise<void> {
  await ok(
    kc,
    'PATCH',
    `${collectionPath}/${encodeURIComponent(object.metadata.name)}?fieldManager=${FIELD_MANAGER}&force=true`,
    JSON.stringify(object),
    'application/apply-patch+yaml',
  );
}

export const namespacesPath = '/api/v1/namespaces';
export const secretsPath = (namespace: string): string => `/api/v1/namespaces/${namespace}/secrets`;
export const watchesPath = (namespace: string): string =>
  `/apis/${GROUP}/${VERSION}/namespaces/${namespace}/${PLURAL}`;

/** Every ClusterUpgradeWatch in every namespace (`kubectl get cuw -A`). */
export async function listWatches(kc: KubeConfig): Promise<ClusterUpgradeWatch[]> {
  const body = (await ok(kc, 'GET', `/apis/${GROUP}/${VERSION}/${PLURAL}`)) as {
    items?: ClusterUpgradeWatch[];
  };
  return body.items ?? [];
}
