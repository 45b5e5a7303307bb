// The HTTP transport the provider clients call. Injected, so tests and the benchmark can swap
// it; the production one is axios with the limits of docs/reference.md#calling-the-clouds.

export interface HttpRequest {
  /** GET for every cloud API; POST for the keyless credential exchanges (src/credentials). */
  method: 'GET' | 'POST';
  /** Absolute URL, query already encoded exactly as it was signed. */
  url: string;
  headers: Record<string, string>;
  /** POST body, already encoded. */
  body?: string;
  signal?: AbortSignal;
}

export interface HttpResponse {
  status: number;
  /** Header names lower-cased. */
  headers: Record<string, string>;
  body: string;
}

/** Transport-level failure (no HTTP response): timeout, DNS, refused, TLS, size cap, redirect. */
export class TransportError extends Error {
  constructor(
    message: string,
    readonly reason: 'timeout' | 'dns' | 'refused' | 'tls' | 'too-large' | 'redirect' | 'aborted' | 'other',
  ) {
    super(message);
    this.name = 'TransportError';
  }
}

export type HttpTransport = (request: HttpRequest) => Promise<HttpResponse>;

export const REQUEST_TIMEOUT_MS = 10_000;
export const MAX_RESPONSE_BYTES = 5 * 1024 * 1024;
