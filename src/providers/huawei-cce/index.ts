// HuaweiCCE provider family (docs/reference.md#provider-huaweicce): cluster upgrade workflows and upgrade tasks.

import { boundedConnect } from '../common/bounds.js';
import { ACCESS_KEY_SCHEME } from '../common/credentials.js';
import { defineFamily, type ProviderFamily } from '../common/provider.js';
import { huaweiKeyless } from '../huawei-common/iam.js';
import { huaweiCceDescriptor } from './descriptor.js';
import { connectHuaweiCce } from './client.js';

export const huaweiCce: ProviderFamily = defineFamily(huaweiCceDescriptor, {
  credentials: ACCESS_KEY_SCHEME,
  keyless: huaweiKeyless,
  connect: boundedConnect(connectHuaweiCce),
});

export { connectHuaweiCce } from './client.js';
export { normalizeTask, normalizeWorkflow, normalizeWorkflowList } from './normalize.js';
