// The AWSEKS sample (docs/reference.md#provider-awseks): the spec the demo and the bench start
// from (a cluster with two named node groups), and ListUpdates / DescribeUpdate states from
// awsEksFacts for the simulator.

import type { ClusterState } from '../../simulator/types.js';
import type { ProviderSample } from '../common/sample.js';
import { AWS_EKS } from '../names.js';
import { OPERATION_DESCRIBE_UPDATE, OPERATION_LIST_UPDATES } from './client.js';
import { awsEksFacts } from './facts.js';
import { newestVersionUpdate, normalize } from './normalize.js';
import type { EksUpdate } from './schema.js';

const { simulatorStates } = awsEksFacts;

/** A deep copy, so a scenario that edits its cluster's state cannot change the sample. */
function copy(state: object): ClusterState {
  return structuredClone(state) as ClusterState;
}

/** The newest update the state lists for the cluster (no `group`) or one node group. */
function newestIn(state: ClusterState, group?: string): EksUpdate | undefined {
  const listings = (state.ListUpdates ?? {}) as {
    cluster?: { updateIds?: string[] };
    nodegroups?: Record<string, { updateIds?: string[] }>;
  };
  const ids = (group === undefined ? listings.cluster : listings.nodegroups?.[group])?.updateIds ?? [];
  const bodies = (state.DescribeUpdate ?? {}) as Record<string, { update?: EksUpdate }>;
  return newestVersionUpdate(ids.flatMap((id) => (bodies[id]?.update ? [bodies[id].update] : [])));
}

export const awsEksSample: ProviderSample<typeof AWS_EKS> = {
  spec: {
    provider: AWS_EKS,
    region: awsEksFacts.sample.region,
    clusterID: awsEksFacts.sample.clusterID,
    nodegroups: [...awsEksFacts.sample.nodegroups],
  },
  states: {
    idle: () => copy(simulatorStates.idle),
    running: (_clusterID, step) => copy(step === 0 ? simulatorStates.started : simulatorStates.running),
    succeeded: () => copy(simulatorStates.succeeded),
  },
  stateOperations: [OPERATION_LIST_UPDATES, OPERATION_DESCRIBE_UPDATE],
  observe: (state) => {
    const cluster = newestIn(state);
    const nodegroups = awsEksFacts.sample.nodegroups.map((name) => ({ name, update: newestIn(state, name) }));
    return normalize({ ...(cluster ? { cluster } : {}), nodegroups });
  },
};
