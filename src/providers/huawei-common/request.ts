// One signed GET against a Huawei Cloud API, classified at this boundary: the caller gets a
// schema-checked body or a CloudError, never an exception. Every request is reported to
// `onRequest` (metrics) with its operation name, result class and duration.

import type { z } from 'zod';
import type { ProviderName } from '../../api/types.js';
import { encodePath, encodeQuery, signHuaweiRequest } from '../../signing/huawei.js';
import { scrubSecrets } from '../common/bounds.js';
import { classifyTransportFailure, parseJsonBody, trimMessage } from '../common/classify.js';
import type { CloudError } from '../common/errors.js';
import { systemClock, type Clock } from '../../runtime/clock.js';
import type { ConnectParams, Credentials, RequestObserver } from '../common/provider.js';
import type { HttpRequest, HttpTransport } from '../common/transport.js';
import { classifyHuaweiResponse } from './errors.js';

export interface HuaweiCallContext {
  provider: ProviderName;
  /** Scheme + host [+ port]; any path on it is ignored (the request path is the cloud's own). */
  baseUrl: string;
  credentials: Credentials;
  projectId: string;
  transport: HttpTransport;
  clock: Clock;
  onRequest?: RequestObserver;
}

/** The call context of a Huawei client; `spec.projectID` is required (validated before connect). */
export function huaweiCallContext(provider: ProviderName, params: ConnectParams): HuaweiCallContext {
  const projectId = params.spec.projectID;
  if (!projectId) throw new Error(`${provider} requires spec.projectID (validated before connect)`);
  return {
    provider,
    baseUrl: params.baseUrl,
    credentials: params.credentials,
    projectId,
    transport: params.transport,
    clock: params.clock ?? systemClock,
    onRequest: params.onRequest,
  };
}

export interface HuaweiGet<T> {
  /** API operation name for metrics, e.g. `ListUpgradeWorkFlows`. */
  operation: string;
  /** Raw (decoded) path. */
  path: string;
  query?: Record<string, string>;
  schema: z.ZodType<T>;
}

export type HuaweiResult<T> = { ok: true; value: T } | { ok: false; error: CloudError };

/** Build the signed request: encoded path and query, `Host`, `X-Sdk-Date`, `X-Project-Id`, token. */
export function buildHuaweiRequest(
  context: Pick<HuaweiCallContext, 'baseUrl' | 'credentials' | 'projectId'>,
  path: string,
  query: Record<string, string>,
  now: Date,
  signal?: AbortSignal,
): HttpRequest {
  const base = new URL(context.baseUrl);
  const headers = signHuaweiRequest(
    {
      method: 'GET',
      host: base.host,
      path,
      query,
      headers: { 'Content-Type': 'application/json' },
      body: '',
    },
    { credentials: context.credentials, now, projectId: context.projectId },
  );
  const search = encodeQuery(query);
  return {
    method: 'GET',
    url: `${base.protocol}//${base.host}${encodePath(path)}${search ? `?${search}` : ''}`,
    headers,
    ...(signal ? { signal } : {}),
  };
}

function describeIssues(error: z.ZodError): string {
  const first = error.issues[0];
  if (!first) return 'schema mismatch';
  const where = first.path.length > 0 ? first.path.join('.') : '(root)';
  return `${where}: ${first.message}`;
}

export async function huaweiGet<T>(
  context: HuaweiCallContext,
  get: HuaweiGet<T>,
  signal?: AbortSignal,
): Promise<HuaweiResult<T>> {
  const started = context.clock.now();
  const finish = (result: HuaweiResult<T>): HuaweiResult<T> => {
    context.onRequest?.({
      provider: context.provider,
      operation: get.operation,
      result: result.ok ? 'Success' : result.error.class,
      durationSeconds: Math.max(0, (context.clock.now().getTime() - started.getTime()) / 1000),
    });
    return result;
  };

  const request = buildHuaweiRequest(context, get.path, get.query ?? {}, started, signal);
  let response;
  try {
    response = await context.transport(request);
  } catch (error) {
    return finish({ ok: false, error: classifyTransportFailure(error) });
  }
  if (response.status < 200 || response.status >= 300) {
    // A gateway may echo the signed request back: scrub the secrets before anything reads the body.
    const secrets = [
      context.credentials.accessKeySecret,
      context.credentials.securityToken,
      /Signature=([0-9a-fA-F]+)/.exec(
        request.headers.Authorization ?? request.headers.authorization ?? '',
      )?.[1],
    ];
    const scrubbed = {
      ...response,
      body: scrubSecrets(response.body, secrets),
      headers: Object.fromEntries(
        Object.entries(response.headers).map(([name, value]) => [name, scrubSecrets(value, secrets)]),
      ),
    };
    return finish({ ok: false, error: classifyHuaweiResponse(scrubbed, context.clock.now()) });
  }
  const requestId = response.headers['x-request-id'];
  const invalid = (message: string): HuaweiResult<T> => ({
    ok: false,
    error: {
      class: 'InvalidResponse',
      message: trimMessage(`${get.operation}: ${message}`),
      httpStatus: response.status,
      ...(requestId ? { requestId } : {}),
    },
  });
  const json = parseJsonBody(response.body);
  if (!json.ok) return finish(invalid('response body is not JSON'));
  const parsed = get.schema.safeParse(json.value);
  if (!parsed.success)
    return finish(invalid(`response does not match the expected schema (${describeIssues(parsed.error)})`));
  return finish({ ok: true, value: parsed.data });
}
