// Which base URL a watch may send signed requests to (docs/reference.md#endpoint-rules).
//
// Without --allow-custom-endpoints a `spec.endpoint` must be `https://`, carry no user-info,
// no path beyond `/`, no query or fragment, not be an IP literal, and its host must equal an
// allowed domain of the provider family or end in `.` + that domain (whole-label match, so
// `aliyuncs.com.evil.test` and `evilaliyuncs.com` are refused), and the port must be 443. Otherwise a namespace user could
// make the operator sign requests with their keys to a host of their choosing.
// With --allow-custom-endpoints (simulators, private clouds) any http(s) URL is accepted, but
// user-info is still refused and so is every instance-metadata address literal (169.254.0.0/16,
// fe80::/10, Alibaba's 100.100.100.200, IPv4-mapped forms) — no cloud API is ever served there.
// (A host *name* that resolves to one is refused later, by the transport's address guard.)
// Only the origin is used, in canonical form (lower case, no trailing dot): the request path is
// always the cloud's own.

import type { ClusterUpgradeWatchSpec } from '../api/types.js';
import { isMetadataAddress } from '../providers/common/metadata-addresses.js';
import type { ProviderFamily } from '../providers/common/provider.js';

type EndpointResult = { ok: true; baseUrl: string } | { ok: false; message: string };

const IPV4 = /^\d{1,3}(\.\d{1,3}){3}$/;

function isIpLiteral(hostname: string): boolean {
  return hostname.startsWith('[') || IPV4.test(hostname);
}

/** An IP literal (WHATWG-normalised, so decimal/hex/octal IPv4 forms arrive dotted) of a metadata service. */
function isMetadataLiteral(hostname: string): boolean {
  return isIpLiteral(hostname) && isMetadataAddress(hostname.replace(/^\[|\]$/g, ''));
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
  // User-info is masked before truncating: truncated first, a long password's prefix would
  // survive into status and the Event (no `@` left in the shown part to anchor the mask).
  const masked = spec.endpoint.replace(/\/\/[^/]*@/, '//***@');
  const shown = masked.length > 200 ? `${masked.slice(0, 200)}…` : masked;
  const invalid = (why: string): EndpointResult => ({
    ok: false,
    message: `spec.endpoint ${shown} rejected: ${why}`,
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
  const origin = `${url.protocol}//${host}${url.port === '' ? '' : `:${url.port}`}`;
  if (allowCustomEndpoints) {
    if (isMetadataLiteral(host)) return invalid('instance-metadata addresses are not allowed');
    return { ok: true, baseUrl: origin };
  }
  if (isIpLiteral(host)) return invalid('IP addresses are not allowed; use the provider’s host name');
  // A black-holed port on an allowed host would hold a poll slot until the request times out.
  if (url.port !== '')
    return invalid(
      'only port 443 is allowed (start the operator with --allow-custom-endpoints for other ports)',
    );
  if (!family.allowedDomains.some((domain) => underDomain(host, domain))) {
    return invalid(
      `host must be ${family.allowedDomains.join(' or ')} or a subdomain of it (start the operator with --allow-custom-endpoints for other hosts)`,
    );
  }
  return { ok: true, baseUrl: origin };
}
