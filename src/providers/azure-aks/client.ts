// AzureAKS ExternalClient (docs/providers-next.md#azure-aks). Bearer token from Microsoft Entra
// client credentials (./auth.ts, cached by ../cloud-common/token-cache.ts) or, keyless, from
// workload identity federation (./federation.ts, docs/keyless.md), then two ARM GETs per
// poll (api-version AKS_API_VERSION):
//   GET …/managedClusters/{name}              (GetManagedCluster)
//   GET …/managedClusters/{name}/agentPools   (ListAgentPools; its nextLink pages, ./agent-pools.ts)
// AKS keeps no upgrade record, so the client remembers per watch the control-plane version it
// saw being upgraded (`upgradeSeen` of ./normalize.ts) and the version it last saw settled (the
// baseline): a settled cluster at the version seen upgrading is Succeeded; one whose version moved
// off the baseline while nobody looked (between two polls, across a leader change) was upgraded
// too; one never seen upgrading and still at its baseline is Idle.

import type { Observation } from '../../api/types.js';
import type { ConnectParams, ExternalClient, LastSeen, ObserveResult } from '../common/provider.js';
import { zodBodyParser } from '../common/signed-get.js';
import {
  bearerGet,
  givenTokenSource,
  OPERATION_GET_ACCESS_TOKEN,
  type BearerSource,
} from '../cloud-common/bearer-get.js';
import { createPollMemory, keepProgressForward } from '../cloud-common/poll-memory.js';
import { pollSetup, type BearerClientOptions, type LastProgress } from '../cloud-common/bearer-client.js';
import { AZURE_AKS } from '../names.js';
import type { TokenCache } from '../cloud-common/token-cache.js';
import { tokenEndpointFor } from '../cloud-common/token-endpoint.js';
import { entraTokenRequest, entraTokenUrl, type EntraClientSecret } from './auth.js';
import { listAgentPools } from './agent-pools.js';
import { AZURE_ERROR_TABLE } from './errors.js';
import { normalize, parts, provisioningStatePhase } from './normalize.js';
import { managedClusterSchema, withVersion } from './schema.js';
import { aksTargetOf, azureCredentialOf, type AksTarget, type AzureCredential } from './spec.js';

export const OPERATION_GET_MANAGED_CLUSTER = 'GetManagedCluster';
export { OPERATION_LIST_AGENT_POOLS } from './agent-pools.js';
export const ARM_DOMAIN = 'management.azure.com';

const parseCluster = zodBodyParser(managedClusterSchema);

interface Seen {
  /** The control-plane version (kubernetesVersion) this watch saw an upgrade running towards. */
  upgradeTo?: string;
  /** The control-plane version (currentKubernetesVersion) last seen settled: Idle or Succeeded. */
  baseline?: string;
  last?: LastProgress;
}

export function managedClusterUrl(baseUrl: string, target: AksTarget): string {
  const origin = new URL(baseUrl).origin;
  const path = [
    'subscriptions',
    target.subscriptionID,
    'resourceGroups',
    target.resourceGroup,
    'providers',
    'Microsoft.ContainerService',
    'managedClusters',
    target.clusterName,
  ].map(encodeURIComponent);
  return `${origin}/${path.join('/')}`;
}

function secretSource(
  baseUrl: string,
  secret: EntraClientSecret,
  fingerprint: string,
  cache: TokenCache,
): BearerSource {
  const tokenUrl = tokenEndpointFor(baseUrl, ARM_DOMAIN, entraTokenUrl(secret.tenantID));
  const fetch = {
    tokenOperation: OPERATION_GET_ACCESS_TOKEN,
    // The client-credentials grant carries no time: `now` is not needed.
    tokenRequest: () =>
      Promise.resolve({ request: entraTokenRequest(secret, undefined, tokenUrl), secrets: [] }),
    cacheKey: `${fingerprint}@${tokenUrl}`,
    cache,
  };
  return { provider: AZURE_AKS, errors: AZURE_ERROR_TABLE, token: { fetch }, secrets: [secret.clientSecret] };
}

function azureSource(
  baseUrl: string,
  credential: Extract<AzureCredential, { ok: true }>,
  cache: TokenCache,
): BearerSource {
  if ('secret' in credential) return secretSource(baseUrl, credential.secret, credential.fingerprint, cache);
  // Keyless (./federation.ts): the token is the secret; it is refreshed by the exchange's cache.
  return givenTokenSource(AZURE_AKS, AZURE_ERROR_TABLE, credential);
}

/** Phases that say the watch already saw an upgrade running to its `toVersion`. */
const UPGRADE_SEEN_PHASES: ReadonlySet<string> = new Set(['Pending', 'Running', 'Paused', 'Succeeded']);

/**
 * This process has no memory of the watch (an operator restart or a leader change): resume from
 * what its status shows, so a settled upgrade stays Succeeded, one in flight stays Running, and
 * one that started and ended while no leader polled reads Succeeded rather than Idle (an Idle
 * status names the version it was settled at: `fromVersion`) (docs/reference.md#provider-azureaks).
 */
function resumedFrom(lastSeen: LastSeen | undefined): Seen {
  const { phase, toVersion, fromVersion } = lastSeen ?? {};
  if (phase === 'Idle') return fromVersion !== undefined ? { baseline: fromVersion } : {};
  if (toVersion === undefined || !UPGRADE_SEEN_PHASES.has(phase ?? '')) return {};
  const baseline = phase === 'Succeeded' ? toVersion : fromVersion;
  return { upgradeTo: toVersion, ...(baseline !== undefined ? { baseline } : {}) };
}

/** The version an upgrade runs (or ran) towards: the desired one while a part is Upgrading or
 *  once it moved off the baseline; else the one remembered. */
function upgradeTarget(
  remembered: Seen,
  desired: string | undefined,
  runningNow: boolean,
): string | undefined {
  if (runningNow) return desired;
  const movedOffBaseline =
    desired !== undefined && remembered.baseline !== undefined && desired !== remembered.baseline;
  return movedOffBaseline ? desired : remembered.upgradeTo;
}

/** The baseline after this poll: the current version once settled (Idle or Succeeded). */
function nextBaseline(remembered: Seen, observation: Observation): string | undefined {
  const settled = observation.phase === 'Idle' || observation.phase === 'Succeeded';
  if (!settled) return remembered.baseline;
  return observation.phase === 'Idle'
    ? (observation.fromVersion ?? remembered.baseline)
    : observation.toVersion;
}

export type AksClientOptions = BearerClientOptions<Seen>;

/** Per watch, shared by every poll of this process (the reconciler connects afresh for each). */
const sharedMemory = createPollMemory<Seen>();

export function connectAzureAks(params: ConnectParams, options: AksClientOptions = {}): ExternalClient {
  return {
    async observe(signal?: AbortSignal): Promise<ObserveResult> {
      const credential = azureCredentialOf(params.credentials, params.spec);
      if (!credential.ok) return credential;
      const target = aksTargetOf(params.spec);
      if (!target.ok) return target;
      const { context, cache, memory } = pollSetup(params, options, sharedMemory, signal);
      const source = azureSource(params.baseUrl, credential, cache);
      const clusterUrl = managedClusterUrl(params.baseUrl, target.target);
      const cluster = await bearerGet(source, context, {
        operation: OPERATION_GET_MANAGED_CLUSTER,
        url: withVersion(clusterUrl),
        parse: parseCluster,
      });
      if (!cluster.ok) return cluster;
      const pools = await listAgentPools(source, context, clusterUrl);
      if (!pools.ok) return pools;

      const watchKey = `${credential.fingerprint}|${clusterUrl}`;
      const remembered = memory.get(watchKey) ?? resumedFrom(params.lastSeen);
      const state = { cluster: cluster.value, agentPools: pools.agentPools };
      const all = parts(state);
      const desired = all[0]?.desired;
      const runningNow = all.some((part) => provisioningStatePhase(part.state) === 'Running');
      const upgradeTo = upgradeTarget(remembered, desired, runningNow);
      const observation = normalize({
        ...state,
        upgradeSeen: upgradeTo !== undefined && upgradeTo === desired,
      });
      // AKS has no upgrade id: the target version stands in for it, so progress never goes
      // backwards within one upgrade.
      const progress = keepProgressForward(remembered.last, {
        upgradeID: upgradeTo,
        progress: observation.progress,
      });
      const baseline = nextBaseline(remembered, observation);
      memory.set(watchKey, {
        ...(upgradeTo !== undefined ? { upgradeTo } : {}),
        ...(baseline !== undefined ? { baseline } : {}),
        last: { upgradeID: upgradeTo, progress },
      });
      return {
        ok: true,
        observation:
          progress === undefined || observation.phase === 'Idle' ? observation : { ...observation, progress },
      };
    },
  };
}
