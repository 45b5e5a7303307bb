// GoogleGKE's facts (docs/reference.md#provider-googlegke); a leaf, see ../common/descriptor.ts.

import type { ProviderDescriptor } from '../common/descriptor.js';
import { GOOGLE_GKE, PROVIDER_CLOUD } from '../names.js';

/** The GKE API host; `googleapis.com` also covers the token host oauth2.googleapis.com. */
export const GKE_BASE_URL = 'https://container.googleapis.com';

export const googleGkeDescriptor: ProviderDescriptor = {
  name: GOOGLE_GKE,
  cloud: PROVIDER_CLOUD[GOOGLE_GKE],
  // projectID: the GCP project in every path; taskID: an operation name to follow.
  specFields: { required: ['projectID'], allowed: ['projectID', 'taskID'] },
  // GKE Workload Identity Federation is not built yet (docs/reference.md#planned-not-built-yet).
  supportsKeyless: false,
  identityFields: { required: [], allowed: [] },
  runtimeDefaults: {},
  defaultBaseUrl: () => GKE_BASE_URL,
  allowedDomains: ['googleapis.com'],
  signing: 'OAuth2 JWT bearer (RS256)',
};
