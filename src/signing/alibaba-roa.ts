// Alibaba's older ROA signature (`Authorization: acs AccessKeyId:Signature`, HMAC-SHA1 over a
// newline-joined string). upgradewatch signs with V3 (./alibaba.ts); this exists so the published
// ROA vectors are proven too and the simulator could recognise such a request. Not used in production.

import { createHmac } from 'node:crypto';
import type { SignableRequest } from './types.js';

function header(headers: Record<string, string>, name: string): string | undefined {
  const found = Object.entries(headers).find(([key]) => key.toLowerCase() === name);
  return found?.[1];
}

/**
 * `METHOD\nAccept\nContent-MD5\nContent-Type\nDate\n` + sorted `x-acs-*:value\n` lines +
 * the path with its query sorted by key, values raw (unencoded), `key` alone when empty.
 */
export function roaStringToSign(request: SignableRequest): string {
  const h = request.headers;
  const head = [
    request.method,
    header(h, 'accept') ?? '',
    header(h, 'content-md5') ?? '',
    header(h, 'content-type') ?? '',
    header(h, 'date') ?? '',
  ].join('\n');
  const acsLines = Object.entries(h)
    .map(([name, value]) => [name.toLowerCase(), value] as const)
    .filter(([name]) => name.startsWith('x-acs-'))
    .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))
    .map(([name, value]) => `${name}:${value.replace(/[\t\n\r\f]/g, ' ').trim()}\n`)
    .join('');
  const keys = Object.keys(request.query).sort();
  const resource =
    keys.length === 0
      ? request.path
      : `${request.path}?${keys.map((k) => `${k}=${request.query[k]}`).join('&')}`;
  return `${head}\n${acsLines}${resource}`;
}

/** Base64 HMAC-SHA1 of the string to sign. */
export function roaSignature(stringToSign: string, accessKeySecret: string): string {
  return createHmac('sha1', accessKeySecret).update(stringToSign, 'utf8').digest('base64');
}
