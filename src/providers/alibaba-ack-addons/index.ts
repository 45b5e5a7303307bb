// The AlibabaACKAddons provider family: component (add-on) upgrade status from ACK.

import { boundedConnect } from '../common/bounds.js';
import { ACCESS_KEY_SCHEME } from '../common/credentials.js';
import { defineFamily, type ProviderFamily } from '../common/provider.js';
import { alibabaKeyless } from '../alibaba-common/sts.js';
import { alibabaAckAddonsDescriptor } from './descriptor.js';
import { connectAlibabaAckAddons } from './client.js';

export const alibabaAckAddons: ProviderFamily = defineFamily(alibabaAckAddonsDescriptor, {
  credentials: ACCESS_KEY_SCHEME,
  keyless: alibabaKeyless,
  connect: boundedConnect((params) => connectAlibabaAckAddons(params)),
});

export { connectAlibabaAckAddons } from './client.js';
export { normalizeAddonsUpgradeStatus } from './normalize.js';
