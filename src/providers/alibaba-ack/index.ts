// The AlibabaACK provider family: cluster upgrade status from ACK (cs.{region}.aliyuncs.com).

import { boundedConnect } from '../common/bounds.js';
import { ACCESS_KEY_SCHEME } from '../common/credentials.js';
import { defineFamily, type ProviderFamily } from '../common/provider.js';
import { alibabaKeyless } from '../alibaba-common/sts.js';
import { alibabaAckDescriptor } from './descriptor.js';
import { connectAlibabaAck } from './client.js';

export const alibabaAck: ProviderFamily = defineFamily(alibabaAckDescriptor, {
  credentials: ACCESS_KEY_SCHEME,
  keyless: alibabaKeyless,
  connect: boundedConnect((params) => connectAlibabaAck(params)),
});

export { connectAlibabaAck } from './client.js';
export { normalizeTaskInfo, normalizeUpgradeStatus } from './normalize.js';
