// zod schemas of GKE operations (Google `container/v1` discovery document: Operation,
// OperationProgress, Metric, Status; docs/providers-next.md#google-gke). All fields optional,
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

export type GkeOperation = z.infer<typeof operationSchema>;
export type GkeMetric = z.infer<typeof metricSchema>;
