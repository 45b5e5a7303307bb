// Response bodies of the ACK (cs 2015-12-15) APIs AlibabaACK reads, after the official SDK models
// `GetUpgradeStatusResponseBody` and `DescribeTaskInfoResponseBody`. Every field is optional and
// may be null (the SDK models are all optional); unknown fields pass through untouched.

import { z } from 'zod';

const text = z.string().nullish();

export const getUpgradeStatusSchema = z.looseObject({
  error_message: text,
  precheck_report_id: text,
  /** success | fail | pause | running */
  status: text,
  /** not_start | prechecking | upgrading | pause | success */
  upgrade_step: text,
  upgrade_task: z
    .looseObject({
      /** running | Success | Failed */
      status: text,
      message: text,
    })
    .nullish(),
});
export type GetUpgradeStatusBody = z.infer<typeof getUpgradeStatusSchema>;

const taskStageSchema = z.looseObject({
  /** Not in the SDK model; read when a response carries it. */
  name: text,
  state: text,
  start_time: text,
  end_time: text,
  message: text,
  outputs: z.record(z.string(), z.unknown()).nullish(),
});
export type TaskStage = z.infer<typeof taskStageSchema>;

export const describeTaskInfoSchema = z.looseObject({
  task_id: text,
  cluster_id: text,
  task_type: text,
  /** running | fail(ed) | success */
  state: text,
  created: text,
  updated: text,
  current_stage: text,
  target: z.looseObject({ id: text, type: text }).nullish(),
  parameters: z.record(z.string(), z.unknown()).nullish(),
  stages: z.array(taskStageSchema).nullish(),
  events: z.array(z.looseObject({})).nullish(),
  task_result: z.array(z.looseObject({})).nullish(),
  error: z.looseObject({ code: z.union([z.string(), z.number()]).nullish(), message: text }).nullish(),
});
export type DescribeTaskInfoBody = z.infer<typeof describeTaskInfoSchema>;
