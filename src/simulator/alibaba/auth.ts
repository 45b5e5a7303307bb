// Checks a request the way Alibaba's OpenAPI gateway does for signature V3 (ACS3-HMAC-SHA256):
// the API (action + version) must match the path; the Authorization header must parse; the
// mandatory headers must be there; `x-acs-date` must be well-formed and within 15 minutes of
// the server clock; the AccessKey must exist; STS keys need their token and work only until they expire; every `x-acs-*` header
// and `host` must be signed; the signature is recomputed from the request exactly as received
// (host header as sent, path and query re-canonicalized, payload hash of the received body);
// finally a nonce may be used only once within the 15-minute window.

import { timingSafeEqual } from 'node:crypto';
import {
  ACK_API_VERSION,
  ACS3_ALGORITHM,
  buildCanonicalRequest,
  acs3Signature,
  acs3StringToSign,
  isSignableHeader,
  parseAcs3Authorization,
  percentEncode,
  sha256Hex,
} from '../../signing/alibaba.js';
import type { SimContext, SimReply, SimRequest, SimRoute } from '../types.js';
import { GATEWAY_ERRORS, gatewayError, type GatewayError } from './replies.js';

/** Alibaba rejects requests whose `x-acs-date` is more than 15 minutes off. */
const MAX_CLOCK_SKEW_MS = 15 * 60 * 1000;
const ACS_DATE = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}Z$/;
const MANDATORY_HEADERS = ['x-acs-action', 'x-acs-version', 'x-acs-date', 'x-acs-signature-nonce'] as const;
const MAX_REMEMBERED_NONCES = 100_000;

function decodeLoosely(text: string): string {
  try {
    return decodeURIComponent(text);
  } catch {
    return text; // a bad escape cannot match any client's signature anyway
  }
}

/** Canonical URI of the received path: each segment decoded, then encoded the V3 way. */
export function receivedCanonicalUri(rawPath: string): string {
  if (rawPath === '') return '/';
  return rawPath
    .split('/')
    .map((segment) => percentEncode(decodeLoosely(segment)))
    .join('/');
}

/** Canonical query of the received raw query: pairs decoded, re-encoded, sorted by key. */
export function receivedCanonicalQuery(rawQuery: string): string {
  return rawQuery
    .split('&')
    .filter((pair) => pair !== '')
    .map((pair) => {
      const eq = pair.indexOf('=');
      const key = decodeLoosely(eq < 0 ? pair : pair.slice(0, eq));
      const value = eq < 0 ? '' : decodeLoosely(pair.slice(eq + 1));
      return [percentEncode(key), percentEncode(value)] as const;
    })
    .sort(([a, av], [b, bv]) => (a < b ? -1 : a > b ? 1 : av < bv ? -1 : av > bv ? 1 : 0))
    .map(([key, value]) => `${key}=${value}`)
    .join('&');
}

/** What the server computes for a received request, given the key's secret. */
function expectedSignature(request: SimRequest, signedHeaders: readonly string[], accessKeySecret: string) {
  const { canonicalRequest } = buildCanonicalRequest({
    method: request.method,
    canonicalUri: receivedCanonicalUri(request.rawPath),
    canonicalQuery: receivedCanonicalQuery(request.rawQuery),
    headers: request.headers,
    signedHeaderNames: signedHeaders,
    hashedPayload: sha256Hex(request.body),
  });
  return { canonicalRequest, signature: acs3Signature(accessKeySecret, canonicalRequest) };
}

function sameHex(a: string, b: string): boolean {
  const left = Buffer.from(a.toLowerCase());
  const right = Buffer.from(b.toLowerCase());
  return left.length === right.length && timingSafeEqual(left, right);
}

export interface AlibabaAuthenticatorOptions {
  /** Reject a nonce seen before within 15 minutes (Alibaba does). Default true. */
  rejectReusedNonces?: boolean;
}

type Authenticate = (request: SimRequest, route: SimRoute, context: SimContext) => SimReply | undefined;

export function createAlibabaAuthenticator(options: AlibabaAuthenticatorOptions = {}): Authenticate {
  const rejectReusedNonces = options.rejectReusedNonces ?? true;
  /** accessKeyId + nonce → time first seen (ms). */
  const seenNonces = new Map<string, number>();

  const forgetOldNonces = (nowMs: number) => {
    for (const [key, seenAt] of seenNonces) {
      if (nowMs - seenAt <= MAX_CLOCK_SKEW_MS && seenNonces.size <= MAX_REMEMBERED_NONCES) break;
      seenNonces.delete(key); // Map iterates oldest first
    }
  };

  return (request, route, context) => {
    const host = request.headers['host'];
    const fail = (error: GatewayError, message?: string) =>
      gatewayError(error, {
        requestId: context.requestId(),
        ...(host ? { host } : {}),
        ...(message ? { message } : {}),
      });

    // Routing: the action header names the API; it must be the one this path serves.
    for (const name of MANDATORY_HEADERS) {
      if (!request.headers[name]) {
        return fail(
          GATEWAY_ERRORS.missingParameter,
          `The input parameter "${name}" that is mandatory for processing this request is not supplied.`,
        );
      }
    }
    if (request.method.toUpperCase() !== 'GET' || request.headers['x-acs-action'] !== route.operation) {
      return fail(GATEWAY_ERRORS.unknownApi);
    }
    if (request.headers['x-acs-version'] !== ACK_API_VERSION) return fail(GATEWAY_ERRORS.badVersion);

    const auth = parseAcs3Authorization(request.headers['authorization']);
    if (!auth || auth.algorithm !== ACS3_ALGORITHM) return fail(GATEWAY_ERRORS.incompleteSignature);

    const date = request.headers['x-acs-date']!;
    const sentAt = ACS_DATE.test(date) ? Date.parse(date) : Number.NaN;
    if (Number.isNaN(sentAt)) return fail(GATEWAY_ERRORS.badTimestamp);
    const nowMs = context.now().getTime();
    if (Math.abs(nowMs - sentAt) > MAX_CLOCK_SKEW_MS) return fail(GATEWAY_ERRORS.expired);

    const credential = context.credential(auth.accessKeyId);
    if (!credential) return fail(GATEWAY_ERRORS.unknownKey);
    const token = request.headers['x-acs-security-token'];
    if (credential.securityToken !== undefined && !token) return fail(GATEWAY_ERRORS.missingToken);
    if (token && token !== credential.securityToken) return fail(GATEWAY_ERRORS.tokenMismatch);
    if (credential.expiresAt && nowMs >= credential.expiresAt.getTime())
      return fail(GATEWAY_ERRORS.tokenExpired);

    const unsigned = Object.keys(request.headers).find(
      (name) => name !== 'content-type' && isSignableHeader(name) && !auth.signedHeaders.includes(name),
    );
    if (unsigned) {
      return fail(
        GATEWAY_ERRORS.incompleteSignature,
        `${GATEWAY_ERRORS.incompleteSignature.message} Header ${unsigned} must be signed.`,
      );
    }

    const expected = expectedSignature(request, auth.signedHeaders, credential.accessKeySecret);
    if (!sameHex(expected.signature, auth.signature)) {
      // Like Alibaba, show the server's string to sign (a hash, no secret) to help debugging.
      return fail(
        GATEWAY_ERRORS.badSignature,
        `${GATEWAY_ERRORS.badSignature.message} server string to sign is:${acs3StringToSign(expected.canonicalRequest)}`,
      );
    }

    if (rejectReusedNonces) {
      forgetOldNonces(nowMs);
      const key = `${auth.accessKeyId}\n${request.headers['x-acs-signature-nonce']}`;
      if (seenNonces.has(key)) return fail(GATEWAY_ERRORS.nonceUsed);
      seenNonces.set(key, nowMs);
    }
    return undefined;
  };
}
