// Test plumbing for the Huawei simulator module: a SimContext over in-memory clusters and
// credentials with a settable clock, and an HttpTransport that feeds requests straight into a
// SimCloud (route → authenticate → respond), the way the simulator core does over HTTP.
import type { ProviderName } from '../../../src/api/types.js';
import type { HttpRequest, HttpResponse, HttpTransport } from '../../../src/providers/common/transport.js';
import { SimTrust } from '../../../src/simulator/trust.js';
import { EMPTY_TRUST } from '../../../src/simulator/trust-scenario.js';
import type {
  SimCloud,
  SimCluster,
  SimContext,
  SimCredential,
  SimRequest,
  TemporaryGrant,
} from '../../../src/simulator/types.js';

export class FakeContext implements SimContext {
  nowMs = Date.parse('2024-05-01T10:00:00Z');
  private ids = 0;
  readonly credentials = new Map<string, SimCredential>();
  readonly clusters: SimCluster[] = [];
  trust = new SimTrust(EMPTY_TRUST, { now: () => this.now() });

  /** Deterministic temporary keys (`TMP<n>`), kept in `credentials`. */
  issueCredential(grant: TemporaryGrant) {
    const n = this.credentials.size + 1;
    const credential = {
      accessKeyId: `${grant.prefix}TMP${n}`,
      accessKeySecret: `tmp-secret-${n}`,
      securityToken: `tmp-token-${n}`,
      expiresAt: new Date(this.nowMs + grant.lifetimeMs),
      ...(grant.projectIds ? { projectIds: grant.projectIds } : {}),
    };
    this.credentials.set(credential.accessKeyId, credential);
    return credential;
  }

  now(): Date {
    return new Date(this.nowMs);
  }
  advance(ms: number): void {
    this.nowMs += ms;
  }
  credential(accessKeyId: string): SimCredential | undefined {
    return this.credentials.get(accessKeyId);
  }
  cluster(provider: ProviderName, clusterID: string): SimCluster | undefined {
    return this.clusters.find((c) => c.provider === provider && c.clusterID === clusterID);
  }
  clustersOf(provider: ProviderName): SimCluster[] {
    return this.clusters.filter((c) => c.provider === provider);
  }
  clusterByTask(provider: ProviderName, operation: string, taskID: string): SimCluster | undefined {
    return this.clusters.find(
      (c) =>
        c.provider === provider &&
        typeof c.state[operation] === 'object' &&
        c.state[operation] !== null &&
        taskID in (c.state[operation] as object),
    );
  }
  requestId(): string {
    this.ids += 1;
    return `req-${this.ids}`;
  }
}

export function toSimRequest(request: HttpRequest): SimRequest {
  const url = new URL(request.url);
  return {
    method: request.method,
    rawPath: url.pathname,
    path: decodeURIComponent(url.pathname),
    rawQuery: url.search.replace(/^\?/, ''),
    query: Object.fromEntries(url.searchParams),
    headers: Object.fromEntries(Object.entries(request.headers).map(([k, v]) => [k.toLowerCase(), v])),
    body: '',
  };
}

/** Route → authenticate → respond, like the core; unknown routes are a plain 404. */
export function simTransport(cloud: SimCloud, context: SimContext): HttpTransport {
  return async (request): Promise<HttpResponse> => {
    const sim = toSimRequest(request);
    const route = cloud.route(sim);
    const reply = route
      ? (cloud.authenticate(sim, route, context) ?? cloud.respond(sim, route, context))
      : { status: 404, body: 'no route' };
    const headers = Object.fromEntries(
      Object.entries(reply.headers ?? {}).map(([k, v]) => [k.toLowerCase(), v]),
    );
    return { status: reply.status, headers, body: reply.body };
  };
}
