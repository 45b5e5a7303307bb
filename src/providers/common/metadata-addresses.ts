// Instance-metadata services hand out the node's cloud credentials; no cloud API is served
// there. spec.endpoint is vetted by src/controller/endpoint.ts, but with --allow-custom-endpoints
// a host name can *resolve* to one of these, and an IPv4-mapped IPv6 literal
// ([::ffff:169.254.169.254]) slips past a dotted-quad check. So endpoint.ts refuses these
// literals and the transport refuses them by address, after DNS, whatever the URL said (test/unit/hostile/endpoints.test.ts).

import { BlockList, isIP } from 'node:net';

const METADATA_ADDRESSES = new BlockList();
METADATA_ADDRESSES.addSubnet('169.254.0.0', 16, 'ipv4'); // link-local: Huawei Cloud, AWS, GCP, Azure…
METADATA_ADDRESSES.addAddress('100.100.100.200', 'ipv4'); // Alibaba Cloud ECS metadata
METADATA_ADDRESSES.addSubnet('fe80::', 10, 'ipv6'); // IPv6 link-local
METADATA_ADDRESSES.addAddress('fd00:ec2::254', 'ipv6'); // AWS IMDS over IPv6

/** True for an instance-metadata address, IPv4-mapped IPv6 forms included. */
export function isMetadataAddress(address: string): boolean {
  const family = isIP(address);
  if (family === 0) return false;
  return METADATA_ADDRESSES.check(address, family === 4 ? 'ipv4' : 'ipv6');
}
