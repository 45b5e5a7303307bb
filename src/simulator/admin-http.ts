// The admin API over HTTP, under /_sim/: a thin JSON mapping onto SimAdmin. Every input is
// validated; bad JSON or a bad field is a 400 with a message, never a crash.

import { z } from 'zod';
import { PROVIDERS, type ProviderName } from '../api/types.js';
import { SimAdminError, type SimAdmin } from './admin.js';
import { parseWith, ScenarioError } from './scenario.js';
import type { SimReply, SimRequest } from './types.js';

export const ADMIN_PREFIX = '/_sim';

const JSON_TYPE = 'application/json; charset=utf-8';

export function isAdminPath(path: string): boolean {
  return path === ADMIN_PREFIX || path.startsWith(`${ADMIN_PREFIX}/`);
}

const providerSchema = z.enum(PROVIDERS);
const faultFilterSchema = z.strictObject({
  id: z.string().min(1).optional(),
  clusterID: z.string().min(1).optional(),
  provider: providerSchema.optional(),
});
const counterFilterSchema = z.strictObject({
  provider: providerSchema.optional(),
  clusterID: z.string().min(1).optional(),
  operation: z.string().min(1).optional(),
});

export function json(status: number, value: unknown): SimReply {
  return { status, headers: { 'content-type': JSON_TYPE }, body: `${JSON.stringify(value, null, 2)}\n` };
}

function failure(status: number, message: string): SimReply {
  return json(status, { error: message });
}

function bodyOf(request: SimRequest): unknown {
  if (request.body.trim() === '') throw new SimAdminError('request body must be JSON, got nothing', 400);
  try {
    return JSON.parse(request.body);
  } catch (error) {
    throw new SimAdminError(
      `request body is not JSON: ${error instanceof Error ? error.message : String(error)}`,
      400,
    );
  }
}

function queryOf<S extends z.ZodType>(schema: S, request: SimRequest): z.output<S> {
  return parseWith(schema, request.query, 'query');
}

type Handler = (request: SimRequest, params: string[]) => SimReply;
type Route = { pattern: RegExp; methods: Record<string, Handler> };

function routes(admin: SimAdmin): Route[] {
  const provider = (value: string | undefined): ProviderName =>
    parseWith(providerSchema, value, 'provider in path');
  return [
    { pattern: /^\/healthz$/, methods: { GET: () => json(200, admin.health()) } },
    { pattern: /^\/clusters$/, methods: { GET: () => json(200, admin.listClusters()) } },
    {
      pattern: /^\/clusters\/([^/]+)\/([^/]+)$/,
      methods: {
        GET: (_request, [p, id = '']) => {
          const view = admin.getCluster(provider(p), id);
          return view ? json(200, view) : failure(404, `no simulated cluster ${p}/${id}`);
        },
        PUT: (request, [p, id = '']) =>
          json(200, admin.putCluster(provider(p), id, bodyOf(request) as never)),
        DELETE: (_request, [p, id = '']) =>
          admin.deleteCluster(provider(p), id)
            ? json(200, { deleted: true })
            : failure(404, `no simulated cluster ${p}/${id}`),
      },
    },
    {
      pattern: /^\/clusters\/([^/]+)\/([^/]+)\/restart$/,
      methods: { POST: (_request, [p, id = '']) => json(200, admin.restartTimeline(provider(p), id)) },
    },
    {
      pattern: /^\/faults$/,
      methods: {
        GET: () => json(200, admin.listFaults()),
        POST: (request) => json(201, admin.addFault(bodyOf(request) as never)),
        DELETE: (request) => json(200, { cleared: admin.clearFaults(queryOf(faultFilterSchema, request)) }),
      },
    },
    {
      pattern: /^\/counters$/,
      methods: {
        GET: (request) => json(200, admin.counters(queryOf(counterFilterSchema, request))),
        DELETE: (request) => {
          admin.resetCounters(queryOf(counterFilterSchema, request));
          return json(200, { reset: true });
        },
      },
    },
    {
      pattern: /^\/credentials$/,
      methods: {
        GET: () => json(200, admin.getCredentials()),
        PUT: (request) => json(200, admin.setCredentials(bodyOf(request) as never)),
      },
    },
    {
      pattern: /^\/reset$/,
      methods: {
        POST: () => {
          admin.reset();
          return json(200, { reset: true });
        },
      },
    },
  ];
}

/** Answer one /_sim/ request: bad input is a 4xx reply; only a bug throws (the server makes it a 500). */
export function createAdminHandler(admin: SimAdmin): (request: SimRequest) => SimReply {
  const table = routes(admin);
  return (request) => {
    const subPath = request.path.slice(ADMIN_PREFIX.length) || '/';
    for (const route of table) {
      const match = route.pattern.exec(subPath);
      if (!match) continue;
      const handler = route.methods[request.method];
      if (!handler) {
        const allowed = Object.keys(route.methods).join(', ');
        return {
          ...failure(405, `${request.method} not allowed here; use ${allowed}`),
          headers: { 'content-type': JSON_TYPE, allow: allowed },
        };
      }
      try {
        return handler(request, match.slice(1));
      } catch (error) {
        if (error instanceof SimAdminError) return failure(error.status, error.message);
        if (error instanceof ScenarioError) return failure(400, error.message);
        throw error;
      }
    }
    return failure(
      404,
      `no admin endpoint ${request.method} ${request.path}; see GET ${ADMIN_PREFIX}/healthz and docs/simulator.md`,
    );
  };
}
