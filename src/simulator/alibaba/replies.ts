// Alibaba Cloud replies as the two layers send them. Every reply carries `x-acs-request-id`.
//   OpenAPI gateway (auth, throttling, routing, 5xx):
//     {"RequestId": "…", "HostId": "cs.cn-hangzhou.aliyuncs.com", "Code": "…", "Message": "…", "Recommend": "…"}
//   ACK service (its own errors such as ErrorClusterNotFound):
//     {"code": "…", "message": "…", "requestId": "…"}
// Codes, HTTP statuses and texts follow Alibaba's published OpenAPI common error codes.

import type { SimReply } from '../types.js';

export const GATEWAY_ERRORS = {
  throttled: {
    status: 400,
    code: 'Throttling.User',
    message: 'Request was denied due to user flow control.',
  },
  internal: {
    status: 500,
    code: 'InternalError',
    message: 'The request processing has failed due to some unknown error, exception or failure.',
  },
  unavailable: {
    status: 503,
    code: 'ServiceUnavailable',
    message: 'The request has failed due to a temporary failure of the server.',
  },
  unknownKey: {
    status: 404,
    code: 'InvalidAccessKeyId.NotFound',
    message: 'Specified access key is not found.',
  },
  badSignature: {
    status: 400,
    code: 'SignatureDoesNotMatch',
    message: 'The request signature does not conform to Alibaba Cloud standards.',
  },
  incompleteSignature: {
    status: 400,
    code: 'IncompleteSignature',
    message: 'The request signature does not conform to Alibaba Cloud standards.',
  },
  expired: {
    status: 400,
    code: 'InvalidTimeStamp.Expired',
    message: 'Specified time stamp or date value is expired.',
  },
  badTimestamp: {
    status: 400,
    code: 'InvalidTimeStamp.Format',
    message: 'Specified time stamp or date value is not well formatted.',
  },
  nonceUsed: {
    status: 400,
    code: 'SignatureNonceUsed',
    message: 'Specified signature nonce was used already.',
  },
  missingToken: {
    status: 400,
    code: 'MissingSecurityToken',
    message: 'SecurityToken is mandatory for this action.',
  },
  tokenExpired: {
    status: 400,
    code: 'InvalidSecurityToken.Expired',
    message: 'Specified SecurityToken is expired.',
  },
  tokenMismatch: {
    status: 400,
    code: 'InvalidSecurityToken.MismatchWithAccessKey',
    message: 'Specified SecurityToken mismatch with the AccessKey.',
  },
  unknownApi: {
    status: 404,
    code: 'InvalidApi.NotFound',
    message: 'Specified api is not found, please check your url and method.',
  },
  badVersion: { status: 400, code: 'InvalidVersion', message: 'Specified parameter Version is not valid.' },
  missingParameter: {
    status: 400,
    code: 'MissingParameter',
    message: 'The input parameter that is mandatory for processing this request is not supplied.',
  },
  invalidParameter: { status: 400, code: 'InvalidParameter', message: 'The specified parameter is invalid.' },
} as const;

/** One error as the gateway renders it (GATEWAY_ERRORS, and STS's own in ./sts.ts). */
export interface GatewayError {
  readonly status: number;
  readonly code: string;
  readonly message: string;
}

const JSON_TYPE = 'application/json;charset=utf-8';

function json(
  status: number,
  requestId: string,
  body: unknown,
  extra: Record<string, string> = {},
): SimReply {
  return {
    status,
    headers: { 'content-type': JSON_TYPE, 'x-acs-request-id': requestId, ...extra },
    body: JSON.stringify(body),
  };
}

interface GatewayErrorOptions {
  requestId: string;
  /** Host the request was sent to (`HostId`). */
  host?: string;
  /** Replaces the standard message (e.g. to add the server's string to sign). */
  message?: string;
  headers?: Record<string, string>;
}

export function gatewayError(error: GatewayError, options: GatewayErrorOptions): SimReply {
  return json(
    error.status,
    options.requestId,
    {
      RequestId: options.requestId,
      HostId: options.host ?? 'cs.aliyuncs.com',
      Code: error.code,
      Message: options.message ?? error.message,
      Recommend: `https://api.aliyun.com/troubleshoot?q=${encodeURIComponent(error.code)}&product=CS&requestId=${options.requestId}`,
    },
    options.headers,
  );
}

function serviceError(status: number, code: string, message: string, requestId: string): SimReply {
  return json(status, requestId, { code, message, requestId });
}

export function clusterNotFound(clusterID: string, requestId: string): SimReply {
  return serviceError(
    404,
    'ErrorClusterNotFound',
    `The specified cluster ${clusterID} is not found.`,
    requestId,
  );
}

export function taskNotFound(taskID: string, requestId: string): SimReply {
  return serviceError(404, 'ErrorTaskNotFound', `The specified task ${taskID} is not found.`, requestId);
}

export function ok(body: unknown, requestId: string): SimReply {
  return json(200, requestId, body);
}

/** `Throttling.User` at HTTP 400; `x-acs-retry-after` is in milliseconds (Alibaba's unit). */
export function throttled(requestId: string, host: string | undefined, retryAfterSeconds?: number): SimReply {
  const headers: Record<string, string> =
    retryAfterSeconds !== undefined && retryAfterSeconds >= 0
      ? // ≥ 1000 so that readers that treat small numbers as seconds still read milliseconds
        { 'x-acs-retry-after': String(Math.max(1000, Math.round(retryAfterSeconds * 1000))) }
      : {};
  return gatewayError(GATEWAY_ERRORS.throttled, { requestId, ...(host ? { host } : {}), headers });
}
