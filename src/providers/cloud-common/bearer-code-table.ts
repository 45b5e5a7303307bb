// The error-code table of a bearer-token cloud (Google, Azure), built from its code lists: both
// clouds classify by the same rule — a code in the throttle, auth or not-found list, a clock
// wording of their own — so only the lists, the body reader and the clock test differ
// (docs/providers-next.md#error-tables).

import { classifyErrorReply, type ErrorCodeTable, type ErrorReply } from '../common/error-reply.js';
import type { CloudError } from '../common/errors.js';
import { codeIn } from './classify-cascade.js';
import { CLOCK_HINT } from './error-hints.js';

export interface BearerCodes {
  readBody: ErrorCodeTable['readBody'];
  requestIdHeader: string;
  throttle: readonly string[];
  auth: readonly string[];
  notFound: readonly string[];
  /** True when the reply says the request's time (a token assertion's iat/exp) is off. */
  clockSkew(reply: ErrorReply): boolean;
}

export function bearerCodeTable(codes: BearerCodes): ErrorCodeTable {
  return {
    readBody: codes.readBody,
    requestIdHeader: codes.requestIdHeader,
    throttled: ({ error }) => codeIn(error.code, codes.throttle),
    clockSkew: codes.clockSkew,
    authFailed: ({ error }) => codeIn(error.code, codes.auth),
    notFound: ({ error }) => codeIn(error.code, codes.notFound),
    fallback: { throttled: 'request throttled', clockSkew: 'request time out of range' },
    hint: (errorClass) => (errorClass === 'ClockSkew' ? CLOCK_HINT : ''),
  };
}

/** `(status, headers, body, now) → CloudError` for one table, as the clients and tests call it. */
export function replyClassifier(
  table: ErrorCodeTable,
): (status: number, headers: Record<string, string>, body: string, now: Date) => CloudError {
  return (status, headers, body, now) => classifyErrorReply(table, { status, headers, body }, now);
}
