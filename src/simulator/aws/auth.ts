// SigV4 authentication as AWS's front door does it, in order:
//   1. an `Authorization: AWS4-HMAC-SHA256 Credential=…, SignedHeaders=…, Signature=…` header
//      (none: MissingAuthenticationTokenException; malformed or no X-Amz-Date:
//      IncompleteSignatureException);
//   2. X-Amz-Date within 5 minutes of the server clock (else InvalidSignatureException
//      "Signature expired" / "Signature not yet current");
//   3. the access key exists (UnrecognizedClientException); a temporary key must send its own
//      X-Amz-Security-Token (UnrecognizedClientException) and works until it expires
//      (ExpiredTokenException); a permanent key must not send one;
//   4. the scope names the request's date, service `eks`, and the cluster's region when the
//      scenario gives one;
//   5. the signature, recomputed with src/signing/aws-sigv4.ts from the request as received
//      (path, query, the headers SignedHeaders lists, the body), must match.
// All refusals are HTTP 403.

import { timingSafeEqual } from 'node:crypto';
import {
  formatAmzDate,
  HEADER_AMZ_DATE,
  HEADER_AMZ_SECURITY_TOKEN,
  parseAmzDate,
  parseSigV4Authorization,
  signSigV4,
  type SigV4Authorization,
} from '../../signing/aws-sigv4.js';
import { AWS_EKS } from '../../providers/names.js';
import { EKS_SIGNING_SERVICE } from '../../providers/aws-eks/request.js';
import type { SimContext, SimReply, SimRequest, SimRoute } from '../types.js';
import { eksError, GATEWAY_ERRORS, signatureTimeMessage, type AwsError } from './replies.js';

export const MAX_DATE_SKEW_MS = 5 * 60_000;

function sameText(a: string, b: string): boolean {
  const left = Buffer.from(a);
  const right = Buffer.from(b);
  return left.length === right.length && timingSafeEqual(left, right);
}

/** The InvalidSignatureException of a date more than 5 minutes off, or undefined. */
export function clockSkewMessage(sent: Date, now: Date): string | undefined {
  const late = now.getTime() - sent.getTime() > MAX_DATE_SKEW_MS;
  const early = sent.getTime() - now.getTime() > MAX_DATE_SKEW_MS;
  if (!late && !early) return undefined;
  const limit = new Date(now.getTime() + (late ? -MAX_DATE_SKEW_MS : MAX_DATE_SKEW_MS));
  return signatureTimeMessage(formatAmzDate(sent), formatAmzDate(now), formatAmzDate(limit), late);
}

function signatureMatches(
  request: SimRequest,
  parsed: SigV4Authorization,
  secret: string,
  sent: Date,
): boolean {
  const headers: Record<string, string> = {};
  for (const name of parsed.signedHeaders) {
    if (name === 'host' || name === HEADER_AMZ_DATE) continue;
    const value = request.headers[name];
    if (value === undefined) return false;
    headers[name] = value;
  }
  const expected = signSigV4(
    {
      method: request.method,
      host: request.headers['host'] ?? '',
      path: request.path,
      query: request.query,
      headers,
      body: request.body,
    },
    {
      credentials: { accessKeyId: parsed.accessKeyId, secretAccessKey: secret },
      region: parsed.region,
      service: parsed.service,
      now: sent,
      contentSha256Header: false,
    },
  );
  const computed = /Signature=([0-9a-f]+)/.exec(expected.authorization ?? '')?.[1] ?? '';
  return sameText(computed, parsed.signature);
}

export function authenticateAws(
  request: SimRequest,
  route: SimRoute,
  context: SimContext,
): SimReply | undefined {
  const now = context.now();
  const reject = (error: AwsError, message?: string) =>
    eksError(error, context.requestId(), message ? { message } : {});
  const header = request.headers['authorization'];
  if (header === undefined) return reject(GATEWAY_ERRORS.missingToken);
  const parsed = parseSigV4Authorization(header);
  const sent = parseAmzDate(request.headers[HEADER_AMZ_DATE]);
  if (!parsed || !sent) return reject(GATEWAY_ERRORS.incomplete);

  const skew = clockSkewMessage(sent, now);
  if (skew) return reject(GATEWAY_ERRORS.badSignature, skew);

  const credential = context.credential(parsed.accessKeyId);
  if (!credential) return reject(GATEWAY_ERRORS.unrecognized);
  const token = request.headers[HEADER_AMZ_SECURITY_TOKEN];
  if (credential.securityToken === undefined ? token !== undefined : token !== credential.securityToken) {
    return reject(GATEWAY_ERRORS.unrecognized);
  }
  if (credential.expiresAt && now.getTime() >= credential.expiresAt.getTime()) {
    return reject(GATEWAY_ERRORS.expiredToken);
  }

  if (parsed.date !== formatAmzDate(sent).slice(0, 8)) {
    return reject(
      GATEWAY_ERRORS.badSignature,
      `Date in Credential scope does not match YYYYMMDD from ISO-8601 version of date from HTTP: '${parsed.date}' != '${formatAmzDate(sent).slice(0, 8)}', from '${formatAmzDate(sent)}'.`,
    );
  }
  if (parsed.service !== EKS_SIGNING_SERVICE) {
    return reject(
      GATEWAY_ERRORS.badSignature,
      `Credential should be scoped to correct service: '${EKS_SIGNING_SERVICE}'. `,
    );
  }
  const region = context.cluster(AWS_EKS, route.clusterID ?? '')?.region;
  if (region !== undefined && parsed.region !== region) {
    return reject(GATEWAY_ERRORS.badSignature, `Credential should be scoped to a valid region. `);
  }
  if (!signatureMatches(request, parsed, credential.accessKeySecret, sent)) {
    return reject(GATEWAY_ERRORS.badSignature);
  }
  return undefined;
}
