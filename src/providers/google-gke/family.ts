// The GoogleGKE provider family (docs/providers-next.md#google-gke): upgrade operations from
// container.googleapis.com; `googleapis.com` covers the API and the token host
// oauth2.googleapis.com. Not in the registry yet — the registry step adds it.

import { unregisteredFamily, type UnregisteredFamily } from '../cloud-common/bearer-client.js';
import { GOOGLE_GKE } from '../cloud-common/provider-name.js';
import { connectGoogleGKE } from './client.js';
import { googleGkeFacts } from './facts.js';

export const googleGke: UnregisteredFamily<typeof GOOGLE_GKE> = unregisteredFamily(
  GOOGLE_GKE,
  googleGkeFacts,
  (params) => connectGoogleGKE(params),
);
