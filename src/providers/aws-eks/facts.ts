// AWSEKS's name shapes (read by ./descriptor.ts and the client) and its sample: the spec and the
// simulator states ./sample.ts serves to the demo, the bench, the chaos fleet and the tests
// (docs/reference.md#provider-awseks).

import { AWS_EKS } from '../names.js';

/** EKS cluster names: letters, digits, `-` and `_`, starting alphanumeric, at most 100. */
export const EKS_CLUSTER_NAME = /^[0-9A-Za-z][A-Za-z0-9_-]{0,99}$/;
/** IAM role ARNs in any partition (aws, aws-cn, aws-us-gov); the text is also a CEL pattern. */
export const AWS_ROLE_ARN_PATTERN = '^arn:aws[a-z-]*:iam::[0-9]{12}:role/[A-Za-z0-9_+=,.@/-]{1,512}$';

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
  sample: {
    provider: AWS_EKS,
    region: 'us-west-2',
    clusterID: SAMPLE_CLUSTER,
    nodegroups: [...SAMPLE_NODEGROUPS],
  },
  /** ClusterState bodies of the simulator module (docs/simulator.md, "AWS EKS"). */
  simulatorStates: {
    idle: { ListUpdates: listings([], [], []), DescribeUpdate: {} },
    /** The control plane's update has just started; no node group has one yet (0 %). */
    started: {
      ListUpdates: listings([CLUSTER_UPDATE], [], []),
      DescribeUpdate: { [CLUSTER_UPDATE]: update(CLUSTER_UPDATE, 'InProgress', STARTED, '1.31') },
    },
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
