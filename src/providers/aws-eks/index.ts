// The AWSEKS provider family: version updates of an EKS cluster and its node groups
// (eks.{region}.amazonaws.com), docs/reference.md#provider-awseks.

import { boundedConnect } from '../common/bounds.js';
import { ACCESS_KEY_SCHEME } from '../common/credentials.js';
import { defineFamily, type ProviderFamily } from '../common/provider.js';
import { connectAwsEks } from './client.js';
import { awsEksDescriptor } from './descriptor.js';
import { EksUpdateMemory } from './memory.js';
import { awsKeyless } from './sts.js';

/** A family with its own update memory (one per operator process; tests make their own). */
export function createAwsEksFamily(memory = new EksUpdateMemory()): ProviderFamily {
  return defineFamily(awsEksDescriptor, {
    credentials: ACCESS_KEY_SCHEME,
    keyless: awsKeyless,
    connect: boundedConnect((params) => connectAwsEks(params, { memory })),
  });
}

export const awsEks: ProviderFamily = createAwsEksFamily();

export { connectAwsEks, OPERATION_DESCRIBE_UPDATE, OPERATION_LIST_UPDATES } from './client.js';
export { awsEksFacts } from './facts.js';
export { awsStsOrigin, eksBaseUrl, AWS_ALLOWED_DOMAINS } from './endpoint.js';
export { assumeRoleWithWebIdentity, awsKeyless, awsRoleSessionName } from './sts.js';
export { normalize, newestVersionUpdate, VERSION_UPDATE, type EksUpdates } from './normalize.js';
export { describeUpdateResponseSchema, listUpdatesResponseSchema, updateSchema } from './schema.js';
export {
  AWS_AUTH_CODES,
  AWS_ERROR_TABLE,
  AWS_NOT_FOUND_CODES,
  AWS_THROTTLE_CODES,
  classifyAwsResponse,
} from './errors.js';
