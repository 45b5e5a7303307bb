// The simulated truth: which clusters exist, the timeline each plays, and which access keys the
// clouds accept. Builds the SimContext a cloud module sees for one request.

import { randomBytes, randomUUID } from 'node:crypto';
import type { ProviderName } from '../api/types.js';
import type { Clock } from '../runtime/clock.js';
import { formatDuration } from '../api/duration.js';
import type { ClusterDefinition } from './scenario.js';
import { Timeline } from './timeline.js';
import { SimTrust } from './trust.js';
import { EMPTY_TRUST, type TrustConfig } from './trust-scenario.js';
import type {
  ClusterState,
  SimCloud,
  SimCluster,
  SimContext,
  SimCredential,
  TemporaryGrant,
} from './types.js';

export interface ClusterView {
  provider: ProviderName;
  clusterID: string;
  projectID?: string;
  region?: string;
  loop: boolean;
  /** The timeline as a PUT body would give it back. */
  timeline: Array<{ duration?: string; state: ClusterState }>;
  /** Index of the timeline entry in force now. */
  entryIndex: number;
  /** Milliseconds since the timeline (re)started. */
  elapsedMs: number;
  /** The state in force now. */
  state: ClusterState;
}

/** What GET /_sim/credentials shows: never the secret or the token. */
export interface CredentialView {
  accessKeyId: string;
  hasSecurityToken: boolean;
  projectIds?: string[];
  /** Temporary keys issued by a keyless exchange: when they stop working (ISO 8601). */
  expiresAt?: string;
}

/** Issued temporary keys are kept this long after they expire (to answer "expired", not "unknown"). */
export const EXPIRED_KEYS_KEPT_MS = 60 * 60_000;

interface ClusterRecord {
  definition: ClusterDefinition;
  timeline: Timeline;
}

export class SimWorld {
  private clusters = new Map<string, ClusterRecord>();
  private keys = new Map<string, SimCredential>();
  /** Temporary keys issued by keyless exchanges (kept apart: setCredentials does not drop them). */
  private issued = new Map<string, SimCredential>();
  private trustState: SimTrust;

  constructor(
    private readonly clock: Clock,
    private readonly onSecret: (value: string) => void = () => undefined,
  ) {
    this.trustState = new SimTrust(EMPTY_TRUST, clock, onSecret);
  }

  /** Replace every cluster, credential and trust rule; forget every issued key and token. */
  load(
    clusters: readonly ClusterDefinition[],
    credentials: readonly SimCredential[],
    trust: TrustConfig = EMPTY_TRUST,
  ): void {
    this.clusters.clear();
    for (const cluster of clusters) this.upsert(cluster);
    this.setCredentials(credentials);
    this.issued.clear();
    this.trustState = new SimTrust(trust, this.clock, this.onSecret);
  }

  get trust(): SimTrust {
    return this.trustState;
  }

  /** Temporary keys with a security token, accepted by the cloud endpoints until they expire. */
  issueCredential(grant: TemporaryGrant): SimCredential & { securityToken: string; expiresAt: Date } {
    const now = this.clock.now().getTime();
    for (const [id, key] of this.issued) {
      if ((key.expiresAt?.getTime() ?? now) + EXPIRED_KEYS_KEPT_MS < now) this.issued.delete(id);
    }
    const credential = {
      accessKeyId: `${grant.prefix}${randomBytes(12).toString('hex').toUpperCase()}`,
      accessKeySecret: randomBytes(24).toString('base64url'),
      securityToken: `CAIS${randomBytes(96).toString('base64url')}`,
      expiresAt: new Date(now + grant.lifetimeMs),
      ...(grant.projectIds ? { projectIds: [...grant.projectIds] } : {}),
    };
    this.issued.set(credential.accessKeyId, credential);
    this.onSecret(credential.accessKeySecret);
    this.onSecret(credential.securityToken);
    return credential;
  }

  /** Create or replace a cluster; its timeline starts now. */
  upsert(definition: ClusterDefinition): ClusterView {
    const frozen = deepFreeze(structuredClone(definition));
    const timeline = new Timeline(frozen.entries, frozen.loop, this.clock.now());
    this.clusters.set(keyOf(definition.provider, definition.clusterID), { definition: frozen, timeline });
    return this.view(definition.provider, definition.clusterID) as ClusterView;
  }

  remove(provider: ProviderName, clusterID: string): boolean {
    return this.clusters.delete(keyOf(provider, clusterID));
  }

  restart(provider: ProviderName, clusterID: string): ClusterView | undefined {
    this.clusters.get(keyOf(provider, clusterID))?.timeline.restart(this.clock.now());
    return this.view(provider, clusterID);
  }

  view(provider: ProviderName, clusterID: string): ClusterView | undefined {
    const record = this.clusters.get(keyOf(provider, clusterID));
    return record ? viewOf(record, this.clock.now()) : undefined;
  }

  views(): ClusterView[] {
    const now = this.clock.now();
    return [...this.clusters.values()].map((record) => viewOf(record, now));
  }

  get size(): number {
    return this.clusters.size;
  }

  cluster(provider: ProviderName, clusterID: string): SimCluster | undefined {
    const record = this.clusters.get(keyOf(provider, clusterID));
    return record ? simCluster(record, this.clock.now()) : undefined;
  }

  clustersOf(provider: ProviderName): SimCluster[] {
    const now = this.clock.now();
    return [...this.clusters.values()]
      .filter((record) => record.definition.provider === provider)
      .map((record) => simCluster(record, now));
  }

  /** The cluster whose state in force holds `taskID` under `operation` (`{ [taskID]: body }`). */
  clusterByTask(provider: ProviderName, operation: string, taskID: string): SimCluster | undefined {
    const now = this.clock.now();
    for (const record of this.clusters.values()) {
      if (record.definition.provider !== provider) continue;
      const tasks = record.timeline.at(now).state[operation];
      if (isObject(tasks) && Object.hasOwn(tasks, taskID)) return simCluster(record, now);
    }
    return undefined;
  }

  credential(accessKeyId: string): SimCredential | undefined {
    return this.keys.get(accessKeyId) ?? this.issued.get(accessKeyId);
  }

  setCredentials(credentials: readonly SimCredential[]): void {
    this.keys = new Map(credentials.map((credential) => [credential.accessKeyId, { ...credential }]));
  }

  credentialViews(): CredentialView[] {
    return [...this.keys.values(), ...this.issued.values()].map((credential) => ({
      accessKeyId: credential.accessKeyId,
      hasSecurityToken: credential.securityToken !== undefined,
      ...(credential.projectIds ? { projectIds: [...credential.projectIds] } : {}),
      ...(credential.expiresAt ? { expiresAt: credential.expiresAt.toISOString() } : {}),
    }));
  }

  /** The view of the world one cloud module gets while answering one request. */
  context(cloud: SimCloud['name']): SimContext {
    return {
      now: () => this.clock.now(),
      credential: (accessKeyId) => this.credential(accessKeyId),
      cluster: (provider, clusterID) => this.cluster(provider, clusterID),
      clustersOf: (provider) => this.clustersOf(provider),
      clusterByTask: (provider, operation, taskID) => this.clusterByTask(provider, operation, taskID),
      requestId: () => requestIdFor(cloud),
      trust: this.trustState,
      issueCredential: (grant) => this.issueCredential(grant),
    };
  }
}

/** Each cloud's request id shape, from a random lower-case, dashed UUID (a new cloud must say). */
const REQUEST_ID_SHAPES: Readonly<Record<SimCloud['name'], (uuid: string) => string>> = {
  /** Upper-case UUID (`x-acs-request-id`). */
  alibaba: (uuid) => uuid.toUpperCase(),
  /** 32 lower-case hex digits (`X-Request-Id`). */
  huawei: (uuid) => uuid.replaceAll('-', ''),
  /** Dashed lower-case UUID (`x-amzn-RequestId`). */
  aws: (uuid) => uuid,
  /** Google sends none; the module does not ask for one. */
  google: (uuid) => uuid,
  /** Lower-case UUID (`x-ms-request-id`). */
  azure: (uuid) => uuid,
};

export function requestIdFor(cloud: SimCloud['name']): string {
  return REQUEST_ID_SHAPES[cloud](randomUUID());
}

function keyOf(provider: ProviderName, clusterID: string): string {
  return `${provider}/${clusterID}`;
}

function simCluster(record: ClusterRecord, now: Date): SimCluster {
  const { definition } = record;
  return {
    provider: definition.provider,
    clusterID: definition.clusterID,
    ...(definition.projectID ? { projectID: definition.projectID } : {}),
    ...(definition.region ? { region: definition.region } : {}),
    state: record.timeline.at(now).state,
  };
}

function viewOf(record: ClusterRecord, now: Date): ClusterView {
  const { definition } = record;
  const position = record.timeline.at(now);
  return structuredClone({
    provider: definition.provider,
    clusterID: definition.clusterID,
    ...(definition.projectID ? { projectID: definition.projectID } : {}),
    ...(definition.region ? { region: definition.region } : {}),
    loop: definition.loop,
    timeline: definition.entries.map((entry) => ({
      ...(entry.durationMs !== undefined ? { duration: formatDuration(entry.durationMs) } : {}),
      state: entry.state,
    })),
    entryIndex: position.index,
    elapsedMs: position.elapsedMs,
    state: position.state,
  });
}

function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** Scenario states are read-only for cloud modules: a module that mutates one fails loudly. */
function deepFreeze<T>(value: T): T {
  if (typeof value === 'object' && value !== null && !Object.isFrozen(value)) {
    Object.freeze(value);
    for (const child of Object.values(value)) deepFreeze(child);
  }
  return value;
}
