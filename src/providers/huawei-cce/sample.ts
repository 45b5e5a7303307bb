// The HuaweiCCE sample (docs/reference.md#provider-huaweicce): the spec the demo and the bench
// start from, and ListUpgradeWorkFlows / ShowUpgradeClusterTask bodies with the API's own field
// values (seeds 002, 003) for the simulator.

import type { ClusterState } from '../../simulator/types.js';
import type { ProviderSample } from '../common/sample.js';
import { HUAWEI_CCE } from '../names.js';
import { normalizeWorkflowList } from './normalize.js';
import type { UpgradeWorkflowList } from './schema.js';

/** The IAM project of the sample region (the Huawei samples share it). */
export const SAMPLE_PROJECT_ID = '6204a5bd270343b5885144cf9c8c158d';

type PointStatus = 'Init' | 'Running' | 'Success' | 'Failed';
const POINTS = ['PreCheck', 'Snapshot', 'Cluster', 'PostCheck'] as const;
const CCE_WORKFLOW_UID = '730f5577-38ef-448c-b4a7-c6878fbefdda';
/** The task id of the workflow's Cluster point (ShowUpgradeClusterTask). */
export const CCE_TASK_ID = 'e1f2a3b4-c5d6-4e7f-8a9b-0c1d2e3f4a03';

function pointStatusesOf(points: readonly PointStatus[]) {
  return POINTS.map((taskType, index) => {
    const status = points[index] ?? 'Init';
    if (status === 'Init') return { taskType, status };
    return {
      taskType,
      taskID: taskType === 'Cluster' ? CCE_TASK_ID : `00000000-0000-4000-8000-00000000000${index}`,
      status,
      startTimeStamp: `2024-05-01 08:4${index}:21.1 +0000 UTC`,
      endTimeStamp: status === 'Running' ? '' : `2024-05-01 08:4${index}:59.4 +0000 UTC`,
    };
  });
}

function clusterTask(progress: string) {
  return {
    [CCE_TASK_ID]: {
      kind: 'UpgradeTask',
      apiVersion: 'v3',
      metadata: {
        uid: CCE_TASK_ID,
        creationTimestamp: '2024-05-01 08:42:31.20671 +0800 CST',
        updateTimestamp: '2024-05-01 08:44:02.756712 +0800 CST',
      },
      spec: { version: 'v1.28.3-r0', targetVersion: 'v1.29.1-r0' },
      status: { phase: 'Running', progress, completionTime: '' },
    },
  };
}

function cceState(
  clusterID: string,
  phase: string,
  points: PointStatus[],
  taskProgress?: string,
): ClusterState {
  const state: ClusterState = {
    ListUpgradeWorkFlows: {
      apiVersion: 'v3',
      kind: 'List',
      items: [
        {
          kind: 'WorkFlowTask',
          apiVersion: 'v3',
          metadata: {
            uid: CCE_WORKFLOW_UID,
            creationTimestamp: '2024-05-01 08:39:15.894417 +0000 UTC',
            updateTimestamp: '2024-05-01 08:49:20.718567 +0000 UTC',
          },
          spec: { clusterID, clusterVersion: 'v1.28.3-r0', targetVersion: 'v1.29.1-r0' },
          status: {
            phase,
            pointStatuses: pointStatusesOf(points),
            lineStatuses: [
              { startPoint: { taskType: 'PreCheck' }, endPoint: { taskType: 'Snapshot' } },
              { startPoint: { taskType: 'Snapshot' }, endPoint: { taskType: 'Cluster' } },
              { startPoint: { taskType: 'Cluster' }, endPoint: { taskType: 'PostCheck' } },
            ],
          },
        },
      ],
    },
  };
  if (taskProgress !== undefined) state.ShowUpgradeClusterTask = clusterTask(taskProgress);
  return state;
}

/** One upgrade workflow through its four points, and its failed and cancelled ends. */
export const HUAWEI_CCE_STATES = {
  idle: (): ClusterState => ({ ListUpgradeWorkFlows: { apiVersion: 'v3', kind: 'List', items: [] } }),
  precheck: (id: string) => cceState(id, 'Running', ['Running']),
  snapshot: (id: string) => cceState(id, 'Running', ['Success', 'Running']),
  cluster: (id: string, progress: string) =>
    cceState(id, 'Running', ['Success', 'Success', 'Running'], progress),
  postcheck: (id: string) => cceState(id, 'Running', ['Success', 'Success', 'Success', 'Running']),
  success: (id: string) => cceState(id, 'Success', ['Success', 'Success', 'Success', 'Success']),
  /** Workflow phase `Pending` = a task failed (seed 003). */
  failed: (id: string) => cceState(id, 'Pending', ['Success', 'Success', 'Failed']),
  cancelled: (id: string) => cceState(id, 'Cancel', ['Success', 'Running']),
};

export const huaweiCceSample: ProviderSample<typeof HUAWEI_CCE> = {
  spec: {
    provider: HUAWEI_CCE,
    region: 'cn-north-4',
    clusterID: 'b4b9e60f-8aa2-11ee-af09-0255ac10004f',
    projectID: SAMPLE_PROJECT_ID,
  },
  states: {
    idle: () => HUAWEI_CCE_STATES.idle(),
    running: (clusterID, step) =>
      step === 0 ? HUAWEI_CCE_STATES.precheck(clusterID) : HUAWEI_CCE_STATES.snapshot(clusterID),
    succeeded: (clusterID) => HUAWEI_CCE_STATES.success(clusterID),
  },
  stateOperations: ['ListUpgradeWorkFlows', 'ShowUpgradeClusterTask'],
  observe: (state) => normalizeWorkflowList(state.ListUpgradeWorkFlows as UpgradeWorkflowList),
};
