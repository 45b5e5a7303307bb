// One signed GET to an Alibaba Cloud ROA-style API: Alibaba's adapters (the V3 signer and the
// error table) for the shared pipeline in ../common/signed-get.ts.

import type { ProviderName } from '../../api/types.js';
import { systemClock, type Clock } from '../../runtime/clock.js';
import { buildSignedAlibabaGet, randomNonce } from '../../signing/alibaba.js';
import type { AccessKeyCredentials } from '../common/credentials.js';
import type { ConnectParams, RequestObserver } from '../common/provider.js';
import { sendSignedGet, type BodyParser, type CallResult, type SignedRequest } from '../common/signed-get.js';
import type { HttpTransport } from '../common/transport.js';
import { ALIBABA_ERROR_TABLE } from './errors.js';

interface AlibabaCall<T> {
  provider: ProviderName;
  /** API action, e.g. `GetUpgradeStatus`; also the metrics `operation`. */
  action: string;
  /** Literal path segments; each is percent-encoded on its own when signed and sent. */
  segments: readonly string[];
  query?: Record<string, string>;
  parse: BodyParser<T>;
}

interface AlibabaCallContext {
  baseUrl: string;
  credentials: AccessKeyCredentials;
  transport: HttpTransport;
  clock?: Clock;
  onRequest?: RequestObserver;
  /** Nonce source; defaults to 16 random bytes as hex. */
  nonce?: () => string;
  signal?: AbortSignal;
}

/** The call context of an Alibaba client's poll. */
export function alibabaCallContext(
  params: ConnectParams<AccessKeyCredentials>,
  options: { nonce?: () => string },
  signal?: AbortSignal,
): AlibabaCallContext {
  return {
    baseUrl: params.baseUrl,
    credentials: params.credentials,
    transport: params.transport,
    ...(params.clock ? { clock: params.clock } : {}),
    ...(params.onRequest ? { onRequest: params.onRequest } : {}),
    ...(options.nonce ? { nonce: options.nonce } : {}),
    ...(signal ? { signal } : {}),
  };
}

const USER_AGENT = 'upgradewatch (+https://upgradewatch.io)';

/** The V3 signer: a signed GET of `call` at `now`, and the values no error text may repeat. */
function signAlibabaCall(call: AlibabaCall<unknown>, context: AlibabaCallContext, now: Date): SignedRequest {
  const url = new URL(context.baseUrl);
  const signed = buildSignedAlibabaGet({
    host: url.host,
    segments: call.segments,
    query: call.query ?? {},
    action: call.action,
    credentials: context.credentials,
    now,
    nonce: (context.nonce ?? randomNonce)(),
    extraHeaders: { accept: 'application/json', 'user-agent': USER_AGENT },
  });
  return {
    request: {
      method: 'GET',
      url: `${url.protocol}//${url.host}${signed.pathAndQuery}`,
      headers: signed.headers,
      ...(context.signal ? { signal: context.signal } : {}),
    },
    secrets: [
      context.credentials.accessKeySecret,
      context.credentials.securityToken,
      signed.signature.signature,
    ],
  };
}

export async function callAlibaba<T>(
  call: AlibabaCall<T>,
  context: AlibabaCallContext,
): Promise<CallResult<T>> {
  // '.' and '..' would be resolved away by URL handling and reach another API: never send them.
  const badSegment = call.segments.find((segment) => segment === '' || segment === '.' || segment === '..');
  if (badSegment !== undefined) {
    // No request is made, so nothing is reported to onRequest.
    return {
      ok: false,
      error: {
        class: 'NotFound',
        message: `refusing to call ${call.action} with the path segment "${badSegment}"`,
      },
    };
  }
  return sendSignedGet(
    ALIBABA_ERROR_TABLE,
    {
      provider: call.provider,
      operation: call.action,
      sign: (now) => signAlibabaCall(call, context, now),
      parse: call.parse,
    },
    {
      transport: context.transport,
      clock: context.clock ?? systemClock,
      ...(context.onRequest ? { onRequest: context.onRequest } : {}),
    },
  );
}
