// HuaweiCSS provider family (docs/reference.md#provider-huaweicss): cluster upgrade and AZ-migration details.

import { boundedConnect } from '../common/bounds.js';
import type { ProviderFamily } from '../common/provider.js';
import { cssHost, HUAWEI_ALLOWED_DOMAINS } from '../huawei-common/endpoints.js';
import { createCssClient } from './client.js';

export const huaweiCssFamily: ProviderFamily = {
  name: 'HuaweiCSS',
  defaultBaseUrl: (spec) => `https://${cssHost(spec.region)}`,
  allowedDomains: HUAWEI_ALLOWED_DOMAINS,
  connect: boundedConnect(createCssClient),
};

export { createCssClient } from './client.js';
export { normalizeDetails } from './normalize.js';
