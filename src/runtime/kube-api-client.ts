// One keep-alive connection pool to kube-apiserver for every API client and watch.
//
// client-node 2 sends every request through undici's fetch, but its `KubeConfig` builds a new
// undici `Agent` (a new connection pool) for every request it authenticates
// (`applySecurityAuthentication` → `createDispatcher`), so every status PATCH and every Event
// POST would pay a fresh TCP + TLS handshake on both the operator and the apiserver. At
// thousands of watches that handshake is most of the work (docs/benchmarks.md).
//
// `pool.bind(kc)` returns the same KubeConfig (a prototype-linked view of it) whose dispatcher
// factory hands out one shared keep-alive Agent per set of TLS options instead: the library
// still authenticates each request (client certificates, tokens re-read from their files, exec
// plugins) and still maps the kubeconfig to undici options (`createDispatcherOptions`); only the
// throw-away pool is swapped for a lasting one. Proxies (`cluster.proxyUrl`) keep the library's
// own dispatcher.
//
// undici queues requests per connection without the false "Premature close" that node-fetch 2
// (client-node 1.x) reported for reused sockets; the pool still has no connection limit
// because the operator's own concurrency (workers, Event lanes) bounds it, and a limit would
// make status writes wait behind long-lived watch streams.
//
// The pool speaks HTTP/1.1, as client-node 1.x (https.Agent) did. undici 8 offers HTTP/2 by
// ALPN by default, and kube-apiserver accepts it, so every request and watch of the operator
// was multiplexed over one TCP connection: at a cold start (thousands of status PATCHes) that
// cost CPU on both sides — node's http2 session and undici's h2 client in the operator's profile,
// Go's frame scheduling and flow control in the apiserver's — for no gain on loopback or a LAN,
// where connections are cheap once kept alive (docs/benchmarks.md, "What the profile showed, and what was fixed").

import { createHash } from 'node:crypto';
import type { ConnectionOptions } from 'node:tls';
import type { AgentOptions } from 'node:https';
import { Agent, type Dispatcher } from 'undici';
import type { ApiConstructor, ApiType, Cluster, KubeConfig } from '@kubernetes/client-node';

/** Idle keep-alive connections are closed after this long (undici's default is 4 s). */
const FREE_SOCKET_TIMEOUT_MS = 30_000;

/** The TLS options that decide which server and identity a connection is for. */
const TLS_KEYS = ['ca', 'cert', 'key', 'pfx', 'passphrase', 'servername', 'rejectUnauthorized'] as const;

/** A stable key for a connection's TLS options (hashed: it covers private key material). */
export function tlsOptionsKey(options: ConnectionOptions): string {
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

/** The KubeConfig method this module replaces on its bound view (private in the typings). */
type DispatcherFactory = (cluster: Cluster | null, agentOptions: AgentOptions) => Dispatcher | undefined;
interface KubeConfigDispatch {
  createDispatcher: DispatcherFactory;
}

export interface SharedAgentPool {
  /** `kc`, with every request it authenticates (API clients, watches) sent through this pool. */
  bind(kc: KubeConfig): KubeConfig;
  /** How many distinct connection pools exist (one per server + identity; normally 1). */
  size(): number;
  /** Close every pooled connection (shutdown). */
  destroy(): Promise<void>;
}

export function createSharedAgentPool(): SharedAgentPool {
  const agents = new Map<string, Agent>();
  const agentFor = (connect: ConnectionOptions): Agent => {
    const key = tlsOptionsKey(connect);
    let agent = agents.get(key);
    if (!agent) {
      agent = new Agent({ connect, keepAliveTimeout: FREE_SOCKET_TIMEOUT_MS, allowH2: false });
      agents.set(key, agent);
    }
    return agent;
  };
  return {
    bind(kc) {
      const library = kc as unknown as KubeConfigDispatch;
      if (typeof library.createDispatcher !== 'function') {
        throw new Error('@kubernetes/client-node no longer has KubeConfig.createDispatcher');
      }
      const libraryDispatcher = library.createDispatcher.bind(kc);
      const bound = Object.create(kc) as KubeConfig;
      (bound as unknown as KubeConfigDispatch).createDispatcher = (cluster, agentOptions) => {
        const options = kc.createDispatcherOptions(cluster, agentOptions);
        if (options.type === 'agent') return agentFor(options.connect);
        // No TLS options (an http:// test server): the library would use undici's global pool.
        if (options.type === 'none') return agentFor({});
        return libraryDispatcher(cluster, agentOptions);
      };
      return bound;
    },
    size: () => agents.size,
    async destroy() {
      const closing = [...agents.values()].map((agent) => agent.destroy());
      agents.clear();
      await Promise.all(closing);
    },
  };
}

/**
 * `kc.makeApiClient(ApiType)`, except that requests reuse connections through `pool` (without
 * a pool: exactly `kc.makeApiClient`).
 */
export function makeKeepAliveApiClient<T extends ApiType>(
  kc: KubeConfig,
  apiClientType: ApiConstructor<T>,
  pool: SharedAgentPool | undefined,
): T {
  return (pool ? pool.bind(kc) : kc).makeApiClient(apiClientType);
}
