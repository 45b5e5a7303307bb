// SimAdminClient: the admin API over HTTP for a simulator in another process (demo, bench).
// Same operations as the in-process SimAdmin, each returning a Promise.

import { request as httpRequest } from 'node:http';
import { request as httpsRequest } from 'node:https';
import type { ProviderName } from '../api/types.js';
import { SimAdminError, type SimAdmin } from './admin.js';
import type { CounterFilter } from './counters.js';
import type { FaultFilter } from './faults.js';

/** SimAdmin with every result wrapped in a Promise. */
export type AsyncSimAdmin = {
  [K in keyof SimAdmin]: SimAdmin[K] extends (...args: infer A) => infer R
    ? (...args: A) => Promise<R>
    : never;
};

export interface SimAdminClientOptions {
  /** The simulator's base URL (`http://127.0.0.1:PORT`) or its admin URL (`…/_sim`). */
  baseUrl: string;
  /** CA PEM to trust for an HTTPS simulator. */
  ca?: string;
  timeoutMs?: number;
}

const MAX_REPLY_BYTES = 16 * 1024 * 1024;

function queryString(filter: object = {}): string {
  const params = new URLSearchParams();
  for (const [name, value] of Object.entries(filter))
    if (value !== undefined) params.set(name, String(value));
  const text = params.toString();
  return text ? `?${text}` : '';
}

function clusterPath(provider: ProviderName, clusterID: string): string {
  return `/clusters/${encodeURIComponent(provider)}/${encodeURIComponent(clusterID)}`;
}

export class SimAdminClient implements AsyncSimAdmin {
  private readonly adminUrl: URL;

  constructor(private readonly options: SimAdminClientOptions) {
    const base = options.baseUrl.replace(/\/+$/, '');
    this.adminUrl = new URL(base.endsWith('/_sim') ? base : `${base}/_sim`);
  }

  health = () => this.call<ReturnType<SimAdmin['health']>>('GET', '/healthz');
  listClusters = () => this.call<ReturnType<SimAdmin['listClusters']>>('GET', '/clusters');
  getCluster = async (provider: ProviderName, clusterID: string) => {
    try {
      return await this.call<NonNullable<ReturnType<SimAdmin['getCluster']>>>(
        'GET',
        clusterPath(provider, clusterID),
      );
    } catch (error) {
      if (error instanceof SimAdminError && error.status === 404) return undefined;
      throw error;
    }
  };
  putCluster = (provider: ProviderName, clusterID: string, body: Parameters<SimAdmin['putCluster']>[2]) =>
    this.call<ReturnType<SimAdmin['putCluster']>>('PUT', clusterPath(provider, clusterID), body);
  deleteCluster = async (provider: ProviderName, clusterID: string) => {
    try {
      await this.call('DELETE', clusterPath(provider, clusterID));
      return true;
    } catch (error) {
      if (error instanceof SimAdminError && error.status === 404) return false;
      throw error;
    }
  };
  restartTimeline = (provider: ProviderName, clusterID: string) =>
    this.call<ReturnType<SimAdmin['restartTimeline']>>('POST', `${clusterPath(provider, clusterID)}/restart`);
  addFault = (fault: Parameters<SimAdmin['addFault']>[0]) =>
    this.call<ReturnType<SimAdmin['addFault']>>('POST', '/faults', fault);
  listFaults = () => this.call<ReturnType<SimAdmin['listFaults']>>('GET', '/faults');
  clearFaults = async (filter?: FaultFilter) =>
    (await this.call<{ cleared: number }>('DELETE', `/faults${queryString(filter)}`)).cleared;
  counters = (filter?: CounterFilter) =>
    this.call<ReturnType<SimAdmin['counters']>>('GET', `/counters${queryString(filter)}`);
  resetCounters = async (filter?: CounterFilter) => {
    await this.call('DELETE', `/counters${queryString(filter)}`);
  };
  getCredentials = () => this.call<ReturnType<SimAdmin['getCredentials']>>('GET', '/credentials');
  setCredentials = (credentials: Parameters<SimAdmin['setCredentials']>[0]) =>
    this.call<ReturnType<SimAdmin['setCredentials']>>('PUT', '/credentials', credentials);
  reset = async () => {
    await this.call('POST', '/reset');
  };

  private call<T>(method: string, path: string, body?: unknown): Promise<T> {
    const url = new URL(`${this.adminUrl.pathname}${path}`, this.adminUrl);
    const payload = body === undefined ? undefined : JSON.stringify(body);
    const send = url.protocol === 'https:' ? httpsRequest : httpRequest;
    return new Promise<T>((resolve, reject) => {
      const outgoing = send(
        url,
        {
          method,
          headers: {
            accept: 'application/json',
            ...(payload !== undefined
              ? { 'content-type': 'application/json', 'content-length': String(Buffer.byteLength(payload)) }
              : {}),
          },
          timeout: this.options.timeoutMs ?? 10_000,
          ...(this.options.ca ? { ca: this.options.ca } : {}),
        },
        (response) => {
          const chunks: Buffer[] = [];
          let size = 0;
          response.on('data', (chunk: Buffer) => {
            size += chunk.length;
            if (size > MAX_REPLY_BYTES) response.destroy(new Error('admin reply too large'));
            else chunks.push(chunk);
          });
          response.on('error', reject);
          response.on('end', () => {
            const text = Buffer.concat(chunks).toString('utf8');
            let parsed: unknown;
            try {
              parsed = text === '' ? undefined : JSON.parse(text);
            } catch {
              reject(
                new Error(
                  `simulator admin ${method} ${path}: reply is not JSON (HTTP ${response.statusCode})`,
                ),
              );
              return;
            }
            const status = response.statusCode ?? 0;
            if (status >= 200 && status < 300) {
              resolve(parsed as T);
              return;
            }
            const message =
              typeof parsed === 'object' && parsed !== null && 'error' in parsed
                ? String(parsed.error)
                : `HTTP ${status}`;
            if (status === 400 || status === 404) reject(new SimAdminError(message, status));
            else reject(new Error(`simulator admin ${method} ${path}: ${message}`));
          });
        },
      );
      outgoing.on('timeout', () =>
        outgoing.destroy(new Error(`simulator admin ${method} ${path}: timed out`)),
      );
      outgoing.on('error', reject);
      outgoing.end(payload);
    });
  }
}
