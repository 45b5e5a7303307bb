// Provider name → family: each provider's descriptor (./descriptors.ts, pure facts) joined with
// its behaviour (credentials scheme, keyless exchange, connect) in its own folder's index.ts.
//
// Layering, leaves first (each layer imports only the ones above it):
//   names.ts                     provider names and clouds
//   <provider>/descriptor.ts     facts: fields, defaults, domains, signing — constants only
//   descriptors.ts               all descriptors; read by src/api (CEL/zod rules, runtime defaults)
//   <provider>/client.ts         the cloud calls (may import src/api, e.g. PATTERNS)
//   <provider>/index.ts          defineFamily(descriptor, behaviour)
//   registry.ts                  all families; read by the operator, controller and credentials
// A `Record<ProviderName, …>` at both ends makes the compiler list a missing provider.

import { alibabaAckAddons } from './alibaba-ack-addons/index.js';
import { alibabaAck } from './alibaba-ack/index.js';
import { awsEks } from './aws-eks/index.js';
import { azureAks } from './azure-aks/index.js';
import type { ProviderFamily } from './common/provider.js';
import { googleGke } from './google-gke/index.js';
import { huaweiCce } from './huawei-cce/index.js';
import { huaweiCss } from './huawei-css/index.js';
import {
  ALIBABA_ACK,
  ALIBABA_ACK_ADDONS,
  AWS_EKS,
  AZURE_AKS,
  GOOGLE_GKE,
  HUAWEI_CCE,
  HUAWEI_CSS,
  type ProviderName,
} from './names.js';

export const families: Readonly<Record<ProviderName, ProviderFamily>> = {
  [ALIBABA_ACK]: alibabaAck,
  [ALIBABA_ACK_ADDONS]: alibabaAckAddons,
  [HUAWEI_CCE]: huaweiCce,
  [HUAWEI_CSS]: huaweiCss,
  [AWS_EKS]: awsEks,
  [GOOGLE_GKE]: googleGke,
  [AZURE_AKS]: azureAks,
};
