// Huawei Cloud error replies as the gateway and the services send them.
//   API Gateway (APIG):  {"error_msg": "...", "error_code": "APIG.0301", "request_id": "..."}
//   CCE:                 {"errorCode": "CCE.01404001", "errorMessage": "Resource not found"}
//   CSS:                 {"errCode": "CSS.0047", "externalMessage": "CSS.0047 : ..."}
// The CSS shape and CSS.0001 "Incorrect parameters." at HTTP 400 (CSS's generic bad-parameter
// code) are as quoted from live answers in huaweicloud/terraform-provider-huaweicloud,
// huaweicloud/services/css/resource_huaweicloud_css_logstash_configuration.go:
//   {"errCode": "CSS.0001","externalMessage": "CSS.0001 : Incorrect parameters. (conf not exist)"}
// Every reply carries `X-Request-Id`.

import type { SimReply } from '../types.js';

export const APIG_AUTH = 'APIG.0301';
export const APIG_FORBIDDEN = 'APIG.0302';
const APIG_THROTTLED = 'APIG.0308';
export const APIG_BACKEND_UNAVAILABLE = 'APIG.0202';
export const CCE_NOT_FOUND = 'CCE.01404001';
export const CSS_NOT_FOUND = 'CSS.0047';
export const CSS_BAD_PARAMETER = 'CSS.0001';

/** Texts of `APIG.0301` the gateway really uses for each AK/SK failure. */
export const AUTH_MESSAGES = {
  noAuthorization: 'Incorrect IAM authentication information: x-auth-token not found',
  unknownKey: 'Incorrect IAM authentication information: Get secretKey failed,ak:******,err:ak not exist',
  locked: 'Incorrect IAM authentication information: AK access failed to reach the limit,forbidden.',
  badSignature: 'Incorrect IAM authentication information: verify aksk signature fail',
  expired: 'Incorrect IAM authentication information: calc ak sk signature fail:signature expired',
  badToken: 'Incorrect IAM authentication information: decrypt token fail',
  /** Our text: the APIG FAQ lists "an expired token" under APIG.0301 but quotes no message. */
  tokenExpired: 'Incorrect IAM authentication information: security token expired',
} as const;

export function json(
  status: number,
  requestId: string,
  body: unknown,
  extra: Record<string, string> = {},
): SimReply {
  return {
    status,
    headers: { 'content-type': 'application/json', 'x-request-id': requestId, ...extra },
    body: JSON.stringify(body),
  };
}

export function apigError(
  status: number,
  code: string,
  message: string,
  requestId: string,
  extraHeaders: Record<string, string> = {},
): SimReply {
  return json(
    status,
    requestId,
    { error_msg: message, error_code: code, request_id: requestId },
    extraHeaders,
  );
}

export function cceError(status: number, code: string, message: string, requestId: string): SimReply {
  return json(status, requestId, { errorCode: code, errorMessage: message });
}

export function cssError(status: number, code: string, message: string, requestId: string): SimReply {
  return json(status, requestId, { errCode: code, externalMessage: `${code} : ${message}` });
}

export function ok(body: unknown, requestId: string): SimReply {
  return json(200, requestId, body);
}

export function throttled(requestId: string, retryAfterSeconds?: number): SimReply {
  return apigError(
    429,
    APIG_THROTTLED,
    'The throttling threshold has been reached: policy user over ratelimit,limit:100,time:1 minute',
    requestId,
    retryAfterSeconds !== undefined ? { 'retry-after': String(retryAfterSeconds) } : {},
  );
}
