// Shared by the simulator core tests: a tiny fake SimCloud (the real per-cloud modules are
// tested on their own), a hand-driven clock, an instant delay, and a raw HTTP helper.

import { request } from 'node:http';
import type { Clock } from '../../../src/runtime/clock.js';
import type { SimCloud, SimReply } from '../../../src/simulator/types.js';

export const T0 = new Date('2024-05-01T00:00:00Z');

export class ManualClock implements Clock {
  private ms: number;
  constructor(start: Date = T0) {
    this.ms = start.getTime();
  }
  now(): Date {
    return new Date(this.ms);
  }
  advance(ms: number): void {
    this.ms += ms;
  }
}

/** Records every requested delay and resolves at once. */
export function recordingDelay(): { delays: number[]; delay: (ms: number) => Promise<void> } {
  const delays: number[] = [];
  return { delays, delay: async (ms) => void delays.push(ms) };
}

export const KEY = { accessKeyId: 'AKFAKE', accessKeySecret: 'fake-secret' };

/**
 * Fake cloud: `GET /fake/{cluster}/status` answers state.GetUpgradeStatus,
 * `GET /fake/tasks/{task}` answers state.DescribeTaskInfo[task]; "auth" is headers
 * x-key/x-secret matching a configured credential.
 */
export const fakeCloud: SimCloud = {
  name: 'alibaba',
  route(simRequest) {
    const status = /^\/fake\/([^/]+)\/status$/.exec(simRequest.path);
    if (status)
      return { provider: 'AlibabaACK', operation: 'GetUpgradeStatus', clusterID: status[1] as string };
    const task = /^\/fake\/tasks\/([^/]+)$/.exec(simRequest.path);
    if (task) return { provider: 'AlibabaACK', operation: 'DescribeTaskInfo', taskID: task[1] as string };
    if (simRequest.path === '/fake/boom') throw new Error('route exploded');
    if (simRequest.path === '/fake/respond-boom')
      return { provider: 'AlibabaACK', operation: 'Boom', clusterID: 'x' };
    return undefined;
  },
  authenticate(simRequest, _route, context) {
    const credential = context.credential(simRequest.headers['x-key'] ?? '');
    if (credential && credential.accessKeySecret === simRequest.headers['x-secret']) return undefined;
    return {
      status: 403,
      headers: { 'content-type': 'application/json' },
      body: '{"code":"InvalidAccessKeyId.NotFound"}',
    };
  },
  respond(simRequest, route, context): SimReply {
    if (route.operation === 'Boom') throw new Error('respond exploded');
    const headers = {
      'content-type': 'application/json;charset=utf-8',
      'x-acs-request-id': context.requestId(),
    };
    if (route.taskID) {
      const cluster = context.clusterByTask(route.provider, route.operation, route.taskID);
      const tasks = cluster?.state.DescribeTaskInfo as Record<string, unknown> | undefined;
      if (!tasks) return { status: 404, headers, body: '{"code":"ErrorTaskNotFound"}' };
      return { status: 200, headers, body: JSON.stringify(tasks[route.taskID]) };
    }
    const cluster = context.cluster(route.provider, route.clusterID ?? '');
    if (!cluster) return { status: 404, headers, body: '{"code":"ErrorClusterNotFound"}' };
    return { status: 200, headers, body: JSON.stringify(cluster.state.GetUpgradeStatus ?? {}) };
  },
  faultReply(kind, _route, context, retryAfterSeconds) {
    const status = { throttle: 429, 'server-error': 503, auth: 403, 'not-found': 404, 'clock-skew': 400 }[
      kind
    ];
    return {
      status,
      headers: {
        'content-type': 'application/json',
        ...(retryAfterSeconds !== undefined ? { 'x-acs-retry-after': String(retryAfterSeconds * 1000) } : {}),
      },
      body: JSON.stringify({ code: `Fake.${kind}`, requestId: context.requestId() }),
    };
  },
};

export interface RawReply {
  status: number;
  headers: Record<string, string | string[] | undefined>;
  body: string;
}

/** One HTTP request on a fresh connection (no keep-alive pool left behind). */
export function raw(
  url: string,
  options: { method?: string; headers?: Record<string, string>; body?: string | Buffer; path?: string } = {},
): Promise<RawReply> {
  return new Promise((resolve, reject) => {
    const target = new URL(url);
    const outgoing = request(
      {
        host: target.hostname,
        port: target.port,
        path: options.path ?? `${target.pathname}${target.search}`,
        method: options.method ?? 'GET',
        headers: options.headers,
        agent: false,
      },
      (response) => {
        const chunks: Buffer[] = [];
        response.on('data', (chunk: Buffer) => chunks.push(chunk));
        response.on('end', () =>
          resolve({
            status: response.statusCode ?? 0,
            headers: response.headers,
            body: Buffer.concat(chunks).toString('utf8'),
          }),
        );
        response.on('error', reject);
      },
    );
    outgoing.on('error', reject);
    outgoing.end(options.body);
  });
}

export const AUTH = { 'x-key': KEY.accessKeyId, 'x-secret': KEY.accessKeySecret };

export const status = (upgrade_step: string, value = 'running') => ({
  GetUpgradeStatus: { status: value, upgrade_step },
});
