// Test plumbing for the Google and Azure simulator modules: the Huawei helpers' FakeContext
// (settable clock, in-memory clusters and credentials) plus the location-wide cluster listing
// the GKE list needs, and an HttpTransport that feeds requests straight into a SimCloud the way
// the core does (route → exchange | authenticate → respond), with faults injected per operation
// and every request recorded.
import type { ProviderName } from '../../../src/api/types.js';
import type { HttpRequest, HttpResponse, HttpTransport } from '../../../src/providers/common/transport.js';
import type { CloudFaultKind, SimCloud, SimCluster } from '../../../src/simulator/types.js';
import { FakeContext, toSimRequest } from './huawei-sim-helpers.js';

export class ListingFakeContext extends FakeContext {
  clustersOf(provider: ProviderName): SimCluster[] {
    return this.clusters.filter((cluster) => cluster.provider === provider);
  }
  /** The core's `clusters(provider)` (see src/simulator/google/respond.ts ListingContext). */
  readonly listing = { clusters: (provider: ProviderName) => this.clustersOf(provider) };
}

export interface SimWire {
  transport: HttpTransport;
  /** Every request sent, by operation name (as the module routed it). */
  sent: string[];
  /** Faults to answer the next requests of an operation with, first in first out. */
  faults: Map<string, Array<{ kind: CloudFaultKind; retryAfterSeconds?: number }>>;
}

export function simWire(cloud: SimCloud, context: ListingFakeContext): SimWire {
  const sent: string[] = [];
  const faults = new Map<string, Array<{ kind: CloudFaultKind; retryAfterSeconds?: number }>>();
  const withListing = Object.assign(Object.create(context) as ListingFakeContext, context.listing);
  const transport = async (request: HttpRequest): Promise<HttpResponse> => {
    const sim = { ...toSimRequest(request), body: request.body ?? '' };
    const route = cloud.route(sim);
    if (!route) return { status: 404, headers: {}, body: 'no route' };
    sent.push(route.operation);
    const fault = faults.get(route.operation)?.shift();
    const reply = fault
      ? cloud.faultReply(fault.kind, route, withListing, fault.retryAfterSeconds)
      : await (cloud.exchange?.(sim, route, withListing) ??
          Promise.resolve(
            cloud.authenticate(sim, route, withListing) ?? cloud.respond(sim, route, withListing),
          ));
    const headers = Object.fromEntries(
      Object.entries(reply.headers ?? {}).map(([k, v]) => [k.toLowerCase(), v]),
    );
    return { status: reply.status, headers, body: reply.body };
  };
  return { transport, sent, faults };
}
