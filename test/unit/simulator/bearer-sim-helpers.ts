// Test plumbing for the Google and Azure simulator modules: the Huawei helpers' FakeContext
// (settable clock, in-memory clusters and credentials) plus the location-wide cluster listing
// the GKE list needs, and an HttpTransport that feeds requests straight into a SimCloud the way
// the core does (route → exchange | authenticate → respond), with faults injected per operation
// and every request recorded.
import type { ClusterUpgradeWatchSpec, Observation } from '../../../src/api/types.js';
import type { BearerClientOptions } from '../../../src/providers/cloud-common/bearer-client.js';
import { createPollMemory } from '../../../src/providers/cloud-common/poll-memory.js';
import { createTokenCache } from '../../../src/providers/cloud-common/token-cache.js';
import type { Credentials } from '../../../src/providers/common/credentials.js';
import type { ConnectParams, ExternalClient, ObserveResult } from '../../../src/providers/common/provider.js';
import type { HttpRequest, HttpResponse, HttpTransport } from '../../../src/providers/common/transport.js';
import type { BearerCloudOptions, BearerSimCloud } from '../../../src/simulator/oauth/bearer-tokens.js';
import type {
  CloudFaultKind,
  ClusterState,
  SimCloud,
  SimCluster,
  SimCredential,
  SimRequest,
} from '../../../src/simulator/types.js';
import { FakeContext, toSimRequest } from './huawei-sim-helpers.js';

/** FakeContext, which lists a provider's clusters (SimContext.clustersOf) for the GKE list. */
export class ListingFakeContext extends FakeContext {}

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
  const transport = async (request: HttpRequest): Promise<HttpResponse> => {
    // As the server sees it: the Host header, and the scheme a TLS socket gives (links in replies).
    const url = new URL(request.url);
    const base = toSimRequest(request);
    const sim: SimRequest = {
      ...base,
      headers: { host: url.host, ...base.headers },
      body: request.body ?? '',
      ...(url.protocol === 'https:' ? { scheme: 'https' as const } : {}),
    };
    const route = cloud.route(sim);
    if (!route) return { status: 404, headers: {}, body: 'no route' };
    sent.push(route.operation);
    const fault = faults.get(route.operation)?.shift();
    const reply = fault
      ? cloud.faultReply(fault.kind, route, context, fault.retryAfterSeconds)
      : await (cloud.exchange?.(sim, route, context) ??
          Promise.resolve(cloud.authenticate(sim, route, context) ?? cloud.respond(sim, route, context)));
    const headers = Object.fromEntries(
      Object.entries(reply.headers ?? {}).map(([k, v]) => [k.toLowerCase(), v]),
    );
    return { status: reply.status, headers, body: reply.body };
  };
  return { transport, sent, faults };
}

type Connect<M> = (params: ConnectParams, options: BearerClientOptions<M>) => ExternalClient;

/** A client of `connect` polling the simulated cloud through one token cache and one memory. */
export function pollingHarness<M>(
  connect: Connect<M>,
  wire: SimWire,
  context: ListingFakeContext,
  defaults: { spec: ClusterUpgradeWatchSpec; credentials: Credentials },
) {
  const cache = createTokenCache({ clock: context });
  const memory = createPollMemory<M>();
  const poll = (
    over: Record<string, unknown> = {},
    credentials = defaults.credentials,
  ): Promise<ObserveResult> =>
    connect(
      {
        spec: { ...defaults.spec, ...over },
        credentials,
        baseUrl: 'http://sim.test:8080',
        transport: wire.transport,
        clock: context,
      },
      { cache, memory },
    ).observe();
  const observe = async (): Promise<Observation> => {
    const result = await poll();
    if (!result.ok) throw new Error(`poll failed: ${result.error.class} ${result.error.message}`);
    return result.observation;
  };
  return { poll, observe };
}

/** A transport that answers the token POST with `tokenBody` and every GET with `apiBody`, recording all. */
export function capturingTransport(
  tokenBody: string,
  apiBody: string,
): { transport: HttpTransport; sent: HttpRequest[] } {
  const sent: HttpRequest[] = [];
  const transport = (request: HttpRequest): Promise<HttpResponse> => {
    sent.push(request);
    return Promise.resolve({
      status: 200,
      headers: {},
      body: request.method === 'POST' ? tokenBody : apiBody,
    });
  };
  return { transport, sent };
}

/** Requests each of `polls` polls sent, `stepMs` of virtual time apart. */
export async function requestsPerPoll(
  sim: { wire: SimWire; context: ListingFakeContext; observe(): Promise<Observation> },
  polls: number,
  stepMs: number,
): Promise<number[]> {
  const counts: number[] = [];
  for (let i = 0; i < polls; i += 1) {
    const before = sim.wire.sent.length;
    await sim.observe();
    sim.context.advance(stepMs);
    counts.push(sim.wire.sent.length - before);
  }
  return counts;
}

/** What a client test of one bearer cloud declares (the rest is the same for Google and Azure). */
export interface BearerSimSetup<M> {
  /** The cloud module's factory (createGoogleCloud, createAzureCloud). */
  cloud: (options: BearerCloudOptions) => BearerSimCloud;
  /** Shortens the cloud's token lifetime (a refresh mid-upgrade). */
  tokenLifetimeSeconds?: number | undefined;
  /** The service account or app the cloud knows. */
  credential: SimCredential;
  /** The one simulated cluster the watch names; tests change its `state` between polls. */
  cluster: SimCluster;
  connect: Connect<M>;
  spec: ClusterUpgradeWatchSpec;
  credentials: Credentials;
  /** Puts something between the client and the simulator (record URLs, answer some requests). */
  around?: (simulated: HttpTransport) => HttpTransport;
}

/** A client of `connect` polling a simulated bearer cloud that holds one cluster. */
export function bearerSim<M>(setup: BearerSimSetup<M>) {
  const context = new ListingFakeContext();
  context.credentials.set(setup.credential.accessKeyId, setup.credential);
  context.clusters.push(setup.cluster);
  const lifetime = setup.tokenLifetimeSeconds;
  const cloud = setup.cloud(lifetime ? { tokenLifetimeSeconds: lifetime } : {});
  const wire = simWire(cloud, context);
  const client = setup.around ? { ...wire, transport: setup.around(wire.transport) } : wire;
  const { poll, observe } = pollingHarness(setup.connect, client, context, setup);
  /** One poll whose next `operation` request meets an injected fault (Retry-After 20 s). */
  const pollWithFault = (operation: string, kind: CloudFaultKind): Promise<ObserveResult> => {
    wire.faults.set(operation, [{ kind, retryAfterSeconds: 20 }]);
    return poll();
  };
  /** One poll through the registry's family (its bounded transport), not the bare client. */
  const pollViaFamily = (
    family: { connect(params: ConnectParams): ExternalClient },
    credentials: Credentials,
  ): Promise<ObserveResult> =>
    family
      .connect({
        spec: setup.spec,
        credentials,
        baseUrl: 'http://sim.test',
        transport: client.transport,
        clock: context,
      })
      .observe();
  return { context, cluster: setup.cluster, cloud, wire, poll, observe, pollWithFault, pollViaFamily };
}

/** The progress each poll reports as the cluster goes through `states` (never-backwards tests). */
export async function progressThrough(
  sim: { cluster: SimCluster; observe(): Promise<Observation> },
  states: readonly ClusterState[],
): Promise<Array<number | undefined>> {
  const seen: Array<number | undefined> = [];
  for (const state of states) {
    sim.cluster.state = state;
    seen.push((await sim.observe()).progress);
  }
  return seen;
}
