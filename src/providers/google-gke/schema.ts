// zod schemas of GKE operations and the cluster (Google `container/v1` discovery document:
// Operation, OperationProgress, Metric, Status, Cluster, NodePool; docs/providers-next.md#google-gke). All fields optional,
// unknown fields pass through. `Metric.intValue` is int64, which JSON carries as a string.

import { z } from 'zod';

const text = z.string().nullish();

export const metricSchema = z.looseObject({
  name: text,
  intValue: z.union([z.string(), z.number()]).nullish(),
  doubleValue: z.number().nullish(),
  stringValue: text,
});

export interface OperationProgress {
  name?: string | null;
  status?: string | null;
  metrics?: Array<z.infer<typeof metricSchema>> | null;
  stages?: OperationProgress[] | null;
  [key: string]: unknown;
}

export const operationProgressSchema: z.ZodType<OperationProgress> = z.lazy(() =>
  z.looseObject({
    name: text,
    status: text,
    metrics: z.array(metricSchema).nullish(),
    stages: z.array(operationProgressSchema).nullish(),
  }),
);

export const statusSchema = z.looseObject({ code: z.number().nullish(), message: text });

export const operationSchema = z.looseObject({
  name: text,
  /** Operation.operationType, e.g. UPGRADE_MASTER, UPGRADE_NODES. */
  operationType: text,
  /** STATUS_UNSPECIFIED | PENDING | RUNNING | DONE | ABORTING. */
  status: text,
  detail: text,
  statusMessage: text,
  selfLink: text,
  targetLink: text,
  location: text,
  startTime: text,
  endTime: text,
  error: statusSchema.nullish(),
  progress: operationProgressSchema.nullish(),
});

export const listOperationsResponseSchema = z.looseObject({
  operations: z.array(operationSchema).nullish(),
  missingZones: z.array(z.string()).nullish(),
});

/** NodePool: only what the versions need (`name`, `version`, `status`). */
export const nodePoolSchema = z.looseObject({ name: text, version: text, status: text });

/**
 * Cluster (`projects.locations.clusters.get`): the versions an upgrade moves. `currentNodeVersion`
 * is deprecated in favour of `nodePools[].version` but still served (the minimum over all nodes).
 */
export const clusterSchema = z.looseObject({
  name: text,
  /** STATUS_UNSPECIFIED | PROVISIONING | RUNNING | RECONCILING | STOPPING | ERROR | DEGRADED. */
  status: text,
  currentMasterVersion: text,
  currentNodeVersion: text,
  initialClusterVersion: text,
  nodePools: z.array(nodePoolSchema).nullish(),
});

export type GkeOperation = z.infer<typeof operationSchema>;
export type GkeCluster = z.infer<typeof clusterSchema>;
export type GkeMetric = z.infer<typeof metricSchema>;
