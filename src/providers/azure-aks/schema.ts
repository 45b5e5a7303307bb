// zod schemas of the AKS managed cluster and its agent pools (azure-rest-api-specs
// specification/containerservice, Microsoft.ContainerService/aks/stable/2025-10-01: ManagedCluster,
// ManagedClusterProperties, AgentPool, ManagedClusterAgentPoolProfileProperties;
// docs/providers-next.md#azure-aks). All fields optional, unknown fields pass through.

import { z } from 'zod';

const text = z.string().nullish();

export const agentPoolPropertiesSchema = z.looseObject({
  provisioningState: text,
  count: z.number().nullish(),
  orchestratorVersion: text,
  currentOrchestratorVersion: text,
  nodeImageVersion: text,
  mode: text,
});

/** AgentPools_List / AgentPools_Get (`properties` nested) or agentPoolProfiles[] (flat, with `name`). */
export const agentPoolSchema = z.looseObject({
  name: text,
  id: text,
  properties: agentPoolPropertiesSchema.nullish(),
  provisioningState: text,
  orchestratorVersion: text,
  currentOrchestratorVersion: text,
});

export const managedClusterSchema = z.looseObject({
  id: text,
  name: text,
  properties: z
    .looseObject({
      provisioningState: text,
      kubernetesVersion: text,
      currentKubernetesVersion: text,
      agentPoolProfiles: z.array(agentPoolSchema).nullish(),
    })
    .nullish(),
});

export const agentPoolListSchema = z.looseObject({
  value: z.array(agentPoolSchema).nullish(),
  nextLink: text,
});

export type AksManagedCluster = z.infer<typeof managedClusterSchema>;
export type AksAgentPool = z.infer<typeof agentPoolSchema>;

/** The API version the schemas and fixtures were taken from (the newest stable one). */
export const AKS_API_VERSION = '2025-10-01';

/** An ARM URL without a query, with the client's api-version. */
export const withVersion = (url: string): string => `${url}?api-version=${AKS_API_VERSION}`;
