// HuaweiCCE provider family (docs/reference.md#provider-huaweicce): cluster upgrade workflows and upgrade tasks.

import { boundedConnect } from '../common/bounds.js';
import type { ProviderFamily } from '../common/provider.js';
import { cceHost, HUAWEI_ALLOWED_DOMAINS } from '../huawei-common/endpoints.js';
import { createCceClient } from './client.js';

export const huaweiCceFamily: ProviderFamily = {
  name: 'HuaweiCCE',
  defaultBaseUrl: (spec) => `https://${cceHost(spec.region)}`,
  allowedDomains: HUAWEI_ALLOWED_DOMAINS,
  connect: boundedConnect(createCceClient),
};

export { createCceClient } from './client.js';
export { normalizeTask, normalizeWorkflow, normalizeWorkflowList } from './normalize.js';
