// The AlibabaACK provider family: cluster upgrade status from ACK (cs.{region}.aliyuncs.com).

import { boundedConnect } from '../common/bounds.js';
import type { ProviderFamily } from '../common/provider.js';
import { ALIBABA_ALLOWED_DOMAINS, alibabaCsBaseUrl } from '../alibaba-common/endpoint.js';
import { connectAlibabaACK } from './client.js';

export const alibabaACK: ProviderFamily = {
  name: 'AlibabaACK',
  defaultBaseUrl: (spec) => alibabaCsBaseUrl(spec.region),
  allowedDomains: ALIBABA_ALLOWED_DOMAINS,
  connect: boundedConnect((params) => connectAlibabaACK(params)),
};

export { connectAlibabaACK, DESCRIBE_TASK_INFO, GET_UPGRADE_STATUS } from './client.js';
export { normalizeTaskInfo, normalizeUpgradeStatus } from './normalize.js';
