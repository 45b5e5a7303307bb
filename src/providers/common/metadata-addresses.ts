// Instance-metadata services hand out the node's cloud credentials; no cloud API is served
// there. spec.endpoint is vetted by src/controller/endpoint.ts, but with --allow-custom-endpoints
// a host name can *resolve* to one of these, and an IPv6 literal that embeds one
// ([::ffff:169.254.169.254], [::a9fe:a9fe], [64:ff9b::a9fe:a9fe], [2002:a9fe:a9fe::]) slips past
// a dotted-quad check. So endpoint.ts refuses these
// literals and the transport refuses them by address, after DNS, whatever the URL said (test/unit/hostile/endpoints.test.ts).

import { BlockList, isIP } from 'node:net';

const METADATA_ADDRESSES = new BlockList();
METADATA_ADDRESSES.addSubnet('169.254.0.0', 16, 'ipv4'); // link-local: Huawei Cloud, AWS, GCP, Azure…
METADATA_ADDRESSES.addAddress('100.100.100.200', 'ipv4'); // Alibaba Cloud ECS metadata
METADATA_ADDRESSES.addSubnet('fe80::', 10, 'ipv6'); // IPv6 link-local
METADATA_ADDRESSES.addAddress('fd00:ec2::254', 'ipv6'); // AWS IMDS over IPv6

/** The 16 bytes of an IPv6 address (`::` and a trailing dotted quad allowed), or undefined. */
function ipv6Bytes(address: string): number[] | undefined {
  let text = address.replace(/%.*$/, ''); // zone id
  const quad = /(\d{1,3})\.(\d{1,3})\.(\d{1,3})\.(\d{1,3})$/.exec(text);
  if (quad) {
    const [a, b, c, d] = quad.slice(1).map(Number) as [number, number, number, number];
    text = `${text.slice(0, quad.index)}${((a << 8) | b).toString(16)}:${((c << 8) | d).toString(16)}`;
  }
  const [head, tail] = text.split('::') as [string, string | undefined];
  const groups = (part: string | undefined): string[] => (part ? part.split(':') : []);
  const left = groups(head);
  const right = groups(tail);
  const missing = 8 - left.length - right.length;
  if (missing < 0 || (tail === undefined && missing !== 0)) return undefined;
  const all = [...left, ...Array<string>(missing).fill('0'), ...right];
  const bytes: number[] = [];
  for (const group of all) {
    const value = Number.parseInt(group, 16);
    if (!/^[0-9a-f]{1,4}$/i.test(group) || Number.isNaN(value)) return undefined;
    bytes.push(value >> 8, value & 0xff);
  }
  return bytes;
}

const allZero = (bytes: number[]): boolean => bytes.every((b) => b === 0);

/**
 * The IPv4 address an IPv6 address embeds, for the forms that reach it: IPv4-compatible
 * (`::a9fe:a9fe`, ::/96), IPv4-mapped (`::ffff:…`), IPv4-translated (`::ffff:0:…`), NAT64
 * (`64:ff9b::/96`) and 6to4 (`2002:a9fe:a9fe::/48`, the IPv4 in bits 16–47).
 */
function embeddedIpv4(address: string): string | undefined {
  const bytes = ipv6Bytes(address);
  if (!bytes) return undefined;
  const dotted = (b: number[]): string => b.join('.');
  const prefix = bytes.slice(0, 12);
  if (bytes[0] === 0x20 && bytes[1] === 0x02) return dotted(bytes.slice(2, 6));
  const nat64 = [0, 0x64, 0xff, 0x9b, 0, 0, 0, 0, 0, 0, 0, 0];
  const mapped = [0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0xff, 0xff];
  const translated = [0, 0, 0, 0, 0, 0, 0, 0, 0xff, 0xff, 0, 0];
  const is = (p: number[]): boolean => p.every((b, i) => prefix[i] === b);
  if (is(nat64) || is(mapped) || is(translated)) return dotted(bytes.slice(12));
  // IPv4-compatible ::a.b.c.d — but not :: and ::1 themselves.
  if (allZero(prefix) && !allZero(bytes.slice(12, 15))) return dotted(bytes.slice(12));
  return undefined;
}

/** True for an instance-metadata address, IPv6 forms that embed one included. */
export function isMetadataAddress(address: string): boolean {
  const family = isIP(address);
  if (family === 0) return false;
  if (family === 4) return METADATA_ADDRESSES.check(address, 'ipv4');
  if (METADATA_ADDRESSES.check(address, 'ipv6')) return true;
  const ipv4 = embeddedIpv4(address);
  return ipv4 !== undefined && METADATA_ADDRESSES.check(ipv4, 'ipv4');
}
