// Minimal HTTPS GET against kube-apiserver for health/version probes, before
// (and independently of) a client-node KubeConfig.
import { request } from 'node:https';

export interface Endpoint {
  /** e.g. https://127.0.0.1:6443 */
  server: string;
  /** PEM bundle to trust. */
  ca: string;
  token: string;
}

interface HttpResult {
  status: number;
  body: string;
}

export function httpsGet(endpoint: Endpoint, path: string, timeoutMs = 5000): Promise<HttpResult> {
  return new Promise((resolve, reject) => {
    const req = request(
      new URL(path, endpoint.server),
      {
        method: 'GET',
        ca: endpoint.ca,
        headers: { Authorization: `Bearer ${endpoint.token}` },
        timeout: timeoutMs,
      },
      (res) => {
        let body = '';
        res.setEncoding('utf8');
        res.on('data', (chunk: string) => (body += chunk));
        res.on('end', () => resolve({ status: res.statusCode ?? 0, body }));
        res.on('error', reject);
      },
    );
    req.on('timeout', () => req.destroy(new Error(`GET ${path} timed out`)));
    req.on('error', reject);
    req.end();
  });
}
