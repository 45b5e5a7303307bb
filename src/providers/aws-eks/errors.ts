// Classification of EKS (restJson1) error replies (docs/providers-next.md#error-tables).
//
// The error code is the `x-amzn-errortype` header (`ResourceNotFoundException:http://…`), else
// the body's `__type` / `code` (`com.amazonaws.eks#Name` or `Name:…` trimmed to `Name`), as the
// official SDK's deserializer reads it; the text is the body's `message` / `Message`; the
// request id is `x-amzn-requestid`.

import { parseRetryAfterMs, readErrorBody } from '../common/classify.js';
import type { CloudError } from '../common/errors.js';
import { classifyReadError, codeIn } from '../cloud-common/classify-cascade.js';

export const AWS_THROTTLE_CODES = [
  'ThrottlingException',
  'TooManyRequestsException',
  'Throttling',
  'RequestLimitExceeded',
];
/** ExpiredTokenException: the temporary keys ran out — refreshed credentials fix it, nothing else. */
export const AWS_AUTH_CODES = [
  'UnrecognizedClientException',
  'InvalidSignatureException',
  'ExpiredTokenException',
  'IncompleteSignatureException',
  'MissingAuthenticationTokenException',
  'AccessDeniedException',
  'InvalidClientTokenId',
  'SignatureDoesNotMatch',
];
export const AWS_NOT_FOUND_CODES = ['ResourceNotFoundException', 'NotFoundException'];
/** The gateway's wording when x-amz-date is more than 5 minutes off. */
const SIGNATURE_TIME = /Signature expired|Signature not yet current/i;

/** `aws.protocols#Name:http://…` → `Name`. */
export function sanitizeErrorCode(raw: string | undefined): string | undefined {
  if (raw === undefined) return undefined;
  const name = raw.split(':')[0]!.split('#').pop()!.trim();
  return name === '' ? undefined : name;
}

export function classifyAwsResponse(
  status: number,
  headers: Record<string, string>,
  body: string,
  now: Date,
): CloudError {
  const read = readErrorBody(body, {
    code: ['__type', 'code', 'Code'],
    message: ['message', 'Message'],
    requestId: [],
  });
  const code = sanitizeErrorCode(headers['x-amzn-errortype']) ?? sanitizeErrorCode(read.code);
  const message = read.message;
  return classifyReadError({
    status,
    code,
    message,
    requestId: headers['x-amzn-requestid'] ?? headers['x-amz-request-id'],
    retryAfterMs: parseRetryAfterMs(headers, now),
    throttled: codeIn(code, AWS_THROTTLE_CODES),
    clockSkew:
      codeIn(code, ['InvalidSignatureException', 'SignatureDoesNotMatch']) &&
      SIGNATURE_TIME.test(message ?? ''),
    authFailed: codeIn(code, AWS_AUTH_CODES),
    notFound: codeIn(code, AWS_NOT_FOUND_CODES),
    location: headers.location,
  });
}
