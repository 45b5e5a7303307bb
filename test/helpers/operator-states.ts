// Provider-native simulator states (src/simulator/types.ts ClusterState: operation → the body
// that operation returns, with the API's own field values from seeds 000–004) for the scripted
// upgrades of the operator integration tests, each with what the provider mappings (docs/reference.md#provider-alibabaack and the next sections) say the CR status must
// then show. The tests put one state at a time through the simulator's admin API and wait for
// the CR to show it, so every step is observed however the polls fall.
import type { Phase, ProviderName } from '../../src/api/types.js';
import type { ClusterState } from '../../src/simulator/index.js';

/** What the CR status must show once the operator has polled a state (the provider mappings of docs/reference.md#provider-alibabaack onwards). */
export interface ExpectedStatus {
  phase: Phase;
  /** Exact progress, or an inclusive [min, max] where docs/reference.md#progress-rules allows rounding. */
  progress?: number | [number, number];
  /** `undefined` = must be absent. */
  currentStep?: string;
  /** Progressing reason while Pending/Running: "reason = the current step" in docs/reference.md#conditions, CamelCased. */
  progressingReason?: string;
  /** Expected `steps[]` as `name:phase`. */
  steps?: string[];
  fromVersion?: string;
  toVersion?: string;
  /** Substring of status.message. */
  message?: RegExp;
}

export interface ScriptStep {
  /** Why the step exists (shown in failures). */
  label: string;
  state: ClusterState;
  expect: ExpectedStatus;
}

// ---------------------------------------------------------------- AlibabaACK (seed 000, 000 DescribeTaskInfo)

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

export const ACK = {
  idle: ackStatus('', 'not_start'),
  prechecking: ackStatus('running', 'prechecking', { status: 'running' }),
  upgrading: ackStatus('running', 'upgrading', { status: 'running', message: 'upgrading control plane' }),
  paused: ackStatus('pause', 'pause', { status: 'running', message: 'paused before upgrading nodes' }),
  success: ackStatus('success', 'success', {
    status: 'Success',
    message: 'cluster upgraded to 1.31.1-aliyun.1',
  }),
};

export function ackScript(): ScriptStep[] {
  return [
    { label: 'ACK idle', state: ACK.idle, expect: { phase: 'Idle', currentStep: undefined } },
    {
      label: 'ACK prechecking',
      state: ACK.prechecking,
      expect: {
        phase: 'Running',
        progress: 0,
        currentStep: 'Precheck',
        progressingReason: 'Precheck',
        steps: ['Precheck:Running', 'Upgrade:Pending'],
      },
    },
    {
      label: 'ACK upgrading',
      state: ACK.upgrading,
      expect: {
        phase: 'Running',
        progress: 50,
        currentStep: 'Upgrade',
        progressingReason: 'Upgrade',
        steps: ['Precheck:Succeeded', 'Upgrade:Running'],
      },
    },
    {
      label: 'ACK success',
      state: ACK.success,
      expect: {
        phase: 'Succeeded',
        progress: 100,
        currentStep: undefined,
        steps: ['Precheck:Succeeded', 'Upgrade:Succeeded'],
      },
    },
  ];
}

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

// ---------------------------------------------------------------- AlibabaACKAddons (seed 001)

export const ADDONS = ['cloud-controller-manager', 'metrics-server'] as const;

type AddonTask = { status: string; finished?: boolean; canceled?: boolean } | undefined;

function addonsState(
  ccm: AddonTask,
  ms: AddonTask,
  versions: [string, string] = ['v2.9.1-aliyun.1', 'v0.3.9.4-ff225cd-aliyun'],
): ClusterState {
  const entry = (name: string, version: string, created: string, task: AddonTask) => ({
    addon_info: { component_name: name, version, ready_to_upgrade: task ? 'false' : 'true' },
    ...(task
      ? {
          tasks: {
            created_at: created,
            finished_at: task.finished ? '2024-05-01T09:05:11Z' : '',
            status: task.status,
            is_canceled: task.canceled ?? false,
          },
        }
      : {}),
  });
  return {
    GetClusterAddonUpgradeStatus: {
      'cloud-controller-manager': entry('cloud-controller-manager', versions[0], '2024-05-01T09:01:55Z', ccm),
      'metrics-server': entry('metrics-server', versions[1], '2024-05-01T09:00:32Z', ms),
    },
  };
}

export const ADDON_STATES = {
  idle: addonsState(undefined, undefined),
  bothRunning: addonsState({ status: 'Running' }, { status: 'Upgrading' }),
  oneDone: addonsState({ status: 'Success', finished: true }, { status: 'Running' }, [
    'v2.10.0-aliyun.1',
    'v0.3.9.4-ff225cd-aliyun',
  ]),
  bothDone: addonsState({ status: 'Success', finished: true }, { status: 'Success', finished: true }, [
    'v2.10.0-aliyun.1',
    'v0.7.2-aliyun.1',
  ]),
  /** metrics-server's task cancelled (`is_canceled: true`), the other finished. */
  cancelled: addonsState(
    { status: 'Success', finished: true },
    { status: 'Canceled', finished: true, canceled: true },
    ['v2.10.0-aliyun.1', 'v0.3.9.4-ff225cd-aliyun'],
  ),
};

export function addonsScript(): ScriptStep[] {
  return [
    { label: 'addons idle', state: ADDON_STATES.idle, expect: { phase: 'Idle', currentStep: undefined } },
    {
      label: 'addons both running',
      state: ADDON_STATES.bothRunning,
      expect: {
        phase: 'Running',
        progress: 0,
        currentStep: 'cloud-controller-manager',
        progressingReason: 'CloudControllerManager',
      },
    },
    {
      label: 'addons one done',
      state: ADDON_STATES.oneDone,
      expect: {
        phase: 'Running',
        progress: 50,
        currentStep: 'metrics-server',
        progressingReason: 'MetricsServer',
      },
    },
    {
      label: 'addons both done',
      state: ADDON_STATES.bothDone,
      expect: { phase: 'Succeeded', progress: 100, currentStep: undefined },
    },
  ];
}

// ---------------------------------------------------------------- HuaweiCCE (seeds 002, 003)

type PointStatus = 'Init' | 'Running' | 'Success' | 'Failed';
const POINTS = ['PreCheck', 'Snapshot', 'Cluster', 'PostCheck'] as const;
const CCE_WORKFLOW_UID = '730f5577-38ef-448c-b4a7-c6878fbefdda';
export const CCE_TASK_ID = 'e1f2a3b4-c5d6-4e7f-8a9b-0c1d2e3f4a03';

function cceState(
  clusterID: string,
  phase: string,
  points: PointStatus[],
  taskProgress?: string,
): ClusterState {
  const pointStatuses = POINTS.map((taskType, index) => {
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
            pointStatuses,
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
  if (taskProgress !== undefined) {
    state.ShowUpgradeClusterTask = {
      [CCE_TASK_ID]: {
        kind: 'UpgradeTask',
        apiVersion: 'v3',
        metadata: {
          uid: CCE_TASK_ID,
          creationTimestamp: '2024-05-01 08:42:31.20671 +0800 CST',
          updateTimestamp: '2024-05-01 08:44:02.756712 +0800 CST',
        },
        spec: { version: 'v1.28.3-r0', targetVersion: 'v1.29.1-r0' },
        status: { phase: 'Running', progress: taskProgress, completionTime: '' },
      },
    };
  }
  return state;
}

export const CCE = {
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

const cceVersions = { fromVersion: 'v1.28.3-r0', toVersion: 'v1.29.1-r0' };

export function cceScript(id: string): ScriptStep[] {
  return [
    { label: 'CCE idle', state: CCE.idle(), expect: { phase: 'Idle', currentStep: undefined } },
    {
      label: 'CCE PreCheck',
      state: CCE.precheck(id),
      expect: {
        phase: 'Running',
        progress: 0,
        currentStep: 'PreCheck',
        progressingReason: 'PreCheck',
        steps: ['PreCheck:Running', 'Snapshot:Pending', 'Cluster:Pending', 'PostCheck:Pending'],
        ...cceVersions,
      },
    },
    {
      label: 'CCE Snapshot',
      state: CCE.snapshot(id),
      expect: {
        phase: 'Running',
        progress: 25,
        currentStep: 'Snapshot',
        progressingReason: 'Snapshot',
        ...cceVersions,
      },
    },
    {
      // (2 finished + 0.35 of the Cluster point) / 4 = 58.75 %: rounding as docs/reference.md#progress-rules allows.
      label: 'CCE Cluster 35 %',
      state: CCE.cluster(id, '35.00'),
      expect: {
        phase: 'Running',
        progress: [58, 59],
        currentStep: 'Cluster',
        progressingReason: 'Cluster',
        ...cceVersions,
      },
    },
    {
      label: 'CCE Cluster 80 %',
      state: CCE.cluster(id, '80.00'),
      expect: { phase: 'Running', progress: 70, currentStep: 'Cluster', ...cceVersions },
    },
    {
      label: 'CCE PostCheck',
      state: CCE.postcheck(id),
      expect: {
        phase: 'Running',
        progress: 75,
        currentStep: 'PostCheck',
        progressingReason: 'PostCheck',
        ...cceVersions,
      },
    },
    {
      label: 'CCE success',
      state: CCE.success(id),
      expect: {
        phase: 'Succeeded',
        progress: 100,
        currentStep: undefined,
        steps: ['PreCheck:Succeeded', 'Snapshot:Succeeded', 'Cluster:Succeeded', 'PostCheck:Succeeded'],
        ...cceVersions,
      },
    },
  ];
}

// ---------------------------------------------------------------- HuaweiCSS (seed 004)

const CSS_NODES = ['css-op-ess-esn-1-1', 'css-op-ess-esn-2-1', 'css-op-ess-esn-3-1'];
const CSS_STEP_NAMES = ['Data migration', 'Node image replacement', 'Task status update'];
type NodeStep = 'WAITING' | 'RUNNING' | 'SUCCESS' | 'FAILED';

function cssState(status: string, completed: number, current: string, steps: NodeStep[]): ClusterState {
  return {
    ListClustersDetails: {
      totalSize: 1,
      detailList: [
        {
          id: 'b7ac4c5b-3bda-4feb-a303-eb80f4bce986',
          startTime: '2024-05-01T02:23:39',
          endTime: status === 'RUNNING' ? '' : '2024-05-01T02:55:40',
          status,
          agencyName: 'css_upgrade_agency',
          imageInfo: {
            id: '439b5d30-5968-45df-b088-d030a858522d',
            displayName: '7.10.2_24.3.0_0415',
            datastoreType: 'elasticsearch',
            datastoreVersion: '7.10.2',
            priority: 16,
          },
          totalNodes: CSS_NODES.join(','),
          completedNodes: CSS_NODES.slice(0, completed).join(','),
          currentNodeName: current,
          executeTimes: '1',
          // Listed out of order on purpose: steps are sorted by `order` (docs/reference.md#provider-huaweicss).
          currentNodeDetail: [
            {
              order: 12,
              name: CSS_STEP_NAMES[2],
              status: steps[2],
              desc: 'task status update',
              beginTime: '',
              endTime: '',
            },
            {
              order: 0,
              name: CSS_STEP_NAMES[0],
              status: steps[0],
              desc: 'exclude the node',
              beginTime: '2024-05-01T02:23:42',
              endTime: '',
            },
            {
              order: 4,
              name: CSS_STEP_NAMES[1],
              status: steps[1],
              desc: 'replace the image',
              beginTime: '',
              endTime: '',
            },
          ],
        },
      ],
    },
  };
}

export const CSS = {
  idle: (): ClusterState => ({ ListClustersDetails: { totalSize: 0, detailList: [] } }),
  node1: () => cssState('RUNNING', 0, CSS_NODES[0]!, ['RUNNING', 'WAITING', 'WAITING']),
  node2: () => cssState('RUNNING', 1, CSS_NODES[1]!, ['SUCCESS', 'RUNNING', 'WAITING']),
  node3: () => cssState('RUNNING', 2, CSS_NODES[2]!, ['SUCCESS', 'SUCCESS', 'RUNNING']),
  success: () => cssState('SUCCESS', 3, '', ['SUCCESS', 'SUCCESS', 'SUCCESS']),
  partialFailed: () => cssState('PARTIAL_FAILED', 2, CSS_NODES[2]!, ['SUCCESS', 'FAILED', 'WAITING']),
};

export function cssScript(): ScriptStep[] {
  return [
    { label: 'CSS idle', state: CSS.idle(), expect: { phase: 'Idle', currentStep: undefined } },
    {
      label: 'CSS node 1 data migration',
      state: CSS.node1(),
      expect: {
        phase: 'Running',
        progress: 0,
        currentStep: `${CSS_NODES[0]}: Data migration`,
        progressingReason: 'CssOpEssEsn11:DataMigration',
        steps: ['Data migration:Running', 'Node image replacement:Pending', 'Task status update:Pending'],
        toVersion: '7.10.2',
      },
    },
    {
      label: 'CSS node 2 image replacement',
      state: CSS.node2(),
      expect: {
        phase: 'Running',
        progress: [33, 34],
        currentStep: `${CSS_NODES[1]}: Node image replacement`,
        toVersion: '7.10.2',
      },
    },
    {
      label: 'CSS node 3 status update',
      state: CSS.node3(),
      expect: {
        phase: 'Running',
        progress: [66, 67],
        currentStep: `${CSS_NODES[2]}: Task status update`,
        toVersion: '7.10.2',
      },
    },
    {
      label: 'CSS success',
      state: CSS.success(),
      expect: {
        phase: 'Succeeded',
        progress: 100,
        currentStep: undefined,
        steps: [
          'Data migration:Succeeded',
          'Node image replacement:Succeeded',
          'Task status update:Succeeded',
        ],
        toVersion: '7.10.2',
      },
    },
  ];
}

/** A state per provider that never changes: an idle cluster (for polling/metrics tests). */
export function idleState(provider: ProviderName): ClusterState {
  switch (provider) {
    case 'AlibabaACK':
      return ACK.idle;
    case 'AlibabaACKAddons':
      return ADDON_STATES.idle;
    case 'HuaweiCCE':
      return CCE.idle();
    case 'HuaweiCSS':
      return CSS.idle();
  }
}
