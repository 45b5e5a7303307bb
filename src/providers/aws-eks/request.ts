// One signed GET to the EKS API: AWS's adapters (the SigV4 signer and the error table) for the
// shared pipeline in ../common/signed-get.ts (transport → classify → scrub → parse → schema →
// metrics). The caller gets a schema-checked body or a CloudError, never an exception.

import { systemClock, type Clock } from '../../runtime/clock.js';
import { signSigV4 } from '../../signing/aws-sigv4.js';
import { encodePath, encodeQuery } from '../../signing/huawei.js';
import type { AccessKeyCredentials } from '../common/credentials.js';
import type { ConnectParams, RequestObserver } from '../common/provider.js';
import { sendSignedGet, type BodyParser, type CallResult, type SignedRequest } from '../common/signed-get.js';
import type { HttpTransport } from '../common/transport.js';
import { AWS_ERROR_TABLE } from './errors.js';
import { AWS_EKS } from '../names.js';

export const EKS_SIGNING_SERVICE = 'eks';

export interface EksCall<T> {
  /** API operation, e.g. `ListUpdates`; also the metrics `operation`. */
  operation: string;
  /** Literal path segments; each is percent-encoded on its own when signed and sent. */
  segments: readonly string[];
  query?: Record<string, string>;
  parse: BodyParser<T>;
}

export interface EksCallContext {
  /** Scheme + host [+ port]; the request path is the API's own. */
  baseUrl: string;
  /** The signing region (`spec.region`). */
  region: string;
  credentials: AccessKeyCredentials;
  transport: HttpTransport;
  clock: Clock;
  onRequest?: RequestObserver;
  signal?: AbortSignal;
}

export function eksCallContext(
  params: ConnectParams<AccessKeyCredentials>,
  signal?: AbortSignal,
): EksCallContext {
  return {
    baseUrl: params.baseUrl,
    region: params.spec.region,
    credentials: params.credentials,
    transport: params.transport,
    clock: params.clock ?? systemClock,
    ...(params.onRequest ? { onRequest: params.onRequest } : {}),
    ...(signal ? { signal } : {}),
  };
}

/** The SigV4 signer: a signed GET of `call` at `now`, and the values no error text may repeat. */
export function signEksCall(call: EksCall<unknown>, context: EksCallContext, now: Date): SignedRequest {
  const base = new URL(context.baseUrl);
  const path = `/${call.segments.join('/')}`;
  const query = call.query ?? {};
  const { credentials } = context;
  const headers = signSigV4(
    { method: 'GET', host: base.host, path, query, headers: { accept: 'application/json' }, body: '' },
    {
      credentials: {
        accessKeyId: credentials.accessKeyId,
        secretAccessKey: credentials.accessKeySecret,
        ...(credentials.securityToken ? { sessionToken: credentials.securityToken } : {}),
      },
      region: context.region,
      service: EKS_SIGNING_SERVICE,
      now,
    },
  );
  const search = encodeQuery(query);
  return {
    request: {
      method: 'GET',
      url: `${base.protocol}//${base.host}${encodePath(path)}${search ? `?${search}` : ''}`,
      headers,
      ...(context.signal ? { signal: context.signal } : {}),
    },
    secrets: [
      credentials.accessKeySecret,
      credentials.securityToken,
      /Signature=([0-9a-f]+)/.exec(headers.authorization ?? '')?.[1],
    ],
  };
}

export function callEks<T>(call: EksCall<T>, context: EksCallContext): Promise<CallResult<T>> {
  return sendSignedGet(
    AWS_ERROR_TABLE,
    {
      provider: AWS_EKS,
      operation: call.operation,
      sign: (now) => signEksCall(call, context, now),
      parse: call.parse,
    },
    context,
  );
}
