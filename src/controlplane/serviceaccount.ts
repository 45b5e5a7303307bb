// Mints a kubeconfig for a ServiceAccount: creates the SA if missing, asks the
// TokenRequest API for a token and writes a kubeconfig that uses it.
import { join } from 'node:path';
import { ApiException, CoreV1Api, type KubeConfig } from '@kubernetes/client-node';
import { writeKubeconfig } from './kubeconfig.js';

export interface MintOptions {
  /** Token lifetime (default 24h). */
  expirationSeconds?: number;
  /** Token audiences (default: the API server's own). */
  audiences?: string[];
}

const isStatus = (err: unknown, code: number): boolean => err instanceof ApiException && err.code === code;

async function ensureNamespace(core: CoreV1Api, namespace: string): Promise<void> {
  try {
    await core.createNamespace({ body: { metadata: { name: namespace } } });
  } catch (err) {
    if (!isStatus(err, 409)) throw err;
  }
}

async function ensureServiceAccount(core: CoreV1Api, namespace: string, name: string): Promise<void> {
  try {
    await core.createNamespacedServiceAccount({ namespace, body: { metadata: { name, namespace } } });
  } catch (err) {
    if (!isStatus(err, 409)) throw err;
  }
}

/**
 * Returns the path of a kubeconfig (written into dir) that authenticates as
 * system:serviceaccount:<namespace>:<name>, with no extra permissions granted.
 */
export async function mintServiceAccountKubeconfig(
  admin: KubeConfig,
  dir: string,
  namespace: string,
  name: string,
  opts: MintOptions = {},
): Promise<string> {
  const core = admin.makeApiClient(CoreV1Api);
  await ensureNamespace(core, namespace);
  await ensureServiceAccount(core, namespace, name);
  const tr = await core.createNamespacedServiceAccountToken({
    namespace,
    name,
    body: {
      spec: {
        audiences: opts.audiences ?? [],
        expirationSeconds: opts.expirationSeconds ?? 24 * 3600,
      },
    },
  });
  const token = tr.status?.token;
  if (!token) throw new Error(`TokenRequest for ${namespace}/${name} returned no token`);
  const cluster = admin.getCurrentCluster();
  if (!cluster?.caData) throw new Error('admin kubeconfig has no cluster CA data');
  return writeKubeconfig({
    path: join(dir, `sa-${namespace}-${name}.kubeconfig`),
    server: cluster.server,
    caPEM: Buffer.from(cluster.caData, 'base64').toString('utf8'),
    token,
    user: `system:serviceaccount:${namespace}:${name}`,
    namespace,
  });
}
