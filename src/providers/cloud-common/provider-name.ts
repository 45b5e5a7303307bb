// The providers this folder serves before the registry knows them. 'GoogleGKE' and 'AzureAKS'
// join PROVIDERS (../names.ts) at registration; until then this is the one place their names are
// passed where a ProviderName is expected (metrics observer, simulator routes). Registration
// deletes the cast: `asProviderName` then becomes the identity and can go.

import type { ProviderName } from '../names.js';

export const GOOGLE_GKE = 'GoogleGKE';
export const AZURE_AKS = 'AzureAKS';
export type UnregisteredProvider = typeof GOOGLE_GKE | typeof AZURE_AKS;

export function asProviderName(name: UnregisteredProvider): ProviderName {
  return name as unknown as ProviderName;
}
