// The two bearer-token families under attack: GoogleGKE (service-account key → RS256 JWT
// assertion → OAuth2 token endpoint, then `projects.locations.operations`) and AzureAKS (Entra
// client credentials → token endpoint, then the ARM managed cluster and its agent pools). Each
// poll first POSTs to the token endpoint on the hostile server's own origin
// (../../../src/providers/cloud-common/token-endpoint.ts), so each family gets two targets:
//
// - the API target: the token endpoint answers a good token, the row's reply lands on the API GETs;
// - the token target: the row's reply lands on the token POST, the API answers well.
//
// Every play gets a fresh family — its own token cache and poll memory — so no token, followed
// operation or "upgrade seen" leaks from one row into the next. (A little over 300 lines: the
// token targets are derived from the API targets and their bodies, so they stay in one file.)

import { azureAksDescriptor } from '../../../src/providers/azure-aks/descriptor.js';
import { azureAks } from '../../../src/providers/azure-aks/index.js';
import { googleGke } from '../../../src/providers/google-gke/index.js';
import { connectAzureAks, type AksClientOptions } from '../../../src/providers/azure-aks/client.js';
import { createPollMemory } from '../../../src/providers/cloud-common/poll-memory.js';
import { createTokenCache, type TokenCache } from '../../../src/providers/cloud-common/token-cache.js';
import { boundedConnect } from '../../../src/providers/common/bounds.js';
import {
  defineFamily,
  type ConnectParams,
  type ProviderFamily,
} from '../../../src/providers/common/provider.js';
import { connectGoogleGke, type GkeClientOptions } from '../../../src/providers/google-gke/client.js';
import { googleGkeDescriptor } from '../../../src/providers/google-gke/descriptor.js';
import { AZURE_AKS, GOOGLE_GKE } from '../../../src/providers/names.js';
import {
  entraAppCredential,
  googleServiceAccountCredential,
} from '../../../src/providers/sample-credentials.js';
import { systemClock } from '../../../src/runtime/clock.js';
import type { HostileTarget } from './targets.js';

type Json = Record<string, unknown>;

const clone = <T>(value: T): T => structuredClone(value);
const record = (value: unknown): Json => value as Json;
const list = (value: unknown): Json[] => value as Json[];

// ---- credentials: distinctive values, so a leak of any of them is unmistakable ----

const GOOGLE_KEY = googleServiceAccountCredential('hostile', 'p-hostile');
const TENANT = 'b5f0c1d2-0000-4000-8000-00000000beef';
/** Shaped like an Entra client secret (`…8Q~…`): `~` is %7E once form-encoded. */
const CLIENT_SECRET = 'hostile8Q~Entra.client-secret_Kw3';
const ENTRA_APP = entraAppCredential(TENANT, 'c0ffee00-0000-4000-8000-000000000001', CLIENT_SECRET);
const GKE_ACCESS_TOKEN = 'ya29.hostile-issued-gke-token-Qm4Z';
const AKS_ACCESS_TOKEN = 'eyJ0eXAiOiJKV1QifQ.hostile-issued-aks-token.Vr8N';

const privateKeyOf = (serviceAccountKey: string): string =>
  (JSON.parse(serviceAccountKey) as { private_key: string }).private_key;

/** The bearer families' secrets: the client secret, the private key and both issued tokens. */
export const BEARER_SECRETS: readonly string[] = [
  CLIENT_SECRET,
  privateKeyOf(GOOGLE_KEY.secret.serviceAccountKey!),
  GKE_ACCESS_TOKEN,
  AKS_ACCESS_TOKEN,
];

/**
 * A fresh family per play (per world in ./world.ts): its own poll memory, and its own token
 * cache on the clock of its first poll (a world's virtual clock, so advancing it past a token's
 * life makes the next poll ask the token endpoint again), kept across that family's polls only.
 */
function freshFamily(provider: typeof GOOGLE_GKE | typeof AZURE_AKS): ProviderFamily {
  let cache: TokenCache | undefined;
  const cacheOf = (params: ConnectParams): TokenCache =>
    (cache ??= createTokenCache({ clock: params.clock ?? systemClock }));
  if (provider === GOOGLE_GKE) {
    const memory: NonNullable<GkeClientOptions['memory']> = createPollMemory();
    // The real family's credential scheme and keyless exchange; only the connect is this play's.
    return defineFamily(googleGkeDescriptor, {
      credentials: googleGke.credentials,
      ...(googleGke.keyless ? { keyless: googleGke.keyless } : {}),
      connect: boundedConnect((params) => connectGoogleGke(params, { cache: cacheOf(params), memory })),
    });
  }
  const memory: NonNullable<AksClientOptions['memory']> = createPollMemory();
  return defineFamily(azureAksDescriptor, {
    credentials: azureAks.credentials,
    ...(azureAks.keyless ? { keyless: azureAks.keyless } : {}),
    connect: boundedConnect((params) => connectAzureAks(params, { cache: cacheOf(params), memory })),
  });
}

/** A good OAuth2 token reply (RFC 6749 §5.1), as both token endpoints send it. */
const goodToken = (accessToken: string): Json => ({
  access_token: accessToken,
  token_type: 'Bearer',
  expires_in: 3599,
});

// ---- GoogleGKE: ListOperations (the newest UPGRADE_MASTER of the cluster, running) ----

const GKE_LOCATION = 'https://container.googleapis.com/v1/projects/p-hostile/locations/us-central1';
const GKE_TOKEN_PATH = '/token';
const GKE_OPERATIONS = {
  operations: [
    {
      name: 'operation-1740790800000-hostile',
      operationType: 'UPGRADE_MASTER',
      status: 'RUNNING',
      detail: 'Upgrading control plane to 1.32.1-gke.100',
      targetLink: `${GKE_LOCATION}/clusters/c-hostile`,
      selfLink: `${GKE_LOCATION}/operations/operation-1740790800000-hostile`,
      location: 'us-central1',
      startTime: '2025-03-01T01:00:00Z',
      progress: {
        stages: [
          { name: 'Preparing', status: 'DONE' },
          {
            name: 'Upgrading control plane',
            status: 'RUNNING',
            metrics: [
              { name: 'nodes done', intValue: '2' },
              { name: 'nodes total', intValue: '4' },
            ],
          },
          { name: 'Verifying', status: 'PENDING' },
        ],
      },
    },
  ],
};

/** GetOperation's path: once the list named a running upgrade, the next polls ask for it alone. */
const isGkeOperation = (path: string): boolean => /\/operations\/[^/]+$/.test(path);
/** The operations of `doc`: the list's, or the one GetOperation answers. */
function gkeOperations(doc: Json, path: string): Json[] {
  if (isGkeOperation(path)) return [doc];
  return Array.isArray(doc.operations) ? list(doc.operations) : [];
}
function gkeStages(doc: Json, path: string): Json[] {
  return gkeOperations(doc, path).flatMap((op) => list(record(op.progress).stages));
}

const gkeApi: HostileTarget = {
  label: GOOGLE_GKE,
  provider: GOOGLE_GKE,
  get family() {
    return freshFamily(GOOGLE_GKE);
  },
  secret: GOOGLE_KEY.secret,
  spec: {
    provider: GOOGLE_GKE,
    region: 'us-central1',
    projectID: 'p-hostile',
    clusterID: 'c-hostile',
    credentialsRef: { name: 'k' },
  },
  good: (path) => clone(isGkeOperation(path) ? GKE_OPERATIONS.operations[0]! : GKE_OPERATIONS),
  wellAnswered: (path) => (path === GKE_TOKEN_PATH ? goodToken(GKE_ACCESS_TOKEN) : undefined),
  setText: (doc, path, text) => {
    // Not targetLink or operationType: they decide which operation is this cluster's upgrade.
    for (const op of gkeOperations(doc, path)) {
      op.name = text;
      op.detail = text;
      op.statusMessage = text;
    }
    for (const stage of gkeStages(doc, path)) stage.name = text;
  },
  setTimes: (doc, path, value) => {
    for (const op of gkeOperations(doc, path)) {
      op.startTime = value;
      op.endTime = value;
    }
  },
  setMany: (doc, path, n) => {
    for (const op of gkeOperations(doc, path)) {
      record(op.progress).stages = Array.from({ length: n }, (_, i) => ({
        name: `stage ${i}`,
        status: i < n / 2 ? 'DONE' : i === n / 2 ? 'RUNNING' : 'PENDING',
      }));
    }
  },
  setProgress: (doc, path, value) => {
    for (const stage of gkeStages(doc, path)) {
      if (stage.status === 'RUNNING') stage.metrics = [{ name: 'progress', intValue: value }];
    }
  },
  setStatus: (doc, path, value) => {
    for (const op of gkeOperations(doc, path)) op.status = value;
  },
  readsProgressField: true,
  // (1 stage done + the running stage's share) / 3 stages: a whole stage, or none of it.
  clampedProgress: { whole: 66, none: 33 },
};

// ---- AzureAKS: GetManagedCluster + ListAgentPools (nodepool1 upgrading) ----

const AKS_SUBSCRIPTION = '00000000-0000-4000-8000-00000000a0a0';
const AKS_TOKEN_PATH = `/${TENANT}/oauth2/v2.0/token`;
const AKS_ID = `/subscriptions/${AKS_SUBSCRIPTION}/resourceGroups/rg-hostile/providers/Microsoft.ContainerService/managedClusters/c-hostile`;
const AKS_CLUSTER = {
  id: AKS_ID,
  name: 'c-hostile',
  type: 'Microsoft.ContainerService/ManagedClusters',
  location: 'eastus',
  properties: {
    provisioningState: 'Succeeded',
    kubernetesVersion: '1.34.1',
    currentKubernetesVersion: '1.34.1',
  },
};
const aksPool = (name: string, state: string, current: string): Json => ({
  id: `${AKS_ID}/agentPools/${name}`,
  name,
  type: 'Microsoft.ContainerService/managedClusters/agentPools',
  properties: {
    provisioningState: state,
    orchestratorVersion: '1.34.1',
    currentOrchestratorVersion: current,
    count: 3,
    mode: 'User',
  },
});
const AKS_POOLS = {
  value: [aksPool('nodepool1', 'Upgrading', '1.33.2'), aksPool('nodepool2', 'Succeeded', '1.33.2')],
};

const isAksPools = (path: string): boolean => path.endsWith('/agentPools');
/** The cluster's properties, or each pool's (whichever body `doc` is). */
function aksParts(doc: Json, path: string): Json[] {
  if (!isAksPools(path)) return doc.properties ? [record(doc.properties)] : [];
  return Array.isArray(doc.value) ? list(doc.value).map((pool) => record(pool.properties)) : [];
}

const aksApi: HostileTarget = {
  label: AZURE_AKS,
  provider: AZURE_AKS,
  get family() {
    return freshFamily(AZURE_AKS);
  },
  secret: ENTRA_APP.secret,
  spec: {
    provider: AZURE_AKS,
    region: 'eastus',
    subscriptionID: AKS_SUBSCRIPTION,
    resourceGroup: 'rg-hostile',
    clusterID: 'c-hostile',
    credentialsRef: { name: 'k' },
  },
  good: (path) => clone(isAksPools(path) ? AKS_POOLS : AKS_CLUSTER),
  wellAnswered: (path) => (path === AKS_TOKEN_PATH ? goodToken(AKS_ACCESS_TOKEN) : undefined),
  setText: (doc, path, text) => {
    if (isAksPools(path)) for (const pool of list(doc.value)) pool.name = text;
    else doc.name = text;
    for (const part of aksParts(doc, path)) part.mode = text;
    // The desired version only: changing both would settle the part (another phase, not a text test).
    if (!isAksPools(path)) record(doc.properties).kubernetesVersion = text;
  },
  setTimes: (doc, _path, value) => {
    doc.systemData = { createdAt: value, lastModifiedAt: value }; // AKS's client reads no time
  },
  setMany: (doc, path, n) => {
    if (isAksPools(path)) {
      doc.value = Array.from({ length: n }, (_, i) =>
        aksPool(`pool${i}`, i === 0 ? 'Upgrading' : 'Succeeded', i < n / 2 ? '1.34.1' : '1.33.2'),
      );
    }
  },
  setProgress: (doc, _path, value) => {
    doc.progress = value; // ARM carries no progress: an unknown field must stay harmless
  },
  setStatus: (doc, path, value) => {
    for (const part of aksParts(doc, path)) part.provisioningState = value;
  },
  readsProgressField: false,
};

// ---- the token targets: the row plays the token endpoint, the API answers well ----

function tokenTarget(api: HostileTarget, tokenPath: string, accessToken: string): HostileTarget {
  return {
    ...api,
    label: `${api.label} token endpoint`,
    get family() {
      return api.family;
    },
    playsTokenEndpoint: true,
    good: () => goodToken(accessToken),
    wellAnswered: (path, url) => (path === tokenPath ? undefined : api.good(path, url)),
    // The token itself is the text a token endpoint supplies: it goes into every API request.
    setText: (doc, _path, text) => {
      doc.access_token = text;
    },
    setTimes: (doc, _path, value) => {
      doc.expires_in = value;
    },
    setMany: (doc, _path, n) => {
      doc.scope = Array.from({ length: n }, (_, i) => `scope-${i}`); // unknown as a list: ignored
    },
    setProgress: (doc, _path, value) => {
      doc.progress = value;
    },
    setStatus: (doc, _path, value) => {
      doc.token_type = value;
    },
    readsProgressField: false,
  };
}

export const BEARER_TARGETS: readonly HostileTarget[] = [gkeApi, aksApi];
export const TOKEN_TARGETS: readonly HostileTarget[] = [
  tokenTarget(gkeApi, GKE_TOKEN_PATH, GKE_ACCESS_TOKEN),
  tokenTarget(aksApi, AKS_TOKEN_PATH, AKS_ACCESS_TOKEN),
];
