// Shared helpers of the Huawei provider tests (not a test file itself).
import { readFileSync } from 'node:fs';
import { MAX_MESSAGE_LENGTH, PHASES, STEP_PHASES, type Observation } from '../../../../src/api/types.js';
import type { HttpRequest, HttpResponse, HttpTransport } from '../../../../src/providers/common/transport.js';

const RFC3339_UTC = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}Z$/;

/** Everything that makes an Observation unusable by the controller; [] when it is valid. */
export function observationProblems(o: Observation): string[] {
  const problems: string[] = [];
  if (!(PHASES as readonly string[]).includes(o.phase)) problems.push(`phase ${String(o.phase)}`);
  if (o.progress !== undefined && (!Number.isInteger(o.progress) || o.progress < 0 || o.progress > 100)) {
    problems.push(`progress ${o.progress}`);
  }
  if (o.phase === 'Succeeded' && o.progress !== 100) problems.push('Succeeded without progress 100');
  for (const time of [o.startTime, o.completionTime]) {
    if (time !== undefined && !RFC3339_UTC.test(time)) problems.push(`time ${time}`);
  }
  for (const step of o.steps ?? []) {
    if (typeof step.name !== 'string' || step.name === '') problems.push('step without name');
    if (!(STEP_PHASES as readonly string[]).includes(step.phase)) problems.push(`step phase ${step.phase}`);
    for (const time of [step.startTime, step.completionTime]) {
      if (time !== undefined && !RFC3339_UTC.test(time)) problems.push(`step time ${time}`);
    }
  }
  if (o.nodes) {
    const { total, completed, current } = o.nodes;
    if (!Number.isInteger(total) || !Number.isInteger(completed) || completed < 0 || total < 0)
      problems.push('nodes counts');
    if (!Array.isArray(current) || current.some((n) => typeof n !== 'string' || n === ''))
      problems.push('nodes.current');
  }
  if (o.message !== undefined && (typeof o.message !== 'string' || o.message.length > MAX_MESSAGE_LENGTH)) {
    problems.push('message');
  }
  if (Object.values(o).some((v) => v === undefined)) problems.push('undefined-valued key');
  try {
    JSON.stringify(o);
  } catch {
    problems.push('not JSON-serializable');
  }
  return problems;
}

export function fixture(path: string): unknown {
  return JSON.parse(
    readFileSync(new URL(`../../../../src/providers/${path}`, import.meta.url), 'utf8'),
  ) as unknown;
}

export function jsonResponse(
  status: number,
  body: unknown,
  headers: Record<string, string> = {},
): HttpResponse {
  return { status, headers: { 'content-type': 'application/json', ...headers }, body: JSON.stringify(body) };
}

/** A transport answering from a handler and recording every request it saw. */
export function recordingTransport(
  handler: (request: HttpRequest, url: URL) => HttpResponse | Promise<HttpResponse>,
): {
  transport: HttpTransport;
  requests: HttpRequest[];
} {
  const requests: HttpRequest[] = [];
  return {
    requests,
    transport: async (request) => {
      requests.push(request);
      return handler(request, new URL(request.url));
    },
  };
}
