// Writes self-contained kubeconfig files (JSON is valid kubeconfig YAML).
import { writeFileSync } from 'node:fs';
import { KubeConfig } from '@kubernetes/client-node';
import type { Endpoint } from './https.js';

const CLUSTER_NAME = 'upgradewatch-local';

interface KubeconfigFile {
  path: string;
  server: string;
  caPEM: string;
  token: string;
  user: string;
  namespace?: string;
}

function renderKubeconfig(f: Omit<KubeconfigFile, 'path'>): string {
  const config = {
    apiVersion: 'v1',
    kind: 'Config',
    clusters: [
      {
        name: CLUSTER_NAME,
        cluster: { server: f.server, 'certificate-authority-data': Buffer.from(f.caPEM).toString('base64') },
      },
    ],
    users: [{ name: f.user, user: { token: f.token } }],
    contexts: [
      {
        name: CLUSTER_NAME,
        context: { cluster: CLUSTER_NAME, user: f.user, namespace: f.namespace ?? 'default' },
      },
    ],
    'current-context': CLUSTER_NAME,
  };
  return `${JSON.stringify(config, null, 2)}\n`;
}

export function writeKubeconfig(f: KubeconfigFile): string {
  writeFileSync(f.path, renderKubeconfig(f), { mode: 0o600 });
  return f.path;
}

export function adminKubeconfigFile(path: string, endpoint: Endpoint, user: string): KubeconfigFile {
  return { path, server: endpoint.server, caPEM: endpoint.ca, token: endpoint.token, user };
}

export function loadKubeConfig(path: string): KubeConfig {
  const kc = new KubeConfig();
  kc.loadFromFile(path);
  return kc;
}
