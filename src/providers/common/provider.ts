// The provider contract, after Crossplane's ExternalClient: `connect` turns credentials and a
// spec into a client; `observe` polls the cloud once and returns a normalized Observation or a
// classified CloudError. Nothing here throws for cloud-side problems.
//
// A ProviderFamily is the only owner of a provider's facts: its ProviderDescriptor (pure data,
// ./descriptor.ts) plus its behaviour — which credentials it reads from a Secret, how it trades a
// ServiceAccount token for temporary keys, and how it connects. See
// docs/design-decisions.md "Provider descriptor".

import type { ClusterUpgradeWatchSpec, Observation, ProviderName } from '../../api/types.js';
import type { Clock } from '../../runtime/clock.js';
import type { CredentialScheme, Credentials } from './credentials.js';
import type { ProviderDescriptor } from './descriptor.js';
import type { CloudError } from './errors.js';
import type { KeylessExchange } from './keyless.js';
import type { HttpTransport } from './transport.js';

/** Called once per HTTP request a client makes, for metrics (operation = API name). */
export type RequestObserver = (event: {
  provider: ProviderName;
  operation: string;
  result: 'Success' | CloudError['class'];
  durationSeconds: number;
}) => void;

export interface ConnectParams<C extends Credentials = Credentials> {
  spec: ClusterUpgradeWatchSpec;
  credentials: C;
  /** Base URL (scheme + host [+ port]) already resolved and vetted by ./endpoint.ts. */
  baseUrl: string;
  transport: HttpTransport;
  clock?: Clock;
  onRequest?: RequestObserver;
  /**
   * What the watch's status showed before this poll. A client whose cloud keeps no upgrade
   * record (AKS) resumes from it after an operator restart or a leader change instead of
   * forgetting the upgrade it was following.
   */
  lastSeen?: LastSeen;
}

/** The part of a watch's status a client may resume from. */
export type LastSeen = Partial<Pick<Observation, 'phase' | 'fromVersion' | 'toVersion' | 'upgradeID'>>;

export type ObserveResult = { ok: true; observation: Observation } | { ok: false; error: CloudError };

export interface ExternalClient {
  observe(signal?: AbortSignal): Promise<ObserveResult>;
}

/** What a family does, on top of its descriptor, for credentials of shape `C`. */
export interface FamilyBehaviour<C extends Credentials> {
  /** The Secret keys `credentialsRef` must hold, and how they become credentials. */
  credentials: CredentialScheme<C>;
  /** The keyless (spec.workloadIdentity) exchange; absent exactly when the descriptor says
   *  `supportsKeyless: false` (defineFamily checks it). */
  keyless?: KeylessExchange;
  connect(params: ConnectParams<C>): ExternalClient;
}

export interface ProviderFamily extends ProviderDescriptor, FamilyBehaviour<Credentials> {}

/** What the reconciler uses of a family: where to send requests, and how to connect. */
export type ConnectingFamily = Pick<ProviderFamily, 'name' | 'defaultBaseUrl' | 'allowedDomains' | 'connect'>;

/**
 * A registry entry: `descriptor` joined with `behaviour`. `connect` is given the credentials the
 * family's own scheme produced; credentials of another shape (a bug, not a user error) are
 * answered with an AuthFailed observation instead of being sent anywhere.
 */
export function defineFamily<C extends Credentials>(
  descriptor: ProviderDescriptor,
  behaviour: FamilyBehaviour<C>,
): ProviderFamily {
  const { credentials: scheme, keyless, connect } = behaviour;
  if (descriptor.supportsKeyless !== (keyless !== undefined)) {
    throw new Error(`${descriptor.name}: descriptor.supportsKeyless and the keyless exchange disagree`);
  }
  return {
    ...descriptor,
    credentials: scheme,
    ...(keyless ? { keyless } : {}),
    connect(params) {
      const { credentials } = params;
      if (scheme.is(credentials)) return connect({ ...params, credentials });
      const message = `${descriptor.name} needs ${scheme.name} credentials (${scheme.requiredKeys.join(', ')})`;
      return { observe: async () => ({ ok: false, error: { class: 'AuthFailed', message } }) };
    },
  };
}
