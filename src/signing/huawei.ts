// Huawei Cloud API Gateway AK/SK signing, `SDK-HMAC-SHA256` (docs/reference.md#signing).
//
//   CanonicalRequest = Method \n CanonicalURI \n CanonicalQuery \n CanonicalHeaders \n SignedHeaders \n HexSha256(Body)
//   StringToSign     = "SDK-HMAC-SHA256" \n X-Sdk-Date \n HexSha256(CanonicalRequest)
//   Signature        = HexHmacSha256(SecretKey, StringToSign)
//   Authorization    = "SDK-HMAC-SHA256 Access={AK}, SignedHeaders={a;b;c}, Signature={hex}"
//
// Canonical URI: every path segment RFC 3986-encoded, and always a trailing `/` (as the Huawei
// signers do — the path itself is sent without it). The same encoder builds the URL we send,
// so a gateway that decodes-then-encodes and one that signs the raw path agree with us.
// The low-level functions sign exactly the headers they are given; the simulator calls them
// with the headers a received request lists in `SignedHeaders`.

import { createHash, createHmac, timingSafeEqual } from 'node:crypto';
import type { SignableRequest } from './types.js';

export const HUAWEI_ALGORITHM = 'SDK-HMAC-SHA256';
const HEADER_SDK_DATE = 'X-Sdk-Date';
const HEADER_PROJECT_ID = 'X-Project-Id';
const HEADER_SECURITY_TOKEN = 'X-Security-Token';
/** When a request carries this header its value replaces the body hash (e.g. `UNSIGNED-PAYLOAD`). */
const HEADER_CONTENT_SHA256 = 'X-Sdk-Content-Sha256';

const UNRESERVED = /^[A-Za-z0-9\-._~]$/;

/** RFC 3986 percent-encoding of the UTF-8 bytes; only `A-Z a-z 0-9 - . _ ~` stay literal. */
export function huaweiEncode(text: string): string {
  let out = '';
  for (const char of text) {
    if (UNRESERVED.test(char)) {
      out += char;
      continue;
    }
    for (const byte of Buffer.from(char, 'utf8')) {
      out += `%${byte.toString(16).toUpperCase().padStart(2, '0')}`;
    }
  }
  return out;
}

/** The path as sent on the wire: each segment encoded, no trailing slash added. */
export function encodePath(path: string): string {
  return path.split('/').map(huaweiEncode).join('/');
}

/** The canonical URI: the encoded path, always ending with `/`. */
export function canonicalUri(path: string): string {
  const encoded = encodePath(path === '' ? '/' : path);
  return encoded.endsWith('/') ? encoded : `${encoded}/`;
}

function safeDecode(text: string): string {
  try {
    return decodeURIComponent(text);
  } catch {
    return text;
  }
}

/**
 * The canonical URI of a path as received on the wire (still percent-encoded): each segment is
 * decoded and re-encoded, so `%2F` inside a segment stays part of that segment.
 */
export function canonicalUriFromWire(rawPath: string): string {
  const encoded = (rawPath === '' ? '/' : rawPath)
    .split('/')
    .map((segment) => huaweiEncode(safeDecode(segment)))
    .join('/');
  return encoded.endsWith('/') ? encoded : `${encoded}/`;
}

/** Decoded `[key, value]` pairs of a raw query string (no `?`), in wire order; `+` stays `+`. */
export function parseWireQuery(rawQuery: string): Array<[string, string]> {
  return rawQuery
    .split('&')
    .filter((part) => part !== '')
    .map((part) => {
      const eq = part.indexOf('=');
      return eq < 0
        ? [safeDecode(part), '']
        : [safeDecode(part.slice(0, eq)), safeDecode(part.slice(eq + 1))];
    });
}

type QueryPairs = ReadonlyArray<readonly [string, string]>;

function compareCodeUnits(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

/** Raw (decoded) query pairs → `k=v&k=v`, sorted by key then value, both encoded. */
export function canonicalQuery(query: QueryPairs | Record<string, string>): string {
  const pairs: Array<readonly [string, string]> = Array.isArray(query)
    ? [...(query as QueryPairs)]
    : Object.entries(query as Record<string, string>);
  pairs.sort(([ka, va], [kb, vb]) => compareCodeUnits(ka, kb) || compareCodeUnits(va, vb));
  return pairs.map(([key, value]) => `${huaweiEncode(key)}=${huaweiEncode(value)}`).join('&');
}

/** The query string as sent on the wire (same encoding as the canonical form, any order). */
export function encodeQuery(query: Record<string, string>): string {
  return Object.entries(query)
    .map(([key, value]) => `${huaweiEncode(key)}=${huaweiEncode(value)}`)
    .join('&');
}

interface CanonicalHeaders {
  /** `name:value\n` per header, names lower-cased, values trimmed, sorted by name. */
  canonical: string;
  /** `a;b;c`, the `SignedHeaders` value. */
  signedHeaders: string;
}

export function canonicalHeaders(headers: Record<string, string>): CanonicalHeaders {
  const byName = new Map<string, string>();
  for (const [name, value] of Object.entries(headers)) {
    byName.set(name.toLowerCase(), String(value).trim());
  }
  const names = [...byName.keys()].sort(compareCodeUnits);
  return {
    canonical: names.map((name) => `${name}:${byName.get(name)}\n`).join(''),
    signedHeaders: names.join(';'),
  };
}

export function sha256Hex(data: string): string {
  return createHash('sha256').update(data, 'utf8').digest('hex');
}

function headerValue(headers: Record<string, string>, name: string): string | undefined {
  const lower = name.toLowerCase();
  for (const [key, value] of Object.entries(headers)) {
    if (key.toLowerCase() === lower) return value;
  }
  return undefined;
}

/** What the canonical request is built from. `headers` = exactly the headers to sign. */
interface CanonicalInput {
  method: string;
  /** Raw, decoded path — or, with `pathOnWire`, the path exactly as received (still encoded). */
  path: string;
  pathOnWire?: boolean;
  query: QueryPairs | Record<string, string>;
  headers: Record<string, string>;
  body: string;
}

export function canonicalRequest(input: CanonicalInput): string {
  const { canonical, signedHeaders } = canonicalHeaders(input.headers);
  const payloadHash = headerValue(input.headers, HEADER_CONTENT_SHA256)?.trim() || sha256Hex(input.body);
  return [
    input.method.toUpperCase(),
    input.pathOnWire ? canonicalUriFromWire(input.path) : canonicalUri(input.path),
    canonicalQuery(input.query),
    canonical,
    signedHeaders,
    payloadHash,
  ].join('\n');
}

function stringToSign(canonical: string, sdkDate: string): string {
  return [HUAWEI_ALGORITHM, sdkDate, sha256Hex(canonical)].join('\n');
}

function hmacSha256Hex(secret: string, data: string): string {
  return createHmac('sha256', secret).update(data, 'utf8').digest('hex');
}

/** The hex signature of a request whose `headers` are exactly its signed headers. */
export function computeSignature(input: CanonicalInput, secret: string, sdkDate: string): string {
  return hmacSha256Hex(secret, stringToSign(canonicalRequest(input), sdkDate));
}

/** `YYYYMMDDTHHMMSSZ` in UTC. */
export function formatSdkDate(date: Date): string {
  return date
    .toISOString()
    .replace(/[-:]/g, '')
    .replace(/\.\d{3}Z$/, 'Z');
}

const SDK_DATE = /^(\d{4})(\d{2})(\d{2})T(\d{2})(\d{2})(\d{2})Z$/;

/** Parse `YYYYMMDDTHHMMSSZ`; undefined when malformed or not a real date. */
export function parseSdkDate(value: string): Date | undefined {
  const match = SDK_DATE.exec(value.trim());
  if (!match) return undefined;
  const [y, mo, d, h, mi, s] = match.slice(1).map(Number) as [number, number, number, number, number, number];
  const date = new Date(Date.UTC(y, mo - 1, d, h, mi, s));
  if (
    date.getUTCFullYear() !== y ||
    date.getUTCMonth() !== mo - 1 ||
    date.getUTCDate() !== d ||
    date.getUTCHours() !== h ||
    date.getUTCMinutes() !== mi ||
    date.getUTCSeconds() !== s
  ) {
    return undefined;
  }
  return date;
}

interface HuaweiAuthorization {
  accessKeyId: string;
  signedHeaders: string[];
  signature: string;
}

export function formatAuthorization(accessKeyId: string, signedHeaders: string, signature: string): string {
  return `${HUAWEI_ALGORITHM} Access=${accessKeyId}, SignedHeaders=${signedHeaders}, Signature=${signature}`;
}

/** Parse an `SDK-HMAC-SHA256 Access=…, SignedHeaders=…, Signature=…` header; undefined if malformed. */
export function parseAuthorization(header: string | undefined): HuaweiAuthorization | undefined {
  if (!header) return undefined;
  const trimmed = header.trim();
  if (!trimmed.startsWith(`${HUAWEI_ALGORITHM} `)) return undefined;
  const fields = new Map<string, string>();
  for (const part of trimmed.slice(HUAWEI_ALGORITHM.length + 1).split(',')) {
    const eq = part.indexOf('=');
    if (eq < 0) return undefined;
    fields.set(part.slice(0, eq).trim(), part.slice(eq + 1).trim());
  }
  const accessKeyId = fields.get('Access');
  const signedHeaders = fields.get('SignedHeaders');
  const signature = fields.get('Signature');
  if (!accessKeyId || !signedHeaders || !signature || !/^[0-9a-f]{64}$/i.test(signature)) return undefined;
  return { accessKeyId, signedHeaders: signedHeaders.split(';').filter((h) => h !== ''), signature };
}

/** Constant-time comparison of two hex signatures. */
export function signaturesEqual(a: string, b: string): boolean {
  const left = Buffer.from(a.toLowerCase(), 'utf8');
  const right = Buffer.from(b.toLowerCase(), 'utf8');
  return left.length === right.length && timingSafeEqual(left, right);
}

interface HuaweiSigningCredentials {
  accessKeyId: string;
  accessKeySecret: string;
  securityToken?: string;
}

interface HuaweiSignOptions {
  credentials: HuaweiSigningCredentials;
  now: Date;
  /** Sent (and signed) as `X-Project-Id`. */
  projectId?: string;
}

/**
 * Sign a request the way the official SDK does: every header it carries, plus `Host`,
 * `X-Sdk-Date`, `X-Project-Id` and `X-Security-Token` (temporary keys), is signed.
 * Returns the complete header set to send, `Authorization` included.
 */
export function signHuaweiRequest(
  request: SignableRequest,
  options: HuaweiSignOptions,
): Record<string, string> {
  const headers: Record<string, string> = {};
  const setHeader = (name: string, value: string) => {
    for (const key of Object.keys(headers)) {
      if (key.toLowerCase() === name.toLowerCase()) delete headers[key];
    }
    headers[name] = value;
  };
  for (const [name, value] of Object.entries(request.headers)) {
    if (name.toLowerCase() !== 'authorization') setHeader(name, value);
  }
  if (headerValue(headers, 'host') === undefined && request.host !== '') setHeader('Host', request.host);
  const sdkDate = headerValue(headers, HEADER_SDK_DATE) ?? formatSdkDate(options.now);
  setHeader(HEADER_SDK_DATE, sdkDate);
  if (options.projectId) setHeader(HEADER_PROJECT_ID, options.projectId);
  if (options.credentials.securityToken) setHeader(HEADER_SECURITY_TOKEN, options.credentials.securityToken);

  const input: CanonicalInput = {
    method: request.method,
    path: request.path,
    query: request.query,
    headers,
    body: request.body,
  };
  const signature = computeSignature(input, options.credentials.accessKeySecret, sdkDate);
  const { signedHeaders } = canonicalHeaders(headers);
  return {
    ...headers,
    Authorization: formatAuthorization(options.credentials.accessKeyId, signedHeaders, signature),
  };
}
