// AlibabaACKAddons → Observation (docs/reference.md#provider-alibabaackaddons), pure. Each component's `tasks.status` gives its
// phase; the overall phase is the highest by precedence
//   Failed > Paused > Running > Unknown > Pending > Cancelled > Succeeded > Idle
// (Unknown, which the contract leaves unplaced, sits just below the phases that need attention).
// Progress = succeeded components / components that have a task.

import type { ComponentStatus, Observation, Phase } from '../../api/types.js';
import { cloudTime } from '../common/time.js';
import { compact, enumLookup, enumValue, isTerminal, textValue } from '../common/normalize-helpers.js';
import { progressOf } from '../common/progress.js';
import type { AddonTask, AddonsUpgradeStatusBody } from './schema.js';

const taskStatus = enumLookup<Phase>({
  upgrading: 'Running',
  running: 'Running',
  pending: 'Pending',
  waiting: 'Pending',
  success: 'Succeeded',
  succeeded: 'Succeeded',
  failed: 'Failed',
  fail: 'Failed',
  paused: 'Paused',
  pause: 'Paused',
  canceled: 'Cancelled',
  cancelled: 'Cancelled',
});

export const ADDON_PHASE_PRECEDENCE: readonly Phase[] = [
  'Failed',
  'Paused',
  'Running',
  'Unknown',
  'Pending',
  'Cancelled',
  'Succeeded',
  'Idle',
];

function truthy(value: boolean | string | null | undefined): boolean | undefined {
  if (typeof value === 'boolean') return value;
  const text = enumValue(value ?? undefined);
  if (text === 'true') return true;
  if (text === 'false') return false;
  return undefined;
}

function hasTask(task: AddonTask | null | undefined): task is AddonTask {
  return !!task && (enumValue(task.status) !== undefined || truthy(task.is_canceled) === true);
}

function componentPhase(task: AddonTask | null | undefined): Phase {
  if (!hasTask(task)) return 'Idle';
  if (truthy(task.is_canceled) === true) return 'Cancelled';
  return taskStatus(task.status) ?? 'Unknown';
}

function overallPhase(phases: readonly Phase[]): Phase {
  for (const phase of ADDON_PHASE_PRECEDENCE) if (phases.includes(phase)) return phase;
  return 'Idle';
}

/** Earliest / latest of RFC 3339 UTC strings (they sort lexically). */
function earliest(values: (string | undefined)[]): string | undefined {
  return values.filter((v): v is string => v !== undefined).sort()[0];
}
function latest(values: (string | undefined)[]): string | undefined {
  return values
    .filter((v): v is string => v !== undefined)
    .sort()
    .at(-1);
}

/**
 * @param requested spec.components, to order the result and to name components the cloud did
 *   not report at all.
 */
export function normalizeAddonsUpgradeStatus(
  body: AddonsUpgradeStatusBody,
  requested: readonly string[] = [],
): Observation {
  const wanted = [...new Set(requested)];
  const order = [
    ...wanted.filter((name) => Object.hasOwn(body, name)),
    ...Object.keys(body).filter((name) => !wanted.includes(name)),
  ];
  const missing = wanted.filter((name) => !Object.hasOwn(body, name));

  const components: ComponentStatus[] = [];
  const rawStatus: Record<string, string> = {};
  const messages: string[] = [];
  let withTask = 0;
  let succeeded = 0;
  for (const key of order) {
    const entry = body[key]!;
    const task = entry.tasks;
    const phase = componentPhase(task);
    const name = textValue(entry.addon_info?.component_name) ?? key;
    if (hasTask(task)) {
      withTask++;
      if (phase === 'Succeeded') succeeded++;
      rawStatus[name] =
        truthy(task.is_canceled) === true ? `${task.status ?? ''} (is_canceled)`.trim() : (task.status ?? '');
      const taskMessage = textValue(task.message);
      if (taskMessage && (phase === 'Failed' || phase === 'Paused')) messages.push(`${name}: ${taskMessage}`);
    }
    components.push(
      compact({
        name,
        version: textValue(entry.addon_info?.version),
        phase,
        readyToUpgrade: truthy(entry.addon_info?.ready_to_upgrade),
        startTime: hasTask(task) ? cloudTime(task.created_at) : undefined,
        completionTime: hasTask(task) && isTerminal(phase) ? cloudTime(task.finished_at) : undefined,
      }) as ComponentStatus,
    );
  }

  const phase = overallPhase(components.map((c) => c.phase));
  const focus = ['Failed', 'Paused', 'Running', 'Pending'].includes(phase)
    ? components.find((c) => c.phase === phase)?.name
    : undefined;
  const failed = components.filter((c) => c.phase === 'Failed').map((c) => c.name);
  if (failed.length > 0 && messages.length === 0) messages.push(`upgrade failed: ${failed.join(', ')}`);
  if (missing.length > 0) messages.push(`not reported by ACK: ${missing.join(', ')}`);

  return compact({
    phase,
    progress: progressOf(succeeded, withTask, phase),
    currentStep: focus,
    startTime: earliest(components.map((c) => c.startTime)),
    completionTime: isTerminal(phase) ? latest(components.map((c) => c.completionTime)) : undefined,
    components,
    message: messages.length > 0 ? textValue(messages.join('; ')) : undefined,
    providerStatus: compact({
      components: Object.keys(rawStatus).length > 0 ? rawStatus : undefined,
      missingComponents: missing.length > 0 ? missing : undefined,
    }),
  }) as Observation;
}
