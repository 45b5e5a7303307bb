// AWS replies as the two protocols send them (docs/simulator.md, "AWS EKS"). Every reply carries
// `x-amzn-RequestId` (lower-cased here, as the transport sees it).
//   EKS (restJson1)  x-amzn-ErrorType: <Code>[:<coral URL>]   {"message": "…"[, "clusterName", …]}
//   STS (awsQuery)   <ErrorResponse><Error><Type>Sender</Type><Code/><Message/></Error><RequestId/></ErrorResponse>
// Codes, statuses and texts follow the EKS and STS API references' error sections and the
// aws-sdk-js-v3 clients' deserializers (client-eks Aws_restJson1, client-sts Aws_query).

import type { SimReply } from '../types.js';

export interface AwsError {
  readonly status: number;
  readonly code: string;
  readonly message: string;
}

/** Errors the front door (authentication, throttling) raises, whatever the operation. */
export const GATEWAY_ERRORS = {
  missingToken: {
    status: 403,
    code: 'MissingAuthenticationTokenException',
    message: 'Missing Authentication Token',
  },
  incomplete: {
    status: 403,
    code: 'IncompleteSignatureException',
    message:
      "Authorization header requires 'Credential', 'Signature' and 'SignedHeaders' parameters and an 'X-Amz-Date' header.",
  },
  unrecognized: {
    status: 403,
    code: 'UnrecognizedClientException',
    message: 'The security token included in the request is invalid.',
  },
  expiredToken: {
    status: 403,
    code: 'ExpiredTokenException',
    message: 'The security token included in the request is expired',
  },
  badSignature: {
    status: 403,
    code: 'InvalidSignatureException',
    message:
      'The request signature we calculated does not match the signature you provided. Check your AWS Secret Access Key and signing method. Consult the service documentation for details.',
  },
  throttled: { status: 400, code: 'ThrottlingException', message: 'Rate exceeded' },
  tooManyRequests: { status: 429, code: 'TooManyRequestsException', message: 'Too Many Requests' },
  server: { status: 500, code: 'ServerException', message: 'An internal error occurred.' },
  unavailable: { status: 503, code: 'ServiceUnavailableException', message: 'Service Unavailable' },
} as const satisfies Record<string, AwsError>;

const JSON_TYPE = 'application/json';
const XML_TYPE = 'text/xml';
const CORAL = 'http://internal.amazon.com/coral/com.amazon.coral.service/';

function reply(
  status: number,
  contentType: string,
  body: string,
  requestId: string,
  extra: Record<string, string>,
): SimReply {
  return { status, headers: { 'content-type': contentType, 'x-amzn-requestid': requestId, ...extra }, body };
}

export function awsJson(
  status: number,
  body: unknown,
  requestId: string,
  extra: Record<string, string> = {},
): SimReply {
  return reply(status, JSON_TYPE, JSON.stringify(body), requestId, extra);
}

/** An EKS (restJson1) error: the code in `x-amzn-ErrorType`, the text in the body. */
export function eksError(
  error: AwsError,
  requestId: string,
  options: { message?: string; fields?: Record<string, string>; headers?: Record<string, string> } = {},
): SimReply {
  return awsJson(error.status, { ...options.fields, message: options.message ?? error.message }, requestId, {
    'x-amzn-errortype': `${error.code}:${CORAL}`,
    ...options.headers,
  });
}

function escapeXml(text: string): string {
  return text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');
}

/** A plain XML document from nested records (element order as given). */
export function xmlElements(value: Record<string, unknown>): string {
  return Object.entries(value)
    .map(([name, inner]) =>
      typeof inner === 'object' && inner !== null
        ? `<${name}>${xmlElements(inner as Record<string, unknown>)}</${name}>`
        : `<${name}>${escapeXml(String(inner))}</${name}>`,
    )
    .join('');
}

export function stsXml(
  status: number,
  body: string,
  requestId: string,
  extra: Record<string, string> = {},
): SimReply {
  return reply(status, XML_TYPE, body, requestId, extra);
}

/** An STS (awsQuery) error document. */
export function stsError(
  error: AwsError,
  requestId: string,
  message?: string,
  headers?: Record<string, string>,
): SimReply {
  const type = error.status >= 500 ? 'Receiver' : 'Sender';
  const inner = xmlElements({
    Error: { Type: type, Code: error.code, Message: message ?? error.message },
    RequestId: requestId,
  });
  return stsXml(
    error.status,
    `<ErrorResponse xmlns="https://sts.amazonaws.com/doc/2011-06-15/">${inner}</ErrorResponse>\n`,
    requestId,
    headers,
  );
}

/** `Signature expired: <sent> is now earlier than <limit> (<now> - 5 min.)`, as the front door says it. */
export function signatureTimeMessage(sent: string, now: string, limit: string, late: boolean): string {
  return late
    ? `Signature expired: ${sent} is now earlier than ${limit} (${now} - 5 min.)`
    : `Signature not yet current: ${sent} is still later than ${limit} (${now} + 5 min.)`;
}
