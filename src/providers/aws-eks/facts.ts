// Everything the registry, the CRD, zod, the demo, the bench and the chaos fleet need to know
// about AWSEKS, in one plain object (docs/providers-next.md#aws-eks). Nothing here is wired yet:
// issue 15's registry step reads it.

import { SIGV4_ALGORITHM } from '../../signing/aws-sigv4.js';
import { AWS_ALLOWED_DOMAINS } from './endpoint.js';
import { AWS_EKS } from './name.js';

/** EKS cluster names: letters, digits, `-` and `_`, starting alphanumeric, at most 100. */
export const EKS_CLUSTER_NAME = /^[0-9A-Za-z][A-Za-z0-9_-]{0,99}$/;
/** EKS node group names: the same alphabet, at most 63. */
export const EKS_NODEGROUP_NAME = /^[0-9A-Za-z][A-Za-z0-9_-]{0,62}$/;
/** IAM role ARNs in any partition (aws, aws-cn, aws-us-gov). */
export const AWS_ROLE_ARN = /^arn:aws[a-z-]*:iam::\d{12}:role\/[\w+=,.@/-]{1,512}$/;
/** A managed cluster has at most 30 node groups by default (EKS service quota). */
export const MAX_NODEGROUPS = 30;
/** The audience EKS's IAM roles for service accounts expect by default. */
export const AWS_STS_AUDIENCE = 'sts.amazonaws.com';

const SAMPLE_CLUSTER = 'prod-eks_1';
const SAMPLE_NODEGROUPS = ['general', 'gpu'] as const;
const CLUSTER_UPDATE = '0c9e8f6a-3d5b-4c1e-9a7f-2b8d6e4c1a01';
const GENERAL_UPDATE = '7a1b2c3d-4e5f-4a6b-8c7d-9e0f1a2b3c02';
const GPU_UPDATE = 'b3c4d5e6-f7a8-4b9c-8d0e-1f2a3b4c5d03';
/** 2024-12-06T10:00:00Z in epoch seconds, as restJson1 sends `createdAt`. */
const STARTED = 1733479200;

function update(id: string, status: string, createdAt: number, version: string, errors: unknown[] = []) {
  return {
    update: {
      id,
      status,
      type: 'VersionUpdate',
      params: [{ type: 'Version', value: version }],
      createdAt,
      errors,
    },
  };
}

function listings(cluster: string[], general: string[], gpu: string[]) {
  return {
    cluster: { updateIds: cluster, nextToken: null },
    nodegroups: {
      general: { updateIds: general, nextToken: null },
      gpu: { updateIds: gpu, nextToken: null },
    },
  };
}

const nodegroupFailure = {
  errorCode: 'NodeCreationFailure',
  errorMessage: 'Instances failed to join the kubernetes cluster',
  resourceIds: ['i-0a1b2c3d4e5f60718'],
};

/** Control plane and `general` done; `gpu` ends as `status`. */
function finished(status: string, errors: unknown[] = []) {
  return {
    ListUpdates: listings([CLUSTER_UPDATE], [GENERAL_UPDATE], [GPU_UPDATE]),
    DescribeUpdate: {
      [CLUSTER_UPDATE]: update(CLUSTER_UPDATE, 'Successful', STARTED, '1.31'),
      [GENERAL_UPDATE]: update(GENERAL_UPDATE, 'Successful', STARTED + 1200, '1.31'),
      [GPU_UPDATE]: update(GPU_UPDATE, status, STARTED + 2400, '1.31', errors),
    },
  };
}

export const awsEksFacts = {
  name: AWS_EKS,
  cloud: 'aws',
  spec: {
    /** `clusterID` is the EKS cluster name. */
    required: ['region', 'clusterID'],
    optional: ['nodegroups'],
    forbidden: ['projectID', 'taskID', 'components', 'actionMode'],
    clusterIDPattern: EKS_CLUSTER_NAME.source,
    nodegroups: { maxItems: MAX_NODEGROUPS, unique: true, itemPattern: EKS_NODEGROUP_NAME.source },
  },
  workloadIdentity: {
    required: ['serviceAccountName', 'roleARN'],
    forbidden: ['oidcProviderARN', 'idpID'],
    roleARNPattern: AWS_ROLE_ARN.source,
    defaultAudience: AWS_STS_AUDIENCE,
    exchange: 'STS AssumeRoleWithWebIdentity (anonymous)',
  },
  secretKeys: { required: ['accessKeyId', 'accessKeySecret'], optional: ['securityToken'] },
  signing: `${SIGV4_ALGORITHM} (service eks)`,
  allowedDomains: AWS_ALLOWED_DOMAINS,
  tokenHosts: ['sts.amazonaws.com', 'sts.{region}.amazonaws.com'],
  sample: {
    provider: AWS_EKS,
    region: 'us-west-2',
    clusterID: SAMPLE_CLUSTER,
    nodegroups: [...SAMPLE_NODEGROUPS],
  },
  /** ClusterState bodies of the simulator module (docs/simulator.md, "AWS EKS"). */
  simulatorStates: {
    idle: { ListUpdates: listings([], [], []), DescribeUpdate: {} },
    running: {
      ListUpdates: listings([CLUSTER_UPDATE], [GENERAL_UPDATE], []),
      DescribeUpdate: {
        [CLUSTER_UPDATE]: update(CLUSTER_UPDATE, 'Successful', STARTED, '1.31'),
        [GENERAL_UPDATE]: update(GENERAL_UPDATE, 'InProgress', STARTED + 1200, '1.31'),
      },
    },
    succeeded: finished('Successful'),
    failed: finished('Failed', [nodegroupFailure]),
  },
} as const;
