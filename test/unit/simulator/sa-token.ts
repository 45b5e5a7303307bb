// ServiceAccount-shaped tokens for the keyless exchange tests: RS256, kid `k1`, signed by the
// trusted key (whose public half the scenario's JWKS holds) unless a row asks for the foreign one,
// stamped by the injected clock.
import { exportJWK, generateKeyPair, SignJWT, type JWK } from 'jose';
import type { Clock } from '../../../src/runtime/clock.js';

export interface Claims {
  sub?: string;
  aud?: string;
  iss?: string;
  expiresInS?: number;
  notBeforeInS?: number;
  key?: 'trusted' | 'foreign';
}

type SigningKey = Parameters<SignJWT['sign']>[0];

export interface ServiceAccountSigner {
  /** The trusted key's public half, JWKS entry `k1`, for the scenario. */
  jwk: JWK;
  /** A token with `claims` over the defaults, stamped by the clock. */
  sign(claims?: Claims): Promise<string>;
}

/** A fresh trusted key pair and a foreign key, signing tokens with `defaults` unless told otherwise. */
export async function serviceAccountSigner(
  clock: Clock,
  defaults: { iss: string; sub: string; aud: string },
): Promise<ServiceAccountSigner> {
  const trusted = await generateKeyPair('RS256', { extractable: true });
  const foreign: SigningKey = (await generateKeyPair('RS256')).privateKey;
  const jwk: JWK = { ...(await exportJWK(trusted.publicKey)), kid: 'k1', alg: 'RS256', use: 'sig' };
  const sign = (claims: Claims = {}): Promise<string> => {
    const now = Math.floor(clock.now().getTime() / 1000);
    const jwt = new SignJWT({})
      .setProtectedHeader({ alg: 'RS256', kid: 'k1' })
      .setIssuer(claims.iss ?? defaults.iss)
      .setSubject(claims.sub ?? defaults.sub)
      .setAudience(claims.aud ?? defaults.aud)
      .setIssuedAt(now)
      .setExpirationTime(now + (claims.expiresInS ?? 3600));
    if (claims.notBeforeInS !== undefined) jwt.setNotBefore(now + claims.notBeforeInS);
    return jwt.sign(claims.key === 'foreign' ? foreign : trusted.privateKey);
  };
  return { jwk, sign };
}
