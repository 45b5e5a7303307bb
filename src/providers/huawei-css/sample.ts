// The HuaweiCSS sample (docs/reference.md#provider-huaweicss): the spec the demo and the bench
// start from, and ListClustersDetails bodies with the API's own field values (seed 004) for the
// simulator.

import type { ClusterState } from '../../simulator/types.js';
import type { ProviderSample } from '../common/sample.js';
import { SAMPLE_PROJECT_ID } from '../huawei-cce/sample.js';
import { HUAWEI_CSS } from '../names.js';
import { normalizeDetails } from './normalize.js';
import type { UpgradeDetail } from './schema.js';

/** The sample cluster's nodes, upgraded one by one. */
export const CSS_NODES = ['css-op-ess-esn-1-1', 'css-op-ess-esn-2-1', 'css-op-ess-esn-3-1'] as const;
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

/** A rolling upgrade node by node, and its partly failed end. */
export const HUAWEI_CSS_STATES = {
  idle: (): ClusterState => ({ ListClustersDetails: { totalSize: 0, detailList: [] } }),
  node1: () => cssState('RUNNING', 0, CSS_NODES[0], ['RUNNING', 'WAITING', 'WAITING']),
  node2: () => cssState('RUNNING', 1, CSS_NODES[1], ['SUCCESS', 'RUNNING', 'WAITING']),
  node3: () => cssState('RUNNING', 2, CSS_NODES[2], ['SUCCESS', 'SUCCESS', 'RUNNING']),
  success: () => cssState('SUCCESS', 3, '', ['SUCCESS', 'SUCCESS', 'SUCCESS']),
  partialFailed: () => cssState('PARTIAL_FAILED', 2, CSS_NODES[2], ['SUCCESS', 'FAILED', 'WAITING']),
};

export const huaweiCssSample: ProviderSample<typeof HUAWEI_CSS> = {
  spec: {
    provider: HUAWEI_CSS,
    region: 'cn-north-4',
    clusterID: 'ea244205-d641-45d9-9dcb-ab2236bcd07e',
    projectID: SAMPLE_PROJECT_ID,
  },
  states: {
    idle: () => HUAWEI_CSS_STATES.idle(),
    running: (_clusterID, step) => (step === 0 ? HUAWEI_CSS_STATES.node1() : HUAWEI_CSS_STATES.node2()),
    succeeded: () => HUAWEI_CSS_STATES.success(),
  },
  // `UpgradeDetail` (the SDK's name) is read as an alias.
  stateOperations: ['ListClustersDetails', 'UpgradeDetail'],
  observe: (state) =>
    normalizeDetails((state.ListClustersDetails as { detailList: readonly UpgradeDetail[] }).detailList),
};
