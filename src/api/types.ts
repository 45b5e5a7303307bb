// TypeScript shapes of the ClusterUpgradeWatch custom resource (docs/reference.md#custom-resource).
// The zod schemas in ./schema.ts validate objects into these types at the edges.

export const GROUP = 'upgradewatch.io';
export const VERSION = 'v1alpha1';
export const KIND = 'ClusterUpgradeWatch';
export const PLURAL = 'clusterupgradewatches';

export { PROVIDERS, type ProviderName } from '../providers/names.js';
import type { ProviderName } from '../providers/names.js';

export const PHASES = [
  'Idle',
  'Pending',
  'Running',
  'Paused',
  'Succeeded',
  'Failed',
  'Cancelled',
  'Unknown',
] as const;
export type Phase = (typeof PHASES)[number];

export const STEP_PHASES = ['Pending', 'Running', 'Succeeded', 'Failed', 'Cancelled'] as const;
export type StepPhase = (typeof STEP_PHASES)[number];

export type ActionMode = 'Upgrading' | 'AZMigration';

export interface ClusterUpgradeWatchSpec {
  provider: ProviderName;
  region: string;
  clusterID: string;
  projectID?: string;
  taskID?: string;
  /** The Azure subscription (a GUID) of an AKS cluster. */
  subscriptionID?: string;
  /** The Azure resource group holding an AKS managed cluster. */
  resourceGroup?: string;
  components?: string[];
  actionMode?: ActionMode;
  /** EKS managed node groups followed as further steps. */
  nodegroups?: string[];
  endpoint?: string;
  /** A Secret in the same namespace; exactly one of credentialsRef and workloadIdentity. */
  credentialsRef?: { name: string };
  /** Keyless credentials from a ServiceAccount in the same namespace. */
  workloadIdentity?: WorkloadIdentity;
  pollInterval?: string;
  idlePollInterval?: string;
  suspend?: boolean;
}

/**
 * Keyless credentials (docs/reference.md#spec-fields): a ServiceAccount token of the watch's
 * namespace, traded for temporary keys by Alibaba's AssumeRoleWithOIDC (roleARN +
 * oidcProviderARN), Huawei's OIDC federation (idpID + audience), AWS STS (roleARN), or for a
 * bearer token by Microsoft Entra workload identity federation (tenantID + clientID) or Google
 * Workload Identity Federation (poolProvider).
 */
export interface WorkloadIdentity {
  serviceAccountName: string;
  roleARN?: string;
  oidcProviderARN?: string;
  idpID?: string;
  /** Azure: the Entra tenant of the app registration. */
  tenantID?: string;
  /** Azure: the app registration (or managed identity) holding the federated credential. */
  clientID?: string;
  /** Google: `//iam.googleapis.com/projects/<number>/locations/global/workloadIdentityPools/<pool>/providers/<provider>`. */
  poolProvider?: string;
  audience?: string;
}

export interface Step {
  name: string;
  phase: StepPhase;
  startTime?: string;
  completionTime?: string;
  message?: string;
}

export interface NodesStatus {
  total: number;
  completed: number;
  current: string[];
}

export interface ComponentStatus {
  name: string;
  version?: string;
  phase: Phase;
  readyToUpgrade?: boolean;
  startTime?: string;
  completionTime?: string;
}

/** What one successful poll of a cloud says, after normalization. Pure data, no conditions. */
export interface Observation {
  phase: Phase;
  progress?: number;
  currentStep?: string;
  steps?: Step[];
  fromVersion?: string;
  toVersion?: string;
  upgradeID?: string;
  startTime?: string;
  completionTime?: string;
  nodes?: NodesStatus;
  components?: ComponentStatus[];
  message?: string;
  providerStatus?: Record<string, unknown>;
}

export type ConditionStatus = 'True' | 'False' | 'Unknown';

export interface Condition {
  type: string;
  status: ConditionStatus;
  reason: string;
  message: string;
  lastTransitionTime: string;
  observedGeneration?: number;
}

/** The phases an upgrade ends in: the ones status.history records. */
export const HISTORY_PHASES = ['Succeeded', 'Failed', 'Cancelled'] as const;
export type HistoryPhase = (typeof HISTORY_PHASES)[number];

/** One finished upgrade in status.history (newest first, at most MAX_HISTORY). */
export interface HistoryEntry {
  upgradeID?: string;
  fromVersion?: string;
  toVersion?: string;
  phase: HistoryPhase;
  startTime?: string;
  completionTime?: string;
  message?: string;
}

export const MAX_HISTORY = 10;

export interface ClusterUpgradeWatchStatus extends Partial<Observation> {
  observedGeneration?: number;
  lastSyncTime?: string;
  conditions?: Condition[];
  history?: HistoryEntry[];
}

export interface ObjectMeta {
  name: string;
  namespace: string;
  uid?: string;
  generation?: number;
  resourceVersion?: string;
  labels?: Record<string, string>;
  annotations?: Record<string, string>;
  creationTimestamp?: string;
}

export interface ClusterUpgradeWatch {
  apiVersion: `${typeof GROUP}/${typeof VERSION}`;
  kind: typeof KIND;
  metadata: ObjectMeta;
  spec: ClusterUpgradeWatchSpec;
  status?: ClusterUpgradeWatchStatus;
}

/** docs/reference.md#status-fields: message is trimmed to 1024 characters. */
export const MAX_MESSAGE_LENGTH = 1024;
