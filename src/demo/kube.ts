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

const CRD_NAME = `${PLURAL}.${GROUP}`;
export const crdPath = `/apis/apiextensions.k8s.io/v1/customresourcedefinitions/${CRD_NAME}`;

/**
 * Server-side applies the CRD file as is (raw YAML: a typed client would drop the enums and
 * `x-kubernetes-validations`), then waits until the resource is served. Without `force` a field
 * another manager set to a different value is a conflict (HTTP 409) instead of being taken over.
 */
export async function installCrd(kc: KubeConfig, file: string, { force }: { force: boolean }): Promise<void> {
  await ok(
    kc,
    'PATCH',
    `${crdPath}?fieldManager=${FIELD_MANAGER}${force ? '&force=true' : ''}`,
    readFileSync(file, 'utf8'),
    'application/apply-patch+yaml',
  );
  await waitFor(
    `the CRD ${CRD_NAME} to be served`,
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

/** The object at `path`, or undefined when there is none (404). */
// eslint-disable-next-line @typescript-eslint/no-explicit-any -- API objects of several kinds
export async function getIfExists(kc: KubeConfig, path: string): Promise<any> {
  const res = await send(kc, 'GET', path);
  if (res.status === 404) return undefined;
  if (res.status < 200 || res.status >= 300) throw new Error(`GET ${path} → HTTP ${res.status}`);
  return res.body;
}

/** Deletes the object or collection at `path`; one that is already gone is fine. */
export async function remove(kc: KubeConfig, path: string): Promise<void> {
  const res = await send(kc, 'DELETE', path);
  if (res.status !== 404 && (res.status < 200 || res.status >= 300)) {
    throw new Error(`DELETE ${path} → HTTP ${res.status}`);
  }
}

/** Deletes the object at `path` and waits until it is gone: a CRD stays, terminating, until the
 *  apiserver has removed its custom resources, so "deleted" is only true once a GET says 404. */
export async function removeAndWait(kc: KubeConfig, path: string, timeoutMs = 30_000): Promise<void> {
  await remove(kc, path);
  await waitFor(`${path} to be gone`, async () => (await getIfExists(kc, path)) === undefined, timeoutMs);
}

/** Every ClusterUpgradeWatch of one namespace (`kubectl get cuw -n NAMESPACE`). */
export async function listWatches(kc: KubeConfig, namespace: string): Promise<ClusterUpgradeWatch[]> {
  const body = (await ok(kc, 'GET', watchesPath(namespace))) as {
    items?: ClusterUpgradeWatch[];
  };
  return body.items ?? [];
}
