// API clients that reuse their connections to kube-apiserver.
//
// client-node 1.4's `KubeConfig.makeApiClient` builds a brand-new `https.Agent` (without
// keep-alive) for every request it sends, so every status PATCH and every Event POST pays a
// fresh TCP + TLS handshake on both the operator and the apiserver. At thousands of watches
// that handshake is most of the work (docs/benchmarks.md). Here the KubeConfig still does all
// the authentication (client certs, tokens, exec plugins, proxies); we only swap the
// throw-away agent for one shared keep-alive agent with the same TLS options.
//
// The agent has no socket limit on purpose. client-node sends through node-fetch 2, whose
// check for truncated chunked bodies reports a false "Premature close" when a freed
// keep-alive socket is handed straight to a request that was queued for it
// (node-fetch/node-fetch#1767) — which is what a maxSockets limit does under load. The
// number of sockets is bounded anyway by the operator's own concurrency (workers, Event
// lanes), and idle ones are closed after FREE_SOCKET_TIMEOUT_MS.

import { createHash } from 'node:crypto';
import { Agent as HttpAgent } from 'node:http';
import { Agent as HttpsAgent, type AgentOptions } from 'node:https';
import {
  createConfiguration,
  ServerConfiguration,
  type ApiConstructor,
  type ApiType,
  type KubeConfig,
  type RequestContext,
} from '@kubernetes/client-node';

/** Idle keep-alive sockets are closed after this long. */
export const FREE_SOCKET_TIMEOUT_MS = 30_000;

/** The TLS options of an agent that decide which server and identity a connection is for. */
const TLS_KEYS = ['ca', 'cert', 'key', 'pfx', 'passphrase', 'servername', 'rejectUnauthorized'] as const;

/** A stable key for an agent's TLS options (hashed: it covers private key material). */
export function tlsOptionsKey(options: AgentOptions): string {
  const hash = createHash('sha256');
  for (const name of TLS_KEYS) {
    const value = options[name];
    hash.update(`${name}=`);
    if (value === undefined) hash.update('-');
    else if (typeof value === 'string' || Buffer.isBuffer(value)) hash.update(value);
    else hash.update(JSON.stringify(value));
    hash.update('\n');
  }
  return hash.digest('hex');
}

export interface SharedAgentPool {
  /** The shared keep-alive agent equivalent to `agent`, or `agent` itself when it is not a plain one. */
  share(agent: unknown): unknown;
  /** Close every pooled socket (shutdown). */
  destroy(): void;
}

export function createSharedAgentPool(): SharedAgentPool {
  const keepAlive = { keepAlive: true, timeout: FREE_SOCKET_TIMEOUT_MS, scheduling: 'lifo' } as const;
  const https = new Map<string, HttpsAgent>();
  let http: HttpAgent | undefined;
  return {
    share(agent) {
      // Only plain agents are replaced: proxy agents (cluster.proxyUrl) carry their own logic.
      if (agent instanceof HttpsAgent && agent.constructor === HttpsAgent) {
        const options = (agent as HttpsAgent & { options: AgentOptions }).options;
        const key = tlsOptionsKey(options);
        let shared = https.get(key);
        if (!shared) {
          const tls: AgentOptions = {};
          for (const name of TLS_KEYS) {
            if (options[name] !== undefined) (tls as Record<string, unknown>)[name] = options[name];
          }
          shared = new HttpsAgent({ ...tls, ...keepAlive });
          https.set(key, shared);
        }
        return shared;
      }
      if (agent instanceof HttpAgent && agent.constructor === HttpAgent) {
        http ??= new HttpAgent(keepAlive);
        return http;
      }
      return agent;
    },
    destroy() {
      for (const agent of https.values()) agent.destroy();
      https.clear();
      http?.destroy();
      http = undefined;
    },
  };
}

/**
 * `kc.makeApiClient(ApiType)`, except that requests reuse connections through `pool` (without
 * a pool: exactly `kc.makeApiClient`). The KubeConfig authenticates each request as before (a
 * rotated token file is still re-read).
 */
export function makeKeepAliveApiClient<T extends ApiType>(
  kc: KubeConfig,
  apiClientType: ApiConstructor<T>,
  pool: SharedAgentPool | undefined,
): T {
  if (!pool) return kc.makeApiClient(apiClientType);
  const cluster = kc.getCurrentCluster();
  if (!cluster) throw new Error('No active cluster!');
  const auth = {
    getName: () => 'default',
    async applySecurityAuthentication(context: RequestContext): Promise<void> {
      await kc.applySecurityAuthentication(context);
      context.setAgent(pool.share(context.getAgent()) as HttpsAgent);
    },
  };
  const config = createConfiguration({
    baseServer: new ServerConfiguration(cluster.server, {}),
    authMethods: { default: auth },
  });
  return new apiClientType(config);
}
