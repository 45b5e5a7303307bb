// The simulator's control surface, in-process: change cluster states and timelines, arm and
// clear faults, read and reset request counters, swap credentials. The HTTP admin API
// (admin-http.ts) and SimAdminClient (admin-client.ts) expose exactly these operations.

import { z } from 'zod';
import { PROVIDERS, type ProviderName } from '../api/types.js';
import type { Clock } from '../runtime/clock.js';
import type { CounterFilter, CounterReport, RequestCounters } from './counters.js';
import type { FaultBook, FaultFilter, FaultView } from './faults.js';
import { seededRandom } from './rng.js';
import {
  ScenarioError,
  clusterBodySchema,
  credentialsSchema,
  parseWith,
  targetedFaultSchema,
  type Scenario,
} from './scenario.js';
import type { SimCredential } from './types.js';
import type { ClusterView, CredentialView, SimWorld } from './world.js';

/** A refused admin operation: 400 (bad input) or 404 (no such cluster). */
export class SimAdminError extends Error {
  constructor(
    message: string,
    readonly status: 400 | 404,
  ) {
    super(message);
    this.name = 'SimAdminError';
  }
}

export type ClusterPutInput = z.input<ReturnType<typeof clusterBodySchema>>;
export type FaultInput = z.input<typeof targetedFaultSchema>;

export interface HealthView {
  status: 'ok';
  clouds: string[];
  clusters: number;
  now: string;
}

export interface SimAdmin {
  health(): HealthView;
  listClusters(): ClusterView[];
  getCluster(provider: ProviderName, clusterID: string): ClusterView | undefined;
  /**
   * Create or replace a cluster: `{state}` holds one state forever, `{timeline, loop?}` plays a
   * new timeline from now. projectID/region default to the existing cluster's.
   */
  putCluster(provider: ProviderName, clusterID: string, body: ClusterPutInput): ClusterView;
  deleteCluster(provider: ProviderName, clusterID: string): boolean;
  /** Play the cluster's timeline again from its first entry, starting now. */
  restartTimeline(provider: ProviderName, clusterID: string): ClusterView;
  addFault(fault: FaultInput): FaultView;
  listFaults(): FaultView[];
  /** Disarm the faults matching every field of `filter`; all of them without one. Returns how many. */
  clearFaults(filter?: FaultFilter): number;
  counters(filter?: CounterFilter): CounterReport;
  resetCounters(filter?: CounterFilter): void;
  getCredentials(): CredentialView[];
  /** Replace the accepted access keys. */
  setCredentials(credentials: SimCredential[]): CredentialView[];
  /** Back to the scenario as loaded: clusters restart, faults re-armed, counters zeroed. */
  reset(): void;
}

interface AdminDeps {
  world: SimWorld;
  faults: FaultBook;
  counters: RequestCounters;
  clock: Clock;
  scenario: Scenario;
  clouds: string[];
}

const providerSchema = z.enum(PROVIDERS, { error: `provider must be one of ${PROVIDERS.join(', ')}` });

/** Load a scenario into the world and the fault book (startup and reset). */
export function applyScenario(deps: Omit<AdminDeps, 'clock' | 'clouds' | 'counters'>): void {
  deps.world.load(deps.scenario.clusters, deps.scenario.credentials, deps.scenario.trust);
  deps.faults.reset(seededRandom(deps.scenario.seed));
  for (const { clusterID, provider, ...spec } of deps.scenario.faults) {
    deps.faults.add({ clusterID, ...(provider ? { provider } : {}) }, spec);
  }
}

export function createSimAdmin(deps: AdminDeps): SimAdmin {
  const { world, faults, counters, clock } = deps;

  const validated = <T>(run: () => T): T => {
    try {
      return run();
    } catch (error) {
      if (error instanceof ScenarioError) throw new SimAdminError(error.message, 400);
      throw error;
    }
  };
  const checkProvider = (provider: unknown): ProviderName =>
    validated(() => parseWith(providerSchema, provider, 'provider'));
  const existing = (provider: ProviderName, clusterID: string): ClusterView => {
    const view = world.view(checkProvider(provider), clusterID);
    if (!view) throw new SimAdminError(`no simulated cluster ${provider}/${clusterID}`, 404);
    return view;
  };

  return {
    health: () => ({
      status: 'ok',
      clouds: [...deps.clouds],
      clusters: world.size,
      now: clock.now().toISOString(),
    }),
    listClusters: () => world.views(),
    getCluster: (provider, clusterID) => world.view(checkProvider(provider), clusterID),
    putCluster(provider, clusterID, body) {
      const checked = checkProvider(provider);
      const previous = world.view(checked, clusterID);
      const definition = validated(() =>
        parseWith(clusterBodySchema(checked, clusterID), body, `cluster ${checked}/${clusterID}`),
      );
      return world.upsert({
        ...(previous?.projectID ? { projectID: previous.projectID } : {}),
        ...(previous?.region ? { region: previous.region } : {}),
        ...definition,
      });
    },
    deleteCluster: (provider, clusterID) => world.remove(checkProvider(provider), clusterID),
    restartTimeline(provider, clusterID) {
      existing(provider, clusterID);
      return world.restart(provider, clusterID) as ClusterView;
    },
    addFault(fault) {
      const { clusterID, provider, ...spec } = validated(() =>
        parseWith(targetedFaultSchema, fault, 'fault'),
      );
      return faults.add({ clusterID, ...(provider ? { provider } : {}) }, spec);
    },
    listFaults: () => faults.list(),
    clearFaults: (filter = {}) => faults.clear(filter),
    counters: (filter = {}) => counters.report(filter),
    resetCounters: (filter = {}) => counters.reset(filter),
    getCredentials: () => world.credentialViews(),
    setCredentials(credentials) {
      const checked = validated(() => parseWith(credentialsSchema, credentials, 'credentials'));
      world.setCredentials(checked);
      return world.credentialViews();
    },
    reset() {
      applyScenario(deps);
      counters.reset();
    },
  };
}
