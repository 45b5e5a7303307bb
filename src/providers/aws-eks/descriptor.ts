// AWSEKS's facts (docs/reference.md#provider-awseks); a leaf, see ../common/descriptor.ts.

import { SIGV4_ALGORITHM } from '../../signing/aws-sigv4.js';
import type { ProviderDescriptor } from '../common/descriptor.js';
import { AWS_EKS, PROVIDER_CLOUD } from '../names.js';
import { AWS_ALLOWED_DOMAINS, eksBaseUrl } from './endpoint.js';
import { AWS_ROLE_ARN_PATTERN, EKS_CLUSTER_NAME } from './facts.js';

export const awsEksDescriptor: ProviderDescriptor = {
  name: AWS_EKS,
  cloud: PROVIDER_CLOUD[AWS_EKS],
  // nodegroups: further steps, one per named managed node group.
  specFields: { required: [], allowed: ['nodegroups'] },
  // AssumeRoleWithWebIdentity needs the IAM role; the audience has a default (sts.amazonaws.com).
  identityFields: { required: ['roleARN'], allowed: ['roleARN', 'audience'] },
  supportsKeyless: true,
  runtimeDefaults: {},
  defaultBaseUrl: (spec) => eksBaseUrl(spec.region),
  allowedDomains: AWS_ALLOWED_DOMAINS,
  signing: `${SIGV4_ALGORITHM} (service eks)`,
  shapes: {
    clusterID: { pattern: EKS_CLUSTER_NAME.source, maxLength: 100, looksLike: 'an EKS cluster name' },
    'workloadIdentity.roleARN': {
      pattern: AWS_ROLE_ARN_PATTERN,
      maxLength: 256,
      looksLike: 'arn:aws:iam::<12-digit-account-id>:role/<role-name>',
    },
  },
};
