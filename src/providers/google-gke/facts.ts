// What the registry step needs to know about GoogleGKE (docs/providers-next.md#google-gke):
// spec fields and their patterns, Secret keys, the auth scheme, a sample spec and the simulator
// states (one per phase) the demo, bench and chaos fleet use. Plain data; nothing reads it until
// the provider is registered.

import { GOOGLE_GKE } from '../cloud-common/provider-name.js';
import { SERVICE_ACCOUNT_KEY } from './credentials.js';

const PROJECT = 'demo-project-1';
const LOCATION = 'us-central1';
const CLUSTER = 'prod-gke';
const CLUSTER_LINK = `https://container.googleapis.com/v1/projects/${PROJECT}/locations/${LOCATION}/clusters/${CLUSTER}`;

/** One UPGRADE_MASTER operation in the `container/v1` Operation shape. */
function masterUpgrade(fields: Record<string, unknown>): Record<string, unknown> {
  return {
    name: 'operation-1765000000000-a1b2c3d4',
    operationType: 'UPGRADE_MASTER',
    targetLink: CLUSTER_LINK,
    selfLink: `https://container.googleapis.com/v1/projects/${PROJECT}/locations/${LOCATION}/operations/operation-1765000000000-a1b2c3d4`,
    location: LOCATION,
    startTime: '2026-12-07T02:00:00Z',
    ...fields,
  };
}

const stages = (statuses: readonly string[]) =>
  ['Preparing', 'Upgrading control plane', 'Verifying'].map((name, index) => ({
    name,
    status: statuses[index],
  }));

export const googleGkeFacts = {
  name: GOOGLE_GKE,
  cloud: 'google',
  spec: {
    required: ['region', 'clusterID', 'projectID'],
    /** spec.taskID: an operation name to follow instead of the newest upgrade. */
    allowed: ['region', 'clusterID', 'projectID', 'taskID', 'endpoint', 'credentialsRef'],
    patterns: {
      /** GCP project ids: 6–30, lower case, start with a letter, no trailing hyphen. */
      projectID: '^[a-z][a-z0-9-]{4,28}[a-z0-9]$',
      /** GKE cluster names: up to 40, lower case, start with a letter. */
      clusterID: '^[a-z](?:[-a-z0-9]{0,38}[a-z0-9])?$',
      /** spec.region is the GKE location: a region (us-central1) or a zone (us-central1-a). */
      region: '^[a-z]+-[a-z]+[0-9]+(?:-[a-z])?$',
      taskID: '^operation-[A-Za-z0-9-]{1,54}$',
    },
  },
  secretKeys: [SERVICE_ACCOUNT_KEY],
  authScheme: 'OAuth2 JWT bearer (RS256 service-account assertion, RFC 7523)',
  defaultBaseUrl: 'https://container.googleapis.com',
  allowedDomains: ['googleapis.com'],
  sampleSpec: { provider: GOOGLE_GKE, region: LOCATION, clusterID: CLUSTER, projectID: PROJECT },
  /** Simulator cluster states (docs/simulator.md#google-gke): the ListOperations body per phase. */
  simulatorStates: {
    idle: { ListOperations: { operations: [] } },
    running: {
      ListOperations: {
        operations: [
          masterUpgrade({ status: 'RUNNING', progress: { stages: stages(['DONE', 'RUNNING', 'PENDING']) } }),
        ],
      },
    },
    succeeded: {
      ListOperations: {
        operations: [
          masterUpgrade({
            status: 'DONE',
            endTime: '2026-12-07T02:25:00Z',
            progress: { stages: stages(['DONE', 'DONE', 'DONE']) },
          }),
        ],
      },
    },
    failed: {
      ListOperations: {
        operations: [
          masterUpgrade({
            status: 'DONE',
            endTime: '2026-12-07T02:15:00Z',
            error: { code: 13, message: 'Control plane upgrade failed: health check timed out' },
            progress: { stages: stages(['DONE', 'DONE', 'PENDING']) },
          }),
        ],
      },
    },
  },
} as const;
