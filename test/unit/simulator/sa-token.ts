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

export interface TokenSigner {
  clock: Clock;
  trusted: SigningKey;
  foreign: SigningKey;
  defaults: { iss: string; sub: string; aud: string };
}

export function signServiceAccountToken(signer: TokenSigner, claims: Claims = {}): Promise<string> {
  const now = Math.floor(signer.clock.now().getTime() / 1000);
  const jwt = new SignJWT({})
    .setProtectedHeader({ alg: 'RS256', kid: 'k1' })
    .setIssuer(claims.iss ?? signer.defaults.iss)
    .setSubject(claims.sub ?? signer.defaults.sub)
    .setAudience(claims.aud ?? signer.defaults.aud)
    .setIssuedAt(now)
    .setExpirationTime(now + (claims.expiresInS ?? 3600));
  if (claims.notBeforeInS !== undefined) jwt.setNotBefore(now + claims.notBeforeInS);
  return jwt.sign(claims.key === 'foreign' ? signer.foreign : signer.trusted);
}

/** A fresh trusted key pair (its public half as the JWKS entry `k1`) and a foreign private key. */
export async function generateSigningKeys(): Promise<{ trusted: SigningKey; foreign: SigningKey; jwk: JWK }> {
  const trusted = await generateKeyPair('RS256', { extractable: true });
  const foreign = await generateKeyPair('RS256');
  const jwk: JWK = { ...(await exportJWK(trusted.publicKey)), kid: 'k1', alg: 'RS256', use: 'sig' };
  return { trusted: trusted.privateKey, foreign: foreign.privateKey, jwk };
}
