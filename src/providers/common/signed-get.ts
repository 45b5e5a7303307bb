// One signed GET to a cloud API, the same steps for every cloud: sign → send over the injected
// transport → classify a failure exactly once → scrub → parse JSON → check the schema → report
// to the metrics observer. Never throws for cloud-side problems. A cloud supplies the adapters:
// its signer (SignedGet.sign) and its error table (error-body reader, request-id header, code
// table; ./error-reply.ts).

import type { ProviderName } from '../../api/types.js';
import type { Clock } from '../../runtime/clock.js';
import { classifyTransportFailure, parseJsonBody } from './classify.js';
import { classifyErrorReply, invalidReplyError, scrubReply, type ErrorCodeTable } from './error-reply.js';
import type { CloudError } from './errors.js';
import type { RequestObserver } from './provider.js';
import type { HttpRequest, HttpResponse, HttpTransport } from './transport.js';

export type BodyParser<T> = (json: unknown) => { ok: true; value: T } | { ok: false; reason: string };

export type CallResult<T> = { ok: true; value: T } | { ok: false; error: CloudError };

export interface SignedRequest {
  request: HttpRequest;
  /** What no error text may repeat: the key secret, the token, the signature. */
  secrets: readonly (string | undefined)[];
}

interface SignedGet<T> {
  provider: ProviderName;
  /** API operation, e.g. `GetUpgradeStatus`; also the metrics `operation`. */
  operation: string;
  /** The cloud's signer: the request to send, signed for `now`. */
  sign(now: Date): SignedRequest;
  parse: BodyParser<T>;
}

interface SignedGetContext {
  transport: HttpTransport;
  clock: Clock;
  onRequest?: RequestObserver;
}

export async function sendSignedGet<T>(
  errors: ErrorCodeTable,
  get: SignedGet<T>,
  context: SignedGetContext,
): Promise<CallResult<T>> {
  const { clock } = context;
  const started = clock.now();
  const finish = (result: CallResult<T>): CallResult<T> => {
    context.onRequest?.({
      provider: get.provider,
      operation: get.operation,
      result: result.ok ? 'Success' : result.error.class,
      durationSeconds: Math.max(0, (clock.now().getTime() - started.getTime()) / 1000),
    });
    return result;
  };
  const fail = (error: CloudError): CallResult<T> => finish({ ok: false, error });

  const { request, secrets } = get.sign(started);
  let response: HttpResponse;
  try {
    response = await context.transport(request);
  } catch (error) {
    return fail(classifyTransportFailure(error));
  }
  if (response.status < 200 || response.status >= 300) {
    return fail(classifyErrorReply(errors, scrubReply(response, secrets), clock.now(), secrets));
  }
  const invalid = (reason: string): CallResult<T> =>
    fail(invalidReplyError(response, errors.requestIdHeader, `${get.operation}: ${reason}`));
  const json = parseJsonBody(response.body);
  if (!json.ok) return invalid('response body is not JSON');
  const parsed = get.parse(json.value);
  if (!parsed.ok) return invalid(parsed.reason);
  return finish({ ok: true, value: parsed.value });
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
    if (!issue) return { ok: false, reason: 'response does not match the schema' };
    const where = issue.path.length > 0 ? issue.path.map(String).join('.') : '(root)';
    return {
      ok: false,
      reason: `response at ${where} does not match the schema (${where}: ${issue.message})`,
    };
  };
}
