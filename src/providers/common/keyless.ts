// A family's keyless exchange (docs/reference.md#security): a ServiceAccount token of the
// watch's namespace, traded at the cloud's STS/IAM for temporary credentials. The generic part
// (ServiceAccount lookup, token minting, caching, fingerprints) is src/credentials/workload-identity.ts;
// each cloud supplies one KeylessExchange.

import type { WorkloadIdentity } from '../../api/types.js';
import type { Clock } from '../../runtime/clock.js';
import type { Credentials } from './credentials.js';
import type { CloudError } from './errors.js';
import type { HttpTransport } from './transport.js';

/** Temporary credentials with the moment they stop working. */
export interface TemporaryCredentials {
  credentials: Credentials;
  expiresAt: Date;
}

export type KeylessResult = { ok: true; value: TemporaryCredentials } | { ok: false; error: CloudError };

export interface KeylessContext {
  transport: HttpTransport;
  clock: Clock;
  signal?: AbortSignal;
  /** Told every intermediate token the exchange receives (the log redactor). */
  onSecret?: (value: string) => void;
}

export interface KeylessRequest {
  /** The STS/IAM origin: `origin(region)`, or the watch's custom endpoint origin. */
  origin: string;
  identity: WorkloadIdentity;
  /** The minted ServiceAccount token. */
  token: string;
  namespace: string;
}

export interface KeylessExchange {
  /** The token audience when spec.workloadIdentity.audience is unset (none: it is required);
   *  a function when it follows from the identity (Google: the pool provider's name). */
  defaultAudience?: string | ((identity: WorkloadIdentity) => string | undefined);
  /** The official STS/IAM origin of a region. */
  origin(region: string): string;
  exchange(context: KeylessContext, request: KeylessRequest): Promise<KeylessResult>;
}
