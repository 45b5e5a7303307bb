// GoogleGKE provider family (docs/reference.md#provider-googlegke): upgrade operations from
// container.googleapis.com, with a service-account key traded for an OAuth2 bearer token, or
// keyless: a ServiceAccount token traded at Google STS (./sts.ts).

import { boundedConnect } from '../common/bounds.js';
import { orAccessToken, SERVICE_ACCOUNT_KEY_SCHEME } from '../common/credentials.js';
import { defineFamily, type ProviderFamily } from '../common/provider.js';
import { connectGoogleGke } from './client.js';
import { googleGkeDescriptor } from './descriptor.js';
import { googleKeyless } from './sts.js';

export const googleGke: ProviderFamily = defineFamily(googleGkeDescriptor, {
  credentials: orAccessToken(SERVICE_ACCOUNT_KEY_SCHEME),
  keyless: googleKeyless,
  connect: boundedConnect(connectGoogleGke),
});
