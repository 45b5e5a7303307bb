// Alibaba Cloud's code table for the shared error ladder (../common/error-reply.ts,
// docs/reference.md#error-classes). Alibaba error bodies come
// in two spellings: the API gateway's `{RequestId, HostId, Code, Message, Recommend}` and the ACK
// service's `{code, message, requestId}`; the request id is also in `x-acs-request-id`.
// The error *code* decides before the HTTP status: `Throttling.User` arrives as HTTP 400 and
// `InvalidAccessKeyId.NotFound` as HTTP 404, and neither is what its status alone suggests.

import { readErrorBody, type ProviderErrorBody } from '../common/classify.js';
import { classifyErrorReply, type ErrorCodeTable } from '../common/error-reply.js';
import type { CloudError } from '../common/errors.js';
import type { HttpResponse } from '../common/transport.js';

/** The one scrubber (src/providers/common/bounds.ts), re-exported for the credential exchanges. */

/** Read `{code|Code, message|Message, requestId|RequestId}` from a body, tolerating anything. */
export function readAlibabaErrorBody(body: string): ProviderErrorBody {
  return readErrorBody(body, {
    code: ['code', 'Code'],
    message: ['message', 'Message'],
    requestId: ['requestId', 'RequestId', 'request_id'],
  });
}

const AUTH_CODES = [
  /^InvalidAccessKeyId/i,
  /^SignatureDoesNotMatch$/i,
  /^InvalidSecurityToken/i,
  /^MissingSecurityToken$/i,
  /^IncompleteSignature$/i,
  /^Forbidden/i,
];

/** Alibaba's adapter for the shared error ladder. */
export const ALIBABA_ERROR_TABLE: ErrorCodeTable = {
  readBody: readAlibabaErrorBody,
  requestIdHeader: 'x-acs-request-id',
  throttled: ({ error }) => error.code !== undefined && /^Throttling/i.test(error.code),
  clockSkew: ({ error }) => error.code !== undefined && /^InvalidTimeStamp\.Expired$/i.test(error.code),
  authFailed: ({ error }) => error.code !== undefined && AUTH_CODES.some((re) => re.test(error.code!)),
  notFound: ({ error }) => error.code !== undefined && /^Error(Cluster|Task)NotFound$/i.test(error.code),
  fallback: {
    throttled: 'request was throttled',
    clockSkew: 'request time is too far from the server clock',
  },
};

interface ClassifyOptions {
  now: Date;
  /** Strings that must never reach a message even if the server echoes them. */
  secrets?: readonly (string | undefined)[];
}

/** Classify an HTTP reply that is not a 2xx success. */
export function classifyAlibabaErrorResponse(response: HttpResponse, options: ClassifyOptions): CloudError {
  return classifyErrorReply(ALIBABA_ERROR_TABLE, response, options.now, options.secrets);
}
