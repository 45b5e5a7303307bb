// Cloud credentials from a Secret in the watch's own namespace (docs/reference.md#spec-fields, docs/reference.md#security).
//
// Which keys: the provider family's CredentialScheme (e.g. `accessKeyId`, `accessKeySecret` and
// optional `securityToken`; src/providers/common/credentials.ts), base64 as in `Secret.data`,
// surrounding whitespace trimmed (a trailing newline from `echo` is common).
// Successful reads are cached for at most 30 s so a rotation is visible within a minute;
// failures are not cached, so a Secret created after the watch is picked up at the next check.
// The result carries a fingerprint (a truncated SHA-256 of the values) that lets the reconciler
// notice a rotation without keeping or logging anything reversible. Messages never contain
// values — only the Secret's name and the missing key names.

import type { CredentialScheme, Credentials } from '../providers/common/credentials.js';
import { fingerprint } from '../providers/common/fingerprint.js';
import type { Clock } from '../runtime/clock.js';
import { apiErrorCode, describeApiError } from '../runtime/kube-errors.js';

/** `Secret.data` of namespace/name (base64 values), or undefined when the Secret does not exist. */
export type SecretSource = (namespace: string, name: string) => Promise<Record<string, string> | undefined>;

type CredentialsResult<C extends Credentials = Credentials> =
  { ok: true; credentials: C; fingerprint: string } | { ok: false; message: string };

export interface CredentialsReader {
  /** The credentials `scheme` reads from Secret namespace/name. */
  read<C extends Credentials>(
    namespace: string,
    name: string,
    scheme: CredentialScheme<C>,
  ): Promise<CredentialsResult<C>>;
}

const CREDENTIALS_CACHE_TTL_MS = 30_000;

/** A truncated SHA-256 over every field and value of `credentials` (in a stable order). */
export function credentialsFingerprint(credentials: Credentials): string {
  const material = JSON.stringify(Object.entries(credentials).sort(([a], [b]) => (a < b ? -1 : 1)));
  return fingerprint(material);
}

function decode(value: string | undefined): string | undefined {
  if (value === undefined) return undefined;
  const text = Buffer.from(value, 'base64').toString('utf8').trim();
  return text.length > 0 ? text : undefined;
}

/** The credentials `scheme` reads from `Secret.data`, or a message naming the missing keys. */
export function credentialsFromSecretData<C extends Credentials>(
  ref: string,
  data: Record<string, string> | undefined,
  scheme: CredentialScheme<C>,
): CredentialsResult<C> {
  const values: Record<string, string> = {};
  for (const key of [...scheme.requiredKeys, ...scheme.optionalKeys]) {
    const value = decode(data?.[key]);
    if (value !== undefined) values[key] = value;
  }
  const missing = scheme.requiredKeys.filter((key) => values[key] === undefined);
  if (missing.length > 0) {
    return { ok: false, message: `Secret ${ref} has no non-empty ${missing.join(' or ')}` };
  }
  const credentials = scheme.fromSecret(values);
  return { ok: true, credentials, fingerprint: credentialsFingerprint(credentials) };
}

export function createCredentialsReader(deps: {
  readSecret: SecretSource;
  clock: Clock;
  ttlMs?: number;
  /** Told every credential read with the Secret's namespace (the tenant), e.g. to register
   *  the values with the log redactor. */
  onCredentials?: (credentials: Credentials, namespace: string) => void;
}): CredentialsReader {
  const ttlMs = Math.min(deps.ttlMs ?? CREDENTIALS_CACHE_TTL_MS, CREDENTIALS_CACHE_TTL_MS);
  // Keyed by Secret and scheme: two providers may read one Secret with different keys.
  const cache = new Map<string, { at: number; result: CredentialsResult }>();
  return {
    async read<C extends Credentials>(namespace: string, name: string, scheme: CredentialScheme<C>) {
      const ref = `${namespace}/${name}`;
      const cacheKey = `${ref}\n${scheme.name}`;
      const now = deps.clock.now().getTime();
      const hit = cache.get(cacheKey);
      // Only successful reads are cached; `is` narrows them back to this scheme's shape.
      if (hit?.result.ok && now - hit.at < ttlMs && scheme.is(hit.result.credentials)) {
        return { ...hit.result, credentials: hit.result.credentials };
      }
      cache.delete(cacheKey);
      let data: Record<string, string> | undefined;
      try {
        data = await deps.readSecret(namespace, name);
      } catch (error) {
        if (error instanceof UnlabeledSecretError) {
          return { ok: false, message: `Secret ${ref} may not be used: ${error.message}` };
        }
        return { ok: false, message: `Secret ${ref} could not be read: ${describeApiError(error)}` };
      }
      if (data === undefined) return { ok: false, message: `Secret ${ref} not found` };
      const result = credentialsFromSecretData(ref, data, scheme);
      if (result.ok) {
        cache.set(cacheKey, { at: now, result });
        deps.onCredentials?.(result.credentials, namespace);
      }
      if (cache.size > 10_000) {
        for (const [key, entry] of cache) if (now - entry.at >= ttlMs) cache.delete(key);
      }
      return result;
    },
  };
}

/** The minimal part of client-node's CoreV1Api this module needs. */
export interface SecretApi {
  readNamespacedSecret(param: {
    name: string;
    namespace: string;
  }): Promise<{ data?: Record<string, string>; metadata?: { labels?: Record<string, string> } }>;
}

/** The label a Secret must carry, with --require-credentials-label, before a watch may use it. */
export const CREDENTIALS_LABEL = 'upgradewatch.io/credentials';

/** Thrown by kubeSecretSource for a Secret without CREDENTIALS_LABEL: "true" when it is required. */
class UnlabeledSecretError extends Error {
  override name = 'UnlabeledSecretError';
}

/**
 * SecretSource over client-node 2: 404 ⇒ undefined, other failures throw. With
 * `requireLabel`, a Secret must carry `upgradewatch.io/credentials: "true"`, so a user who can
 * create watches but not read Secrets cannot borrow any other Secret of the namespace.
 */
export function kubeSecretSource(api: SecretApi, opts: { requireLabel?: boolean } = {}): SecretSource {
  return async (namespace, name) => {
    let secret: Awaited<ReturnType<SecretApi['readNamespacedSecret']>>;
    try {
      secret = await api.readNamespacedSecret({ name, namespace });
    } catch (error) {
      if (apiErrorCode(error) === 404) return undefined;
      throw error;
    }
    if (opts.requireLabel && secret.metadata?.labels?.[CREDENTIALS_LABEL] !== 'true') {
      throw new UnlabeledSecretError(
        `it lacks the label ${CREDENTIALS_LABEL}: "true" that the operator requires (--require-credentials-label)`,
      );
    }
    return secret.data ?? {};
  };
}
