// Contract between the simulator core (HTTP server, scenarios, faults, admin API, counters)
// and the per-cloud modules (one folder per cloud, ./clouds.ts), which know the real paths, signature
// checks and error bodies. The core never inspects provider bodies; modules never open sockets.

import type { Cloud, ProviderName } from '../providers/names.js';
import { SAMPLES } from '../providers/samples.js';
import type { SimTrust } from './trust.js';

export interface SimRequest {
  method: string;
  /** Raw path as received (still percent-encoded). */
  rawPath: string;
  /** Decoded path. */
  path: string;
  /** Raw query string without `?` (still encoded, as it was signed). */
  rawQuery: string;
  /** Decoded query parameters (last value wins). */
  query: Record<string, string>;
  /** Header names lower-cased. */
  headers: Record<string, string>;
  body: string;
  /** `https` when the request came over TLS; absent = `http` (the scheme of links a reply names). */
  scheme?: 'https';
}

export interface SimReply {
  status: number;
  headers?: Record<string, string>;
  body: string;
}

/** Which cloud API a request addresses. `clusterID` or `taskID` identify the simulated truth. */
export interface SimRoute {
  provider: ProviderName;
  /** API operation name, e.g. `GetUpgradeStatus`, `ListUpgradeWorkFlows`. Used in counters. */
  operation: string;
  clusterID?: string;
  projectID?: string;
  taskID?: string;
}

export interface SimCredential {
  accessKeyId: string;
  accessKeySecret: string;
  /** When set, requests must carry this token (STS / temporary AK). */
  securityToken?: string;
  /** For Huawei, the project ids this key may use (empty/undefined = any). */
  projectIds?: string[];
  /** Temporary keys (issued by a keyless exchange) stop working at this moment. */
  expiresAt?: Date;
}

/** What a keyless exchange grants: temporary keys for `lifetimeMs`. */
export interface TemporaryGrant {
  lifetimeMs: number;
  /** Access key id prefix: `STS.` for Alibaba; Huawei's are plain upper-case. */
  prefix: string;
  projectIds?: string[];
}

/**
 * The provider-native state of one simulated cluster at one moment, keyed by operation
 * name, each value being exactly the body that operation returns (the API's own field values).
 * Each provider's sample (src/providers/<provider>/sample.ts) builds its states and lists the
 * operation keys they may hold (documented in docs/simulator.md).
 */
export type ClusterState = Record<string, unknown>;

/**
 * The operation keys a `ClusterState` may hold per provider (with the aliases the modules also
 * read), from the provider samples; scenarios are checked against it so a typo is an error, not
 * a silent Idle.
 */
export const STATE_OPERATIONS: Readonly<Record<ProviderName, readonly string[]>> = Object.fromEntries(
  Object.entries(SAMPLES).map(([provider, sample]) => [provider, sample.stateOperations]),
) as Record<ProviderName, readonly string[]>;

export interface SimCluster {
  provider: ProviderName;
  clusterID: string;
  projectID?: string;
  region?: string;
  state: ClusterState;
}

export interface SimContext {
  now(): Date;
  credential(accessKeyId: string): SimCredential | undefined;
  cluster(provider: ProviderName, clusterID: string): SimCluster | undefined;
  /** Every current cluster of `provider` (a GKE operations list spans a location's clusters). */
  clustersOf(provider: ProviderName): SimCluster[];
  /** The cluster whose current state holds task `taskID` under `operation`. */
  clusterByTask(provider: ProviderName, operation: string, taskID: string): SimCluster | undefined;
  /** A fresh request id in the cloud's own format. */
  requestId(): string;
  /** The scenario's trusted OIDC providers, roles and IdP mappings (keyless exchanges). */
  trust: SimTrust;
  /** Issue temporary keys (with a security token) the cloud endpoints accept until they expire. */
  issueCredential(
    grant: TemporaryGrant,
  ): Required<Pick<SimCredential, 'securityToken' | 'expiresAt'>> & SimCredential;
}

/** Error kinds the core asks a cloud module to render with its real error body. */
export type CloudFaultKind = 'throttle' | 'server-error' | 'auth' | 'not-found' | 'clock-skew';

export interface SimCloud {
  name: Cloud;
  /** undefined when the path is not one of this cloud's endpoints. */
  route(request: SimRequest): SimRoute | undefined;
  /** Verify signature, date skew, access key and token exactly as the cloud does; undefined = OK. */
  authenticate(request: SimRequest, route: SimRoute, context: SimContext): SimReply | undefined;
  /** The success (or NotFound) reply for a routed, authenticated request. */
  respond(request: SimRequest, route: SimRoute, context: SimContext): SimReply;
  /**
   * An anonymous token exchange (STS AssumeRoleWithOIDC, IAM id-token / securitytokens): the
   * token in the body is the proof, so there is no signature to check. A promise for routes it
   * serves (they skip authenticate/respond); undefined for every other route.
   */
  exchange?(request: SimRequest, route: SimRoute, context: SimContext): Promise<SimReply> | undefined;
  /** The cloud's real error reply for an injected fault. */
  faultReply(
    kind: CloudFaultKind,
    route: SimRoute,
    context: SimContext,
    retryAfterSeconds?: number,
  ): SimReply;
}
