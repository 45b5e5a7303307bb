// The AlibabaACKAddons provider family: component (add-on) upgrade status from ACK.

import { boundedConnect } from '../common/bounds.js';
import type { ProviderFamily } from '../common/provider.js';
import { ALIBABA_ALLOWED_DOMAINS, alibabaCsBaseUrl } from '../alibaba-common/endpoint.js';
import { connectAlibabaACKAddons } from './client.js';

export const alibabaACKAddons: ProviderFamily = {
  name: 'AlibabaACKAddons',
  defaultBaseUrl: (spec) => alibabaCsBaseUrl(spec.region),
  allowedDomains: ALIBABA_ALLOWED_DOMAINS,
  connect: boundedConnect((params) => connectAlibabaACKAddons(params)),
};

export { connectAlibabaACKAddons, DESCRIBE_CLUSTER_ADDONS_UPGRADE_STATUS } from './client.js';
export { normalizeAddonsUpgradeStatus } from './normalize.js';
