// Classification of Huawei Cloud HTTP failures into the CloudError union (docs/reference.md#error-classes).
//
// Error bodies come in three shapes, all read here:
//   API Gateway and most services  {"error_code": "APIG.0301", "error_msg": "...", "request_id": "..."}
//   CCE                            {"errorCode": "CCE.01404001", "errorMessage": "...", ...}
//   CSS                            {"errCode": "CSS.0015", "externalMessage": "CSS.0015 : ..."}
// The request id is also in the `X-Request-Id` response header (lower-cased by the transport).
//
// Clock skew: the gateway rejects an `X-Sdk-Date` more than 15 minutes off with the ordinary
// auth code `APIG.0301` and the message "Incorrect IAM authentication information: calc ak sk
// signature fail:signature expired" (Huawei's API signing guide FAQ). We classify that as
// ClockSkew — same permanent retry policy as AuthFailed, but it tells the user to fix NTP
// rather than the key. Neither is ever retried quickly: five failed signatures lock the key
// for five minutes.

import {
  parseJsonRecord,
  parseRetryAfterMs,
  readErrorBody,
  trimMessage,
  type ProviderErrorBody,
} from '../common/classify.js';
import type { CloudError } from '../common/errors.js';
import type { HttpResponse } from '../common/transport.js';

export const HUAWEI_THROTTLE_CODES: ReadonlySet<string> = new Set(['APIG.0308', 'APIGW.0308']);
export const HUAWEI_AUTH_CODES: ReadonlySet<string> = new Set(['APIG.0301', 'APIGW.0301']);
/** CCE's generic "Resource not found" (cluster, task…) and CSS's cluster-not-found. */
export const HUAWEI_NOT_FOUND_CODES: ReadonlySet<string> = new Set(['CCE.01404001', 'CSS.0047']);

const SIGNATURE_EXPIRED = /signature expired|x-sdk-date.*expire/i;
const KEY_LOCKED = /AK access failed to reach the limit/i;

export type HuaweiErrorBody = ProviderErrorBody;

/** Read whichever Huawei error shape the body has; empty object when it has none. */
export function readHuaweiErrorBody(body: string): HuaweiErrorBody {
  return readErrorBody(body, {
    code: ['error_code', 'errorCode', 'errCode', 'code'],
    message: ['error_msg', 'errorMessage', 'externalMessage', 'message'],
    requestId: ['request_id', 'requestId'],
  });
}

function allCodes(body: string): string[] {
  // CCE may send both `error_code` and `errorCode`; a not-found in either counts.
  const record = parseJsonRecord(body);
  if (!record) return [];
  return ['error_code', 'errorCode', 'errCode', 'code']
    .map((name) => record[name])
    .filter((value): value is string => typeof value === 'string')
    .map((value) => value.trim().toUpperCase());
}

function describe(status: number, error: HuaweiErrorBody, fallback: string): string {
  const text = error.message ?? fallback;
  const head = error.code ? `${error.code}: ${text}` : text;
  return trimMessage(`${head} (HTTP ${status})`);
}

/**
 * Classify a response that is not a success. `status` 2xx never reaches here; a 2xx whose body
 * fails the schema is classified by the caller as InvalidResponse.
 */
export function classifyHuaweiResponse(response: HttpResponse, now: Date): CloudError {
  const { status } = response;
  const error = readHuaweiErrorBody(response.body);
  const requestId = error.requestId ?? response.headers['x-request-id'];
  const codes = allCodes(response.body);
  const has = (set: ReadonlySet<string>) => codes.some((code) => set.has(code));
  const base = {
    ...(error.code ? { code: error.code } : {}),
    ...(requestId ? { requestId } : {}),
    httpStatus: status,
  };

  if (has(HUAWEI_THROTTLE_CODES) || status === 429) {
    const retryAfterMs = parseRetryAfterMs(response.headers, now);
    return {
      class: 'Throttled',
      message: describe(status, error, 'request throttled'),
      ...base,
      ...(retryAfterMs !== undefined ? { retryAfterMs } : {}),
    };
  }
  if (has(HUAWEI_AUTH_CODES) && SIGNATURE_EXPIRED.test(error.message ?? '')) {
    return {
      class: 'ClockSkew',
      message:
        describe(status, error, 'signature expired') +
        ' — check the clock (X-Sdk-Date must be within 15 minutes)',
      ...base,
    };
  }
  if (has(HUAWEI_AUTH_CODES) || status === 401 || status === 403) {
    const locked = KEY_LOCKED.test(error.message ?? '') ? ' — the access key is locked for 5 minutes' : '';
    return {
      class: 'AuthFailed',
      message: describe(status, error, 'authentication failed') + locked,
      ...base,
    };
  }
  if (has(HUAWEI_NOT_FOUND_CODES) || status === 404) {
    return { class: 'NotFound', message: describe(status, error, 'not found'), ...base };
  }
  if (status >= 500) {
    return { class: 'ServerError', message: describe(status, error, 'server error'), ...base };
  }
  if (status >= 300 && status < 400) {
    const location = response.headers.location ? ` to ${response.headers.location}` : '';
    return {
      class: 'InvalidResponse',
      message: trimMessage(`unexpected redirect (HTTP ${status})${location}`),
      ...base,
    };
  }
  if (status >= 400 && status < 500) {
    // Any other 4xx: the cloud refuses this request as it stands (docs/reference.md#error-classes),
    // e.g. CSS.0001 "Incorrect parameters." for a query value the API does not accept.
    return { class: 'RequestRejected', message: describe(status, error, 'request rejected'), ...base };
  }
  return { class: 'InvalidResponse', message: describe(status, error, 'unexpected response'), ...base };
}
