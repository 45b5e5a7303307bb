// Alibaba Cloud signature V3 (`ACS3-HMAC-SHA256`), as specified in "V3 request structure and
// signature": a canonical request (method, encoded path, sorted encoded query, signed headers,
// payload hash) is hashed, the hash is HMAC-SHA256'd with the AccessKey secret, and the result
// goes into `Authorization: ACS3-HMAC-SHA256 Credential=…,SignedHeaders=…,Signature=…`.
// The simulator verifies with the same functions, fed from the request it received.

import { createHash, createHmac, randomBytes } from 'node:crypto';
import { formatTime } from '../providers/common/time.js';
import type { SignableRequest } from './types.js';

export const ACS3_ALGORITHM = 'ACS3-HMAC-SHA256';
/** API version of the ACK (`cs`) OpenAPI. */
export const ACK_API_VERSION = '2015-12-15';

export interface AlibabaCredentials {
  accessKeyId: string;
  accessKeySecret: string;
  /** STS token; sent as `x-acs-security-token` and signed. */
  securityToken?: string;
}

interface Acs3Signature {
  authorization: string;
  canonicalRequest: string;
  stringToSign: string;
  /** Lower-case header names, sorted, as in `SignedHeaders=`. */
  signedHeaders: string[];
  signature: string;
  hashedPayload: string;
}

/** RFC 3986 percent-encoding: everything but `A-Za-z0-9-_.~`, UTF-8, upper-case hex. */
export function percentEncode(value: string): string {
  return encodeURIComponent(value).replace(
    /[!'()*]/g,
    (c) => `%${c.charCodeAt(0).toString(16).toUpperCase()}`,
  );
}

/** Canonical URI: each `/`-separated segment of the raw path percent-encoded. */
export function canonicalUri(rawPath: string): string {
  const path = rawPath === '' ? '/' : rawPath;
  return path.split('/').map(percentEncode).join('/');
}

/** `k=v` pairs, keys and values percent-encoded, sorted by encoded key; empty values keep `k=`. */
export function canonicalQueryString(query: Record<string, string>): string {
  return Object.entries(query)
    .map(([key, value]) => [percentEncode(key), percentEncode(value)] as const)
    .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))
    .map(([key, value]) => `${key}=${value}`)
    .join('&');
}

/** Headers V3 requires to be signed whenever present: `host`, `content-type` and every `x-acs-*`. */
export function isSignableHeader(lowerName: string): boolean {
  return lowerName === 'host' || lowerName === 'content-type' || lowerName.startsWith('x-acs-');
}

/**
 * Canonical headers for the given (lower-case) names: `name:value\n` per header, values trimmed;
 * names given in several cases are joined with `,` after sorting their values.
 */
function canonicalHeaders(
  headers: Record<string, string>,
  signedHeaderNames?: readonly string[],
): { canonical: string; signedHeaders: string[] } {
  const values = new Map<string, string[]>();
  for (const [name, value] of Object.entries(headers)) {
    const lower = name.toLowerCase();
    const wanted = signedHeaderNames ? signedHeaderNames.includes(lower) : isSignableHeader(lower);
    if (!wanted) continue;
    const list = values.get(lower) ?? [];
    list.push((value ?? '').trim());
    values.set(lower, list);
  }
  const signedHeaders = [...(signedHeaderNames ?? values.keys())].map((n) => n.toLowerCase()).sort();
  const canonical = signedHeaders
    .map((name) => `${name}:${(values.get(name) ?? []).sort().join(',')}\n`)
    .join('');
  return { canonical, signedHeaders };
}

export function sha256Hex(data: string | Buffer): string {
  return createHash('sha256').update(data).digest('hex');
}

interface CanonicalRequestParts {
  method: string;
  /** Already canonical (encoded) path. */
  canonicalUri: string;
  canonicalQuery: string;
  headers: Record<string, string>;
  /** Lower-case names to sign; default: every signable header present. */
  signedHeaderNames?: readonly string[];
  hashedPayload: string;
}

export function buildCanonicalRequest(parts: CanonicalRequestParts): {
  canonicalRequest: string;
  signedHeaders: string[];
} {
  const { canonical, signedHeaders } = canonicalHeaders(parts.headers, parts.signedHeaderNames);
  const canonicalRequest = [
    parts.method.toUpperCase(),
    parts.canonicalUri,
    parts.canonicalQuery,
    canonical,
    signedHeaders.join(';'),
    parts.hashedPayload,
  ].join('\n');
  return { canonicalRequest, signedHeaders };
}

export function acs3StringToSign(canonicalRequest: string): string {
  return `${ACS3_ALGORITHM}\n${sha256Hex(canonicalRequest)}`;
}

export function acs3Signature(accessKeySecret: string, canonicalRequest: string): string {
  return createHmac('sha256', accessKeySecret).update(acs3StringToSign(canonicalRequest)).digest('hex');
}

/** Sign from canonical parts (the simulator uses this with what it received). */
export function signCanonicalParts(
  parts: CanonicalRequestParts,
  credentials: AlibabaCredentials,
): Acs3Signature {
  const { canonicalRequest, signedHeaders } = buildCanonicalRequest(parts);
  const signature = acs3Signature(credentials.accessKeySecret, canonicalRequest);
  return {
    authorization: `${ACS3_ALGORITHM} Credential=${credentials.accessKeyId},SignedHeaders=${signedHeaders.join(';')},Signature=${signature}`,
    canonicalRequest,
    stringToSign: acs3StringToSign(canonicalRequest),
    signedHeaders,
    signature,
    hashedPayload: parts.hashedPayload,
  };
}

/**
 * Sign a request whose headers already hold everything to sign (`host`, `x-acs-*`). The
 * payload hash is taken from `x-acs-content-sha256` when present, else computed from the body.
 */
export function signAlibabaAcs3(request: SignableRequest, credentials: AlibabaCredentials): Acs3Signature {
  const declared = Object.entries(request.headers).find(
    ([name]) => name.toLowerCase() === 'x-acs-content-sha256',
  );
  return signCanonicalParts(
    {
      method: request.method,
      canonicalUri: canonicalUri(request.path),
      canonicalQuery: canonicalQueryString(request.query),
      headers: request.headers,
      hashedPayload: declared ? declared[1].trim() : sha256Hex(request.body),
    },
    credentials,
  );
}

interface ParsedAcs3Authorization {
  algorithm: string;
  accessKeyId: string;
  signedHeaders: string[];
  signature: string;
}

/** Parse `ACS3-HMAC-SHA256 Credential=…,SignedHeaders=…,Signature=…`; undefined when malformed. */
export function parseAcs3Authorization(header: string | undefined): ParsedAcs3Authorization | undefined {
  if (!header) return undefined;
  const match = /^\s*(\S+)\s+(.*)$/.exec(header);
  if (!match) return undefined;
  const fields = new Map<string, string>();
  for (const part of match[2]!.split(',')) {
    const eq = part.indexOf('=');
    if (eq <= 0) return undefined;
    fields.set(part.slice(0, eq).trim(), part.slice(eq + 1).trim());
  }
  const accessKeyId = fields.get('Credential');
  const signedHeaders = fields.get('SignedHeaders');
  const signature = fields.get('Signature');
  if (!accessKeyId || signedHeaders === undefined || !signature) return undefined;
  return {
    algorithm: match[1]!,
    accessKeyId,
    signedHeaders: signedHeaders === '' ? [] : signedHeaders.split(';').map((h) => h.trim().toLowerCase()),
    signature,
  };
}

/** `x-acs-date` format: ISO 8601 UTC to the second, e.g. `2023-10-26T10:22:32Z`. */
export function formatAcsDate(date: Date): string {
  return formatTime(date);
}

/** 32 hex characters, like the SDKs' nonces. */
export function randomNonce(): string {
  return randomBytes(16).toString('hex');
}

interface AlibabaGetRequest {
  /** Host as it will be sent (`host[:port]`). */
  host: string;
  /**
   * The path as literal segments (`['api', 'v2', 'clusters', id]`): each is percent-encoded on
   * its own, so a `/` inside an id can never add a path level.
   */
  segments: readonly string[];
  query?: Record<string, string>;
  action: string;
  version?: string;
  credentials: AlibabaCredentials;
  /** Injected clock reading and nonce, so tests are deterministic. */
  now: Date;
  nonce: string;
  /** Extra unsigned headers (e.g. `accept`). */
  extraHeaders?: Record<string, string>;
}

interface SignedAlibabaGet {
  /** Path and query exactly as signed: append to the base URL. */
  pathAndQuery: string;
  /** Every header to send, including `authorization`. */
  headers: Record<string, string>;
  signature: Acs3Signature;
}

/** The full header set of a signed, body-less GET. */
export function buildSignedAlibabaGet(request: AlibabaGetRequest): SignedAlibabaGet {
  const query = request.query ?? {};
  const headers: Record<string, string> = {
    host: request.host,
    'x-acs-action': request.action,
    'x-acs-version': request.version ?? ACK_API_VERSION,
    'x-acs-date': formatAcsDate(request.now),
    'x-acs-signature-nonce': request.nonce,
    'x-acs-content-sha256': sha256Hex(''),
  };
  if (request.credentials.securityToken) headers['x-acs-security-token'] = request.credentials.securityToken;
  const encodedPath = '/' + request.segments.map(percentEncode).join('/');
  const queryString = canonicalQueryString(query);
  const signature = signCanonicalParts(
    {
      method: 'GET',
      canonicalUri: encodedPath,
      canonicalQuery: queryString,
      headers,
      hashedPayload: headers['x-acs-content-sha256']!,
    },
    request.credentials,
  );
  return {
    pathAndQuery: encodedPath + (queryString ? `?${queryString}` : ''),
    headers: { ...request.extraHeaders, ...headers, authorization: signature.authorization },
    signature,
  };
}
