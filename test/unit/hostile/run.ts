// Plays one catalogue row against one target: the target's real provider client, signing with
// real (test) credentials of the family's own scheme, over the real axios transport, against the
// hostile server. Returns what observe() resolved to, how long it took, and the signatures,
// tokens and token-request secrets the client sent (so tests can prove they never come back out).

import { createAxiosTransport } from '../../../src/providers/common/axios-transport.js';
import type { ObserveResult } from '../../../src/providers/common/provider.js';
import type { HostileServer, ReceivedRequest, ScriptedReply } from '../../helpers/hostile-server.js';
import { DEFAULT_TIMEOUT_MS, type Assets, type HostileCase } from './catalogue.js';
import { pathOf, secretOf, type HostileTarget } from './targets.js';

export interface Played {
  result: ObserveResult;
  elapsedMs: number;
  /** Authorization headers and their signatures, as the server received them. */
  sentSecrets: string[];
}

export interface Stage {
  server: HostileServer;
  elsewhere: HostileServer;
  assets: Assets;
}

/** A poll that is still running after this long has hung (the transport deadline failed). */
export function hangLimitMs(timeoutMs: number): number {
  return timeoutMs * 3 + 5_000;
}

const jsonReply = (doc: unknown): ScriptedReply => ({
  headers: { 'content-type': 'application/json' },
  body: JSON.stringify(doc),
});

/** The target's good reply to `request` (its API's, or its token endpoint's). */
export function goodReply(target: HostileTarget, request: ReceivedRequest): ScriptedReply {
  const path = pathOf(request.url);
  return jsonReply(target.wellAnswered?.(path, request.url) ?? target.good(path, request.url));
}

/** Makes `stage.server` answer every request as `row` says for `target` (the requests the row
 *  does not play, such as a bearer family's token endpoint, are answered well). */
export function serveRow(stage: Stage, target: HostileTarget, row: HostileCase): void {
  const { server, elsewhere, assets } = stage;
  server.play((request) => {
    const path = pathOf(request.url);
    const bystander = target.wellAnswered?.(path, request.url);
    if (bystander !== undefined) return jsonReply(bystander);
    return row.reply({
      target,
      request,
      path,
      good: () => target.good(path, request.url),
      elsewhere,
      assets,
    });
  });
}

export async function play(stage: Stage, target: HostileTarget, row: HostileCase): Promise<Played> {
  const { server, elsewhere } = stage;
  server.reset();
  elsewhere.reset();
  serveRow(stage, target, row);
  const timeoutMs = row.timeoutMs ?? DEFAULT_TIMEOUT_MS;
  const family = target.family;
  const client = family.connect({
    spec: target.spec,
    credentials: family.credentials.fromSecret(secretOf(target)),
    baseUrl: server.origin,
    transport: createAxiosTransport({ timeoutMs }),
  });
  const started = performance.now();
  let watchdog: NodeJS.Timeout | undefined;
  const hung = new Promise<never>((_, reject) => {
    watchdog = setTimeout(
      () => reject(new Error(`observe() hung for ${hangLimitMs(timeoutMs)} ms`)),
      hangLimitMs(timeoutMs),
    );
  });
  try {
    const result = await Promise.race([client.observe(), hung]);
    return { result, elapsedMs: performance.now() - started, sentSecrets: sentSecrets(server) };
  } finally {
    clearTimeout(watchdog);
  }
}

/** Form fields of a token request that hold a credential or what buys a token. */
const SECRET_FORM_FIELDS = ['client_secret', 'assertion'];

export function sentSecrets(server: HostileServer): string[] {
  const out: string[] = [];
  for (const request of server.requests) {
    const authorization = request.headers.authorization;
    if (typeof authorization === 'string') {
      out.push(authorization);
      const signature = /Signature=([0-9a-fA-F]+)/.exec(authorization)?.[1];
      if (signature) out.push(signature);
      const bearer = /^Bearer (\S+)/.exec(authorization)?.[1];
      if (bearer) out.push(bearer);
    }
    const form = new URLSearchParams(request.body);
    for (const field of SECRET_FORM_FIELDS) {
      const value = form.get(field);
      if (value) out.push(value);
    }
  }
  return out;
}
