// The AlibabaACKAddons sample (docs/reference.md#provider-alibabaackaddons): the spec the demo and
// the bench start from, and DescribeClusterAddonsUpgradeStatus bodies with the API's own field
// values (seed 001) for the simulator.

import type { ClusterState } from '../../simulator/types.js';
import type { ProviderSample } from '../common/sample.js';
import { ALIBABA_ACK_ADDONS } from '../names.js';
import { normalizeAddonsUpgradeStatus } from './normalize.js';
import type { AddonsUpgradeStatusBody } from './schema.js';

/** The components the sample watches (spec.components). */
export const SAMPLE_ADDONS = ['cloud-controller-manager', 'metrics-server'] as const;

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

/** Both components upgrading, one after the other, or one cancelled. */
export const ALIBABA_ACK_ADDONS_STATES = {
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

export const alibabaAckAddonsSample: ProviderSample<typeof ALIBABA_ACK_ADDONS> = {
  spec: {
    provider: ALIBABA_ACK_ADDONS,
    region: 'cn-hangzhou',
    clusterID: 'c23421cfa74454bc8b37163fd19af003',
    components: [...SAMPLE_ADDONS],
  },
  states: {
    idle: () => ALIBABA_ACK_ADDONS_STATES.idle,
    running: (_clusterID, step) =>
      step === 0 ? ALIBABA_ACK_ADDONS_STATES.bothRunning : ALIBABA_ACK_ADDONS_STATES.oneDone,
    succeeded: () => ALIBABA_ACK_ADDONS_STATES.bothDone,
  },
  stateOperations: ['GetClusterAddonUpgradeStatus', 'DescribeClusterAddonsUpgradeStatus'],
  observe: (state) =>
    normalizeAddonsUpgradeStatus(
      state.GetClusterAddonUpgradeStatus as AddonsUpgradeStatusBody,
      SAMPLE_ADDONS,
    ),
};
