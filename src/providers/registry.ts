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
import * as names from './names.js';

export const families: Readonly<Record<names.ProviderName, ProviderFamily>> = {
  [names.ALIBABA_ACK]: alibabaAck,
  [names.ALIBABA_ACK_ADDONS]: alibabaAckAddons,
  [names.HUAWEI_CCE]: huaweiCce,
  [names.HUAWEI_CSS]: huaweiCss,
  [names.AWS_EKS]: awsEks,
  [names.GOOGLE_GKE]: googleGke,
  [names.AZURE_AKS]: azureAks,
};
