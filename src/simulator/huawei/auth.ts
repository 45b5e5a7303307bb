// AK/SK authentication as Huawei's API Gateway does it:
//   1. `Authorization: SDK-HMAC-SHA256 Access=…, SignedHeaders=…, Signature=…` must be present;
//   2. the access key must exist;
//   3. a key that failed five times in a row is locked for five minutes — every request with it
//      is refused, correctly signed or not, until the lock expires;
//   4. `X-Sdk-Date` must be a valid `YYYYMMDDTHHMMSSZ` within 15 minutes of the gateway clock;
//   5. the signature is recomputed from the request as received (wire path, wire query, the
//      headers listed in SignedHeaders, the body) and must match;
//   6. temporary keys must send their `X-Security-Token`, and work only until they expire;
//      permanent keys must not send one;
//   7. the project (path, and `X-Project-Id` when sent) must be one the key may use.
// Failures 4–6 count towards the lock; a success resets the count.

import {
  computeSignature,
  parseAuthorization,
  parseSdkDate,
  parseWireQuery,
  signaturesEqual,
} from '../../signing/huawei.js';
import type { SimContext, SimReply, SimRequest, SimRoute } from '../types.js';
import { APIG_AUTH, APIG_FORBIDDEN, AUTH_MESSAGES, apigError } from './replies.js';

const MAX_CONSECUTIVE_FAILURES = 5;
export const LOCK_DURATION_MS = 5 * 60_000;
const MAX_DATE_SKEW_MS = 15 * 60_000;

interface KeyRecord {
  failures: number;
  lockedUntil?: number;
}

export class HuaweiAuthenticator {
  private readonly keys = new Map<string, KeyRecord>();

  /** Whether a key is locked at `now` (for tests and the admin view). */
  isLocked(accessKeyId: string, now: Date): boolean {
    const lockedUntil = this.keys.get(accessKeyId)?.lockedUntil;
    return lockedUntil !== undefined && now.getTime() < lockedUntil;
  }

  /** Forget every failure count and lock (scenario reset). */
  reset(): void {
    this.keys.clear();
  }

  authenticate(request: SimRequest, route: SimRoute, context: SimContext): SimReply | undefined {
    const now = context.now();
    const reject = (message: string) => apigError(401, APIG_AUTH, message, context.requestId());

    const auth = parseAuthorization(request.headers.authorization);
    if (!auth) return reject(AUTH_MESSAGES.noAuthorization);
    const credential = context.credential(auth.accessKeyId);
    if (!credential) return reject(AUTH_MESSAGES.unknownKey);

    const record = this.keys.get(auth.accessKeyId) ?? { failures: 0 };
    this.keys.set(auth.accessKeyId, record);
    if (record.lockedUntil !== undefined) {
      if (now.getTime() < record.lockedUntil) return reject(AUTH_MESSAGES.locked);
      record.lockedUntil = undefined;
    }
    const fail = (message: string): SimReply => {
      record.failures += 1;
      if (record.failures >= MAX_CONSECUTIVE_FAILURES) {
        record.failures = 0;
        record.lockedUntil = now.getTime() + LOCK_DURATION_MS;
      }
      return reject(message);
    };

    const sdkDateText = request.headers['x-sdk-date'];
    const sdkDate = sdkDateText === undefined ? undefined : parseSdkDate(sdkDateText);
    if (!sdkDateText || !sdkDate) return fail(AUTH_MESSAGES.badSignature);
    if (Math.abs(now.getTime() - sdkDate.getTime()) > MAX_DATE_SKEW_MS) return fail(AUTH_MESSAGES.expired);

    const signedHeaders: Record<string, string> = {};
    for (const name of auth.signedHeaders) {
      const value = request.headers[name.toLowerCase()];
      if (value === undefined) return fail(AUTH_MESSAGES.badSignature);
      signedHeaders[name.toLowerCase()] = value;
    }
    const expected = computeSignature(
      {
        method: request.method,
        path: request.rawPath,
        pathOnWire: true,
        query: parseWireQuery(request.rawQuery),
        headers: signedHeaders,
        body: request.body,
      },
      credential.accessKeySecret,
      sdkDateText.trim(),
    );
    if (!signaturesEqual(expected, auth.signature)) return fail(AUTH_MESSAGES.badSignature);

    const token = request.headers['x-security-token'];
    if ((credential.securityToken ?? '') !== (token ?? '')) return fail(AUTH_MESSAGES.badToken);
    if (credential.expiresAt && now.getTime() >= credential.expiresAt.getTime())
      return fail(AUTH_MESSAGES.tokenExpired);

    record.failures = 0;

    const headerProject = request.headers['x-project-id'];
    const pathProject = route.projectID;
    const allowed = credential.projectIds;
    const projectAllowed = (id: string | undefined) =>
      id === undefined || !allowed || allowed.length === 0 || allowed.includes(id);
    if (
      (headerProject !== undefined && pathProject !== undefined && headerProject !== pathProject) ||
      !projectAllowed(pathProject) ||
      !projectAllowed(headerProject)
    ) {
      return apigError(
        403,
        APIG_FORBIDDEN,
        'The IAM user is not authorized to access the API.',
        context.requestId(),
      );
    }
    return undefined;
  }
}
