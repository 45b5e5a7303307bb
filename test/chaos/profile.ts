// Chaos profiles: how big the fleet is, how fast the scripted upgrades move, which faults the
// simulator injects and which disruptions the driver performs. SHORT runs inside `npm test`,
// FULL is `npm run test:chaos` (issue 6). Both use the same seed by default, so a run replays
// the same fleet, the same timelines and the same fault draws (UPGRADEWATCH_CHAOS_SEED overrides).
import { ALIBABA_ACK, AWS_EKS, AZURE_AKS, GOOGLE_GKE, HUAWEI_CCE } from '../../src/providers/names.js';
import type { ProviderName } from '../../src/api/types.js';
import type { FaultKind } from '../../src/simulator/index.js';

export interface FaultMixEntry {
  /** Name in the report, e.g. `latency-spike`. */
  name: string;
  kind: FaultKind;
  /** Chance that a request fires it (the simulator's seeded RNG). */
  probability?: number;
  latencyMs?: number;
  retryAfterSeconds?: number;
  /** Instead of a probability: fire for the next `count` matching requests (deterministic coverage). */
  count?: number;
  /** Only requests for this provider. */
  provider?: ProviderName;
  why: string;
}

export type DisruptionKind = 'restart-apiserver' | 'kill-leader';

export interface Disruption {
  kind: DisruptionKind;
  /** Starts once this fraction of all scripted state changes has happened in the simulator. */
  afterFraction: number;
}

export interface ChaosProfile {
  name: 'short' | 'full';
  seed: number;
  /** Watches in all, the auth-failure watches included. */
  watches: number;
  /** Mean time a scripted state lasts (each watch's steps are jittered 0.6–1.4×). */
  stepMs: number;
  /** How long a terminal state lasts before a new upgrade starts (> idlePollInterval, so it is seen). */
  holdMs: number;
  /** Operator replicas running with --leader-elect. */
  replicas: number;
  disruptions: Disruption[];
  faults: FaultMixEntry[];
  /** After the last timeline entry and with faults off: how long every CR may take to show the truth. */
  settleTimeoutMs: number;
  pollInterval: string;
  idlePollInterval: string;
}

/**
 * Injected on every request to every simulated cluster. The simulator draws them in this order
 * and the first non-latency fault that fires shapes the reply, so the shares below are of all
 * requests only approximately; the report gives what actually fired. Each probability entry
 * also fires once for certain (armedFaults), so every kind happens in every run.
 */
export const FAULT_MIX: readonly FaultMixEntry[] = [
  {
    name: 'latency-spike',
    kind: 'latency',
    probability: 0.05,
    latencyMs: 1_500,
    why: 'a slow answer well inside the 10 s client timeout',
  },
  {
    name: 'latency-timeout',
    kind: 'latency',
    probability: 0.005,
    latencyMs: 11_000,
    why: 'an answer later than the 10 s client timeout: NetworkError',
  },
  {
    name: 'server-error',
    kind: 'server-error',
    probability: 0.1,
    why: '10 % 5xx: Alibaba 500/503 gateway errors, Huawei 502 APIG.0202',
  },
  {
    name: 'throttle',
    kind: 'throttle',
    probability: 0.05,
    retryAfterSeconds: 1,
    why: '5 % throttling: Alibaba Throttling.User at HTTP 400, Huawei APIG.0308 at HTTP 429, with Retry-After',
  },
  {
    name: 'throttle-alibaba-400',
    kind: 'throttle',
    count: 3,
    provider: ALIBABA_ACK,
    why: 'the first 3 ACK requests: Throttling.User at HTTP 400 for certain, whatever the draws',
  },
  {
    name: 'throttle-huawei-429',
    kind: 'throttle',
    count: 3,
    provider: HUAWEI_CCE,
    why: 'the first 3 CCE requests: HTTP 429 APIG.0308 for certain, whatever the draws',
  },
  // The clouds with few watches in a short run (the 5 % draw may miss them): certain too.
  {
    name: 'throttle-aws',
    kind: 'throttle',
    count: 3,
    provider: AWS_EKS,
    why: 'the first 3 EKS requests: ThrottlingException for certain',
  },
  {
    name: 'throttle-google',
    kind: 'throttle',
    count: 3,
    provider: GOOGLE_GKE,
    why: 'the first 3 GKE requests (token endpoint included): RESOURCE_EXHAUSTED / 429 for certain',
  },
  {
    name: 'throttle-azure',
    kind: 'throttle',
    count: 3,
    provider: AZURE_AKS,
    why: 'the first 3 AKS requests (token endpoint included): 429 with Retry-After for certain',
  },
  {
    name: 'malformed',
    kind: 'malformed',
    probability: 0.03,
    why: 'a 200 whose body is not JSON',
  },
  {
    name: 'truncated',
    kind: 'truncated',
    probability: 0.01,
    why: 'a 200 cut in half',
  },
  {
    name: 'html-502',
    kind: 'html',
    probability: 0.01,
    why: "a load balancer's HTML 502 page instead of the cloud's JSON",
  },
];

/** One fault the world arms in the simulator, under the FAULT_MIX name it is reported as. */
export interface ArmedFault {
  name: string;
  kind: FaultKind;
  probability?: number;
  count?: number;
  provider?: ProviderName;
  latencyMs?: number;
  retryAfterSeconds?: number;
}

/**
 * What to arm for a fault mix: every entry as given, and for each probability entry a twin that
 * fires once for certain (`count: 1`) on the first requests it matches. Which request draws which
 * fault depends on the order requests arrive in, so a rare fault (0.5 % of ~340 requests) may
 * otherwise never fire; with the twins every kind happens in every run, whatever the seed.
 */
export function armedFaults(mix: readonly FaultMixEntry[]): ArmedFault[] {
  const arm = ({ why: _why, ...fault }: FaultMixEntry): ArmedFault => fault;
  const twins = mix
    .filter((entry) => entry.probability !== undefined)
    .map(({ probability: _p, ...entry }) => arm({ ...entry, count: 1 }));
  return [...mix.map(arm), ...twins];
}

function seedFromEnv(fallback: number): number {
  const raw = process.env.UPGRADEWATCH_CHAOS_SEED;
  if (raw === undefined || raw === '') return fallback;
  const seed = Number(raw);
  if (!Number.isInteger(seed)) throw new Error(`UPGRADEWATCH_CHAOS_SEED must be an integer, got ${raw}`);
  return seed;
}

/** kube-apiserver restarts and leader SIGKILLs taking turns, at these shares of the timelines. */
function alternating(...fractions: number[]): Disruption[] {
  return fractions.map((afterFraction, i) => ({
    kind: i % 2 === 0 ? 'restart-apiserver' : 'kill-leader',
    afterFraction,
  }));
}

export const SHORT: ChaosProfile = {
  name: 'short',
  seed: seedFromEnv(20_240_601),
  watches: 40,
  stepMs: 12_000,
  holdMs: 36_000,
  replicas: 2,
  disruptions: alternating(0.15, 0.6),
  faults: [...FAULT_MIX],
  settleTimeoutMs: 180_000,
  pollInterval: '5s',
  idlePollInterval: '30s',
};

export const FULL: ChaosProfile = {
  ...SHORT,
  name: 'full',
  watches: 202,
  stepMs: 25_000,
  holdMs: 45_000,
  disruptions: alternating(0.1, 0.3, 0.5, 0.7),
  settleTimeoutMs: 300_000,
};
