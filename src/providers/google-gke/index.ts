// GoogleGKE provider family (docs/reference.md#provider-googlegke): upgrade operations from
// container.googleapis.com, with a service-account key traded for an OAuth2 bearer token.

import { boundedConnect } from '../common/bounds.js';
import { SERVICE_ACCOUNT_KEY_SCHEME } from '../common/credentials.js';
import { defineFamily, type ProviderFamily } from '../common/provider.js';
import { connectGoogleGke } from './client.js';
import { googleGkeDescriptor } from './descriptor.js';

export const googleGke: ProviderFamily = defineFamily(googleGkeDescriptor, {
  credentials: SERVICE_ACCOUNT_KEY_SCHEME,
  connect: boundedConnect(connectGoogleGke),
});
