// Response of DescribeClusterAddonsUpgradeStatus (`GET /clusters/{id}/components/upgradestatus`,
// seed 001): a map of component name → `{addon_info, tasks}`. The SDK types the body as a bare
// map, so the per-component shape follows the API reference. `ready_to_upgrade` is documented as
// the string "true"/"false"; a boolean is accepted too, as is a boolean-ish `is_canceled` string.

import { z } from 'zod';

const text = z.string().nullish();
const boolish = z.union([z.boolean(), z.string()]).nullish();

const addonInfoSchema = z.looseObject({
  component_name: text,
  version: text,
  ready_to_upgrade: boolish,
});

const addonTaskSchema = z.looseObject({
  created_at: text,
  finished_at: text,
  /** Upgrading | Running | Success | Failed | Paused | Canceled */
  status: text,
  is_canceled: boolish,
  message: text,
});

const addonUpgradeStatusSchema = z.looseObject({
  addon_info: addonInfoSchema.nullish(),
  tasks: addonTaskSchema.nullish(),
});

/** A JSON object (not null, not an array). */
function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/**
 * An entry that is not an object (`null` for an add-on that is not installed, a string, a
 * number) is skipped, not a reason to drop the whole answer (docs/reference.md#provider-alibabaackaddons).
 * An object entry with a wrongly typed field still fails the schema.
 */
export const addonsUpgradeStatusSchema = z.preprocess(
  (body) =>
    isObject(body) ? Object.fromEntries(Object.entries(body).filter(([, entry]) => isObject(entry))) : body,
  z.record(z.string(), addonUpgradeStatusSchema),
);

export type AddonTask = z.infer<typeof addonTaskSchema>;
export type AddonsUpgradeStatusBody = z.infer<typeof addonsUpgradeStatusSchema>;
