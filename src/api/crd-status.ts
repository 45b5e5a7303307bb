// The status half of the generated CRD (docs/reference.md#status-fields): what the operator
// writes, with the enums and limits of ./types.ts and ./schema.ts. The apiserver refuses a status
// write that breaks it, so it must never be stricter than the zod `statusSchema`.

import { HUAWEI_CSS, ALIBABA_ACK_ADDONS } from '../providers/names.js';
import {
  array,
  boolean,
  dateTime,
  integer,
  object,
  string,
  stringEnum,
  type OpenApiSchema,
} from './crd-schema.js';
import { CONDITION_PATTERNS } from './schema.js';
import { HISTORY_PHASES, MAX_HISTORY, MAX_MESSAGE_LENGTH, PHASES, STEP_PHASES } from './types.js';

const atomic = { 'x-kubernetes-list-type': 'atomic' } as const;
const generation = (description?: string): OpenApiSchema =>
  integer({ format: 'int64', minimum: 0, description });

const step = object(
  {
    name: string(),
    phase: stringEnum(STEP_PHASES),
    startTime: dateTime(),
    completionTime: dateTime(),
    message: string(),
  },
  { required: ['name', 'phase'] },
);

const componentStatus = object(
  {
    name: string(),
    version: string(),
    phase: stringEnum(PHASES),
    readyToUpgrade: boolean(),
    startTime: dateTime(),
    completionTime: dateTime(),
  },
  { required: ['name', 'phase'] },
);

/** metav1.Condition, with its upstream patterns and limits. */
const condition = object(
  {
    type: string({ maxLength: 316, pattern: CONDITION_PATTERNS.type }),
    status: stringEnum(['True', 'False', 'Unknown']),
    observedGeneration: generation(),
    lastTransitionTime: dateTime(),
    reason: string({ minLength: 1, maxLength: 1024, pattern: CONDITION_PATTERNS.reason }),
    message: string({ maxLength: 32768 }),
  },
  { required: ['type', 'status', 'lastTransitionTime', 'reason', 'message'] },
);

const historyEntry = object(
  {
    upgradeID: string(),
    fromVersion: string(),
    toVersion: string(),
    phase: stringEnum(HISTORY_PHASES),
    startTime: dateTime(),
    completionTime: dateTime(),
    message: string({ maxLength: MAX_MESSAGE_LENGTH }),
  },
  { required: ['phase'] },
);

/** `status`: written by the operator through the status subresource. */
export function crdStatusSchema(): OpenApiSchema {
  return object(
    {
      observedGeneration: generation('The metadata.generation this status was computed for.'),
      phase: stringEnum(PHASES),
      progress: integer({
        minimum: 0,
        maximum: 100,
        description: 'Percent done; absent when nothing honest can be derived.',
      }),
      currentStep: string({ description: 'Name of the step running now (or the failed/paused one).' }),
      steps: array(step, { description: 'Upgrade steps in execution order.', ...atomic }),
      fromVersion: string(),
      toVersion: string(),
      upgradeID: string({ description: "The cloud's ID of the tracked upgrade, task, workflow or detail." }),
      startTime: dateTime(),
      completionTime: dateTime(),
      nodes: object(
        {
          total: integer({ minimum: 0 }),
          completed: integer({ minimum: 0 }),
          current: array(string(), atomic),
        },
        { description: `Node progress (${HUAWEI_CSS}).`, required: ['total', 'completed'] },
      ),
      components: array(componentStatus, {
        description: `Per add-on state (${ALIBABA_ACK_ADDONS}).`,
        ...atomic,
      }),
      message: string({
        maxLength: MAX_MESSAGE_LENGTH,
        description: `The provider's error or summary text, trimmed to ${MAX_MESSAGE_LENGTH} characters.`,
      }),
      providerStatus: object(
        {},
        { description: 'Raw provider values, for debugging.', 'x-kubernetes-preserve-unknown-fields': true },
      ),
      lastSyncTime: dateTime('Time of the last successful poll.'),
      conditions: array(condition, {
        description: 'Ready, Progressing, Stalled and Synced (metav1.Condition).',
        'x-kubernetes-list-type': 'map',
        'x-kubernetes-list-map-keys': ['type'],
      }),
      history: array(historyEntry, {
        description:
          `Finished upgrades (${HISTORY_PHASES.join(', ')}), newest first, one entry per upgrade, ` +
          `at most ${MAX_HISTORY}.`,
        maxItems: MAX_HISTORY,
        ...atomic,
      }),
    },
    { description: 'Normalized upgrade state, written by the operator.' },
  );
}
