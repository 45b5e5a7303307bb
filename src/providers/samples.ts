// Provider name → its sample (./common/sample.ts). A provider without one does not compile: the
// demo, the bench, the chaos fleet, the test helpers and deploy/samples/ all start from here.
import { alibabaAckAddonsSample } from './alibaba-ack-addons/sample.js';
import { alibabaAckSample } from './alibaba-ack/sample.js';
import { awsEksSample } from './aws-eks/sample.js';
import { azureAksSample } from './azure-aks/sample.js';
import type { ProviderSample } from './common/sample.js';
import { googleGkeSample } from './google-gke/sample.js';
import { huaweiCceSample } from './huawei-cce/sample.js';
import { huaweiCssSample } from './huawei-css/sample.js';
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

export const SAMPLES: Readonly<{ [P in ProviderName]: ProviderSample<P> }> = {
  [ALIBABA_ACK]: alibabaAckSample,
  [ALIBABA_ACK_ADDONS]: alibabaAckAddonsSample,
  [HUAWEI_CCE]: huaweiCceSample,
  [HUAWEI_CSS]: huaweiCssSample,
  [AWS_EKS]: awsEksSample,
  [GOOGLE_GKE]: googleGkeSample,
  [AZURE_AKS]: azureAksSample,
};

/** Where the simulator serves a cluster of `provider` for the sample spec to find it (admin API). */
export function simPlacement(provider: ProviderName): { region: string; projectID?: string } {
  const { region, projectID } = SAMPLES[provider].spec;
  return { region, ...(projectID !== undefined ? { projectID } : {}) };
}
