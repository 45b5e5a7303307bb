// HuaweiCSS's facts (docs/reference.md#provider-huaweicss); a leaf, see ../common/descriptor.ts.

import type { ActionMode } from '../../api/types.js';
import type { ProviderDescriptor } from '../common/descriptor.js';
import { HUAWEI_FACTS, HUAWEI_PROJECT } from '../huawei-common/descriptor.js';
import { cssHost } from '../huawei-common/endpoints.js';
import { HUAWEI_CSS, PROVIDER_CLOUD } from '../names.js';

/**
 * The actionMode a HuaweiCSS watch uses when it names none. A runtime default, not a CRD one:
 * a CRD default would put it on every object and trip the "actionMode only for HuaweiCSS" rule.
 */
export const DEFAULT_ACTION_MODE: ActionMode = 'Upgrading';

export const huaweiCssDescriptor: ProviderDescriptor = {
  ...HUAWEI_FACTS,
  name: HUAWEI_CSS,
  cloud: PROVIDER_CLOUD[HUAWEI_CSS],
  // actionMode: cluster upgrade (Upgrading) or AZ migration details.
  specFields: { required: HUAWEI_PROJECT, allowed: [...HUAWEI_PROJECT, 'actionMode'] },
  runtimeDefaults: { actionMode: DEFAULT_ACTION_MODE },
  defaultBaseUrl: (spec) => `https://${cssHost(spec.region)}`,
};
