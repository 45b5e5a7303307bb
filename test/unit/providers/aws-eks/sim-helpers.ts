// Test helpers (not a test file): the AWS SimCloud answering an AWSEKS client in process, the
// way the simulator core does (route → exchange | authenticate → respond), with an optional
// injected fault, and a clock the test moves.

import type { Observation } from '../../../../src/api/types.js';
import type { ClusterState, SimCloud, SimCredential, SimReply } from '../../../../src/simulator/types.js';
import { awsEksFacts } from '../../../../src/providers/aws-eks/facts.js';
import { createAwsEksFamily } from '../../../../src/providers/aws-eks/index.js';
import { EksUpdateMemory } from '../../../../src/providers/aws-eks/memory.js';
import type { ObserveResult, RequestObserver } from '../../../../src/providers/common/provider.js';
import { observationProblems } from '../huawei-common/helpers.js';
import type { CloudFaultKind } from '../../../../src/simulator/types.js';
import type { HttpRequest, HttpTransport } from '../../../../src/providers/common/transport.js';
import { awsCloud } from '../../../../src/simulator/aws/index.js';
import { AWS_EKS } from '../../../../src/providers/names.js';
import type { ClusterUpgradeWatchSpec } from '../../../../src/api/types.js';
import { fakeContext, simRequestFrom, type FakeWorld } from '../../simulator/alibaba-sim-helpers.js';

export const REGION = 'us-west-2';
export const CLUSTER = 'prod-eks_1';
export const BASE_URL = `https://eks.${REGION}.amazonaws.com`;
export const KEY: SimCredential = {
  accessKeyId: 'AKIAIOSFODNN7EXAMPLE',
  accessKeySecret: 'wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY',
};

export function eksSpec(nodegroups?: string[]): ClusterUpgradeWatchSpec {
  return {
    provider: AWS_EKS,
    region: REGION,
    clusterID: CLUSTER,
    credentialsRef: { name: 'aws' },
    ...(nodegroups ? { nodegroups } : {}),
  };
}

export interface Fault {
  kind: CloudFaultKind;
  retryAfterSeconds?: number;
}

export interface SimHarness {
  world: FakeWorld;
  context: ReturnType<typeof fakeContext>;
  transport: HttpTransport;
  /** Every request the cloud received, `METHOD path?query`. */
  seen: string[];
  setState(state: ClusterState): void;
  /** The next requests answer with this fault until cleared. */
  fault?: Fault;
}

function toResponse(reply: SimReply) {
  const headers: Record<string, string> = {};
  for (const [name, value] of Object.entries(reply.headers ?? {})) headers[name.toLowerCase()] = value;
  return { status: reply.status, headers, body: reply.body };
}

export function awsHarness(
  state: ClusterState,
  now = new Date('2024-12-06T10:30:00Z'),
  cloud: SimCloud = awsCloud,
): SimHarness {
  const world: FakeWorld = {
    now,
    credentials: [KEY],
    clusters: [{ provider: AWS_EKS, clusterID: CLUSTER, region: REGION, state }],
  };
  const context = fakeContext(world);
  const seen: string[] = [];
  const harness: SimHarness = {
    world,
    context,
    seen,
    setState: (next) => {
      world.clusters[0]!.state = next;
    },
    transport: async (request: HttpRequest) => {
      const sim = simRequestFrom(request);
      seen.push(`${sim.method} ${sim.rawPath}${sim.rawQuery ? `?${sim.rawQuery}` : ''}`);
      const route = cloud.route(sim);
      if (!route) return { status: 404, headers: {}, body: '{"message":"unrouted"}' };
      if (harness.fault) {
        return toResponse(
          cloud.faultReply(harness.fault.kind, route, context, harness.fault.retryAfterSeconds),
        );
      }
      const exchange = cloud.exchange?.(sim, route, context);
      if (exchange) return toResponse(await exchange);
      return toResponse(cloud.authenticate(sim, route, context) ?? cloud.respond(sim, route, context));
    },
  };
  return harness;
}

export const states = awsEksFacts.simulatorStates as unknown as Record<
  'idle' | 'running' | 'succeeded' | 'failed',
  ClusterState
>;
export const GROUPS = ['general', 'gpu'];

export function connect(
  h: SimHarness,
  nodegroups?: string[],
  memory = new EksUpdateMemory(),
  credentials = KEY,
) {
  const events: Parameters<RequestObserver>[0][] = [];
  const family = createAwsEksFamily(memory);
  const client = family.connect({
    spec: eksSpec(nodegroups),
    credentials,
    baseUrl: BASE_URL,
    transport: h.transport,
    clock: { now: () => h.world.now },
    onRequest: (event) => events.push(event),
  });
  return { client, events, family };
}

export function observation(result: ObserveResult): Observation {
  if (!result.ok)
    throw new Error(`expected an observation, got ${result.error.class}: ${result.error.message}`);
  expect(observationProblems(result.observation)).toEqual([]);
  return result.observation;
}

/** Requests of one poll. */
export async function poll(h: SimHarness, client: { observe(): Promise<ObserveResult> }) {
  const before = h.seen.length;
  const result = await client.observe();
  return { result, requests: h.seen.slice(before) };
}
