// AWSEKS provider groundwork (docs/providers-next.md#aws-eks): schema, normalizer and error
// classification of the EKS update API. Not used in production yet — wired by issue 15's
// registry step (registry, CRD, simulator); keep these exports until then.

export { normalize, newestVersionUpdate, VERSION_UPDATE, type EksUpdates } from './normalize.js';
export { describeUpdateResponseSchema, listUpdatesResponseSchema, updateSchema } from './schema.js';
export { AWS_AUTH_CODES, AWS_NOT_FOUND_CODES, AWS_THROTTLE_CODES, classifyAwsResponse } from './errors.js';
