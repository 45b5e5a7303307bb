// One signed GET against a Huawei Cloud API: Huawei's adapters (the SDK-HMAC-SHA256 signer and
// the error table) for the shared pipeline in ../common/signed-get.ts. The caller gets a
// schema-checked body or a CloudError, never an exception.

import type { z } from 'zod';
import type { ProviderName } from '../../api/types.js';
import { encodePath, encodeQuery, signHuaweiRequest } from '../../signing/huawei.js';
import { systemClock, type Clock } from '../../runtime/clock.js';
import type { AccessKeyCredentials } from '../common/credentials.js';
import type { ConnectParams, RequestObserver } from '../common/provider.js';
import { sendSignedGet, zodBodyParser, type CallResult } from '../common/signed-get.js';
import type { HttpRequest, HttpTransport } from '../common/transport.js';
import { HUAWEI_ERROR_TABLE } from './errors.js';

export interface HuaweiCallContext {
  provider: ProviderName;
  /** Scheme + host [+ port]; any path on it is ignored (the request path is the cloud's own). */
  baseUrl: string;
  credentials: AccessKeyCredentials;
  projectId: string;
  transport: HttpTransport;
  clock: Clock;
  onRequest?: RequestObserver;
}

/** The call context of a Huawei client; `spec.projectID` is required (validated before connect). */
export function huaweiCallContext(
  provider: ProviderName,
  params: ConnectParams<AccessKeyCredentials>,
): HuaweiCallContext {
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

interface HuaweiGet<T> {
  /** API operation name for metrics, e.g. `ListUpgradeWorkFlows`. */
  operation: string;
  /** Raw (decoded) path. */
  path: string;
  query?: Record<string, string>;
  schema: z.ZodType<T>;
}

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

export function huaweiGet<T>(
  context: HuaweiCallContext,
  get: HuaweiGet<T>,
  signal?: AbortSignal,
): Promise<CallResult<T>> {
  return sendSignedGet(
    HUAWEI_ERROR_TABLE,
    {
      provider: context.provider,
      operation: get.operation,
      sign: (now) => {
        const request = buildHuaweiRequest(context, get.path, get.query ?? {}, now, signal);
        const authorization = request.headers.Authorization ?? request.headers.authorization ?? '';
        return {
          request,
          secrets: [
            context.credentials.accessKeySecret,
            context.credentials.securityToken,
            /Signature=([0-9a-fA-F]+)/.exec(authorization)?.[1],
          ],
        };
      },
      parse: zodBodyParser(get.schema),
    },
    context,
  );
}
