// The GoogleGKE sample (docs/reference.md#provider-googlegke): the spec the demo, the bench and
// the test helpers start from, and ListOperations bodies in the `container/v1` Operation shape,
// with the GetCluster body (`container/v1` Cluster) whose master version the upgrade moves, for
// the simulator (docs/simulator.md#google-gke).

import { createHash } from 'node:crypto';
import type { ClusterState } from '../../simulator/types.js';
import type { ProviderSample } from '../common/sample.js';
import { GOOGLE_GKE } from '../names.js';
import { GKE_BASE_URL } from './descriptor.js';
import { normalize } from './normalize.js';
import type { GkeOperation } from './schema.js';

const PROJECT = 'demo-project-1';
const LOCATION = 'us-central1';
const CLUSTER = 'prod-gke';
const STAGES = ['Preparing', 'Upgrading control plane', 'Verifying'] as const;
type StageStatus = 'PENDING' | 'RUNNING' | 'DONE';
/** The sample upgrade moves the control plane from FROM_VERSION to TO_VERSION. */
export const GKE_FROM_VERSION = '1.33.5-gke.1080000';
export const GKE_TO_VERSION = '1.34.1-gke.1829001';

/**
 * The sample upgrade's operation name for `clusterID`. Google names operations uniquely within a
 * project and location, and the simulator lists a location's operations across its clusters and
 * gets one by name, so clusters sharing one name would read each other's upgrade (the first
 * seven-provider bench run did: its GKE watches missed changes and wrote while idle).
 */
export function gkeOperationName(clusterID: string): string {
  return `operation-1765000000000-${createHash('sha256').update(clusterID).digest('hex').slice(0, 8)}`;
}

/** One UPGRADE_MASTER operation of `clusterID` in the `container/v1` Operation shape. */
function masterUpgrade(clusterID: string, fields: Record<string, unknown>): Record<string, unknown> {
  const location = `${GKE_BASE_URL}/v1/projects/${PROJECT}/locations/${LOCATION}`;
  const name = gkeOperationName(clusterID);
  return {
    name,
    operationType: 'UPGRADE_MASTER',
    targetLink: `${location}/clusters/${clusterID}`,
    selfLink: `${location}/operations/${name}`,
    location: LOCATION,
    startTime: '2026-12-07T02:00:00Z',
    ...fields,
  };
}

/** Stage `index` while stage `current` runs. */
const stageAt = (index: number, current: number): StageStatus =>
  index < current ? 'DONE' : index === current ? 'RUNNING' : 'PENDING';

const stages = (statuses: readonly StageStatus[]) =>
  STAGES.map((name, index) => ({ name, status: statuses[index] }));

/** The cluster as `projects.locations.clusters.get` answers it (the fields the client reads). */
function cluster(
  clusterID: string,
  master: string,
  status: 'RUNNING' | 'RECONCILING',
): Record<string, unknown> {
  return {
    name: clusterID,
    location: LOCATION,
    selfLink: `${GKE_BASE_URL}/v1/projects/${PROJECT}/locations/${LOCATION}/clusters/${clusterID}`,
    status,
    initialClusterVersion: GKE_FROM_VERSION,
    currentMasterVersion: master,
    currentNodeVersion: GKE_FROM_VERSION,
    nodePools: [{ name: 'default-pool', version: GKE_FROM_VERSION, status: 'RUNNING' }],
  };
}

const list = (...operations: Array<Record<string, unknown>>): ClusterState => ({
  ListOperations: { operations },
});

/** The operations, and the cluster at `master` (RECONCILING while an operation runs). */
const withCluster = (
  state: ClusterState,
  clusterID: string,
  master: string,
  running = false,
): ClusterState => ({
  ...state,
  GetCluster: cluster(clusterID, master, running ? 'RECONCILING' : 'RUNNING'),
});

/** The sample cluster's upgrade through its three stages, and its failed end. */
export const GKE_STATES = {
  idle: (): ClusterState => list(),
  running: (clusterID: string, stage: 0 | 1 | 2): ClusterState =>
    withCluster(
      list(
        masterUpgrade(clusterID, {
          status: 'RUNNING',
          progress: { stages: stages(STAGES.map((_name, i) => stageAt(i, stage))) },
        }),
      ),
      clusterID,
      GKE_FROM_VERSION,
      true,
    ),
  succeeded: (clusterID: string): ClusterState =>
    withCluster(
      list(
        masterUpgrade(clusterID, {
          status: 'DONE',
          endTime: '2026-12-07T02:25:00Z',
          progress: { stages: stages(['DONE', 'DONE', 'DONE']) },
        }),
      ),
      clusterID,
      GKE_TO_VERSION,
    ),
  // A failed master upgrade leaves the control plane where it was.
  failed: (clusterID: string): ClusterState =>
    withCluster(
      list(
        masterUpgrade(clusterID, {
          status: 'DONE',
          endTime: '2026-12-07T02:15:00Z',
          error: { code: 13, message: 'Control plane upgrade failed: health check timed out' },
          progress: { stages: stages(['DONE', 'DONE', 'PENDING']) },
        }),
      ),
      clusterID,
      GKE_FROM_VERSION,
    ),
};

export const googleGkeSample: ProviderSample<typeof GOOGLE_GKE> = {
  spec: { provider: GOOGLE_GKE, region: LOCATION, clusterID: CLUSTER, projectID: PROJECT },
  states: {
    idle: () => GKE_STATES.idle(),
    running: (clusterID, step) => GKE_STATES.running(clusterID, step),
    succeeded: (clusterID) => GKE_STATES.succeeded(clusterID),
  },
  stateOperations: ['ListOperations', 'GetCluster'],
  observe: (state) => {
    const body = state.ListOperations as { operations?: GkeOperation[] } | undefined;
    const operations = body?.operations ?? [];
    const target = operations[0]?.targetLink?.split('/').pop() ?? CLUSTER;
    return normalize(operations, target);
  },
};
