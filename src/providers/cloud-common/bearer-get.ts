// A GET with an OAuth2 bearer token, for the Google and Azure clients: the cloud's adapters for
// the one request pipeline (../common/signed-get.ts: transport → classify → scrub → parse →
// schema → metrics). The "signer" adds `Authorization: Bearer <token>`; the token comes from
// the shared cache (./token-cache.ts) or, when none is fresh, from one POST to the cloud's token
// endpoint through the same pipeline (its own metrics operation, the same error table: both
// token endpoints speak OAuth2 errors, which the tables read). A 401 from the API drops the
// token so the next poll fetches a new one. A keyless watch's token is given instead
// (`{given}`: the workload-identity exchange fetched it and its cache refreshes it, docs/keyless.md):
// it is used as is, with no token request here.

import type { ClusterUpgradeWatchSpec } from '../../api/types.js';
import { isAccessToken, type Credentials } from '../common/credentials.js';
import { IDENTITY_FIELDS } from '../common/descriptor.js';
import type { ProviderName } from '../names.js';
import type { Clock } from '../../runtime/clock.js';
import type { ErrorCodeTable } from '../common/error-reply.js';
import type { RequestObserver } from '../common/provider.js';
import {
  sendSignedGet,
  zodBodyParser,
  type BodyParser,
  type CallResult,
  type SignedRequest,
} from '../common/signed-get.js';
import type { HttpTransport } from '../common/transport.js';
import { bearerTokenOf, tokenResponseSchema } from './oauth-token.js';
import { credentialFingerprint, type TokenCache, type TokenResult } from './token-cache.js';

/** Metrics operation of the token request (both clouds). */
export const OPERATION_GET_ACCESS_TOKEN = 'GetAccessToken';
export const USER_AGENT = 'upgradewatch (+https://upgradewatch.io)';

/** How a client with a Secret gets its token: from the cloud's token endpoint, cached. */
export interface TokenFetch {
  /** Metrics operation of the token request, e.g. `GetAccessToken`. */
  tokenOperation: string;
  /** The token request for `now` and the credential values no error text may repeat. */
  tokenRequest(now: Date): Promise<SignedRequest>;
  /** Cache key: a fingerprint of the credential and token endpoint (./token-cache.ts). */
  cacheKey: string;
  cache: TokenCache;
}

/** Everything a bearer client knows about its credential and cloud. */
export interface BearerSource {
  provider: ProviderName;
  /** The cloud's error table, for the API and its token endpoint alike. */
  errors: ErrorCodeTable;
  /** Fetched with a Secret's credential, or given by the keyless exchange. */
  token: { fetch: TokenFetch } | { given: string };
  /** The credential's secret values, masked in every error text. */
  secrets: readonly string[];
}

export interface BearerContext {
  transport: HttpTransport;
  clock: Clock;
  onRequest?: RequestObserver;
  signal?: AbortSignal;
}

const parseTokenReply = zodBodyParser(tokenResponseSchema);

/** A keyless watch's credential: the exchange's access token and a key naming its identity. */
export interface GivenToken {
  accessToken: string;
  /** Names the whole spec.workloadIdentity, not the token: per-watch memory survives a refresh. */
  fingerprint: string;
}

/** The keyless exchange's token (docs/keyless.md), or undefined when a Secret gave the credentials. */
export function givenTokenOf(
  credentials: Credentials,
  spec: Pick<ClusterUpgradeWatchSpec, 'workloadIdentity'>,
): GivenToken | undefined {
  if (!isAccessToken(credentials)) return undefined;
  const identity = spec.workloadIdentity;
  const parts = [
    identity?.serviceAccountName ?? '',
    ...IDENTITY_FIELDS.map((field) => identity?.[field] ?? ''),
  ];
  return { accessToken: credentials.accessToken, fingerprint: credentialFingerprint('federated', parts) };
}

/** The source of a keyless watch: its token used as is, no token request (nothing else to mask). */
export function givenTokenSource(
  provider: ProviderName,
  errors: ErrorCodeTable,
  token: GivenToken,
): BearerSource {
  return { provider, errors, token: { given: token.accessToken }, secrets: [] };
}

async function fetchToken(
  source: BearerSource,
  fetch: TokenFetch,
  context: BearerContext,
): Promise<TokenResult> {
  const now = context.clock.now();
  let signed: SignedRequest;
  try {
    signed = await fetch.tokenRequest(now);
  } catch (error) {
    // The credential itself is unusable (a private key that does not import): only a new
    // Secret fixes that. The cause is named, the key's text never.
    const why = error instanceof Error ? error.name : 'error';
    return {
      ok: false,
      error: { class: 'AuthFailed', message: `credential cannot sign a token request (${why})` },
    };
  }
  const request = { ...signed.request, ...(context.signal ? { signal: context.signal } : {}) };
  const result = await sendSignedGet(
    source.errors,
    {
      provider: source.provider,
      operation: fetch.tokenOperation,
      sign: () => ({ request, secrets: [...signed.secrets, ...source.secrets] }),
      parse: parseTokenReply,
    },
    context,
  );
  return result.ok ? { ok: true, token: bearerTokenOf(result.value, now) } : result;
}

/** One API GET with a cached (or freshly fetched) bearer token. */
export async function bearerGet<T>(
  source: BearerSource,
  context: BearerContext,
  get: { operation: string; url: string; parse: BodyParser<T> },
): Promise<CallResult<T>> {
  const supply = source.token;
  let accessToken: string;
  if ('given' in supply) accessToken = supply.given;
  else {
    const token = await supply.fetch.cache.get(supply.fetch.cacheKey, () =>
      fetchToken(source, supply.fetch, context),
    );
    if (!token.ok) return token;
    accessToken = token.token.accessToken;
  }
  const result = await sendSignedGet(
    source.errors,
    {
      provider: source.provider,
      operation: get.operation,
      sign: () => ({
        request: {
          method: 'GET',
          url: get.url,
          headers: {
            authorization: `Bearer ${accessToken}`,
            accept: 'application/json',
            'user-agent': USER_AGENT,
          },
          ...(context.signal ? { signal: context.signal } : {}),
        },
        secrets: [accessToken, ...source.secrets],
      }),
      parse: get.parse,
    },
    context,
  );
  if (!result.ok && result.error.httpStatus === 401 && 'fetch' in supply) {
    supply.fetch.cache.drop(supply.fetch.cacheKey, accessToken);
  }
  return result;
}
