// The AWSEKS provider family: version updates of an EKS cluster and its node groups
// (eks.{region}.amazonaws.com), docs/providers-next.md#aws-eks. Not in the registry yet — issue
// 15's registry step adds `awsEks` there and turns the name into a registered ProviderName.

import { boundedConnect } from '../common/bounds.js';
import type { ProviderFamily } from '../common/provider.js';
import { connectAwsEks } from './client.js';
import { AWS_ALLOWED_DOMAINS, eksBaseUrl } from './endpoint.js';
import { EksUpdateMemory } from './memory.js';
import { AWS_EKS } from './name.js';

export type AwsEksFamily = Omit<ProviderFamily, 'name'> & { name: typeof AWS_EKS };

/** A family with its own update memory (one per operator process; tests make their own). */
export function createAwsEksFamily(memory = new EksUpdateMemory()): AwsEksFamily {
  return {
    name: AWS_EKS,
    defaultBaseUrl: (spec) => eksBaseUrl(spec.region),
    allowedDomains: AWS_ALLOWED_DOMAINS,
    connect: boundedConnect((params) => connectAwsEks(params, { memory })),
  };
}

export const awsEks: AwsEksFamily = createAwsEksFamily();

export { connectAwsEks, DESCRIBE_UPDATE, LIST_UPDATES, type EksSpec } from './client.js';
export { awsEksFacts } from './facts.js';
export { awsStsOrigin, eksBaseUrl, AWS_ALLOWED_DOMAINS } from './endpoint.js';
export { AWS_EKS } from './name.js';
export { assumeRoleWithWebIdentity, awsRoleSessionName } from './sts.js';
export { normalize, newestVersionUpdate, VERSION_UPDATE, type EksUpdates } from './normalize.js';
export { describeUpdateResponseSchema, listUpdatesResponseSchema, updateSchema } from './schema.js';
export {
  AWS_AUTH_CODES,
  AWS_ERROR_TABLE,
  AWS_NOT_FOUND_CODES,
  AWS_THROTTLE_CODES,
  classifyAwsResponse,
} from './errors.js';
