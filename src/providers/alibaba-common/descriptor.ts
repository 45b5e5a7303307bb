// The facts every Alibaba ACK provider shares (a leaf: constants only; see
// ../common/descriptor.ts for the layering).

import { ACS3_ALGORITHM } from '../../signing/alibaba.js';
import type { FieldUse, IdentityField, ProviderDescriptor } from '../common/descriptor.js';
import { ALIBABA_ALLOWED_DOMAINS, alibabaCsBaseUrl } from './endpoint.js';

/** AssumeRoleWithOIDC needs the RAM role and the OIDC provider; the audience has a default. */
const ALIBABA_IDENTITY_FIELDS: FieldUse<IdentityField> = {
  required: ['roleARN', 'oidcProviderARN'],
  allowed: ['roleARN', 'oidcProviderARN', 'audience'],
};

export const ALIBABA_ACK_FACTS = {
  supportsKeyless: true,
  identityFields: ALIBABA_IDENTITY_FIELDS,
  defaultBaseUrl: (spec) => alibabaCsBaseUrl(spec.region),
  allowedDomains: ALIBABA_ALLOWED_DOMAINS,
  signing: ACS3_ALGORITHM,
} as const satisfies Partial<ProviderDescriptor>;
