// AlibabaACK's facts (docs/reference.md#provider-alibabaack); a leaf, see ../common/descriptor.ts.

import { ALIBABA_ACK_FACTS } from '../alibaba-common/descriptor.js';
import type { ProviderDescriptor } from '../common/descriptor.js';
import { ALIBABA_ACK, PROVIDER_CLOUD } from '../names.js';

export const alibabaAckDescriptor: ProviderDescriptor = {
  ...ALIBABA_ACK_FACTS,
  name: ALIBABA_ACK,
  cloud: PROVIDER_CLOUD[ALIBABA_ACK],
  // taskID: follow one DescribeTaskInfo task instead of GetUpgradeStatus.
  specFields: { required: [], allowed: ['taskID'] },
  runtimeDefaults: {},
};
