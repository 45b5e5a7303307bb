// GoogleGKE's facts (docs/reference.md#provider-googlegke); a leaf, see ../common/descriptor.ts.

import type { ProviderDescriptor } from '../common/descriptor.js';
import { GOOGLE_GKE, PROVIDER_CLOUD } from '../names.js';

/** The GKE API host; `googleapis.com` also covers the token hosts oauth2. and sts.googleapis.com. */
export const GKE_BASE_URL = 'https://container.googleapis.com';

export const googleGkeDescriptor: ProviderDescriptor = {
  name: GOOGLE_GKE,
  cloud: PROVIDER_CLOUD[GOOGLE_GKE],
  // projectID: the GCP project in every path; taskID: an operation name to follow.
  specFields: { required: ['projectID'], allowed: ['projectID', 'taskID'] },
  // Workload Identity Federation (docs/keyless.md): the pool provider; the token audience
  // defaults to the provider's own name.
  supportsKeyless: true,
  identityFields: { required: ['poolProvider'], allowed: ['poolProvider', 'audience'] },
  runtimeDefaults: {},
  defaultBaseUrl: () => GKE_BASE_URL,
  allowedDomains: ['googleapis.com'],
  signing: 'OAuth2 JWT bearer (RS256)',
};
