// The facts every Huawei Cloud provider shares (a leaf: constants only; see
// ../common/descriptor.ts for the layering).

import { HUAWEI_ALGORITHM } from '../../signing/huawei.js';
import type { FieldUse, IdentityField, OptionalSpecField, ProviderDescriptor } from '../common/descriptor.js';
import { HUAWEI_ALLOWED_DOMAINS } from './endpoints.js';

/** Every Huawei API path carries the project. */
export const HUAWEI_PROJECT: readonly OptionalSpecField[] = ['projectID'];

/** OIDC federation needs the identity provider and the audience its IdP mapping expects. */
const HUAWEI_IDENTITY_FIELDS: FieldUse<IdentityField> = {
  required: ['idpID', 'audience'],
  allowed: ['idpID', 'audience'],
};

export const HUAWEI_FACTS = {
  supportsKeyless: true,
  identityFields: HUAWEI_IDENTITY_FIELDS,
  allowedDomains: HUAWEI_ALLOWED_DOMAINS,
  signing: HUAWEI_ALGORITHM,
} as const satisfies Partial<ProviderDescriptor>;
