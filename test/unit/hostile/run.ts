// Plays one catalogue row against one target: the target's real provider client, signing with
// real (test) credentials, over the real axios transport, against the hostile server. Returns
// what observe() resolved to, how long it took, and the signatures the client sent (so tests can
// prove they never come back out).

import { createAxiosTransport } from '../../../src/providers/common/axios-transport.js';
import type { ObserveResult } from '../../../src/providers/common/provider.js';
import type { HostileServer } from '../../helpers/hostile-server.js';
import { DEFAULT_TIMEOUT_MS, type Assets, type HostileCase } from './catalogue.js';
import { HOSTILE_CREDENTIALS, pathOf, type HostileTarget } from './targets.js';

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

/** Makes `stage.server` answer every request as `row` says for `target`. */
export function serveRow(stage: Stage, target: HostileTarget, row: HostileCase): void {
  const { server, elsewhere, assets } = stage;
  server.play((request) => {
    const path = pathOf(request.url);
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
  const client = target.family.connect({
    spec: target.spec,
    credentials: HOSTILE_CREDENTIALS,
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

export function sentSecrets(server: HostileServer): string[] {
  const out: string[] = [];
  for (const request of server.requests) {
    const authorization = request.headers.authorization;
    if (typeof authorization !== 'string') continue;
    out.push(authorization);
    const signature = /Signature=([0-9a-fA-F]+)/.exec(authorization)?.[1];
    if (signature) out.push(signature);
  }
  return out;
}
