// Google service-account key → OAuth2 access-token request (docs/providers-next.md#authentication).
//
// The JWT assertion is what Google's own library (google-auth-library, gtoken) sends, claim for
// claim and byte for byte: header `{"alg":"RS256"}`, claims `iss` (the key's client_email),
// `scope`, `aud` (the token endpoint), `exp` = `iat` + 3600, `iat`; signed RS256 with the key's
// private key by `jose`. The request is a form POST of `grant_type` (jwt-bearer) and `assertion`.
// The clock is injected; the private key never leaves this module's callers' memory.

import { importPKCS8, SignJWT } from 'jose';
import { z } from 'zod';
import type { HttpRequest } from '../common/transport.js';

export const GOOGLE_TOKEN_URL = 'https://oauth2.googleapis.com/token';
export const CLOUD_PLATFORM_SCOPE = 'https://www.googleapis.com/auth/cloud-platform';
export const JWT_BEARER_GRANT = 'urn:ietf:params:oauth:grant-type:jwt-bearer';
export const ASSERTION_LIFETIME_SECONDS = 3600;

/** The fields of a service-account JSON key this module reads (the Secret key `serviceAccountKey`). */
export const serviceAccountKeySchema = z.looseObject({
  type: z.literal('service_account'),
  client_email: z.string().min(3),
  private_key: z.string().includes('PRIVATE KEY'),
  private_key_id: z.string().optional(),
  project_id: z.string().optional(),
});
export type ServiceAccountKey = z.infer<typeof serviceAccountKeySchema>;

export async function buildJwtAssertion(
  key: ServiceAccountKey,
  now: Date,
  scope = CLOUD_PLATFORM_SCOPE,
): Promise<string> {
  const iat = Math.floor(now.getTime() / 1000);
  const privateKey = await importPKCS8(key.private_key, 'RS256');
  return new SignJWT({
    iss: key.client_email,
    scope,
    aud: GOOGLE_TOKEN_URL,
    exp: iat + ASSERTION_LIFETIME_SECONDS,
    iat,
  })
    .setProtectedHeader({ alg: 'RS256' })
    .sign(privateKey);
}

/**
 * The token request for a key at `now` (form-encoded, as RFC 7523 and Google's guide say), sent
 * to `url` (the simulator's in tests; the assertion's `aud` stays Google's token URL, as Google
 * requires).
 */
export async function googleTokenRequest(
  key: ServiceAccountKey,
  now: Date,
  url = GOOGLE_TOKEN_URL,
): Promise<HttpRequest> {
  const assertion = await buildJwtAssertion(key, now);
  return {
    method: 'POST',
    url,
    headers: { 'content-type': 'application/x-www-form-urlencoded' },
    body: new URLSearchParams({ grant_type: JWT_BEARER_GRANT, assertion }).toString(),
  };
}
