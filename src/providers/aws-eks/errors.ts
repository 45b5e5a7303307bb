// AWS's code table for the shared error ladder (../common/error-reply.ts,
// docs/providers-next.md#error-tables), for both protocols the operator speaks:
//
//   EKS (restJson1)  x-amzn-ErrorType: ResourceNotFoundException:http://…   {"message": "…"}
//                    the code is the header, else the body's `code` / `__type`
//                    (`com.amazonaws.eks#Name` → `Name`), as aws-sdk-js-v3's
//                    `loadRestJsonErrorCode` reads it; the request id is `x-amzn-RequestId`.
//   STS (awsQuery)   <ErrorResponse><Error><Type>Sender</Type><Code>…</Code><Message>…</Message>
//                    </Error><RequestId>…</RequestId></ErrorResponse>   (`loadQueryErrorCode`)
//
// ExpiredTokenException (temporary keys ran out) is AuthFailed, not transient: only new
// credentials fix it, which the credential refresh provides.

import { readErrorBody, type ProviderErrorBody } from '../common/classify.js';
import { classifyErrorReply, type ErrorCodeTable, type ErrorReply } from '../common/error-reply.js';
import type { CloudError } from '../common/errors.js';
import { compact } from '../common/normalize-helpers.js';
import { codeIn } from '../cloud-common/classify-cascade.js';
import { looksLikeXml, xmlText } from './xml.js';

export const AWS_THROTTLE_CODES = [
  'ThrottlingException',
  'TooManyRequestsException',
  'Throttling',
  'RequestLimitExceeded',
];
export const AWS_AUTH_CODES = [
  'UnrecognizedClientException',
  'InvalidSignatureException',
  'ExpiredTokenException',
  'IncompleteSignatureException',
  'MissingAuthenticationTokenException',
  'AccessDeniedException',
  'InvalidClientTokenId',
  'SignatureDoesNotMatch',
  // STS AssumeRoleWithWebIdentity refusing the token or the role
  'AccessDenied',
  'InvalidIdentityToken',
  'IDPRejectedClaim',
];
export const AWS_NOT_FOUND_CODES = ['ResourceNotFoundException', 'NotFoundException'];
/** The gateway's wording when x-amz-date is more than 5 minutes off. */
const SIGNATURE_TIME = /Signature expired|Signature not yet current/i;

/** `com.amazonaws.eks#Name`, `Name:http://…`, `Name,Other` → `Name` (the SDK's sanitizer). */
export function sanitizeErrorCode(raw: string | undefined): string | undefined {
  if (raw === undefined) return undefined;
  const name = raw.split(',')[0]!.split(':')[0]!.split('#').pop()!.trim();
  return name === '' ? undefined : name;
}

/** Code, message and request id of an EKS (JSON) or STS (XML) error reply. */
export function readAwsErrorBody(
  body: string,
  headers: Readonly<Record<string, string>> = {},
): ProviderErrorBody {
  const read = looksLikeXml(body)
    ? compact({
        code: xmlText(body, 'Code', 'Error'),
        message: xmlText(body, 'Message', 'Error'),
        requestId: xmlText(body, 'RequestId'),
      })
    : readErrorBody(body, {
        code: ['code', '__type', 'Code'],
        message: ['message', 'Message'],
        requestId: [],
      });
  return compact({
    code: sanitizeErrorCode(headers['x-amzn-errortype']) ?? sanitizeErrorCode(read.code),
    message: read.message,
    requestId: read.requestId,
  });
}

const has = (list: readonly string[], { codes }: ErrorReply): boolean =>
  codes.some((code) => codeIn(code, list));

export const AWS_ERROR_TABLE: ErrorCodeTable = {
  readBody: readAwsErrorBody,
  requestIdHeader: 'x-amzn-requestid',
  throttled: (reply) => has(AWS_THROTTLE_CODES, reply),
  clockSkew: (reply) =>
    has(['InvalidSignatureException', 'SignatureDoesNotMatch'], reply) &&
    SIGNATURE_TIME.test(reply.error.message ?? ''),
  authFailed: (reply) => has(AWS_AUTH_CODES, reply),
  notFound: (reply) => has(AWS_NOT_FOUND_CODES, reply),
  fallback: { throttled: 'request throttled', clockSkew: 'signature expired' },
  hint: (errorClass) =>
    errorClass === 'ClockSkew' ? ' — check the clock (x-amz-date must be within 5 minutes)' : '',
};

/** Classify a reply that is not a 2xx (EKS or STS). */
export function classifyAwsResponse(
  status: number,
  headers: Record<string, string>,
  body: string,
  now: Date,
  secrets: readonly (string | undefined)[] = [],
): CloudError {
  return classifyErrorReply(AWS_ERROR_TABLE, { status, headers, body }, now, secrets);
}
