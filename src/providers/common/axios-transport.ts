// Production HttpTransport over axios with the limits of docs/reference.md#calling-the-clouds: 10 s timeout, 5 MiB cap, TLS
// verification on, no redirects followed (a 3xx is returned as-is and classified by the client).
//
// The timeout is a deadline for the whole exchange, headers and body. axios' own `timeout` on
// Node is a socket *idle* timeout: a server that drips one byte every second never trips it and
// would hold a poll (and its concurrency slot) for ever. So an AbortController enforces the
// deadline as well (test/unit/hostile: "slow-drip body past the timeout").

import axios, { AxiosError, type AxiosRequestConfig } from 'axios';
import { lookup as dnsLookup, type LookupAddress, type LookupAllOptions } from 'node:dns';
import { isMetadataAddress } from './metadata-addresses.js';
import { MAX_RESPONSE_BYTES, REQUEST_TIMEOUT_MS, TransportError, type HttpTransport } from './transport.js';

const METADATA_CODE = 'EMETADATA';

type AxiosLookup = NonNullable<AxiosRequestConfig['lookup']>;

/** The all-addresses form of dns.lookup (injectable for tests). */
export type DnsLookupAll = (
  hostname: string,
  options: LookupAllOptions,
  callback: (error: NodeJS.ErrnoException | null, addresses: LookupAddress[]) => void,
) => void;

/** A lookup that fails when any address of the name is a metadata address (axios picks from the list). */
const guardedLookup =
  (resolve: DnsLookupAll): AxiosLookup =>
  (hostname, options, callback) => {
    const all: LookupAllOptions = { ...(options as { family?: number }), all: true };
    resolve(hostname, all, (error, addresses) => {
      if (error) return callback(error, []);
      const blocked = addresses.find((entry) => isMetadataAddress(entry.address));
      if (blocked) {
        const refused: NodeJS.ErrnoException = new Error(
          `refusing to connect to ${hostname}: it resolves to ${blocked.address}, an instance-metadata address`,
        );
        refused.code = METADATA_CODE;
        return callback(refused, []);
      }
      return callback(
        null,
        addresses.map((entry) => ({ address: entry.address, family: entry.family === 6 ? 6 : 4 })),
      );
    });
  };

function refuseMetadataLiteral(url: string): void {
  let hostname: string;
  try {
    hostname = new URL(url).hostname.replace(/^\[|\]$/g, '');
  } catch {
    return; // axios reports the bad URL itself
  }
  if (isMetadataAddress(hostname)) {
    throw new TransportError(`refusing to connect to ${hostname}: an instance-metadata address`, 'refused');
  }
}

interface AxiosTransportOptions {
  timeoutMs?: number;
  maxBytes?: number;
  /** Extra CA certificates (PEM), e.g. the simulator's, for TLS tests. Verification stays on. */
  ca?: string;
  /** DNS resolver (default dns.lookup); tests inject one to prove the metadata-address guard. */
  dnsLookup?: DnsLookupAll;
}

function transportReason(error: AxiosError): TransportError['reason'] {
  const code = error.code ?? '';
  if (code === 'ECONNABORTED' || code === 'ETIMEDOUT' || /timeout/i.test(error.message)) return 'timeout';
  if (code === 'ENOTFOUND' || code === 'EAI_AGAIN') return 'dns';
  if (code === 'ECONNREFUSED' || code === 'ECONNRESET' || code === 'EPIPE' || code === METADATA_CODE)
    return 'refused';
  if (code === 'ERR_CANCELED') return 'aborted';
  if (/maxContentLength|maxBodyLength/i.test(error.message)) return 'too-large';
  // A connection cut mid-body surfaces as ERR_BAD_RESPONSE "stream has been aborted": a network
  // failure, not an oversized body.
  if (/stream has been aborted|socket hang up/i.test(error.message)) return 'refused';
  if (/CERT|SSL|TLS|self.signed|UNABLE_TO_VERIFY/i.test(code + error.message)) return 'tls';
  return 'other';
}

export function createAxiosTransport(options: AxiosTransportOptions = {}): HttpTransport {
  const timeout = options.timeoutMs ?? REQUEST_TIMEOUT_MS;
  const maxBytes = options.maxBytes ?? MAX_RESPONSE_BYTES;
  const lookup = guardedLookup(options.dnsLookup ?? (dnsLookup as DnsLookupAll));
  const httpsAgentPromise = options.ca
    ? import('node:https').then((https) => new https.Agent({ ca: options.ca, rejectUnauthorized: true }))
    : Promise.resolve(undefined);
  return async (request) => {
    refuseMetadataLiteral(request.url);
    const httpsAgent = await httpsAgentPromise;
    const deadline = new AbortController();
    let timedOut = false;
    const timer = setTimeout(() => {
      timedOut = true;
      deadline.abort();
    }, timeout);
    const onCallerAbort = (): void => deadline.abort();
    if (request.signal?.aborted) deadline.abort();
    request.signal?.addEventListener('abort', onCallerAbort, { once: true });
    try {
      const response = await axios.request<string>({
        method: request.method,
        url: request.url,
        headers: request.headers,
        ...(request.body !== undefined ? { data: request.body } : {}),
        timeout,
        signal: deadline.signal,
        maxContentLength: maxBytes,
        maxRedirects: 0,
        responseType: 'text',
        transformResponse: [(data: unknown) => data],
        validateStatus: () => true,
        decompress: true,
        proxy: false,
        lookup,
        ...(httpsAgent ? { httpsAgent } : {}),
      });
      const headers: Record<string, string> = {};
      for (const [name, value] of Object.entries(response.headers ?? {})) {
        if (value === undefined || value === null) continue;
        headers[name.toLowerCase()] = Array.isArray(value) ? value.join(', ') : String(value);
      }
      return {
        status: response.status,
        headers,
        body: typeof response.data === 'string' ? response.data : String(response.data ?? ''),
      };
    } catch (error) {
      if (timedOut) throw new TransportError(`timeout of ${timeout}ms exceeded`, 'timeout');
      if (error instanceof AxiosError) {
        // Never echo the request (it carries the Authorization header): code + message only.
        throw new TransportError(`${error.code ?? 'ERROR'}: ${error.message}`, transportReason(error));
      }
      throw new TransportError(error instanceof Error ? error.message : String(error), 'other');
    } finally {
      clearTimeout(timer);
      request.signal?.removeEventListener('abort', onCallerAbort);
    }
  };
}
