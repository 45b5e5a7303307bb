// A JSON reply with the headers a Google or Azure front end adds.

import type { SimReply } from '../types.js';

export function jsonReply(status: number, body: unknown, headers: Record<string, string> = {}): SimReply {
  return {
    status,
    headers: { 'content-type': 'application/json; charset=utf-8', ...headers },
    body: JSON.stringify(body),
  };
}
