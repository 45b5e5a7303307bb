// AlibabaACK → Observation (docs/reference.md#provider-alibabaack), pure. Two sources:
//   GetUpgradeStatus  (`status`, `upgrade_step`, `upgrade_task`) — the default;
//   DescribeTaskInfo  (`state`, `current_stage`, `stages[]`)      — when spec.taskID is set.
// Enum values match case-insensitively; anything unknown gives phase Unknown with the raw value
// kept in providerStatus.

import type { Observation, Phase, Step, StepPhase } from '../../api/types.js';
import { cloudTime } from '../common/time.js';
import {
  compact,
  enumLookup,
  enumValue,
  finishedSteps,
  isTerminal,
  textValue,
} from '../common/normalize-helpers.js';
import { progressOf } from '../common/progress.js';
import type { DescribeTaskInfoBody, GetUpgradeStatusBody, TaskStage } from './schema.js';

const PRECHECK_STEP = 'Precheck';
const UPGRADE_STEP = 'Upgrade';

/** The spellings every ACK state field shares (lower-cased). */
const SHARED_STATES = {
  running: 'Running',
  fail: 'Failed',
  failed: 'Failed',
  success: 'Succeeded',
  succeeded: 'Succeeded',
  canceled: 'Cancelled',
  cancelled: 'Cancelled',
} as const satisfies Record<string, Phase & StepPhase>;
const PAUSED_STATES = { pause: 'Paused', paused: 'Paused' } as const;
const PENDING_STATES = { pending: 'Pending', waiting: 'Pending' } as const;

/** `status` of GetUpgradeStatus. */
const upgradeStatus = enumLookup<Phase>({ ...SHARED_STATES, ...PAUSED_STATES });

/** `upgrade_task.status`: running / Success / Failed. */
const upgradeTaskStatus = enumLookup<Phase>({
  running: 'Running',
  success: 'Succeeded',
  failed: 'Failed',
  fail: 'Failed',
});

/** `upgrade_step` when `status` says nothing. */
const upgradeStepPhase = enumLookup<Phase>({
  not_start: 'Idle',
  prechecking: 'Running',
  upgrading: 'Running',
  pause: 'Paused',
  success: 'Succeeded',
});

const KNOWN_STEPS = new Set(['not_start', 'prechecking', 'upgrading', 'pause', 'success']);

function upgradeSteps(step: string | undefined, phase: Phase): Step[] | undefined {
  const both = (precheck: StepPhase, upgrade: StepPhase): Step[] => [
    { name: PRECHECK_STEP, phase: precheck },
    { name: UPGRADE_STEP, phase: upgrade },
  ];
  if (phase === 'Succeeded') return both('Succeeded', 'Succeeded');
  switch (step) {
    case 'not_start':
      return phase === 'Pending' ? both('Pending', 'Pending') : undefined;
    case 'prechecking':
      return phase === 'Failed' ? both('Failed', 'Pending') : both('Running', 'Pending');
    case 'upgrading':
    case 'pause': // ACK pauses between upgrading the control plane and the nodes
      return phase === 'Failed' ? both('Succeeded', 'Failed') : both('Succeeded', 'Running');
    case 'success':
      return both('Succeeded', 'Succeeded');
    default:
      return undefined;
  }
}

function upgradePhase(
  status: string | undefined,
  taskStatus: string | undefined,
  step: string | undefined,
): Phase {
  let phase: Phase;
  if (status !== undefined) phase = upgradeStatus(status) ?? 'Unknown';
  // No status and not started: Idle, whatever a stale `upgrade_task` from an earlier upgrade
  // still says (docs/reference.md#provider-alibabaack).
  else if (step === 'not_start') phase = 'Idle';
  else if (taskStatus !== undefined) phase = upgradeTaskStatus(taskStatus) ?? 'Unknown';
  else if (step !== undefined) phase = upgradeStepPhase(step) ?? 'Unknown';
  else phase = 'Idle'; // an empty body: nothing has ever run
  // An upgrade accepted but not started yet: running with upgrade_step not_start.
  if (phase === 'Running' && step === 'not_start') return 'Pending';
  return phase;
}

function currentStepOf(steps: Step[] | undefined): string | undefined {
  if (!steps) return undefined;
  return steps.find((s) => s.phase === 'Running' || s.phase === 'Failed' || s.phase === 'Cancelled')?.name;
}

export function normalizeUpgradeStatus(body: GetUpgradeStatusBody): Observation {
  const status = enumValue(body.status);
  const taskStatus = enumValue(body.upgrade_task?.status);
  const step = enumValue(body.upgrade_step);
  const phase = upgradePhase(status, taskStatus, step);
  const derived = step === undefined || KNOWN_STEPS.has(step) ? upgradeSteps(step, phase) : undefined;
  // A cancelled upgrade stops the step that was running.
  const steps =
    phase === 'Cancelled'
      ? derived?.map((s) => (s.phase === 'Running' ? { ...s, phase: 'Cancelled' as const } : s))
      : derived;

  const progress =
    phase === 'Unknown' ? undefined : progressOf(finishedSteps(steps ?? []), steps?.length ?? 0, phase);

  const message = textValue(body.error_message) ?? textValue(body.upgrade_task?.message);
  return compact({
    phase,
    progress,
    currentStep: phase === 'Succeeded' ? undefined : currentStepOf(steps),
    steps,
    message,
    providerStatus: compact({
      status: body.status ?? undefined,
      upgradeStep: body.upgrade_step ?? undefined,
      upgradeTaskStatus: body.upgrade_task?.status ?? undefined,
      precheckReportId: body.precheck_report_id ?? undefined,
    }),
  }) as Observation;
}

// ---- DescribeTaskInfo ----

const taskState = enumLookup<Phase>({ ...SHARED_STATES, ...PENDING_STATES, ...PAUSED_STATES });

const stageState = enumLookup<StepPhase>({ ...SHARED_STATES, ...PENDING_STATES, init: 'Pending' });

function stageName(
  stage: TaskStage,
  index: number,
  phase: StepPhase,
  currentStage: string | undefined,
): string {
  const named = textValue(stage.name);
  if (named) return named;
  // The API does not name stages; the running one is the task's `current_stage`.
  if (currentStage && phase === 'Running') return currentStage;
  return `Stage ${index + 1}`;
}

function taskSteps(body: DescribeTaskInfoBody, currentStage: string | undefined): Step[] | undefined {
  if (!body.stages || body.stages.length === 0) return undefined;
  return body.stages.map((stage, index) => {
    const phase = stageState(enumValue(stage.state) ?? 'pending') ?? 'Pending';
    return compact({
      name: stageName(stage, index, phase, currentStage),
      phase,
      startTime: cloudTime(stage.start_time),
      completionTime:
        phase === 'Succeeded' || phase === 'Failed' || phase === 'Cancelled'
          ? cloudTime(stage.end_time)
          : undefined,
      message: textValue(stage.message),
    }) as Step;
  });
}

export function normalizeTaskInfo(body: DescribeTaskInfoBody, taskID?: string): Observation {
  const state = enumValue(body.state);
  const phase: Phase = state === undefined ? 'Unknown' : (taskState(state) ?? 'Unknown');
  const currentStage = textValue(body.current_stage);
  const steps = taskSteps(body, currentStage);

  const progress =
    phase === 'Unknown' ? undefined : progressOf(finishedSteps(steps ?? []), steps?.length ?? 0, phase);

  const failedStage = steps?.find((s) => s.phase === 'Failed');
  const errorCode =
    body.error?.code === undefined || body.error?.code === null ? undefined : String(body.error.code);
  return compact({
    phase,
    progress,
    currentStep: phase === 'Succeeded' ? undefined : (currentStage ?? failedStage?.name),
    steps,
    upgradeID: textValue(body.task_id) ?? taskID,
    startTime: cloudTime(body.created),
    completionTime: isTerminal(phase) ? cloudTime(body.updated) : undefined,
    message: textValue(body.error?.message) ?? failedStage?.message,
    providerStatus: compact({
      state: body.state ?? undefined,
      currentStage: body.current_stage ?? undefined,
      taskType: body.task_type ?? undefined,
      errorCode,
    }),
  }) as Observation;
}
