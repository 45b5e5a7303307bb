// What the simulated STS and IAM trust (docs/simulator.md, "Keyless exchanges"): OIDC tokens are
// checked with `jose` — RS256 signature against the provider's JWKS (the local kube-apiserver's
// /openid/v1/jwks, a file, or inline keys), then `iss`, `aud`, `exp` and `nbf` against the
// simulator clock — and federated tokens Huawei's IAM hands out between its two calls are
// remembered here until they expire. Cloud modules decide what a refusal looks like.

import { randomBytes } from 'node:crypto';
import { readFile } from 'node:fs/promises';
import { request as httpRequest } from 'node:http';
import { request as httpsRequest } from 'node:https';
import { createLocalJWKSet, errors, jwtVerify, type JSONWebKeySet, type JWTVerifyGetKey } from 'jose';
import type { Clock } from '../runtime/clock.js';
import type {
  FederatedCredentialConfig,
  IdpMappingConfig,
  OidcProviderConfig,
  PoolProviderConfig,
  RoleConfig,
  TrustConfig,
} from './trust-scenario.js';

type TokenRefusal =
  'unknown-provider' | 'keys-unavailable' | 'invalid' | 'expired' | 'not-yet-valid' | 'audience' | 'issuer';

export type TokenCheck =
  | { ok: true; subject: string; issuer: string; audiences: string[] }
  | { ok: false; reason: TokenRefusal; detail: string };

interface FederatedToken {
  idpId: string;
  subject: string;
  projectIds?: string[];
  expiresAt: Date;
}

const JWKS_TIMEOUT_MS = 10_000;
const MAX_JWKS_BYTES = 1024 * 1024;
const FEDERATED_TOKEN_BYTES = 48;

function getText(url: string, ca: string | undefined, token: string | undefined): Promise<string> {
  const send = url.startsWith('https:') ? httpsRequest : httpRequest;
  return new Promise((resolve, reject) => {
    const outgoing = send(
      url,
      {
        method: 'GET',
        headers: {
          accept: 'application/jwk-set+json, application/json',
          ...(token ? { authorization: `Bearer ${token}` } : {}),
        },
        timeout: JWKS_TIMEOUT_MS,
        ...(ca ? { ca } : {}),
      },
      (response) => {
        const chunks: Buffer[] = [];
        let size = 0;
        response.on('data', (chunk: Buffer) => {
          size += chunk.length;
          if (size > MAX_JWKS_BYTES) response.destroy(new Error('JWKS larger than 1 MiB'));
          else chunks.push(chunk);
        });
        response.on('error', reject);
        response.on('end', () => {
          const status = response.statusCode ?? 0;
          if (status !== 200) reject(new Error(`GET ${url}: HTTP ${status}`));
          else resolve(Buffer.concat(chunks).toString('utf8'));
        });
      },
    );
    outgoing.on('timeout', () => outgoing.destroy(new Error(`GET ${url}: timed out`)));
    outgoing.on('error', reject);
    outgoing.end();
  });
}

async function loadJwks(provider: OidcProviderConfig): Promise<JSONWebKeySet> {
  if (provider.jwks) return provider.jwks as unknown as JSONWebKeySet;
  if (provider.jwksFile) return JSON.parse(await readFile(provider.jwksFile, 'utf8')) as JSONWebKeySet;
  const ca = provider.caFile ? await readFile(provider.caFile, 'utf8') : undefined;
  const token = provider.bearerTokenFile
    ? (await readFile(provider.bearerTokenFile, 'utf8')).trim()
    : undefined;
  return JSON.parse(await getText(provider.jwksUrl ?? '', ca, token)) as JSONWebKeySet;
}

function refusalOf(error: unknown): { reason: TokenRefusal; detail: string } {
  if (error instanceof errors.JWTExpired) return { reason: 'expired', detail: error.message };
  if (error instanceof errors.JWTClaimValidationFailed) {
    if (error.claim === 'aud') return { reason: 'audience', detail: error.message };
    if (error.claim === 'iss') return { reason: 'issuer', detail: error.message };
    if (error.claim === 'nbf') return { reason: 'not-yet-valid', detail: error.message };
  }
  return { reason: 'invalid', detail: error instanceof Error ? error.message : String(error) };
}

/**
 * Whether `subject` is one the list allows: exact, or a pattern where `*` stands for any run of
 * characters (RAM's `StringLike` on `oidc:sub`; a Huawei mapping rule's regex, in its simplest form).
 */
export function subjectAllowed(allowed: readonly string[], subject: string): boolean {
  return allowed.some((pattern) => {
    if (!pattern.includes('*')) return pattern === subject;
    const escaped = pattern.split('*').map((part) => part.replace(/[.*+?^${}()|[\]\\]/g, '\\$&'));
    return new RegExp(`^${escaped.join('.*')}$`).test(subject);
  });
}

export class SimTrust {
  private readonly keySets = new Map<string, Promise<JWTVerifyGetKey>>();
  private readonly federated = new Map<string, FederatedToken>();

  constructor(
    readonly config: TrustConfig,
    private readonly clock: Clock,
    /** Told each token received and each federated token issued (a test's secret scan). */
    private readonly onSecret: (value: string) => void = () => undefined,
  ) {}

  provider(id: string): OidcProviderConfig | undefined {
    return this.config.oidcProviders.find((provider) => provider.id === id);
  }

  role(arn: string): RoleConfig | undefined {
    return this.config.roles.find((role) => role.arn === arn);
  }

  idpMapping(idpId: string): IdpMappingConfig | undefined {
    return this.config.idpMappings.find((mapping) => mapping.idpId === idpId);
  }

  /** The Entra app's federated identity credentials (none: the app federates nothing). */
  federatedCredentials(clientId: string): FederatedCredentialConfig[] {
    return this.config.federatedCredentials.filter((credential) => credential.clientId === clientId);
  }

  poolProvider(name: string): PoolProviderConfig | undefined {
    return this.config.poolProviders.find((provider) => provider.name === name);
  }

  /** How long keys issued now live: the scenario's lifetime, else what the client asked for. */
  lifetimeMs(requestedSeconds: number): number {
    return this.config.credentialLifetimeMs ?? requestedSeconds * 1000;
  }

  /** Verify `token` as issued by the provider `providerId` (RS256 only, no clock tolerance). */
  verify(token: string, providerId: string): Promise<TokenCheck> {
    if (token !== '') this.onSecret(token);
    return this.check(token, providerId, false);
  }

  private async check(token: string, providerId: string, refetched: boolean): Promise<TokenCheck> {
    const provider = this.provider(providerId);
    if (!provider) return { ok: false, reason: 'unknown-provider', detail: `no OIDC provider ${providerId}` };
    let keys: JWTVerifyGetKey;
    try {
      keys = await this.keySet(provider);
    } catch (error) {
      const detail = error instanceof Error ? error.message : String(error);
      return { ok: false, reason: 'keys-unavailable', detail: `JWKS of ${provider.id}: ${detail}` };
    }
    try {
      const { payload } = await jwtVerify(token, keys, {
        issuer: provider.issuer,
        audience: provider.audiences,
        algorithms: ['RS256'],
        currentDate: this.clock.now(),
        requiredClaims: ['sub', 'exp'],
      });
      const aud = payload.aud;
      return {
        ok: true,
        subject: payload.sub ?? '',
        issuer: payload.iss ?? '',
        audiences: Array.isArray(aud) ? aud : aud ? [aud] : [],
      };
    } catch (error) {
      // A key the cached set does not know may be a rotation: fetch the JWKS once more.
      if (error instanceof errors.JWKSNoMatchingKey && provider.jwksUrl && !refetched) {
        this.keySets.delete(provider.id);
        return this.check(token, providerId, true);
      }
      return { ok: false, ...refusalOf(error) };
    }
  }

  /** An opaque federated (unscoped) token, remembered until it expires. */
  issueFederatedToken(grant: FederatedToken): string {
    const now = this.clock.now().getTime();
    for (const [id, held] of this.federated) if (held.expiresAt.getTime() <= now) this.federated.delete(id);
    const id = `MII${randomBytes(FEDERATED_TOKEN_BYTES).toString('base64url')}`;
    this.federated.set(id, grant);
    this.onSecret(id);
    return id;
  }

  /** An access token issued for a verified token (Entra, Google STS): told to the secret scan. */
  issued(accessToken: string): void {
    this.onSecret(accessToken);
  }

  federatedToken(id: string): FederatedToken | undefined {
    return this.federated.get(id);
  }

  private keySet(provider: OidcProviderConfig): Promise<JWTVerifyGetKey> {
    let keys = this.keySets.get(provider.id);
    if (!keys) {
      keys = loadJwks(provider).then((jwks) => createLocalJWKSet(jwks));
      // A failed load (kube-apiserver not ready, file missing) is retried by the next request.
      keys.catch(() => this.keySets.delete(provider.id));
      this.keySets.set(provider.id, keys);
    }
    return keys;
  }
}
