// Our JWT assertion and token request against google-auth-library (the official client) as the
// oracle: the JWT client runs with a capturing transporter and a fixed clock, and both
// requests are compared field by field; the signature is verified with the key's public half.
import { generateKeyPairSync } from 'node:crypto';
import { decodeJwt, decodeProtectedHeader, importSPKI, jwtVerify } from 'jose';
import {
  CLOUD_PLATFORM_SCOPE,
  GOOGLE_TOKEN_URL,
  googleTokenRequest,
  serviceAccountKeySchema,
  type ServiceAccountKey,
} from '../../../../src/providers/google-gke/auth.js';
import { googleAuthLibraryTokenRequest } from './oracle.js';

const { privateKey, publicKey } = generateKeyPairSync('rsa', { modulusLength: 2048 });
const key: ServiceAccountKey = serviceAccountKeySchema.parse({
  type: 'service_account',
  project_id: 'my-project',
  private_key_id: 'abc123',
  private_key: privateKey.export({ type: 'pkcs8', format: 'pem' }).toString(),
  client_email: 'upgradewatch@my-project.iam.gserviceaccount.com',
});
const publicPem = publicKey.export({ type: 'spki', format: 'pem' }).toString();
const now = new Date('2024-12-06T10:15:00Z');

const oracleRequest = (at: Date) => googleAuthLibraryTokenRequest(key.client_email, key.private_key, at);

describe('GKE service-account assertion against google-auth-library', () => {
  it('the same token request: URL, method, form fields — and the identical signed assertion', async () => {
    const ours = await googleTokenRequest(key, now);
    const theirs = await oracleRequest(now);
    expect(ours.url).toBe(theirs.url);
    expect(ours.method).toBe(theirs.method);
    const ourForm = new URLSearchParams(ours.body);
    expect([...ourForm.keys()].sort()).toEqual([...(theirs.data?.keys() ?? [])].sort());
    expect(ourForm.get('grant_type')).toBe(theirs.data?.get('grant_type'));
    // RS256 (PKCS#1 v1.5) is deterministic: same header, claims and key ⇒ same bytes.
    expect(ourForm.get('assertion')).toBe(theirs.data?.get('assertion'));
  });

  it('claims: iss, scope, aud = token endpoint, iat = now, exp = iat + 3600; header RS256', async () => {
    const assertion = new URLSearchParams((await googleTokenRequest(key, now)).body).get('assertion') ?? '';
    const iat = now.getTime() / 1000;
    expect(decodeJwt(assertion)).toEqual({
      iss: key.client_email,
      scope: CLOUD_PLATFORM_SCOPE,
      aud: GOOGLE_TOKEN_URL,
      iat,
      exp: iat + 3600,
    });
    expect(decodeProtectedHeader(assertion)).toEqual({ alg: 'RS256' });
  });

  it('the signature verifies with the public key of the service-account key, and not with another', async () => {
    const assertion = new URLSearchParams((await googleTokenRequest(key, now)).body).get('assertion') ?? '';
    const verified = await jwtVerify(assertion, await importSPKI(publicPem, 'RS256'), {
      currentDate: now,
      audience: GOOGLE_TOKEN_URL,
      issuer: key.client_email,
    });
    expect(verified.payload.iss).toBe(key.client_email);
    const other = generateKeyPairSync('rsa', { modulusLength: 2048 })
      .publicKey.export({ type: 'spki', format: 'pem' })
      .toString();
    await expect(
      jwtVerify(assertion, await importSPKI(other, 'RS256'), { currentDate: now }),
    ).rejects.toThrow();
  });

  it.each([
    [
      'not a service-account key (an authorized_user file)',
      { type: 'authorized_user', client_email: 'a@b', private_key: '-----BEGIN PRIVATE KEY-----' },
    ],
    ['missing its private key', { type: 'service_account', client_email: 'a@b.c' }],
    ['missing its client_email', { type: 'service_account', private_key: '-----BEGIN PRIVATE KEY-----' }],
  ])('rejects a key file %s', (_why, value) => {
    expect(serviceAccountKeySchema.safeParse(value).success).toBe(false);
  });
});
