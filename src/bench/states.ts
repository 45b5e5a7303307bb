// Provider-native simulator states for the benchmark: every simulated cluster starts in an
// upgrade that is Running at 0 % ("before") and some are moved one step on ("after", progress
// > 0), so a change is visible in the CR status as soon as the operator has polled it.
// Field values follow seeds 000–004 (the same shapes as test/helpers/operator-states.ts).
import type { ProviderName } from '../api/types.js';
import type { ClusterState } from '../simulator/index.js';

export const REGION = { alibaba: 'cn-hangzhou', huawei: 'cn-north-4' } as const;
export const PROJECT_ID = '6204a5bd270343b5885144cf9c8c158d';
export const ADDONS = ['cloud-controller-manager', 'metrics-server'] as const;

export function isHuawei(provider: ProviderName): boolean {
  return provider === 'HuaweiCCE' || provider === 'HuaweiCSS';
}

function ack(status: string, step: string, message: string): ClusterState {
  return {
    GetUpgradeStatus: {
      error_message: '',
      precheck_report_id: 'be4c8eb72de94d459ea7ace7c811d119',
      status,
      upgrade_step: step,
      upgrade_task: { status: 'running', message },
    },
  };
}

type AddonTask = { status: string; finished?: boolean } | undefined;

function addons(ccm: AddonTask, ms: AddonTask, versions = ['v2.9.1-aliyun.1', 'v0.3.9.4-ff225cd-aliyun']) {
  const entry = (name: string, version: string | undefined, task: AddonTask) => ({
    addon_info: { component_name: name, version, ready_to_upgrade: task ? 'false' : 'true' },
    ...(task
      ? {
          tasks: {
            created_at: '2024-05-01T09:00:32Z',
            finished_at: task.finished ? '2024-05-01T09:05:11Z' : '',
            status: task.status,
            is_canceled: false,
          },
        }
      : {}),
  });
  return {
    GetClusterAddonUpgradeStatus: {
      'cloud-controller-manager': entry('cloud-controller-manager', versions[0], ccm),
      'metrics-server': entry('metrics-server', versions[1], ms),
    },
  };
}

const POINTS = ['PreCheck', 'Snapshot', 'Cluster', 'PostCheck'] as const;

function cce(clusterID: string, points: Array<'Init' | 'Running' | 'Success'>): ClusterState {
  const pointStatuses = POINTS.map((taskType, index) => {
    const status = points[index] ?? 'Init';
    if (status === 'Init') return { taskType, status };
    return {
      taskType,
      taskID: `00000000-0000-4000-8000-00000000000${index}`,
      status,
      startTimeStamp: `2024-05-01 08:4${index}:21.1 +0000 UTC`,
      endTimeStamp: status === 'Running' ? '' : `2024-05-01 08:4${index}:59.4 +0000 UTC`,
    };
  });
  return {
    ListUpgradeWorkFlows: {
      apiVersion: 'v3',
      kind: 'List',
      items: [
        {
          kind: 'WorkFlowTask',
          apiVersion: 'v3',
          metadata: {
            uid: '730f5577-38ef-448c-b4a7-c6878fbefdda',
            creationTimestamp: '2024-05-01 08:39:15.894417 +0000 UTC',
            updateTimestamp: '2024-05-01 08:49:20.718567 +0000 UTC',
          },
          spec: { clusterID, clusterVersion: 'v1.28.3-r0', targetVersion: 'v1.29.1-r0' },
          status: {
            phase: 'Running',
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
}

const CSS_NODES = ['css-op-ess-esn-1-1', 'css-op-ess-esn-2-1', 'css-op-ess-esn-3-1'];

function css(completed: number, steps: string[]): ClusterState {
  const names = ['Data migration', 'Node image replacement', 'Task status update'];
  return {
    ListClustersDetails: {
      totalSize: 1,
      detailList: [
        {
          id: 'b7ac4c5b-3bda-4feb-a303-eb80f4bce986',
          startTime: '2024-05-01T02:23:39',
          endTime: '',
          status: 'RUNNING',
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
          currentNodeName: CSS_NODES[completed],
          executeTimes: '1',
          currentNodeDetail: names.map((name, i) => ({
            order: i * 4,
            name,
            status: steps[i],
            desc: name,
            beginTime: '',
            endTime: '',
          })),
        },
      ],
    },
  };
}

/** The state every cluster starts in: an upgrade Running at 0 %. */
export function beforeState(provider: ProviderName, clusterID: string): ClusterState {
  switch (provider) {
    case 'AlibabaACK':
      return ack('running', 'prechecking', '');
    case 'AlibabaACKAddons':
      return addons({ status: 'Running' }, { status: 'Upgrading' });
    case 'HuaweiCCE':
      return cce(clusterID, ['Running']);
    case 'HuaweiCSS':
      return css(0, ['RUNNING', 'WAITING', 'WAITING']);
  }
}

/** The scripted change: the same upgrade one step on (progress > 0 in status). */
export function afterState(provider: ProviderName, clusterID: string): ClusterState {
  switch (provider) {
    case 'AlibabaACK':
      return ack('running', 'upgrading', 'upgrading control plane');
    case 'AlibabaACKAddons':
      return addons({ status: 'Success', finished: true }, { status: 'Running' }, [
        'v2.10.0-aliyun.1',
        'v0.3.9.4-ff225cd-aliyun',
      ]);
    case 'HuaweiCCE':
      return cce(clusterID, ['Success', 'Running']);
    case 'HuaweiCSS':
      return css(1, ['SUCCESS', 'RUNNING', 'WAITING']);
  }
}
