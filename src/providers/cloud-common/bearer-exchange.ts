// The keyless exchange of the bearer clouds (docs/keyless.md): one form POST that trades the
// ServiceAccount token for an OAuth2 access token — Microsoft Entra's client-credentials grant
// with a client assertion (../azure-aks/federation.ts), Google STS's token exchange
// (../google-gke/sts.ts). Both answer RFC 6749's token reply (./oauth-token.ts) and OAuth2 error
// bodies, which the cloud's error table classifies once here; a refusal of the token is
// AuthFailed whatever its status (../common/exchange-http.ts), throttling and 5xx stay transient.
// The access token becomes `{accessToken}` credentials with the reply's expiry, cached and
// refreshed by src/credentials/workload-identity.ts like every cloud's temporary keys.

import { classifyErrorReply, type ErrorCodeTable } from '../common/error-reply.js';
import { post, refusal } from '../common/exchange-http.js';
import type { KeylessContext, KeylessResult } from '../common/keyless.js';
import { readTokenResponse } from './oauth-token.js';

export interface BearerExchange {
  /** For messages, e.g. `Entra client assertion`. */
  what: string;
  url: string;
  form: URLSearchParams;
  errors: ErrorCodeTable;
  /** The tokens sent (the ServiceAccount token): scrubbed from any error text. */
  secrets: readonly string[];
}

const FORM_HEADERS = {
  'content-type': 'application/x-www-form-urlencoded;charset=utf-8',
  accept: 'application/json',
};

export async function exchangeForAccessToken(
  context: KeylessContext,
  exchange: BearerExchange,
): Promise<KeylessResult> {
  const { what, secrets } = exchange;
  const sent = await post(context.transport, {
    url: exchange.url,
    headers: FORM_HEADERS,
    body: exchange.form.toString(),
    ...(context.signal ? { signal: context.signal } : {}),
  });
  if (!sent.ok) return { ok: false, error: refusal(sent.error, what, secrets) };
  const { status, headers, body } = sent.response;
  const now = context.clock.now();
  if (status < 200 || status >= 300) {
    const error = classifyErrorReply(exchange.errors, { status, headers, body }, now, secrets);
    return { ok: false, error: refusal(error, what, secrets) };
  }
  const read = readTokenResponse(body, now);
  if (!read.ok) return { ok: false, error: { ...read.error, message: `${what}: ${read.error.message}` } };
  context.onSecret?.(read.token.accessToken);
  return {
    ok: true,
    value: { credentials: { accessToken: read.token.accessToken }, expiresAt: read.token.expiresAt },
  };
}
