// Which base URL a watch may send signed requests to (SPEC §7).
//
// Without --allow-custom-endpoints a `spec.endpoint` must be `https://`, carry no user-info,
// no path beyond `/`, no query or fragment, not be an IP literal, and its host must equal an
// allowed domain of the provider family or end in `.` + that domain (whole-label match, so
// `aliyuncs.com.evil.test` and `evilaliyuncs.com` are refused). Otherwise a namespace user could
// make the operator sign requests with their keys to a host of their choosing.
// With --allow-custom-endpoints (simulators, private clouds) any http(s) URL is accepted, but
// user-info is still refused and so is the link-local range (169.254.0.0/16, fe80::/10) where
// cloud instance-metadata services live — no cloud API is ever served there.
// Only the origin is used: the request path is always the cloud's own.

import type { ClusterUpgradeWatchSpec } from '../api/types.js';
import type { ProviderFamily } from '../providers/common/provider.js';

export type EndpointResult = { ok: true; baseUrl: string } | { ok: false; message: string };

const IPV4 = /^\d{1,3}(\.\d{1,3}){3}$/;

function isIpLiteral(hostname: string): boolean {
  return hostname.startsWith('[') || IPV4.test(hostname);
}

function isLinkLocal(hostname: string): boolean {
  if (IPV4.test(hostname)) return hostname.startsWith('169.254.');
  return /^\[fe[89ab][0-9a-f]:/i.test(hostname);
}

function underDomain(host: string, domain: string): boolean {
  const d = domain.toLowerCase().replace(/^\.+|\.+$/g, '');
  return d.length > 0 && (host === d || host.endsWith(`.${d}`));
}

export function resolveBaseUrl(
  spec: ClusterUpgradeWatchSpec,
  family: Pick<ProviderFamily, 'defaultBaseUrl' | 'allowedDomains'>,
  allowCustomEndpoints: boolean,
): EndpointResult {
  if (spec.endpoint === undefined || spec.endpoint === '') {
    return { ok: true, baseUrl: family.defaultBaseUrl(spec) };
  }
  const shown = spec.endpoint.length > 200 ? `${spec.endpoint.slice(0, 200)}…` : spec.endpoint;
  const invalid = (why: string): EndpointResult => ({
    ok: false,
    message: `spec.endpoint ${shown.replace(/\/\/[^/@]*@/, '//***@')} rejected: ${why}`,
  });
  let url: URL;
  try {
    url = new URL(spec.endpoint);
  } catch {
    return invalid('not a valid URL');
  }
  if (allowCustomEndpoints) {
    if (url.protocol !== 'https:' && url.protocol !== 'http:')
      return invalid('only http:// and https:// are allowed');
  } else if (url.protocol !== 'https:') {
    return invalid('must use https:// (start the operator with --allow-custom-endpoints for other URLs)');
  }
  if (url.username !== '' || url.password !== '') return invalid('user-info is not allowed');
  if ((url.pathname !== '/' && url.pathname !== '') || url.search !== '' || url.hash !== '') {
    return invalid('only scheme, host and port may be given; the request path is the cloud API’s own');
  }
  const host = url.hostname.toLowerCase().replace(/\.$/, '');
  if (host === '') return invalid('no host');
  if (allowCustomEndpoints) {
    if (isLinkLocal(host)) return invalid('link-local addresses (instance metadata) are not allowed');
    return { ok: true, baseUrl: url.origin };
  }
  if (isIpLiteral(host)) return invalid('IP addresses are not allowed; use the provider’s host name');
  if (!family.allowedDomains.some((domain) => underDomain(host, domain))) {
    return invalid(
      `host must be ${family.allowedDomains.join(' or ')} or a subdomain of it (start the operator with --allow-custom-endpoints for other hosts)`,
    );
  }
  return { ok: true, baseUrl: url.origin };
}
