// zod schemas of the CSS "upgrade detail" API (seed 004; SDK models UpgradeDetailResponse,
// GetUpgradeDetailInfo, CurrentNodeDetail, GetTargetImageIdDetail). All fields optional,
// unknown fields pass through. Timestamps may be strings (zone-less or epoch ms) or numbers.

import { z } from 'zod';

const text = z.string().nullish();
const timestamp = z.union([z.string(), z.number()]).nullish();
const integerLike = z.union([z.number(), z.string()]).nullish();

const nodeStepSchema = z.looseObject({
  order: integerLike,
  name: text,
  status: text,
  desc: text,
  beginTime: timestamp,
  endTime: timestamp,
});

export const upgradeDetailSchema = z.looseObject({
  id: text,
  startTime: timestamp,
  endTime: timestamp,
  status: text,
  agencyName: text,
  imageInfo: z
    .looseObject({
      id: text,
      displayName: text,
      datastoreType: text,
      datastoreVersion: text,
    })
    .nullish(),
  totalNodes: text,
  completedNodes: text,
  currentNodeName: text,
  executeTimes: integerLike,
  migrateParam: text,
  finalAzInfoMap: text,
  currentNodeDetail: z.array(nodeStepSchema).nullish(),
  batchSize: integerLike,
  currentBatchNodes: text,
});

export const upgradeDetailPageSchema = z.looseObject({
  totalSize: integerLike,
  detailList: z.array(upgradeDetailSchema).nullish(),
});

export type NodeStep = z.infer<typeof nodeStepSchema>;
export type UpgradeDetail = z.infer<typeof upgradeDetailSchema>;
