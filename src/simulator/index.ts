// Public surface of the cloud simulator (upgradewatch-sim).

export { startSimulator, isLoopbackHost, type SimulatorOptions, type RunningSimulator } from './server.js';
export {
  SimAdminError,
  type SimAdmin,
  type ClusterPutInput,
  type FaultInput,
  type HealthView,
} from './admin.js';
export { SimAdminClient, type AsyncSimAdmin, type SimAdminClientOptions } from './admin-client.js';
export {
  ScenarioError,
  loadScenario,
  parseScenario,
  parseScenarioText,
  type Scenario,
  type ScenarioInput,
  type ClusterDefinition,
} from './scenario.js';
export {
  FAULT_KINDS,
  ANY_CLUSTER,
  type FaultKind,
  type FaultSpec,
  type FaultView,
  type FaultFilter,
} from './faults.js';
export type { CounterReport, CounterEntry, CounterFilter } from './counters.js';
export type { ClusterView, CredentialView } from './world.js';
export type { SimLogger } from './logger.js';
export type { Delay } from './pipeline.js';
export * from './types.js';
