// One request's way through the simulator: admin paths → the cloud whose route() matches →
// count it → injected faults for its cluster → authenticate → respond (→ damage, if a fault says so).

import { createAdminHandler, isAdminPath, json } from './admin-http.js';
import type { SimAdmin } from './admin.js';
import { NO_CLUSTER, type CounterKey, type Outcome, type RequestCounters } from './counters.js';
import { badGatewayReply, damageReply } from './fault-replies.js';
import { isBodyFault, isCloudFault, type FaultBook, type FaultView } from './faults.js';
import type { SimLogger } from './logger.js';
import type { SimCloud, SimContext, SimReply, SimRequest, SimRoute } from './types.js';
import type { SimWorld } from './world.js';

export type Delay = (ms: number) => Promise<void>;

/** A real-timer delay whose pending waits `cancel()` drops (so stopping never waits for them). */
export function cancellableDelay(): { delay: Delay; cancel(): void } {
  const timers = new Set<NodeJS.Timeout>();
  return {
    delay: (ms) =>
      new Promise((resolve) => {
        const timer = setTimeout(() => {
          timers.delete(timer);
          resolve();
        }, ms);
        timers.add(timer);
      }),
    cancel: () => {
      for (const timer of timers) clearTimeout(timer);
      timers.clear();
    },
  };
}

interface PipelineDeps {
  clouds: readonly SimCloud[];
  world: SimWorld;
  faults: FaultBook;
  counters: RequestCounters;
  admin: SimAdmin;
  delay: Delay;
  logger: SimLogger;
}

export type Pipeline = (request: SimRequest) => Promise<SimReply>;

interface Answer {
  reply: SimReply;
  outcome: Outcome;
}

function internalError(cloud: string, error: unknown, logger: SimLogger): Answer {
  logger.error(
    { cloud, err: error instanceof Error ? error.message : String(error) },
    'simulator cloud module threw',
  );
  return {
    reply: json(500, { error: `simulator internal error in the ${cloud} module` }),
    outcome: 'internal-error',
  };
}

async function answer(
  cloud: SimCloud,
  request: SimRequest,
  route: SimRoute,
  context: SimContext,
  fault?: FaultView,
): Promise<Answer> {
  if (fault && isCloudFault(fault.kind)) {
    return {
      reply: cloud.faultReply(fault.kind, route, context, fault.retryAfterSeconds),
      outcome: fault.kind,
    };
  }
  if (fault?.kind === 'html') return { reply: badGatewayReply(), outcome: 'html' };
  const exchange = cloud.exchange?.(request, route, context);
  const rejected = exchange ? undefined : cloud.authenticate(request, route, context);
  const reply = exchange ? await exchange : (rejected ?? cloud.respond(request, route, context));
  const outcome: Outcome = rejected ? 'rejected' : reply.status < 300 ? 'ok' : 'error';
  // A damaged refusal is still a refusal: the cloud refused the credential — an API request's
  // rejection, or a token endpoint's or keyless exchange's error answer (a 401/403 is AuthFailed
  // whatever its body) — so tests counting the tries of a wrong key must see it. Only a damaged
  // success counts as the fault; the fault book counts the damage either way.
  if (fault && isBodyFault(fault.kind))
    return { reply: damageReply(reply, fault.kind), outcome: outcome === 'ok' ? fault.kind : outcome };
  return { reply, outcome };
}

export function createPipeline(deps: PipelineDeps): Pipeline {
  const { clouds, world, faults, counters, delay, logger } = deps;
  const admin = createAdminHandler(deps.admin);

  const findRoute = (request: SimRequest): { cloud: SimCloud; route: SimRoute } | Answer | undefined => {
    for (const cloud of clouds) {
      try {
        const route = cloud.route(request);
        if (route) return { cloud, route };
      } catch (error) {
        return internalError(cloud.name, error, logger);
      }
    }
    return undefined;
  };

  return async (request) => {
    if (isAdminPath(request.path)) return admin(request);
    const found = findRoute(request);
    if (!found) {
      counters.unrouted();
      return json(404, { error: `no simulated cloud endpoint for ${request.method} ${request.path}` });
    }
    if ('reply' in found) return found.reply;
    const { cloud, route } = found;
    const clusterID =
      route.clusterID ??
      (route.taskID
        ? world.clusterByTask(route.provider, route.operation, route.taskID)?.clusterID
        : undefined);
    const key: CounterKey = {
      provider: route.provider,
      clusterID: clusterID ?? NO_CLUSTER,
      operation: route.operation,
    };
    counters.arrived(key);
    const decision = faults.decide({
      provider: route.provider,
      ...(clusterID ? { clusterID } : {}),
      operation: route.operation,
    });
    if (decision.latencyMs > 0) await delay(decision.latencyMs);
    let result: Answer;
    try {
      result = await answer(cloud, request, route, world.context(cloud.name), decision.reply);
    } catch (error) {
      result = internalError(cloud.name, error, logger);
    }
    counters.finished(key, result.outcome);
    logger.debug(
      {
        method: request.method,
        path: request.path,
        ...key,
        status: result.reply.status,
        outcome: result.outcome,
      },
      'simulated request',
    );
    return result.reply;
  };
}
