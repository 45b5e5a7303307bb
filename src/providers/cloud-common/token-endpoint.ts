// Where a bearer client fetches its token (docs/providers-next.md#authentication). Against the
// cloud's own API host (under `apiDomain`, whole labels) it is the cloud's token endpoint;
// against any other base URL — the simulator, or a custom endpoint the operator allowed and
// vetted (docs/reference.md#endpoint-rules) — it is that same origin with the token endpoint's
// path, so a token request never goes to a host the endpoint rule did not approve. A
// service-account key's own `token_uri` is never used: a Secret must not be able to send the
// signed assertion elsewhere.

export function tokenEndpointFor(baseUrl: string, apiDomain: string, officialUrl: string): string {
  const base = new URL(baseUrl);
  const host = base.hostname.toLowerCase();
  if (host === apiDomain || host.endsWith(`.${apiDomain}`)) return officialUrl;
  return `${base.origin}${new URL(officialUrl).pathname}`;
}
