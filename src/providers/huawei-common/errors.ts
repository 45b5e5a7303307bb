// Huawei Cloud's code table for the shared error ladder (../common/error-reply.ts,
// docs/reference.md#error-classes).
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

import { parseJsonRecord, readErrorBody, type ProviderErrorBody } from '../common/classify.js';
import { classifyErrorReply, type ErrorCodeTable, type ErrorReply } from '../common/error-reply.js';
import type { CloudError } from '../common/errors.js';
import type { HttpResponse } from '../common/transport.js';

const HUAWEI_THROTTLE_CODES: ReadonlySet<string> = new Set(['APIG.0308', 'APIGW.0308']);
const HUAWEI_AUTH_CODES: ReadonlySet<string> = new Set(['APIG.0301', 'APIGW.0301']);
/** CCE's generic "Resource not found" (cluster, task…) and CSS's cluster-not-found. */
const HUAWEI_NOT_FOUND_CODES: ReadonlySet<string> = new Set(['CCE.01404001', 'CSS.0047']);

const SIGNATURE_EXPIRED = /signature expired|x-sdk-date.*expire/i;
const KEY_LOCKED = /AK access failed to reach the limit/i;

/** Read whichever Huawei error shape the body has; empty object when it has none. */
export function readHuaweiErrorBody(body: string): ProviderErrorBody {
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

const has = (set: ReadonlySet<string>, { codes }: ErrorReply): boolean => codes.some((code) => set.has(code));

/** Huawei's adapter for the shared error ladder. */
export const HUAWEI_ERROR_TABLE: ErrorCodeTable = {
  readBody: readHuaweiErrorBody,
  codesOf: allCodes,
  requestIdHeader: 'x-request-id',
  throttled: (reply) => has(HUAWEI_THROTTLE_CODES, reply),
  clockSkew: (reply) => has(HUAWEI_AUTH_CODES, reply) && SIGNATURE_EXPIRED.test(reply.error.message ?? ''),
  authFailed: (reply) => has(HUAWEI_AUTH_CODES, reply),
  notFound: (reply) => has(HUAWEI_NOT_FOUND_CODES, reply),
  fallback: { throttled: 'request throttled', clockSkew: 'signature expired' },
  hint: (errorClass, reply) => {
    if (errorClass === 'ClockSkew') return ' — check the clock (X-Sdk-Date must be within 15 minutes)';
    return KEY_LOCKED.test(reply.error.message ?? '') ? ' — the access key is locked for 5 minutes' : '';
  },
};

/**
 * Classify a response that is not a success. `status` 2xx never reaches here; a 2xx whose body
 * fails the schema is classified by the caller as InvalidResponse.
 */
export function classifyHuaweiResponse(response: HttpResponse, now: Date): CloudError {
  return classifyErrorReply(HUAWEI_ERROR_TABLE, response, now);
}
