// Cloud errors as one discriminated union (docs/reference.md#error-classes). Each provider's client classifies a
// failure exactly once, at its boundary, into one of these; nothing above it sees axios errors.

export const TRANSIENT_ERROR_CLASSES = [
  'Throttled',
  'NetworkError',
  'ServerError',
  'InvalidResponse',
] as const;
/**
 * Permanent: retried only after 10 min or on a spec/Secret change (docs/reference.md#retry-policy).
 * `RequestRejected` is any 4xx no other class claims: the cloud says the request itself is wrong
 * and it will not succeed unchanged.
 */
export const PERMANENT_ERROR_CLASSES = ['AuthFailed', 'ClockSkew', 'NotFound', 'RequestRejected'] as const;

export type TransientErrorClass = (typeof TRANSIENT_ERROR_CLASSES)[number];
export type PermanentErrorClass = (typeof PERMANENT_ERROR_CLASSES)[number];

interface CloudErrorBase {
  /** Human-readable, secret-free text for conditions and logs (already includes the provider code). */
  message: string;
  /** Provider error code such as `Throttling.User` or `APIG.0301`, when the body had one. */
  code?: string;
  /** The provider's request id (body or `x-acs-request-id` / `X-Request-Id`). */
  requestId?: string;
  httpStatus?: number;
}

export type CloudError =
  | (CloudErrorBase & { class: 'Throttled'; retryAfterMs?: number })
  | (CloudErrorBase & { class: 'NetworkError' })
  | (CloudErrorBase & { class: 'ServerError' })
  | (CloudErrorBase & { class: 'InvalidResponse' })
  | (CloudErrorBase & { class: 'AuthFailed' })
  | (CloudErrorBase & { class: 'ClockSkew' })
  | (CloudErrorBase & { class: 'NotFound' })
  | (CloudErrorBase & { class: 'RequestRejected' });

export function isPermanent(error: CloudError): boolean {
  return (PERMANENT_ERROR_CLASSES as readonly string[]).includes(error.class);
}

/** Message for a condition: the text plus the request id, which support desks ask for. */
export function describeCloudError(error: CloudError): string {
  return error.requestId ? `${error.message} (request id ${error.requestId})` : error.message;
}
