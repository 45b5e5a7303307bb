// HuaweiCCE's facts (docs/reference.md#provider-huaweicce); a leaf, see ../common/descriptor.ts.

import type { ProviderDescriptor } from '../common/descriptor.js';
import { HUAWEI_FACTS, HUAWEI_PROJECT } from '../huawei-common/descriptor.js';
import { cceHost } from '../huawei-common/endpoints.js';
import { HUAWEI_CCE, PROVIDER_CLOUD } from '../names.js';

export const huaweiCceDescriptor: ProviderDescriptor = {
  ...HUAWEI_FACTS,
  name: HUAWEI_CCE,
  cloud: PROVIDER_CLOUD[HUAWEI_CCE],
  // taskID: follow one upgrade task instead of the newest workflow.
  specFields: { required: HUAWEI_PROJECT, allowed: [...HUAWEI_PROJECT, 'taskID'] },
  runtimeDefaults: {},
  defaultBaseUrl: (spec) => `https://${cceHost(spec.region)}`,
};
