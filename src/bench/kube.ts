// Minimal Kubernetes REST for the benchmark: JSON requests with a keep-alive agent, and a
// watch on the ClusterUpgradeWatches of one namespace that records, per CR, when it first had
// a status, when each resourceVersion change arrived and when the status first showed the
// scripted change (progress > 0). Loopback only: the server is the local control plane's.
import { Agent, request, type RequestOptions } from 'node:https';
import type { KubeConfig } from '@kubernetes/client-node';
import { GROUP, PLURAL, VERSION, type ClusterUpgradeWatch } from '../api/types.js';

const agent = new Agent({ keepAlive: true, maxSockets: 32 });

export interface KubeResponse {
  status: number;
  body: unknown;
  text: string;
}

function serverOf(kc: KubeConfig): string {
  const server = kc.getCurrentCluster()?.server;
  if (!server) throw new Error('kubeconfig has no current cluster');
  const host = new URL(server).hostname;
  if (!['127.0.0.1', 'localhost', '::1', '[::1]'].includes(host))
    throw new Error(`the benchmark only talks to a loopback API server, not ${host}`);
  return server;
}

async function options(
  kc: KubeConfig,
  method: string,
  headers: Record<string, string>,
): Promise<RequestOptions> {
  const opts: RequestOptions = { method, headers, agent };
  await kc.applyToHTTPSOptions(opts);
  return opts;
}

export async function kube(
  kc: KubeConfig,
  method: string,
  path: string,
  body?: unknown,
  contentType = 'application/json',
): Promise<KubeResponse> {
  const payload = body === undefined ? undefined : typeof body === 'string' ? body : JSON.stringify(body);
  const opts = await options(kc, method, {
    Accept: 'application/json, text/plain',
    ...(payload !== undefined ? { 'Content-Type': contentType } : {}),
  });
  return new Promise((resolve, reject) => {
    const req = request(new URL(path, serverOf(kc)), { ...opts, timeout: 30_000 }, (res) => {
      const chunks: Buffer[] = [];
      res.on('data', (c: Buffer) => chunks.push(c));
      res.on('end', () => {
        const text = Buffer.concat(chunks).toString('utf8');
        let parsed: unknown = undefined;
        try {
          parsed = text ? JSON.parse(text) : undefined;
        } catch {
          // not JSON (e.g. /metrics)
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

export async function kubeOk(
  kc: KubeConfig,
  method: string,
  path: string,
  body?: unknown,
  contentType?: string,
): Promise<unknown> {
  const res = await kube(kc, method, path, body, contentType);
  if (res.status < 200 || res.status >= 300)
    throw new Error(`${method} ${path} → ${res.status}: ${res.text.slice(0, 400)}`);
  return res.body;
}

export function collectionPath(namespace: string): string {
  return `/apis/${GROUP}/${VERSION}/namespaces/${namespace}/${PLURAL}`;
}

export interface WatchRecord {
  /** Arrival times (ms epoch) of every MODIFIED event (= a resourceVersion change). */
  writes: number[];
  firstStatusAt?: number;
  /** First time the status showed progress > 0 (the scripted change). */
  changedAt?: number;
}

/** Records every version of the CRs of a namespace through a server-side watch. */
export class CrRecorder {
  readonly records = new Map<string, WatchRecord>();
  private stopped = false;
  private current: { destroy(): void } | undefined;
  private lastRv: string | undefined;
  private loopDone: Promise<void> = Promise.resolve();

  constructor(
    private readonly kc: KubeConfig,
    private readonly namespace: string,
  ) {}

  async start(): Promise<void> {
    const list = (await kubeOk(this.kc, 'GET', collectionPath(this.namespace))) as {
      metadata?: { resourceVersion?: string };
      items?: ClusterUpgradeWatch[];
    };
    this.lastRv = list.metadata?.resourceVersion;
    for (const item of list.items ?? []) this.seen('ADDED', item);
    this.loopDone = this.loop();
  }

  async stop(): Promise<void> {
    this.stopped = true;
    this.current?.destroy();
    await this.loopDone;
  }

  record(name: string): WatchRecord {
    let r = this.records.get(name);
    if (!r) this.records.set(name, (r = { writes: [] }));
    return r;
  }

  private seen(type: string, object: ClusterUpgradeWatch): void {
    const now = Date.now();
    const r = this.record(object.metadata.name);
    if (type === 'MODIFIED') r.writes.push(now);
    const status = object.status;
    if (
      status &&
      (status.phase !== undefined || status.lastSyncTime !== undefined) &&
      r.firstStatusAt === undefined
    )
      r.firstStatusAt = now;
    if (status && (status.progress ?? 0) > 0 && r.changedAt === undefined) r.changedAt = now;
  }

  private async loop(): Promise<void> {
    while (!this.stopped) {
      try {
        await this.watchOnce();
      } catch {
        // reconnect below
      }
      if (!this.stopped) await new Promise((r) => setTimeout(r, 200));
    }
  }

  private async watchOnce(): Promise<void> {
    const rv = this.lastRv ? `&resourceVersion=${this.lastRv}` : '';
    const url = new URL(
      `${collectionPath(this.namespace)}?watch=1&allowWatchBookmarks=true&timeoutSeconds=300${rv}`,
      serverOf(this.kc),
    );
    const opts = await options(this.kc, 'GET', { Accept: 'application/json' });
    delete opts.agent;
    await new Promise<void>((resolve, reject) => {
      const req = request(url, opts, (res) => {
        if (res.statusCode !== 200) {
          res.resume();
          if (res.statusCode === 410) this.lastRv = undefined;
          reject(new Error(`watch → ${res.statusCode}`));
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
            const event = JSON.parse(line) as {
              type: string;
              object: ClusterUpgradeWatch & { code?: number };
            };
            if (event.type === 'ERROR') {
              if (event.object?.code === 410) this.lastRv = undefined;
              continue;
            }
            this.lastRv = event.object?.metadata?.resourceVersion ?? this.lastRv;
            if (event.type !== 'BOOKMARK') this.seen(event.type, event.object);
          }
        });
        res.on('end', () => resolve());
        res.on('error', reject);
        res.on('close', () => resolve());
      });
      req.on('error', reject);
      this.current = req;
      req.end();
    });
  }
}

/** Prometheus text → samples (name, labels, value). */
export function parseMetrics(
  text: string,
): Array<{ name: string; labels: Record<string, string>; value: number }> {
  const out: Array<{ name: string; labels: Record<string, string>; value: number }> = [];
  for (const line of text.split('\n')) {
    if (!line || line.startsWith('#')) continue;
    const m = /^([a-zA-Z_:][a-zA-Z0-9_:]*)(\{(.*)\})?\s+(\S+)/.exec(line);
    if (!m) continue;
    const labels: Record<string, string> = {};
    for (const l of (m[3] ?? '').matchAll(/([a-zA-Z_][a-zA-Z0-9_]*)="((?:[^"\\]|\\.)*)"/g))
      labels[l[1]!] = l[2]!;
    out.push({ name: m[1]!, labels, value: Number(m[4]) });
  }
  return out;
}
