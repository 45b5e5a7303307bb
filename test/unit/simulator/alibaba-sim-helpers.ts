// Test helpers: drive the Alibaba SimCloud in-process (no sockets) — a fake SimContext and an
// HttpTransport that runs route → authenticate → respond the way the simulator core does.

import type { ProviderName } from '../../../src/api/types.js';
import { SimTrust } from '../../../src/simulator/trust.js';
import { EMPTY_TRUST } from '../../../src/simulator/trust-scenario.js';
import type { HttpRequest, HttpTransport } from '../../../src/providers/common/transport.js';
import type {
  SimCloud,
  SimCluster,
  SimContext,
  SimCredential,
  SimRequest,
} from '../../../src/simulator/types.js';

export function simRequestFrom(request: {
  method: string;
  url: string;
  headers: Record<string, string>;
  body?: string;
}): SimRequest {
  const url = new URL(request.url);
  const rawQuery = url.search.startsWith('?') ? url.search.slice(1) : url.search;
  const query: Record<string, string> = {};
  for (const pair of rawQuery.split('&')) {
    if (pair === '') continue;
    const eq = pair.indexOf('=');
    query[decodeURIComponent(eq < 0 ? pair : pair.slice(0, eq))] =
      eq < 0 ? '' : decodeURIComponent(pair.slice(eq + 1));
  }
  const headers: Record<string, string> = {};
  for (const [name, value] of Object.entries(request.headers)) headers[name.toLowerCase()] = value;
  headers['host'] ??= url.host;
  return {
    method: request.method,
    rawPath: url.pathname,
    path: decodeURIComponent(url.pathname),
    rawQuery,
    query,
    headers,
    body: request.body ?? '',
  };
}

export interface FakeWorld {
  now: Date;
  credentials: SimCredential[];
  clusters: SimCluster[];
}

export function fakeContext(world: FakeWorld): SimContext & { issuedRequestIds: string[] } {
  const issuedRequestIds: string[] = [];
  let n = 0;
  return {
    issuedRequestIds,
    now: () => world.now,
    trust: new SimTrust(EMPTY_TRUST, { now: () => world.now }),
    issueCredential: (grant) => {
      const n = world.credentials.length + 1;
      const credential = {
        accessKeyId: `${grant.prefix}TMP${n}`,
        accessKeySecret: `tmp-secret-${n}`,
        securityToken: `tmp-token-${n}`,
        expiresAt: new Date(world.now.getTime() + grant.lifetimeMs),
      };
      world.credentials.push(credential);
      return credential;
    },
    credential: (id) => world.credentials.find((c) => c.accessKeyId === id),
    cluster: (provider: ProviderName, clusterID: string) =>
      world.clusters.find((c) => c.provider === provider && c.clusterID === clusterID),
    clustersOf: (provider: ProviderName) => world.clusters.filter((c) => c.provider === provider),
    clusterByTask: (provider, operation, taskID) =>
      world.clusters.find((c) => {
        const tasks = c.state[operation];
        return (
          c.provider === provider &&
          typeof tasks === 'object' &&
          tasks !== null &&
          Object.hasOwn(tasks, taskID)
        );
      }),
    requestId: () => {
      const id = `0000000${++n}-AAAA-4BBB-8CCC-DDDDDDDDDDDD`.slice(-36);
      issuedRequestIds.push(id);
      return id;
    },
  };
}

/** An HttpTransport answered by the SimCloud, as the simulator core would (minus faults). */
export function simTransport(cloud: SimCloud, context: SimContext, seen: SimRequest[] = []): HttpTransport {
  return async (request: HttpRequest) => {
    const sim = simRequestFrom(request);
    seen.push(sim);
    const route = cloud.route(sim);
    if (!route) return { status: 404, headers: {}, body: '{"error":"unrouted"}' };
    const reply = cloud.authenticate(sim, route, context) ?? cloud.respond(sim, route, context);
    const headers: Record<string, string> = {};
    for (const [name, value] of Object.entries(reply.headers ?? {})) headers[name.toLowerCase()] = value;
    return { status: reply.status, headers, body: reply.body };
  };
}
