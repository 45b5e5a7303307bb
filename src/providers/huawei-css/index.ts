// HuaweiCSS provider family (docs/reference.md#provider-huaweicss): cluster upgrade and AZ-migration details.

import { boundedConnect } from '../common/bounds.js';
import { ACCESS_KEY_SCHEME } from '../common/credentials.js';
import { defineFamily, type ProviderFamily } from '../common/provider.js';
import { huaweiKeyless } from '../huawei-common/iam.js';
import { huaweiCssDescriptor } from './descriptor.js';
import { connectHuaweiCss } from './client.js';

export const huaweiCss: ProviderFamily = defineFamily(huaweiCssDescriptor, {
  credentials: ACCESS_KEY_SCHEME,
  keyless: huaweiKeyless,
  connect: boundedConnect(connectHuaweiCss),
});

export { connectHuaweiCss } from './client.js';
export { normalizeDetails } from './normalize.js';
