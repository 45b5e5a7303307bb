// zod schemas of the CCE upgrade APIs (seeds 002, 003; SDK models UpgradeWorkFlow, WorkFlowStatus,
// PointStatus, LineStatus, ShowUpgradeClusterTaskResponse, UpgradeTaskStatus). Every field is
// optional and unknown fields pass through: the normalizer decides what a missing value means.

import { z } from 'zod';

const text = z.string().nullish();
/** Timestamps arrive as strings; tolerate epoch numbers too. */
const timestamp = z.union([z.string(), z.number()]).nullish();

const pointSchema = z.looseObject({ taskType: text });

const pointStatusSchema = z.looseObject({
  taskType: text,
  taskID: text,
  status: text,
  startTimeStamp: timestamp,
  endTimeStamp: timestamp,
  expireTimeStamp: timestamp,
});

const lineStatusSchema = z.looseObject({
  startPoint: pointSchema.nullish(),
  endPoint: pointSchema.nullish(),
  critical: z.boolean().nullish(),
});

export const workflowSchema = z.looseObject({
  kind: text,
  apiVersion: text,
  metadata: z
    .looseObject({
      uid: text,
      name: text,
      creationTimestamp: timestamp,
      updateTimestamp: timestamp,
    })
    .nullish(),
  spec: z
    .looseObject({
      clusterID: text,
      clusterVersion: text,
      targetVersion: text,
    })
    .nullish(),
  status: z
    .looseObject({
      phase: text,
      pointStatuses: z.array(pointStatusSchema).nullish(),
      lineStatuses: z.array(lineStatusSchema).nullish(),
    })
    .nullish(),
});

/** `items` is documented as an array but the published example sends one object. */
export const workflowListSchema = z.looseObject({
  kind: text,
  apiVersion: text,
  items: z.union([z.array(workflowSchema), workflowSchema]).nullish(),
});

/** `progress` is a decimal string ("42.50"); accept a number as well. */
export const upgradeTaskSchema = z.looseObject({
  kind: text,
  apiVersion: text,
  metadata: z
    .looseObject({
      uid: text,
      creationTimestamp: timestamp,
      updateTimestamp: timestamp,
    })
    .nullish(),
  spec: z
    .looseObject({
      version: text,
      targetVersion: text,
    })
    .nullish(),
  status: z
    .looseObject({
      phase: text,
      progress: z.union([z.string(), z.number()]).nullish(),
      completionTime: timestamp,
    })
    .nullish(),
});

export type PointStatus = z.infer<typeof pointStatusSchema>;
export type UpgradeWorkflow = z.infer<typeof workflowSchema>;
export type UpgradeWorkflowList = z.infer<typeof workflowListSchema>;
export type UpgradeTask = z.infer<typeof upgradeTaskSchema>;
