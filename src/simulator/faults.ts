// Injected faults: a list of armed faults per cluster (or `*` for every cluster), and the
// decision, per request, of which of them fire. Firing consumes `count`; `probability` draws
// from a seeded RNG so a scenario replays identically.

import type { ProviderName } from '../api/types.js';
import type { Random } from './rng.js';
import type { CloudFaultKind } from './types.js';

/** Faults answered with the cloud's own error body (via SimCloud.faultReply). */
const CLOUD_FAULT_KINDS = ['throttle', 'server-error', 'auth', 'not-found', 'clock-skew'] as const;
/** Faults that damage the otherwise good reply on its way out. */
const BODY_FAULT_KINDS = ['malformed', 'truncated', 'content-type', 'empty'] as const;
export const FAULT_KINDS = [...CLOUD_FAULT_KINDS, ...BODY_FAULT_KINDS, 'html', 'latency'] as const;

export type FaultKind = (typeof FAULT_KINDS)[number];
export type BodyFaultKind = (typeof BODY_FAULT_KINDS)[number];

export const ANY_CLUSTER = '*';

export interface FaultSpec {
  kind: FaultKind;
  /** Fire for the next `count` matching requests, then disarm. Unset = until cleared. */
  count?: number;
  /** Chance (0..1) that a matching request fires it. Unset = always. */
  probability?: number;
  /** For `latency`: the delay before replying. */
  latencyMs?: number;
  /** For `throttle`: the Retry-After the cloud module should advertise. */
  retryAfterSeconds?: number;
  /** Only requests for this API operation (e.g. `GetUpgradeStatus`). */
  operation?: string;
}

export interface FaultTarget {
  /** A cluster id, or `*` for every cluster. */
  clusterID: string;
  /** Restrict to one provider (useful when ACK and ACKAddons share a cluster id). */
  provider?: ProviderName;
}

export interface FaultView extends FaultSpec, FaultTarget {
  id: string;
  /** Firings left when `count` was set. */
  remaining?: number;
  fired: number;
}

export interface FaultFilter {
  id?: string;
  clusterID?: string;
  provider?: ProviderName;
}

export interface RequestIdentity {
  provider: ProviderName;
  /** undefined when the request names no known cluster. */
  clusterID?: string;
  operation: string;
}

/** What the faults decided for one request. */
interface FaultDecision {
  /** Total delay from firing `latency` faults, in ms. */
  latencyMs: number;
  /** The first firing non-latency fault, if any: it shapes the reply. */
  reply?: FaultView;
}

export function isCloudFault(kind: FaultKind): kind is CloudFaultKind {
  return (CLOUD_FAULT_KINDS as readonly string[]).includes(kind);
}

export function isBodyFault(kind: FaultKind): kind is BodyFaultKind {
  return (BODY_FAULT_KINDS as readonly string[]).includes(kind);
}

export class FaultBook {
  private faults: FaultView[] = [];
  private nextId = 1;

  constructor(private random: Random) {}

  add(target: FaultTarget, spec: FaultSpec): FaultView {
    const fault: FaultView = {
      id: `f${this.nextId++}`,
      clusterID: target.clusterID,
      ...(target.provider ? { provider: target.provider } : {}),
      ...spec,
      ...(spec.count !== undefined ? { remaining: spec.count } : {}),
      fired: 0,
    };
    this.faults.push(fault);
    return { ...fault };
  }

  list(): FaultView[] {
    return this.faults.map((fault) => ({ ...fault }));
  }

  /** Disarm faults matching every given field of `filter` (all of them for an empty filter). */
  clear(filter: FaultFilter = {}): number {
    const before = this.faults.length;
    this.faults = this.faults.filter((fault) => !matchesFilter(fault, filter));
    return before - this.faults.length;
  }

  /** Start over with a new RNG (scenario reset). */
  reset(random: Random): void {
    this.faults = [];
    this.nextId = 1;
    this.random = random;
  }

  /** Decide which armed faults fire for this request, consuming their counts. */
  decide(request: RequestIdentity): FaultDecision {
    const decision: FaultDecision = { latencyMs: 0 };
    for (const fault of this.faults) {
      if (!appliesTo(fault, request)) continue;
      if (fault.kind !== 'latency' && decision.reply) continue;
      if (fault.probability !== undefined && this.random() >= fault.probability) continue;
      fault.fired++;
      if (fault.remaining !== undefined) fault.remaining--;
      if (fault.kind === 'latency') decision.latencyMs += fault.latencyMs ?? 0;
      else decision.reply = { ...fault };
    }
    this.faults = this.faults.filter((fault) => fault.remaining === undefined || fault.remaining > 0);
    return decision;
  }
}

function appliesTo(fault: FaultView, request: RequestIdentity): boolean {
  if (fault.provider && fault.provider !== request.provider) return false;
  if (fault.operation && fault.operation !== request.operation) return false;
  return fault.clusterID === ANY_CLUSTER || fault.clusterID === request.clusterID;
}

function matchesFilter(fault: FaultView, filter: FaultFilter): boolean {
  if (filter.id !== undefined && fault.id !== filter.id) return false;
  if (filter.clusterID !== undefined && fault.clusterID !== filter.clusterID) return false;
  if (filter.provider !== undefined && fault.provider !== filter.provider) return false;
  return true;
}
