// A request as both signing schemes see it. `query` values are raw (not yet encoded);
// each scheme canonicalizes them its own way. Header names may be any case.

export interface SignableRequest {
  method: string;
  host: string;
  /** Raw path, not percent-encoded, e.g. `/api/v2/clusters/c1/upgrade/status`. */
  path: string;
  query: Record<string, string>;
  headers: Record<string, string>;
  body: string;
}
