// The few Kubernetes calls the demo makes, as plain JSON over the kubeconfig's HTTPS settings.
// Raw requests on purpose: client-node's typed models drop fields they do not know (such as the
// CRD's `x-kubernetes-validations`) when they serialize a plain object.

import { readFileSync } from 'node:fs';
import { request as httpRequest } from 'node:http';
import { request as httpsRequest, type RequestOptions } from 'node:https';
import type { KubeConfig } from '@kubernetes/client-node';
import { GROUP, PLURAL, VERSION, type ClusterUpgradeWatch } from '../api/types.js';

const FIELD_MANAGER = 'upgradewatch-demo';
const REQUEST_TIMEOUT_MS = 15_000;

export class KubeRequestError extends Error {
  override readonly name = 'KubeRequestError';
  constructor(
    message: string,
    readonly status: number,
  ) {
    super(message);
  }
}

interface KubeResponse {
  status: number;
  body: unknown;
}

async function send(
  kc: KubeConfig,
  method: string,
  path: string,
  body?: string,
  contentType = 'application/json',
): Promise<KubeResponse> {
  const server = kc.getCurrentCluster()?.server;
  if (!server) throw new Error('kubeconfig has no current cluster');
  const url = new URL(path, server);
  const options: RequestOptions = {
    method,
    headers: { Accept: 'application/json', ...(body !== undefined ? { 'Content-Type': contentType } : {}) },
    timeout: REQUEST_TIMEOUT_MS,
  };
  await kc.applyToHTTPSOptions(options);
  const request = url.protocol === 'https:' ? httpsRequest : httpRequest;
  return new Promise((resolve, reject) => {
    const req = request(url, options, (res) => {
      const chunks: Buffer[] = [];
      res.on('data', (chunk: Buffer) => chunks.push(chunk));
      res.on('end', () => {
        const text = Buffer.concat(chunks).toString('utf8');
        let parsed: unknown = text;
        try {
          parsed = text ? JSON.parse(text) : undefined;
        } catch {
          // not JSON: keep the text
        }
        resolve({ status: res.statusCode ?? 0, body: parsed });
      });
      res.on('error', reject);
    });
    req.on('timeout', () => req.destroy(new Error(`${method} ${path} timed out`)));
    req.on('error', reject);
    req.end(body);
  });
}

function describe(body: unknown): string {
  if (typeof body === 'object' && body !== null && 'message' in body) return String(body.message);
  return JSON.stringify(body ?? '').slice(0, 300);
}

async function ok(
  kc: KubeConfig,
  method: string,
  path: string,
  body?: string,
  contentType?: string,
): Promise<unknown> {
  const res = await send(kc, method, path, body, contentType);
  if (res.status < 200 || res.status >= 300) {
    throw new KubeRequestError(`${method} ${path} → HTTP ${res.status}: ${describe(res.body)}`, res.status);
  }
  return res.body;
}

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
