// Every provider's facts, by name: the leaf half of the registry. src/api reads this module
// (CEL and zod rules, runtime defaults); ./registry.ts adds the behaviour. Import only
// descriptor modules here, never a client (see ./common/descriptor.ts for why).

import { alibabaAckAddonsDescriptor } from './alibaba-ack-addons/descriptor.js';
import { alibabaAckDescriptor } from './alibaba-ack/descriptor.js';
import { awsEksDescriptor } from './aws-eks/descriptor.js';
import { azureAksDescriptor } from './azure-aks/descriptor.js';
import type { ProviderDescriptor } from './common/descriptor.js';
import { googleGkeDescriptor } from './google-gke/descriptor.js';
import { huaweiCceDescriptor } from './huawei-cce/descriptor.js';
import { huaweiCssDescriptor } from './huawei-css/descriptor.js';
import {
  ALIBABA_ACK,
  ALIBABA_ACK_ADDONS,
  AWS_EKS,
  HUAWEI_CCE,
  HUAWEI_CSS,
  GOOGLE_GKE,
  AZURE_AKS,
  PROVIDERS,
  type ProviderName,
} from './names.js';

export const descriptors: Readonly<Record<ProviderName, ProviderDescriptor>> = {
  [ALIBABA_ACK]: alibabaAckDescriptor,
  [ALIBABA_ACK_ADDONS]: alibabaAckAddonsDescriptor,
  [HUAWEI_CCE]: huaweiCceDescriptor,
  [HUAWEI_CSS]: huaweiCssDescriptor,
  [AWS_EKS]: awsEksDescriptor,
  [GOOGLE_GKE]: googleGkeDescriptor,
  [AZURE_AKS]: azureAksDescriptor,
};

/** The descriptors in PROVIDERS order (the order the CRD lists providers in). */
export function descriptorList(): ProviderDescriptor[] {
  return PROVIDERS.map((name) => descriptors[name]);
}
