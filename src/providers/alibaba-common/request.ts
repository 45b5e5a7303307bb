// One signed GET to an Alibaba Cloud ROA API, start to finish: sign (V3), send over the injected
// transport, classify any failure exactly once, parse the JSON body with the caller's schema,
// and report the outcome to the metrics observer. Never throws for cloud-side problems.

import type { ProviderName } from '../../api/types.js';
import { buildSignedAlibabaGet, randomNonce } from '../../signing/alibaba.js';
import { classifyTransportFailure, parseJsonBody } from '../common/classify.js';
import type { CloudError } from '../common/errors.js';
import { systemClock, type Clock } from '../../runtime/clock.js';
import type { Credentials, RequestObserver } from '../common/provider.js';
import type { HttpResponse, HttpTransport } from '../common/transport.js';
import { classifyAlibabaErrorResponse, invalidResponseError, scrubSecrets } from './errors.js';

export type BodyParser<T> = (json: unknown) => { ok: true; value: T } | { ok: false; reason: string };

export interface AlibabaCall<T> {
  provider: ProviderName;
  /** API action, e.g. `GetUpgradeStatus`; also the metrics `operation`. */
  action: string;
  /** Literal path segments; each is percent-encoded on its own when signed and sent. */
  segments: readonly string[];
  query?: Record<string, string>;
  parse: BodyParser<T>;
}

export interface AlibabaCallContext {
  baseUrl: string;
  credentials: Credentials;
  transport: HttpTransport;
  clock?: Clock;
  onRequest?: RequestObserver;
  /** Nonce source; defaults to 16 random bytes as hex. */
  nonce?: () => string;
  signal?: AbortSignal;
}

export type CallResult<T> = { ok: true; value: T; response: HttpResponse } | { ok: false; error: CloudError };

const USER_AGENT = 'upgradewatch (+https://upgradewatch.io)';

function splitBaseUrl(baseUrl: string): { origin: string; host: string } {
  const url = new URL(baseUrl);
  return { origin: `${url.protocol}//${url.host}`, host: url.host };
}

export async function callAlibaba<T>(
  call: AlibabaCall<T>,
  context: AlibabaCallContext,
): Promise<CallResult<T>> {
  const clock = context.clock ?? systemClock;
  const started = clock.now();
  const { origin, host } = splitBaseUrl(context.baseUrl);
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
  const signed = buildSignedAlibabaGet({
    host,
    segments: call.segments,
    query: call.query ?? {},
    action: call.action,
    credentials: context.credentials,
    now: started,
    nonce: (context.nonce ?? randomNonce)(),
    extraHeaders: { accept: 'application/json', 'user-agent': USER_AGENT },
  });
  const secrets = [
    context.credentials.accessKeySecret,
    context.credentials.securityToken,
    signed.signature.signature,
  ];

  const finish = (result: CallResult<T>): CallResult<T> => {
    context.onRequest?.({
      provider: call.provider,
      operation: call.action,
      result: result.ok ? 'Success' : result.error.class,
      durationSeconds: Math.max(0, (clock.now().getTime() - started.getTime()) / 1000),
    });
    return result;
  };

  let response: HttpResponse;
  try {
    response = await context.transport({
      method: 'GET',
      url: origin + signed.pathAndQuery,
      headers: signed.headers,
      ...(context.signal ? { signal: context.signal } : {}),
    });
  } catch (error) {
    return finish({ ok: false, error: classifyTransportFailure(error) });
  }

  if (response.status < 200 || response.status >= 300) {
    return finish({
      ok: false,
      // Scrubbed first: a body echoing the signed request must not leak through the request id.
      error: classifyAlibabaErrorResponse(
        { ...response, body: scrubSecrets(response.body, secrets) },
        { now: clock.now(), secrets },
      ),
    });
  }
  const json = parseJsonBody(response.body);
  if (!json.ok) {
    return finish({
      ok: false,
      error: invalidResponseError(response, `${call.action}: response body is not JSON`),
    });
  }
  const parsed = call.parse(json.value);
  if (!parsed.ok) {
    return finish({ ok: false, error: invalidResponseError(response, `${call.action}: ${parsed.reason}`) });
  }
  return finish({ ok: true, value: parsed.value, response });
}

/** A BodyParser from a zod schema; the reason names the first failing field, never the body. */
export function zodBodyParser<T>(schema: {
  safeParse(input: unknown):
    | { success: true; data: T }
    | {
        success: false;
        error: { issues: ReadonlyArray<{ path: ReadonlyArray<PropertyKey>; message: string }> };
      };
}): BodyParser<T> {
  return (json) => {
    const result = schema.safeParse(json);
    if (result.success) return { ok: true, value: result.data };
    const issue = result.error.issues[0];
    const where = issue && issue.path.length > 0 ? issue.path.map(String).join('.') : '(root)';
    return {
      ok: false,
      reason: `response does not match the schema at ${where}: ${issue?.message ?? 'invalid'}`,
    };
  };
}
