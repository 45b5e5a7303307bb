// The scenario file (YAML or JSON) and the admin API's request bodies: zod schemas at the edge,
// turned into the normalized shapes the simulator runs on. Errors name the offending path.

import { PATTERNS } from '../api/schema.js';
import { readFile } from 'node:fs/promises';
import { parse as parseYaml } from 'yaml';
import { z } from 'zod';
import { PROVIDERS, type ProviderName } from '../providers/names.js';
import { SAMPLES } from '../providers/samples.js';
import { DURATION_HINT, parseDuration } from '../api/duration.js';
import { ANY_CLUSTER, FAULT_KINDS, type FaultSpec, type FaultTarget } from './faults.js';
import type { TimelineEntry } from './timeline.js';
import { EMPTY_TRUST, toTrustConfig, trustSchema, type TrustConfig } from './trust-scenario.js';
import { STATE_OPERATIONS, type ClusterState, type SimCredential } from './types.js';

export class ScenarioError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'ScenarioError';
  }
}

/** Every provider's cluster ID shape (the CRD's clusterID and region patterns). */
const CLUSTER_ID = new RegExp(PATTERNS.clusterID);
const REGION = new RegExp(PATTERNS.region);
/** The providers whose clusters live in a project (their sample spec names one): a scenario must give it. */
export const PROJECT_PROVIDERS: readonly ProviderName[] = PROVIDERS.filter(
  (provider) => SAMPLES[provider].spec.projectID !== undefined,
);

const durationSchema = z.string().transform((text, ctx) => {
  const ms = parseDuration(text);
  if (ms === undefined) {
    ctx.addIssue({ code: 'custom', message: `expected ${DURATION_HINT}, got "${text}"` });
    return z.NEVER;
  }
  return ms;
});

const stateSchema = z.record(z.string(), z.unknown(), {
  error: 'state must be a map of operation name → response body',
});

const timelineEntrySchema = z.strictObject({ duration: durationSchema.optional(), state: stateSchema });

const faultSpecShape = {
  kind: z.enum(FAULT_KINDS),
  count: z.int().positive().optional(),
  probability: z.number().min(0).max(1).optional(),
  latencyMs: z.int().min(0).max(600_000).optional(),
  retryAfterSeconds: z.int().min(0).max(86_400).optional(),
  operation: z.string().min(1).optional(),
};

function latencyHasMs(fault: { kind: string; latencyMs?: number | undefined }): boolean {
  return fault.kind !== 'latency' || fault.latencyMs !== undefined;
}
const LATENCY_NEEDS_MS = { message: 'a latency fault needs latencyMs', path: ['latencyMs'] };

const faultSpecSchema = z.strictObject(faultSpecShape).refine(latencyHasMs, LATENCY_NEEDS_MS);

/** A fault with its target, as the admin API and the scenario's top-level `faults` take it. */
export const targetedFaultSchema = z
  .strictObject({
    ...faultSpecShape,
    clusterID: z.union([z.literal(ANY_CLUSTER), z.string().regex(CLUSTER_ID)]).default(ANY_CLUSTER),
    provider: z.enum(PROVIDERS).optional(),
  })
  .refine(latencyHasMs, LATENCY_NEEDS_MS);

const credentialSchema = z.strictObject({
  accessKeyId: z.string().min(1),
  accessKeySecret: z.string().min(1),
  securityToken: z.string().min(1).optional(),
  projectIds: z.array(z.string().min(1)).optional(),
});

export const credentialsSchema = z.array(credentialSchema).superRefine((list, ctx) => {
  const seen = new Set<string>();
  list.forEach((credential, index) => {
    if (seen.has(credential.accessKeyId)) {
      ctx.addIssue({
        code: 'custom',
        message: `duplicate accessKeyId "${credential.accessKeyId}"`,
        path: [index],
      });
    }
    seen.add(credential.accessKeyId);
  });
});

/** What defines a cluster's behaviour: a fixed `state` or a `timeline` (the admin PUT body). */
const clusterBodyShape = {
  projectID: z.string().regex(CLUSTER_ID).optional(),
  region: z.string().regex(REGION).optional(),
  state: stateSchema.optional(),
  timeline: z.array(timelineEntrySchema).min(1).optional(),
  loop: z.boolean().optional(),
};

type ClusterBody = z.output<z.ZodObject<typeof clusterBodyShape>>;

function checkClusterBody(
  body: ClusterBody,
  provider: ProviderName,
  ctx: z.RefinementCtx,
  requireProject: boolean,
): void {
  if ((body.state === undefined) === (body.timeline === undefined)) {
    ctx.addIssue({ code: 'custom', message: 'give exactly one of `state` (fixed) or `timeline`', path: [] });
    return;
  }
  if (requireProject && PROJECT_PROVIDERS.includes(provider) && !body.projectID) {
    ctx.addIssue({ code: 'custom', message: `${provider} clusters need a projectID`, path: ['projectID'] });
  }
  const entries = body.timeline ?? [{ state: body.state ?? {} }];
  const loop = body.loop ?? false;
  entries.forEach((entry, index) => {
    const last = index === entries.length - 1;
    if (body.timeline && entry.duration === undefined && (!last || loop)) {
      const why = loop
        ? 'every entry of a looping timeline needs a duration'
        : 'every entry but the last needs a duration';
      ctx.addIssue({ code: 'custom', message: why, path: ['timeline', index, 'duration'] });
    }
    const allowed = STATE_OPERATIONS[provider];
    for (const key of Object.keys(entry.state)) {
      if (!allowed.includes(key)) {
        ctx.addIssue({
          code: 'custom',
          message: `${provider} state has no operation "${key}" (expected one of: ${allowed.join(', ')})`,
          path: body.timeline ? ['timeline', index, 'state', key] : ['state', key],
        });
      }
    }
  });
  if (loop && body.timeline && entries.every((entry) => (entry.duration ?? 0) === 0)) {
    ctx.addIssue({
      code: 'custom',
      message: 'a looping timeline needs a non-zero total duration',
      path: ['timeline'],
    });
  }
}

function toEntries(body: ClusterBody): TimelineEntry[] {
  if (body.timeline) {
    return body.timeline.map((entry) => ({
      ...(entry.duration !== undefined ? { durationMs: entry.duration } : {}),
      state: entry.state as ClusterState,
    }));
  }
  return [{ state: (body.state ?? {}) as ClusterState }];
}

/** The normalized definition of one simulated cluster. */
export interface ClusterDefinition {
  provider: ProviderName;
  clusterID: string;
  projectID?: string;
  region?: string;
  entries: TimelineEntry[];
  loop: boolean;
}

function toDefinition(provider: ProviderName, clusterID: string, body: ClusterBody): ClusterDefinition {
  return {
    provider,
    clusterID,
    ...(body.projectID ? { projectID: body.projectID } : {}),
    ...(body.region ? { region: body.region } : {}),
    entries: toEntries(body),
    loop: body.loop ?? false,
  };
}

/** The admin API's PUT body for one cluster, checked against that cluster's provider. */
export function clusterBodySchema(provider: ProviderName, clusterID: string) {
  return z
    .strictObject(clusterBodyShape)
    .superRefine((body, ctx) => checkClusterBody(body, provider, ctx, false))
    .transform((body) => toDefinition(provider, clusterID, body));
}

const scenarioClusterSchema = z
  .strictObject({
    provider: z.enum(PROVIDERS),
    clusterID: z.string().regex(CLUSTER_ID),
    ...clusterBodyShape,
    faults: z.array(faultSpecSchema).optional(),
  })
  .superRefine((cluster, ctx) => checkClusterBody(cluster, cluster.provider, ctx, true));

type TargetedFault = FaultTarget & FaultSpec;

export interface Scenario {
  /** Seed for probability faults. */
  seed: number;
  credentials: SimCredential[];
  clusters: ClusterDefinition[];
  faults: TargetedFault[];
  /** Keyless exchanges: trusted OIDC providers, roles, IdP mappings (./trust-scenario.ts). */
  trust: TrustConfig;
}

const scenarioSchema = z
  .strictObject({
    seed: z.int().optional(),
    credentials: credentialsSchema.optional(),
    clusters: z.array(scenarioClusterSchema).optional(),
    faults: z.array(targetedFaultSchema).optional(),
    workloadIdentity: trustSchema.optional(),
  })
  .superRefine((scenario, ctx) => {
    const seen = new Set<string>();
    (scenario.clusters ?? []).forEach((cluster, index) => {
      const key = `${cluster.provider}/${cluster.clusterID}`;
      if (seen.has(key))
        ctx.addIssue({ code: 'custom', message: `duplicate cluster ${key}`, path: ['clusters', index] });
      seen.add(key);
    });
  })
  .transform((scenario): Scenario => ({
    seed: scenario.seed ?? 1,
    credentials: scenario.credentials ?? [],
    clusters: (scenario.clusters ?? []).map((cluster) =>
      toDefinition(cluster.provider, cluster.clusterID, cluster),
    ),
    faults: [
      ...(scenario.clusters ?? []).flatMap((cluster) =>
        (cluster.faults ?? []).map((fault) => ({
          ...fault,
          clusterID: cluster.clusterID,
          provider: cluster.provider,
        })),
      ),
      ...(scenario.faults ?? []),
    ],
    trust: toTrustConfig(scenario.workloadIdentity),
  }));

export type ScenarioInput = z.input<typeof scenarioSchema>;

export const EMPTY_SCENARIO: Scenario = {
  seed: 1,
  credentials: [],
  clusters: [],
  faults: [],
  trust: EMPTY_TRUST,
};

/** Validate `input` with `schema`, or throw ScenarioError naming every problem and where. */
export function parseWith<S extends z.ZodType>(schema: S, input: unknown, what: string): z.output<S> {
  const result = schema.safeParse(input);
  if (!result.success) throw new ScenarioError(`invalid ${what}:\n${z.prettifyError(result.error)}`);
  return result.data;
}

export function parseScenario(input: unknown, source = 'scenario'): Scenario {
  return parseWith(scenarioSchema, input ?? {}, source);
}

/** Parse scenario text; YAML is a superset of JSON, so one parser reads both. */
export function parseScenarioText(text: string, source = 'scenario'): Scenario {
  let document: unknown;
  try {
    document = parseYaml(text, { prettyErrors: true });
  } catch (error) {
    throw new ScenarioError(
      `${source} is not valid YAML/JSON: ${error instanceof Error ? error.message : String(error)}`,
    );
  }
  return parseScenario(document, source);
}

export async function loadScenario(path: string): Promise<Scenario> {
  let text: string;
  try {
    text = await readFile(path, 'utf8');
  } catch (error) {
    throw new ScenarioError(
      `cannot read scenario ${path}: ${error instanceof Error ? error.message : String(error)}`,
    );
  }
  return parseScenarioText(text, `scenario ${path}`);
}
