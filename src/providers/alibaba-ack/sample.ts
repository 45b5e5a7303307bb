// The AlibabaACK sample (docs/reference.md#provider-alibabaack): the spec the demo and the bench
// start from, and GetUpgradeStatus / DescribeTaskInfo bodies with the API's own field values
// (seed 000) for the simulator.

import type { ClusterState } from '../../simulator/types.js';
import type { ProviderSample } from '../common/sample.js';
import { ALIBABA_ACK } from '../names.js';
import { normalizeUpgradeStatus } from './normalize.js';
import type { GetUpgradeStatusBody } from './schema.js';

function ackStatus(
  status: string,
  step: string,
  task?: { status: string; message?: string },
  error = '',
): ClusterState {
  return {
    GetUpgradeStatus: {
      error_message: error,
      precheck_report_id: status === '' ? '' : 'be4c8eb72de94d459ea7ace7c811d119',
      status,
      upgrade_step: step,
      ...(task ? { upgrade_task: { status: task.status, message: task.message ?? '' } } : {}),
    },
  };
}

/** One upgrade through GetUpgradeStatus: Precheck → Upgrade (or a pause) → success. */
export const ALIBABA_ACK_STATES = {
  idle: ackStatus('', 'not_start'),
  prechecking: ackStatus('running', 'prechecking', { status: 'running' }),
  upgrading: ackStatus('running', 'upgrading', { status: 'running', message: 'upgrading control plane' }),
  paused: ackStatus('pause', 'pause', { status: 'running', message: 'paused before upgrading nodes' }),
  success: ackStatus('success', 'success', {
    status: 'Success',
    message: 'cluster upgraded to 1.31.1-aliyun.1',
  }),
};

/** DescribeTaskInfo (spec.taskID) for one task id. */
export function ackTaskState(taskID: string, clusterID: string, state: 'running' | 'fail'): ClusterState {
  const failed = state === 'fail';
  return {
    DescribeTaskInfo: {
      [taskID]: {
        task_id: taskID,
        cluster_id: clusterID,
        task_type: 'cluster_upgrade',
        state,
        created: '2024-05-01T10:02:04+08:00',
        updated: failed ? '2024-05-01T10:09:41+08:00' : '2024-05-01T10:03:06+08:00',
        current_stage: 'UpgradeMaster',
        target: { id: clusterID, type: 'cluster' },
        stages: [
          {
            state: 'success',
            start_time: '2024-05-01 10:02:05',
            end_time: '2024-05-01 10:02:50',
            message: 'precheck passed',
          },
          {
            state: failed ? 'failed' : 'running',
            start_time: '2024-05-01 10:02:51',
            end_time: failed ? '2024-05-01 10:09:40' : '',
            message: failed
              ? 'kube-apiserver did not become ready within 600s'
              : 'upgrading master components',
          },
        ],
        ...(failed
          ? {
              error: {
                code: 'UpgradeMasterFailed',
                message: 'kube-apiserver did not become ready within 600s',
              },
            }
          : {}),
      },
    },
  };
}

export const alibabaAckSample: ProviderSample<typeof ALIBABA_ACK> = {
  spec: { provider: ALIBABA_ACK, region: 'cn-hangzhou', clusterID: 'c106f377e16f34eb1808d6b9362c9a01' },
  states: {
    idle: () => ALIBABA_ACK_STATES.idle,
    running: (_clusterID, step) =>
      step === 0 ? ALIBABA_ACK_STATES.prechecking : ALIBABA_ACK_STATES.upgrading,
    succeeded: () => ALIBABA_ACK_STATES.success,
  },
  // A cluster may also hold the add-on status: the add-ons API falls back to it.
  stateOperations: [
    'GetUpgradeStatus',
    'DescribeTaskInfo',
    'GetClusterAddonUpgradeStatus',
    'DescribeClusterAddonsUpgradeStatus',
  ],
  observe: (state) => normalizeUpgradeStatus(state.GetUpgradeStatus as GetUpgradeStatusBody),
};
