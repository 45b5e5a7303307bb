// Raw Kubernetes REST for the developer tools (demo, benchmark) and the integration tests:
// JSON requests over the kubeconfig's HTTP(S) settings, and a list-then-watch loop over one
// collection. Raw on purpose: client-node's typed models drop fields they do not know (such as
// the CRD's `x-kubernetes-validations`) when they serialize a plain object. The operator itself
// uses client-node (src/runtime/).

import { request as httpRequest, type Agent as HttpAgent } from 'node:http';
import { request as httpsRequest, type Agent as HttpsAgent, type RequestOptions } from 'node:https';
import type { KubeConfig } from '@kubernetes/client-node';

export interface KubeResponse {
  status: number;
  /** Parsed JSON; the raw text when the body is not JSON; undefined when empty. */
  // eslint-disable-next-line @typescript-eslint/no-explicit-any -- callers read API objects of many kinds
  body: any;
  text: string;
}

interface KubeRequestOptions {
  timeoutMs?: number;
  agent?: HttpAgent | HttpsAgent;
  /** Default application/json; e.g. application/jwk-set+json for `/openid/v1/jwks`. */
  accept?: string;
}

export class KubeRequestError extends Error {
  override readonly name = 'KubeRequestError';
  constructor(
    message: string,
    readonly status: number,
  ) {
    super(message);
  }
}

const DEFAULT_TIMEOUT_MS = 15_000;

function serverUrl(kc: KubeConfig, path: string): URL {
  const server = kc.getCurrentCluster()?.server;
  if (!server) throw new Error('kubeconfig has no current cluster');
  return new URL(path, server);
}

async function requestOptions(
  kc: KubeConfig,
  method: string,
  headers: Record<string, string>,
  agent?: HttpAgent | HttpsAgent,
): Promise<RequestOptions> {
  const options: RequestOptions = { method, headers, ...(agent ? { agent } : {}) };
  await kc.applyToHTTPSOptions(options);
  return options;
}

function send(url: URL): typeof httpsRequest {
  return url.protocol === 'https:' ? httpsRequest : (httpRequest as unknown as typeof httpsRequest);
}

/** One request to the API server; a string body is sent as is (YAML for apply patches). */
export async function kubeRequest(
  kc: KubeConfig,
  method: string,
  path: string,
  body?: unknown,
  contentType = 'application/json',
  opts: KubeRequestOptions = {},
): Promise<KubeResponse> {
  const payload = body === undefined ? undefined : typeof body === 'string' ? body : JSON.stringify(body);
  const url = serverUrl(kc, path);
  const options = await requestOptions(
    kc,
    method,
    {
      Accept: opts.accept ?? 'application/json',
      ...(payload !== undefined ? { 'Content-Type': contentType } : {}),
    },
    opts.agent,
  );
  return new Promise((resolve, reject) => {
    const req = send(url)(url, { ...options, timeout: opts.timeoutMs ?? DEFAULT_TIMEOUT_MS }, (res) => {
      const chunks: Buffer[] = [];
      res.on('data', (chunk: Buffer) => chunks.push(chunk));
      res.on('end', () => {
        const text = Buffer.concat(chunks).toString('utf8');
        let parsed: unknown = text || undefined;
        try {
          parsed = text ? JSON.parse(text) : undefined;
        } catch {
          // not JSON (e.g. /metrics): keep the text
        }
        resolve({ status: res.statusCode ?? 0, body: parsed, text });
      });
      res.on('error', reject);
    });
    req.on('timeout', () => req.destroy(new Error(`${method} ${path} timed out`)));
    req.on('error', reject);
    req.end(payload);
  });
}

/** The Status message the API server sends with a failure, else the start of the body. */
function describeFailure(res: KubeResponse): string {
  const body: unknown = res.body;
  if (typeof body === 'object' && body !== null && 'message' in body) return String(body.message);
  return res.text.slice(0, 600);
}

/** Like kubeRequest, but a non-2xx answer throws a KubeRequestError naming the status. */
export async function kubeRequestOk(
  kc: KubeConfig,
  method: string,
  path: string,
  body?: unknown,
  contentType?: string,
  opts?: KubeRequestOptions,
  // eslint-disable-next-line @typescript-eslint/no-explicit-any -- see KubeResponse.body
): Promise<any> {
  const res = await kubeRequest(kc, method, path, body, contentType, opts);
  if (res.status < 200 || res.status >= 300) {
    throw new KubeRequestError(`${method} ${path} → HTTP ${res.status}: ${describeFailure(res)}`, res.status);
  }
  return res.body;
}

interface CollectionWatchOptions<T> {
  /** Called for every listed object (type `LISTED`) and every ADDED/MODIFIED/DELETED event. */
  onObject(type: string, object: T): void;
  /** Server-side timeout of each watch request; the loop reconnects after it. */
  timeoutSeconds?: number;
  /** Pause before reconnecting after a watch ends or fails. */
  reconnectDelayMs?: number;
}

export interface CollectionWatch {
  /** Ends the current watch request; resolves once the loop has finished. */
  stop(): Promise<void>;
}

interface WatchEvent<T> {
  type: string;
  object: T & { code?: number; metadata?: { resourceVersion?: string } };
}

/**
 * Lists `collectionPath`, then watches it from that resourceVersion until stopped: bookmarks
 * move the resourceVersion on, a 410 (status or ERROR event) restarts from "now", any other
 * failure reconnects after `reconnectDelayMs`.
 */
export async function watchCollection<T>(
  kc: KubeConfig,
  collectionPath: string,
  opts: CollectionWatchOptions<T>,
): Promise<CollectionWatch> {
  let stopped = false;
  let current: { destroy(): void } | undefined;
  const list = (await kubeRequestOk(kc, 'GET', collectionPath)) as {
    items?: T[];
    metadata?: { resourceVersion?: string };
  };
  let lastRv = list.metadata?.resourceVersion;
  for (const item of list.items ?? []) opts.onObject('LISTED', item);

  const watchOnce = async (): Promise<void> => {
    const rv = lastRv ? `&resourceVersion=${lastRv}` : '';
    const url = serverUrl(
      kc,
      `${collectionPath}?watch=1&allowWatchBookmarks=true&timeoutSeconds=${opts.timeoutSeconds ?? 60}${rv}`,
    );
    const options = await requestOptions(kc, 'GET', { Accept: 'application/json' });
    await new Promise<void>((resolve, reject) => {
      const req = send(url)(url, options, (res) => {
        if (res.statusCode !== 200) {
          res.resume();
          if (res.statusCode === 410) lastRv = undefined;
          reject(new KubeRequestError(`watch ${collectionPath} → ${res.statusCode}`, res.statusCode ?? 0));
          return;
        }
        let buffer = '';
        res.setEncoding('utf8');
        res.on('data', (chunk: string) => {
          buffer += chunk;
          let newline: number;
          while ((newline = buffer.indexOf('\n')) >= 0) {
            const line = buffer.slice(0, newline).trim();
            buffer = buffer.slice(newline + 1);
            if (!line) continue;
            const event = JSON.parse(line) as WatchEvent<T>;
            if (event.type === 'ERROR') {
              if (event.object?.code === 410) lastRv = undefined;
              continue;
            }
            lastRv = event.object?.metadata?.resourceVersion ?? lastRv;
            if (event.type !== 'BOOKMARK') opts.onObject(event.type, event.object);
          }
        });
        res.on('end', () => resolve());
        res.on('error', reject);
        res.on('close', () => resolve());
      });
      req.on('error', reject);
      current = req;
      req.end();
    });
  };

  const loop = (async () => {
    while (!stopped) {
      try {
        await watchOnce();
      } catch {
        // reconnect below
      }
      if (!stopped) await new Promise((resolve) => setTimeout(resolve, opts.reconnectDelayMs ?? 200));
    }
  })();

  return {
    async stop() {
      stopped = true;
      current?.destroy();
      await loop;
    },
  };
}
