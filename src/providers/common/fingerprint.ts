// A short name for secret material that cannot be turned back into it: the first hex digits of
// its SHA-256. Used to notice a rotated Secret, key caches by credential, and name exchanges,
// without keeping or logging anything reversible (docs/reference.md#security).

import { createHash } from 'node:crypto';

export function fingerprint(material: string, hexDigits = 16): string {
  return createHash('sha256').update(material).digest('hex').slice(0, hexDigits);
}
