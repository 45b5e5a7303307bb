// AlibabaACK ExternalClient: one signed GET per poll.
//   default:        GET /api/v2/clusters/{clusterID}/upgrade/status   (GetUpgradeStatus)
//   with taskID:    GET /tasks/{taskID}                               (DescribeTaskInfo)

import { alibabaCallContext, callAlibaba } from '../alibaba-common/request.js';
import type { AccessKeyCredentials } from '../common/credentials.js';
import type { ConnectParams, ExternalClient, ObserveResult } from '../common/provider.js';
import { zodBodyParser } from '../common/signed-get.js';
import { normalizeTaskInfo, normalizeUpgradeStatus } from './normalize.js';
import { describeTaskInfoSchema, getUpgradeStatusSchema } from './schema.js';

const OPERATION_GET_UPGRADE_STATUS = 'GetUpgradeStatus';
const OPERATION_DESCRIBE_TASK_INFO = 'DescribeTaskInfo';

const parseUpgradeStatus = zodBodyParser(getUpgradeStatusSchema);
const parseTaskInfo = zodBodyParser(describeTaskInfoSchema);

interface AlibabaClientOptions {
  /** Nonce source for x-acs-signature-nonce (tests inject a fixed one). */
  nonce?: () => string;
}

export function connectAlibabaAck(
  params: ConnectParams<AccessKeyCredentials>,
  options: AlibabaClientOptions = {},
): ExternalClient {
  const { spec } = params;
  return {
    async observe(signal?: AbortSignal): Promise<ObserveResult> {
      const context = alibabaCallContext(params, options, signal);
      if (spec.taskID) {
        const taskID = spec.taskID;
        const result = await callAlibaba(
          {
            provider: 'AlibabaACK',
            action: OPERATION_DESCRIBE_TASK_INFO,
            segments: ['tasks', taskID],
            parse: parseTaskInfo,
          },
          context,
        );
        return result.ok ? { ok: true, observation: normalizeTaskInfo(result.value, taskID) } : result;
      }
      const result = await callAlibaba(
        {
          provider: 'AlibabaACK',
          action: OPERATION_GET_UPGRADE_STATUS,
          segments: ['api', 'v2', 'clusters', spec.clusterID, 'upgrade', 'status'],
          parse: parseUpgradeStatus,
        },
        context,
      );
      return result.ok ? { ok: true, observation: normalizeUpgradeStatus(result.value) } : result;
    },
  };
}
