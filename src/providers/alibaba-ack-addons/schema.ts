// Response of DescribeClusterAddonsUpgradeStatus (`GET /clusters/{id}/components/upgradestatus`,
// seed 001): a map of component name → `{addon_info, tasks}`. The SDK types the body as a bare
// map, so the per-component shape follows the API reference. `ready_to_upgrade` is documented as
// the string "true"/"false"; a boolean is accepted too, as is a boolean-ish `is_canceled` string.

import { z } from 'zod';

const text = z.string().nullish();
const boolish = z.union([z.boolean(), z.string()]).nullish();

export const addonInfoSchema = z.looseObject({
  component_name: text,
  version: text,
  ready_to_upgrade: boolish,
});

export const addonTaskSchema = z.looseObject({
  created_at: text,
  finished_at: text,
  /** Upgrading | Running | Success | Failed | Paused | Canceled */
  status: text,
  is_canceled: boolish,
  message: text,
});

export const addonUpgradeStatusSchema = z.looseObject({
  addon_info: addonInfoSchema.nullish(),
  tasks: addonTaskSchema.nullish(),
});

export const addonsUpgradeStatusSchema = z.record(z.string(), addonUpgradeStatusSchema);

export type AddonTask = z.infer<typeof addonTaskSchema>;
export type AddonUpgradeStatus = z.infer<typeof addonUpgradeStatusSchema>;
export type AddonsUpgradeStatusBody = z.infer<typeof addonsUpgradeStatusSchema>;
