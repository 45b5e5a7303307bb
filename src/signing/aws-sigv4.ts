// AWS Signature Version 4 (`AWS4-HMAC-SHA256`) for the EKS API (docs/providers-next.md#signing).
// Used by the EKS client (src/providers/aws-eks/request.ts) and the simulator's AWS module.
//
//   CanonicalRequest = Method \n CanonicalURI \n CanonicalQuery \n CanonicalHeaders \n SignedHeaders \n HexSha256(Body)
//   Scope            = YYYYMMDD/region/service/aws4_request
//   StringToSign     = "AWS4-HMAC-SHA256" \n X-Amz-Date \n Scope \n HexSha256(CanonicalRequest)
//   SigningKey       = HMAC(HMAC(HMAC(HMAC("AWS4" + secret, YYYYMMDD), region), service), "aws4_request")
//   Authorization    = "AWS4-HMAC-SHA256 Credential={AK}/{Scope}, SignedHeaders={a;b}, Signature={hex}"
//
// Every service but S3 encodes each path segment twice in the canonical URI: once for the wire,
// once more for the canonical form (what the official signer, `@smithy/signature-v4`, does with
// `uriEscapePath`). Like the official SDK clients, `x-amz-content-sha256` is sent and signed.
// The RFC 3986 encoder, canonical query, header list and SHA-256 are the Huawei signer's: the
// same rules, written once.

import { createHmac } from 'node:crypto';
import { canonicalHeaders, canonicalQuery, encodePath, huaweiEncode, sha256Hex } from './huawei.js';
import type { SignableRequest } from './types.js';

export const SIGV4_ALGORITHM = 'AWS4-HMAC-SHA256';
export const HEADER_AMZ_DATE = 'x-amz-date';
export const HEADER_AMZ_SECURITY_TOKEN = 'x-amz-security-token';
const HEADER_AMZ_CONTENT_SHA256 = 'x-amz-content-sha256';

/** Headers a proxy may change on the way; never signed (the official signer's list). */
const UNSIGNABLE = new Set([
  'authorization',
  'cache-control',
  'connection',
  'expect',
  'from',
  'keep-alive',
  'max-forwards',
  'pragma',
  'referer',
  'te',
  'trailer',
  'transfer-encoding',
  'upgrade',
  'user-agent',
  'x-amzn-trace-id',
]);

interface SigV4Credentials {
  accessKeyId: string;
  secretAccessKey: string;
  /** Temporary credentials (STS): sent and signed as `x-amz-security-token`. */
  sessionToken?: string;
}

interface SigV4Options {
  credentials: SigV4Credentials;
  region: string;
  /** `eks` for the EKS API, `sts` for STS. */
  service: string;
  now: Date;
  /**
   * Send and sign `x-amz-content-sha256`, as the official SDK clients do (default true). The
   * published test-suite vectors predate it and are checked with false.
   */
  contentSha256Header?: boolean;
}

/** `YYYYMMDDTHHMMSSZ`. */
export function formatAmzDate(date: Date): string {
  return date
    .toISOString()
    .replace(/[-:]/g, '')
    .replace(/\.\d{3}Z$/, 'Z');
}

/** The canonical URI: the wire path (each segment encoded once) encoded once more. */
export function sigv4CanonicalUri(path: string): string {
  const wire = encodePath(path === '' ? '/' : path);
  return wire
    .split('/')
    .map((segment) => huaweiEncode(segment))
    .join('/');
}

function signableHeaders(headers: Record<string, string>): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [name, value] of Object.entries(headers)) {
    const lower = name.toLowerCase();
    if (UNSIGNABLE.has(lower) || /^(proxy|sec)-/.test(lower)) continue;
    out[lower] = String(value).trim().replace(/\s+/g, ' ');
  }
  return out;
}

function sigv4CanonicalRequest(
  request: SignableRequest,
  headers: Record<string, string>,
): { canonical: string; signedHeaders: string } {
  const { canonical, signedHeaders } = canonicalHeaders(signableHeaders(headers));
  const payloadHash = headers[HEADER_AMZ_CONTENT_SHA256] ?? sha256Hex(request.body);
  return {
    canonical: [
      request.method.toUpperCase(),
      sigv4CanonicalUri(request.path),
      canonicalQuery(request.query),
      canonical,
      signedHeaders,
      payloadHash,
    ].join('\n'),
    signedHeaders,
  };
}

function hmac(key: string | Buffer, data: string): Buffer {
  return createHmac('sha256', key).update(data, 'utf8').digest();
}

function sigv4SigningKey(secret: string, shortDate: string, region: string, service: string): Buffer {
  return hmac(hmac(hmac(hmac(`AWS4${secret}`, shortDate), region), service), 'aws4_request');
}

/**
 * Sign a request: returns every header to send (the request's own, `host`, `x-amz-date`,
 * `x-amz-content-sha256`, `x-amz-security-token` for temporary keys, and `authorization`).
 */
export function signSigV4(request: SignableRequest, options: SigV4Options): Record<string, string> {
  const amzDate = formatAmzDate(options.now);
  const shortDate = amzDate.slice(0, 8);
  const scope = `${shortDate}/${options.region}/${options.service}/aws4_request`;
  const headers: Record<string, string> = {};
  for (const [name, value] of Object.entries(request.headers)) headers[name.toLowerCase()] = value;
  headers.host = request.host;
  headers[HEADER_AMZ_DATE] = amzDate;
  if (options.contentSha256Header !== false) headers[HEADER_AMZ_CONTENT_SHA256] = sha256Hex(request.body);
  if (options.credentials.sessionToken) headers[HEADER_AMZ_SECURITY_TOKEN] = options.credentials.sessionToken;

  const { canonical, signedHeaders } = sigv4CanonicalRequest(request, headers);
  const stringToSign = [SIGV4_ALGORITHM, amzDate, scope, sha256Hex(canonical)].join('\n');
  const key = sigv4SigningKey(
    options.credentials.secretAccessKey,
    shortDate,
    options.region,
    options.service,
  );
  const signature = createHmac('sha256', key).update(stringToSign, 'utf8').digest('hex');
  headers.authorization =
    `${SIGV4_ALGORITHM} Credential=${options.credentials.accessKeyId}/${scope}, ` +
    `SignedHeaders=${signedHeaders}, Signature=${signature}`;
  return headers;
}

/** `YYYYMMDDTHHMMSSZ` → Date; undefined when malformed. */
export function parseAmzDate(text: string | undefined): Date | undefined {
  const m = /^(\d{4})(\d{2})(\d{2})T(\d{2})(\d{2})(\d{2})Z$/.exec(text ?? '');
  if (!m) return undefined;
  const [y, mo, d, h, mi, s] = m.slice(1).map(Number) as [number, number, number, number, number, number];
  const date = new Date(Date.UTC(y, mo - 1, d, h, mi, s));
  return date.getUTCDate() === d && date.getUTCHours() === h ? date : undefined;
}

export interface SigV4Authorization {
  accessKeyId: string;
  /** `YYYYMMDD`. */
  date: string;
  region: string;
  service: string;
  signedHeaders: string[];
  signature: string;
}

/** The parts of `AWS4-HMAC-SHA256 Credential=AK/date/region/service/aws4_request, SignedHeaders=…, Signature=…`. */
export function parseSigV4Authorization(header: string | undefined): SigV4Authorization | undefined {
  if (!header?.startsWith(`${SIGV4_ALGORITHM} `)) return undefined;
  const fields = new Map<string, string>();
  for (const part of header.slice(SIGV4_ALGORITHM.length + 1).split(',')) {
    const eq = part.indexOf('=');
    if (eq > 0) fields.set(part.slice(0, eq).trim(), part.slice(eq + 1).trim());
  }
  const scope = (fields.get('Credential') ?? '').split('/');
  const signedHeaders = fields.get('SignedHeaders');
  const signature = fields.get('Signature');
  if (scope.length !== 5 || scope[4] !== 'aws4_request' || !signedHeaders || !signature) return undefined;
  const [accessKeyId, date, region, service] = scope as [string, string, string, string];
  if (!accessKeyId || !/^\d{8}$/.test(date) || !region || !service) return undefined;
  return { accessKeyId, date, region, service, signedHeaders: signedHeaders.split(';'), signature };
}
