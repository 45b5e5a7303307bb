// What the Google and Azure clients and families share around one poll: the injected clock,
// token cache and per-watch memory with their process-wide defaults, and the bearer call context.

import { systemClock } from '../../runtime/clock.js';
import type { ConnectParams } from '../common/provider.js';
import type { BearerContext } from './bearer-get.js';
import type { PollMemory } from './poll-memory.js';
import { tokenCacheFor, type TokenCache } from './token-cache.js';

/** The last progress a watch reported, for ./poll-memory.ts keepProgressForward. */
export interface LastProgress {
  upgradeID?: string;
  progress?: number;
}

/** Tests inject both; production uses the per-clock cache and the family's shared memory. */
export interface BearerClientOptions<M> {
  cache?: TokenCache;
  memory?: PollMemory<M>;
}

export interface PollSetup<M> {
  context: BearerContext;
  cache: TokenCache;
  memory: PollMemory<M>;
}

export function pollSetup<M>(
  params: ConnectParams,
  options: BearerClientOptions<M>,
  sharedMemory: PollMemory<M>,
  signal: AbortSignal | undefined,
): PollSetup<M> {
  const clock = params.clock ?? systemClock;
  return {
    context: {
      transport: params.transport,
      clock,
      ...(params.onRequest ? { onRequest: params.onRequest } : {}),
      ...(signal ? { signal } : {}),
    },
    cache: options.cache ?? tokenCacheFor(clock),
    memory: options.memory ?? sharedMemory,
  };
}
