// The registry line: every provider the operator knows, in the order the CRD lists them, and the
// cloud each belongs to (docs/reference.md#custom-resource). Everything else names a provider
// through these constants; a new provider starts here and in ./registry.ts.

export const PROVIDERS = [
  'AlibabaACK',
  'AlibabaACKAddons',
  'HuaweiCCE',
  'HuaweiCSS',
  'AWSEKS',
  'GoogleGKE',
  'AzureAKS',
] as const;
export type ProviderName = (typeof PROVIDERS)[number];

export const [ALIBABA_ACK, ALIBABA_ACK_ADDONS, HUAWEI_CCE, HUAWEI_CSS, AWS_EKS, GOOGLE_GKE, AZURE_AKS] =
  PROVIDERS;

export const CLOUDS = ['alibaba', 'huawei', 'aws', 'google', 'azure'] as const;
export type Cloud = (typeof CLOUDS)[number];

export const PROVIDER_CLOUD: Readonly<Record<ProviderName, Cloud>> = {
  [ALIBABA_ACK]: 'alibaba',
  [ALIBABA_ACK_ADDONS]: 'alibaba',
  [HUAWEI_CCE]: 'huawei',
  [HUAWEI_CSS]: 'huawei',
  [AWS_EKS]: 'aws',
  [GOOGLE_GKE]: 'google',
  [AZURE_AKS]: 'azure',
};
