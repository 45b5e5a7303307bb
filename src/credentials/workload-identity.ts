// Keyless credentials for one watch (docs/reference.md#security): the watch's own ServiceAccount
// token, traded for temporary keys by the cloud's STS/IAM, cached per (namespace,
// ServiceAccount + uid, role or IdP, audience, exchange endpoint) and shared by every watch
// naming the same identity.
//
// The ServiceAccount is read (cached 30 s) before the cache is consulted: a deleted
// ServiceAccount stops its watches within 30 s even while temporary keys would still work, and a
// recreated one (new uid) never reuses its predecessor's keys. Which endpoint: the region's
// official STS/IAM host, or — only with --allow-custom-endpoints — the origin of spec.endpoint
// (a simulator or private cloud serves the exchange next to the API).

import type { ResolvedSpec } from '../api/defaults.js';
import type { WorkloadIdentity } from '../api/types.js';
import type { Clock } from '../runtime/clock.js';
import { fingerprint } from '../providers/common/fingerprint.js';
import type { HttpTransport } from '../providers/common/transport.js';
import type { KeylessExchange } from '../providers/common/keyless.js';
import { IDENTITY_FIELDS } from '../providers/common/descriptor.js';
import { secretValues } from '../providers/common/credentials.js';
import type { ProviderFamily } from '../providers/common/provider.js';
import { families } from '../providers/registry.js';
import { createTemporaryCredentialsCache, type TemporaryCredentialsCache } from './temporary-cache.js';
import {
  lookupServiceAccount,
  requestServiceAccountToken,
  type ServiceAccountApi,
  type ServiceAccountLookup,
} from './token-request.js';
import type { CredentialsLookup, ExchangeResult } from './types.js';

const SERVICE_ACCOUNT_CACHE_TTL_MS = 30_000;

interface WorkloadIdentityDeps {
  serviceAccounts: ServiceAccountApi;
  transport: HttpTransport;
  clock: Clock;
  allowCustomEndpoints: boolean;
  cache?: TemporaryCredentialsCache;
  /** Told every token and key (ServiceAccount token, federated token, temporary keys): the log redactor. */
  /** Told every token and temporary key, with the watch's namespace (the redactor's tenant). */
  onSecret?: (value: string, namespace: string) => void;
  signal?: AbortSignal;
}

interface WorkloadIdentityRequest {
  namespace: string;
  spec: ResolvedSpec;
  identity: WorkloadIdentity;
  /** The watch's resolved API base URL (resolveBaseUrl). */
  baseUrl: string;
}

export interface WorkloadIdentitySource {
  get(request: WorkloadIdentityRequest): Promise<CredentialsLookup>;
  /** Exchanges started so far (for tests and the benchmark). */
  exchanges(): number;
}

/** The identity fields that name the cloud-side target (role, IdP…): part of the cache key. */
function targetOf(family: ProviderFamily, identity: WorkloadIdentity): (string | undefined)[] {
  return IDENTITY_FIELDS.filter(
    (field) => field !== 'audience' && family.identityFields.allowed.includes(field),
  ).map((field) => identity[field]);
}

/** Long because its helpers share the closure's state (ServiceAccount cache, last uid per
 *  account, exchange count, the temporary-key cache); each helper is small and named. */
export function createWorkloadIdentitySource(deps: WorkloadIdentityDeps): WorkloadIdentitySource {
  const cache = deps.cache ?? createTemporaryCredentialsCache({ clock: deps.clock });
  const accounts = new Map<string, { at: number; lookup: Promise<ServiceAccountLookup> }>();
  const lastUid = new Map<string, string>();
  let exchanges = 0;

  function serviceAccount(namespace: string, name: string): Promise<ServiceAccountLookup> {
    const ref = `${namespace}/${name}`;
    const now = deps.clock.now().getTime();
    const hit = accounts.get(ref);
    if (hit && now - hit.at < SERVICE_ACCOUNT_CACHE_TTL_MS) return hit.lookup;
    const lookup = lookupServiceAccount(deps.serviceAccounts, namespace, name);
    accounts.set(ref, { at: now, lookup });
    // Failures are not remembered: a ServiceAccount created after the watch counts at once.
    void lookup.then((result) => {
      if (!result.ok && accounts.get(ref)?.lookup === lookup) accounts.delete(ref);
    });
    if (accounts.size > 10_000) {
      for (const [key, entry] of accounts)
        if (now - entry.at >= SERVICE_ACCOUNT_CACHE_TTL_MS) accounts.delete(key);
    }
    return lookup;
  }

  function exchange(
    request: WorkloadIdentityRequest,
    keyless: KeylessExchange,
    audience: string,
    origin: string,
  ) {
    const { namespace, identity } = request;
    const secret = (value: string | undefined): void => {
      if (value) deps.onSecret?.(value, namespace);
    };
    return async (): Promise<ExchangeResult> => {
      exchanges += 1;
      const name = identity.serviceAccountName;
      const minted = await requestServiceAccountToken(deps.serviceAccounts, { namespace, name, audience });
      if (!minted.ok) return minted;
      secret(minted.token);
      const context = {
        transport: deps.transport,
        clock: deps.clock,
        onSecret: secret,
        ...(deps.signal ? { signal: deps.signal } : {}),
      };
      const result = await keyless.exchange(context, {
        origin,
        identity,
        token: minted.token,
        namespace,
      });
      if (result.ok) secretValues(result.value.credentials).forEach(secret);
      return result;
    };
  }

  return {
    exchanges: () => exchanges,
    async get(request) {
      const { namespace, spec, identity } = request;
      const family = families[spec.provider];
      const { cloud, keyless } = family;
      if (!keyless) {
        // The CRD forbids this already; a spec that got past it still gets a clear answer.
        const message = `workloadIdentity is not supported for provider ${spec.provider} (use credentialsRef)`;
        return {
          ok: false,
          fingerprint: fingerprint(cloud),
          error: { class: 'CredentialsNotFound', message },
        };
      }
      const fallback =
        typeof keyless.defaultAudience === 'function'
          ? keyless.defaultAudience(identity)
          : keyless.defaultAudience;
      const audience = identity.audience ?? fallback ?? '';
      const custom = deps.allowCustomEndpoints && spec.endpoint !== undefined && spec.endpoint !== '';
      const origin = custom ? request.baseUrl : keyless.origin(spec.region);
      const target = targetOf(family, identity);
      const account = `${namespace}\n${identity.serviceAccountName}\n`;
      const configured = fingerprint([account, cloud, ...target, audience, origin].join('\n'));
      if (!audience) {
        return {
          ok: false,
          fingerprint: configured,
          error: {
            class: 'CredentialsNotFound',
            message: `workloadIdentity.audience is required for provider ${spec.provider}`,
          },
        };
      }

      const found = await serviceAccount(namespace, identity.serviceAccountName);
      if (!found.ok) {
        cache.drop((key) => key.startsWith(account));
        lastUid.delete(account);
        return { ok: false, error: found.error, fingerprint: configured };
      }
      if (lastUid.get(account) !== found.uid) {
        // Deleted and recreated: its predecessor's keys must not be served to it.
        cache.drop((key) => key.startsWith(account) && !key.startsWith(`${account}${found.uid}\n`));
        lastUid.set(account, found.uid);
      }
      const key = [account + found.uid, cloud, ...target, audience, origin].join('\n');
      const keyFingerprint = fingerprint(key);
      const result = await cache.get(key, exchange(request, keyless, audience, origin));
      if (!result.ok) return { ok: false, error: result.error, fingerprint: keyFingerprint };
      return {
        ok: true,
        credentials: result.value.credentials,
        fingerprint: keyFingerprint,
        expiresAt: result.value.expiresAt,
      };
    },
  };
}
