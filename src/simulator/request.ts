// Turns what Node's HTTP server received into the SimRequest the cloud modules read: the raw
// path and query exactly as sent (they were signed that way) plus decoded copies.

import type { SimRequest } from './types.js';

export class BadRequestError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'BadRequestError';
  }
}

interface IncomingParts {
  method?: string;
  url?: string;
  headers: Record<string, string | string[] | undefined>;
  /** Node's socket: a TLS one is `encrypted`. */
  socket?: object;
}

const overTls = (socket: object | undefined): boolean =>
  socket !== undefined && 'encrypted' in socket && socket.encrypted === true;

/** Decode a URI component strictly (RFC 3986: `+` stays `+`); throws on bad escapes. */
function decode(text: string, what: string): string {
  try {
    return decodeURIComponent(text);
  } catch {
    throw new BadRequestError(`malformed percent-encoding in ${what}`);
  }
}

function parseQuery(rawQuery: string): Record<string, string> {
  const query: Record<string, string> = {};
  for (const pair of rawQuery.split('&')) {
    if (pair === '') continue;
    const equals = pair.indexOf('=');
    const name = decode(equals < 0 ? pair : pair.slice(0, equals), 'query');
    query[name] = equals < 0 ? '' : decode(pair.slice(equals + 1), 'query');
  }
  return query;
}

/** Split a request-target (origin-form, or absolute-form as proxies send it) into path and query. */
function splitTarget(url: string): { rawPath: string; rawQuery: string } {
  let target = url;
  if (!target.startsWith('/')) {
    const absolute = /^[a-z][a-z0-9+.-]*:\/\/[^/?#]*(.*)$/i.exec(target);
    if (!absolute) throw new BadRequestError('request target must be a path');
    target = absolute[1] || '/';
  }
  const hash = target.indexOf('#');
  if (hash >= 0) target = target.slice(0, hash);
  const question = target.indexOf('?');
  return question < 0
    ? { rawPath: target, rawQuery: '' }
    : { rawPath: target.slice(0, question), rawQuery: target.slice(question + 1) };
}

export function toSimRequest(incoming: IncomingParts, body: string): SimRequest {
  const { rawPath, rawQuery } = splitTarget(incoming.url ?? '/');
  const headers: Record<string, string> = {};
  for (const [name, value] of Object.entries(incoming.headers)) {
    if (value === undefined) continue;
    headers[name.toLowerCase()] = Array.isArray(value) ? value.join(', ') : value;
  }
  return {
    method: (incoming.method ?? 'GET').toUpperCase(),
    rawPath,
    path: decode(rawPath, 'path'),
    rawQuery,
    query: parseQuery(rawQuery),
    headers,
    body,
    ...(overTls(incoming.socket) ? { scheme: 'https' as const } : {}),
  };
}
