// AlibabaACKAddons ExternalClient: one signed GET per poll,
//   GET /clusters/{clusterID}/components/upgradestatus?componentIds=["a","b"]
// (DescribeClusterAddonsUpgradeStatus; the query value is one JSON-array string).

import { alibabaCallContext, callAlibaba } from '../alibaba-common/request.js';
import type { AccessKeyCredentials } from '../common/credentials.js';
import type { ConnectParams, ExternalClient, ObserveResult } from '../common/provider.js';
import { zodBodyParser } from '../common/signed-get.js';
import { normalizeAddonsUpgradeStatus } from './normalize.js';
import { addonsUpgradeStatusSchema } from './schema.js';

const OPERATION_DESCRIBE_CLUSTER_ADDONS_UPGRADE_STATUS = 'DescribeClusterAddonsUpgradeStatus';

const parseBody = zodBodyParser(addonsUpgradeStatusSchema);

export function connectAlibabaAckAddons(
  params: ConnectParams<AccessKeyCredentials>,
  options: { nonce?: () => string } = {},
): ExternalClient {
  const { spec } = params;
  const components = spec.components ?? [];
  return {
    async observe(signal?: AbortSignal): Promise<ObserveResult> {
      const result = await callAlibaba(
        {
          provider: 'AlibabaACKAddons',
          action: OPERATION_DESCRIBE_CLUSTER_ADDONS_UPGRADE_STATUS,
          segments: ['clusters', spec.clusterID, 'components', 'upgradestatus'],
          query: components.length > 0 ? { componentIds: JSON.stringify(components) } : {},
          parse: parseBody,
        },
        alibabaCallContext(params, options, signal),
      );
      return result.ok
        ? { ok: true, observation: normalizeAddonsUpgradeStatus(result.value, components) }
        : result;
    },
  };
}
