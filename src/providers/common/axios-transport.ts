// Production HttpTransport over axios with SPEC §4's limits: 10 s timeout, 5 MiB cap, TLS
// verification on, no redirects followed (a 3xx is returned as-is and classified by the client).

import axios, { AxiosError } from 'axios';
import { MAX_RESPONSE_BYTES, REQUEST_TIMEOUT_MS, TransportError, type HttpTransport } from './transport.js';

export interface AxiosTransportOptions {
  timeoutMs?: number;
  maxBytes?: number;
  /** Extra CA certificates (PEM), e.g. the simulator's, for TLS tests. Verification stays on. */
  ca?: string;
}

function transportReason(error: AxiosError): TransportError['reason'] {
  const code = error.code ?? '';
  if (code === 'ECONNABORTED' || code === 'ETIMEDOUT' || /timeout/i.test(error.message)) return 'timeout';
  if (code === 'ENOTFOUND' || code === 'EAI_AGAIN') return 'dns';
  if (code === 'ECONNREFUSED' || code === 'ECONNRESET' || code === 'EPIPE') return 'refused';
  if (code === 'ERR_CANCELED') return 'aborted';
  if (/maxContentLength|maxBodyLength/i.test(error.message) || code === 'ERR_BAD_RESPONSE') return 'too-large';
  if (/CERT|SSL|TLS|self.signed|UNABLE_TO_VERIFY/i.test(code + error.message)) return 'tls';
  return 'other';
}

export function createAxiosTransport(options: AxiosTransportOptions = {}): HttpTransport {
  const timeout = options.timeoutMs ?? REQUEST_TIMEOUT_MS;
  const maxBytes = options.maxBytes ?? MAX_RESPONSE_BYTES;
  const httpsAgentPromise = options.ca
    ? import('node:https').then((https) => new https.Agent({ ca: options.ca, rejectUnauthorized: true }))
    : Promise.resolve(undefined);
  return async (request) => {
    const httpsAgent = await httpsAgentPromise;
    try {
      const response = await axios.request<string>({
        method: request.method,
        url: request.url,
        headers: request.headers,
        timeout,
        signal: request.signal,
        maxContentLength: maxBytes,
        maxRedirects: 0,
        responseType: 'text',
        transformResponse: [(data: unknown) => data],
        validateStatus: () => true,
        decompress: true,
        proxy: false,
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
      if (error instanceof AxiosError) {
        // Never echo the request (it carries the Authorization header): code + message only.
        throw new TransportError(`${error.code ?? 'ERROR'}: ${error.message}`, transportReason(error));
      }
      throw new TransportError(error instanceof Error ? error.message : String(error), 'other');
    }
  };
}
