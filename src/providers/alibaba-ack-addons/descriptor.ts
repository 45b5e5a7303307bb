// AlibabaACKAddons' facts (docs/reference.md#provider-alibabaackaddons); a leaf, see
// ../common/descriptor.ts.

import { ALIBABA_ACK_FACTS } from '../alibaba-common/descriptor.js';
import type { ProviderDescriptor } from '../common/descriptor.js';
import { ALIBABA_ACK_ADDONS, PROVIDER_CLOUD } from '../names.js';

export const alibabaAckAddonsDescriptor: ProviderDescriptor = {
  ...ALIBABA_ACK_FACTS,
  name: ALIBABA_ACK_ADDONS,
  cloud: PROVIDER_CLOUD[ALIBABA_ACK_ADDONS],
  // components: the add-ons whose upgrade is watched.
  specFields: { required: ['components'], allowed: ['components'] },
  runtimeDefaults: {},
};
