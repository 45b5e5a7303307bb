// The bearer tokens the simulated Google and Azure token endpoints issue and their APIs accept
// (docs/simulator.md#google-gke, docs/simulator.md#azure-aks). Each token lives for the module's
// configured lifetime on the simulator's clock; an unknown or expired token is refused with the
// cloud's own 401 (the module renders it). One book per module instance.

import { randomBytes } from 'node:crypto';
import type { SimCloud, SimRequest } from '../types.js';

export interface IssuedToken {
  /** Who the token speaks for: the service account's email, the app's client id. */
  subject: string;
  expiresAt: Date;
}

export type TokenCheck =
  | { ok: true; token: IssuedToken }
  | { ok: false; reason: 'missing' | 'unknown' }
  | { ok: false; reason: 'expired'; expiredAt: Date };

export interface TokenBook {
  issue(subject: string, now: Date): { accessToken: string; expiresIn: number };
  check(request: SimRequest, now: Date): TokenCheck;
  /** Tokens issued so far (tests: a refresh really asked the token endpoint). */
  issued(): number;
}

/** Expired entries kept before a sweep (a long chaos run issues many tokens). */
const SWEEP_ABOVE = 10_000;

export function createTokenBook(options: { prefix: string; lifetimeSeconds: number }): TokenBook {
  const tokens = new Map<string, IssuedToken>();
  let count = 0;
  return {
    issue(subject, now) {
      if (tokens.size > SWEEP_ABOVE) {
        for (const [value, token] of tokens) if (token.expiresAt <= now) tokens.delete(value);
      }
      const accessToken = `${options.prefix}${randomBytes(24).toString('base64url')}`;
      tokens.set(accessToken, {
        subject,
        expiresAt: new Date(now.getTime() + options.lifetimeSeconds * 1000),
      });
      count += 1;
      return { accessToken, expiresIn: options.lifetimeSeconds };
    },
    check(request, now) {
      const match = /^Bearer\s+(\S+)$/i.exec(request.headers['authorization'] ?? '');
      if (!match) return { ok: false, reason: 'missing' };
      const token = tokens.get(match[1]!);
      if (!token) return { ok: false, reason: 'unknown' };
      if (token.expiresAt <= now) return { ok: false, reason: 'expired', expiredAt: token.expiresAt };
      return { ok: true, token };
    },
    issued: () => count,
  };
}

/** An `application/x-www-form-urlencoded` body as a record (last value wins). */
export function formFields(body: string): Record<string, string> {
  return Object.fromEntries(new URLSearchParams(body));
}

/** A Google or Azure module: a SimCloud with the book of the tokens it issued. */
export type BearerSimCloud = SimCloud & { readonly tokens: TokenBook };

export interface BearerCloudOptions {
  /** Lifetime of issued access tokens (tests shorten it to force a refresh mid-upgrade). */
  tokenLifetimeSeconds?: number;
}
