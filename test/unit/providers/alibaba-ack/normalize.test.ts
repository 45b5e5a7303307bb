// AlibabaACK normalization (docs/reference.md#provider-alibabaack): table rows say why each case exists.

import { readFileSync } from 'node:fs';
import fc from 'fast-check';
import type { Observation } from '../../../../src/api/types.js';
import { expectValidObservation } from '../alibaba-common/valid-observation.js';
import {
  normalizeTaskInfo,
  normalizeUpgradeStatus,
} from '../../../../src/providers/alibaba-ack/normalize.js';
import {
  describeTaskInfoSchema,
  getUpgradeStatusSchema,
} from '../../../../src/providers/alibaba-ack/schema.js';

function fixture(name: string): unknown {
  return JSON.parse(
    readFileSync(new URL(`../../../../src/providers/alibaba-ack/fixtures/${name}`, import.meta.url), 'utf8'),
  );
}

function upgradeStatus(body: unknown): Observation {
  const parsed = getUpgradeStatusSchema.safeParse(body);
  if (!parsed.success) throw new Error(`fixture does not parse: ${parsed.error.message}`);
  return normalizeUpgradeStatus(parsed.data);
}

function taskInfo(body: unknown, taskID?: string): Observation {
  const parsed = describeTaskInfoSchema.safeParse(body);
  if (!parsed.success) throw new Error(`fixture does not parse: ${parsed.error.message}`);
  return normalizeTaskInfo(parsed.data, taskID);
}

/** The row's fields exactly (an `undefined` field must be absent); providerStatus as a subset. */
function expectObservationFields(obs: Observation, expected: object): void {
  const picked = Object.fromEntries(Object.keys(expected).map((key) => [key, obs[key as keyof Observation]]));
  const want = Object.fromEntries(
    Object.entries(expected).map(([key, value]) => [
      key,
      key === 'providerStatus' ? expect.objectContaining(value as object) : value,
    ]),
  );
  expect(picked).toEqual(want);
}

describe('GetUpgradeStatus seed 000 example', () => {
  it('running + prechecking → Running, Precheck running, progress 0', () => {
    const obs = upgradeStatus(fixture('get-upgrade-status.seed-example.json'));
    expect(obs).toEqual({
      phase: 'Running',
      progress: 0,
      currentStep: 'Precheck',
      steps: [
        { name: 'Precheck', phase: 'Running' },
        { name: 'Upgrade', phase: 'Pending' },
      ],
      message: 'subject to actual return',
      providerStatus: {
        status: 'running',
        upgradeStep: 'prechecking',
        upgradeTaskStatus: 'running',
        precheckReportId: 'be4c8eb72de94d459ea7ace7c811d119',
      },
    });
  });
});

type Row = [why: string, body: Record<string, unknown>, expected: Partial<Observation>];

const upgradeRows: Row[] = [
  ['empty body: nothing ever ran', {}, { phase: 'Idle', progress: undefined, steps: undefined }],
  [
    'empty status + not_start → Idle',
    { status: '', upgrade_step: 'not_start' },
    { phase: 'Idle', steps: undefined, progress: undefined },
  ],
  [
    'running with not_start → Pending (accepted, not started)',
    { status: 'running', upgrade_step: 'not_start' },
    {
      phase: 'Pending',
      progress: 0,
      steps: [
        { name: 'Precheck', phase: 'Pending' },
        { name: 'Upgrade', phase: 'Pending' },
      ],
    },
  ],
  [
    'upgrading: precheck done, upgrade running, half way',
    { status: 'running', upgrade_step: 'upgrading' },
    {
      phase: 'Running',
      progress: 50,
      currentStep: 'Upgrade',
      steps: [
        { name: 'Precheck', phase: 'Succeeded' },
        { name: 'Upgrade', phase: 'Running' },
      ],
    },
  ],
  [
    'success → both steps succeeded, progress 100, no current step',
    { status: 'success', upgrade_step: 'success' },
    {
      phase: 'Succeeded',
      progress: 100,
      currentStep: undefined,
      steps: [
        { name: 'Precheck', phase: 'Succeeded' },
        { name: 'Upgrade', phase: 'Succeeded' },
      ],
    },
  ],
  [
    'Succeeded ⇒ 100 even when upgrade_step lags behind',
    { status: 'success', upgrade_step: 'upgrading' },
    { phase: 'Succeeded', progress: 100 },
  ],
  [
    'pause → Paused, the upgrade step is the paused one',
    { status: 'pause', upgrade_step: 'pause' },
    { phase: 'Paused', progress: 50, currentStep: 'Upgrade' },
  ],
  [
    'fail during precheck → Precheck failed',
    { status: 'fail', upgrade_step: 'prechecking', error_message: 'precheck failed: node not ready' },
    {
      phase: 'Failed',
      progress: 0,
      currentStep: 'Precheck',
      message: 'precheck failed: node not ready',
      steps: [
        { name: 'Precheck', phase: 'Failed' },
        { name: 'Upgrade', phase: 'Pending' },
      ],
    },
  ],
  [
    'fail during upgrading → Upgrade failed',
    { status: 'fail', upgrade_step: 'upgrading' },
    {
      phase: 'Failed',
      progress: 50,
      currentStep: 'Upgrade',
      steps: [
        { name: 'Precheck', phase: 'Succeeded' },
        { name: 'Upgrade', phase: 'Failed' },
      ],
    },
  ],
  [
    'fail with no step → no invented steps',
    { status: 'fail' },
    { phase: 'Failed', steps: undefined, progress: undefined },
  ],
  [
    'case-insensitive enums',
    { status: 'RUNNING', upgrade_step: 'Upgrading' },
    { phase: 'Running', progress: 50 },
  ],
  [
    'status absent: upgrade_task.status Success fills in',
    { upgrade_task: { status: 'Success', message: 'done' } },
    { phase: 'Succeeded', progress: 100, message: 'done' },
  ],
  [
    'status absent: upgrade_task.status Failed fills in',
    { upgrade_task: { status: 'Failed' } },
    { phase: 'Failed' },
  ],
  [
    'status absent: upgrade_task.status running fills in',
    { upgrade_step: 'upgrading', upgrade_task: { status: 'running' } },
    { phase: 'Running', progress: 50 },
  ],
  [
    'status null is treated as absent',
    { status: null, upgrade_step: 'prechecking' },
    { phase: 'Running', currentStep: 'Precheck' },
  ],
  [
    'unknown status → Unknown, raw kept, no progress',
    { status: 'rolling_back', upgrade_step: 'upgrading' },
    {
      phase: 'Unknown',
      progress: undefined,
      providerStatus: { status: 'rolling_back', upgradeStep: 'upgrading' },
    },
  ],
  [
    'unknown upgrade_task.status → Unknown',
    { upgrade_task: { status: 'Queued' } },
    { phase: 'Unknown', providerStatus: { upgradeTaskStatus: 'Queued' } },
  ],
  [
    'unknown upgrade_step → no steps, phase from status',
    { status: 'running', upgrade_step: 'draining' },
    {
      phase: 'Running',
      steps: undefined,
      progress: undefined,
      providerStatus: { status: 'running', upgradeStep: 'draining' },
    },
  ],
  ['unknown upgrade_step and no status → Unknown', { upgrade_step: 'draining' }, { phase: 'Unknown' }],
  [
    'canceled (undocumented) → Cancelled, the running step cancelled',
    { status: 'canceled', upgrade_step: 'upgrading' },
    {
      phase: 'Cancelled',
      currentStep: 'Upgrade',
      steps: [
        { name: 'Precheck', phase: 'Succeeded' },
        { name: 'Upgrade', phase: 'Cancelled' },
      ],
    },
  ],
  [
    'error_message wins over upgrade_task.message',
    { status: 'fail', error_message: 'A', upgrade_task: { message: 'B' } },
    { message: 'A' },
  ],
  [
    'blank messages are dropped',
    { status: 'running', error_message: '   ', upgrade_step: 'upgrading' },
    { message: undefined },
  ],
  ['step-only success (status empty)', { upgrade_step: 'success' }, { phase: 'Succeeded', progress: 100 }],
  ['step-only pause', { upgrade_step: 'pause' }, { phase: 'Paused' }],
  [
    'running + upgrade_step success: every step reads finished, but only Succeeded shows 100',
    { status: 'running', upgrade_step: 'success' },
    { phase: 'Running', progress: 99 },
  ],
  [
    'not_start, status absent, stale upgrade_task.status Success from the last upgrade → Idle',
    { upgrade_step: 'not_start', upgrade_task: { status: 'Success', message: 'old' } },
    { phase: 'Idle', steps: undefined, progress: undefined },
  ],
  [
    'not_start, status absent, stale upgrade_task.status running → Idle, not a phantom upgrade',
    { upgrade_step: 'not_start', upgrade_task: { status: 'running' } },
    { phase: 'Idle', steps: undefined, progress: undefined },
  ],
];

describe('normalizeUpgradeStatus table', () => {
  it.each(upgradeRows)('%s', (_why, body, expected) => {
    expectObservationFields(upgradeStatus(body), expected);
  });

  it('trims a huge error message to 1024 characters', () => {
    const obs = upgradeStatus({ status: 'fail', error_message: 'x'.repeat(5000) });
    expect(obs.message).toHaveLength(1024);
  });
});

describe('DescribeTaskInfo', () => {
  it('documentation example: running, current stage, stages → steps, created → startTime', () => {
    // The spec's taskID differs on purpose: the body's task_id wins.
    const obs = taskInfo(fixture('describe-task-info.doc-example.json'), 'T-from-spec');
    expect(obs).toEqual({
      phase: 'Running',
      progress: 50,
      currentStep: 'DrainNodes',
      steps: [
        {
          name: 'Stage 1',
          phase: 'Succeeded',
          startTime: '2022-12-15T23:00:00Z',
          completionTime: '2022-12-15T23:05:00Z',
          message: 'success to xxxxx',
        },
        { name: 'DrainNodes', phase: 'Running', startTime: '2022-12-15T23:05:00Z' },
      ],
      upgradeID: 'T-5faa48fb31b6b8078d000006',
      startTime: '2020-11-10T08:02:04Z',
      providerStatus: {
        state: 'running',
        currentStage: 'DrainNodes',
        taskType: 'cluster_upgrade',
        errorCode: '',
      },
    });
  });

  const taskRows: Row[] = [
    [
      'success → Succeeded, 100, completion from updated',
      { state: 'success', updated: '2020-11-10T16:03:06+08:00' },
      { phase: 'Succeeded', progress: 100, completionTime: '2020-11-10T08:03:06Z' },
    ],
    [
      'fail (documented spelling) → Failed with error.message',
      { state: 'fail', error: { code: '400', message: 'failed to drain' } },
      { phase: 'Failed', message: 'failed to drain', providerStatus: { errorCode: '400' } },
    ],
    ['failed (SDK spelling) → Failed', { state: 'failed' }, { phase: 'Failed' }],
    [
      'numeric error code is kept as text',
      { state: 'fail', error: { code: 400 } },
      { providerStatus: { errorCode: '400' } },
    ],
    [
      'running → no completionTime even with updated',
      { state: 'running', updated: '2020-11-10T16:03:06+08:00' },
      { phase: 'Running', completionTime: undefined },
    ],
    ['case-insensitive', { state: 'SUCCESS' }, { phase: 'Succeeded' }],
    ['paused', { state: 'paused' }, { phase: 'Paused' }],
    ['canceled', { state: 'canceled' }, { phase: 'Cancelled' }],
    [
      'unknown state → Unknown with raw',
      { state: 'rollback' },
      { phase: 'Unknown', progress: undefined, providerStatus: { state: 'rollback' } },
    ],
    ['no state at all → Unknown', {}, { phase: 'Unknown' }],
    [
      'no task_id in the body: upgradeID falls back to spec taskID',
      { state: 'running' },
      { upgradeID: 'T-spec' },
    ],
    [
      'failed stage gives message and current step when the task has none',
      { state: 'fail', stages: [{ name: 'Precheck', state: 'failed', message: 'disk pressure' }] },
      { currentStep: 'Precheck', message: 'disk pressure', progress: 0 },
    ],
    [
      'stage names from the body are used; unknown stage states count as Pending',
      {
        state: 'running',
        stages: [{ name: 'A', state: 'success' }, { name: 'B', state: 'weird' }, { name: 'C' }],
      },
      {
        steps: [
          { name: 'A', phase: 'Succeeded' },
          { name: 'B', phase: 'Pending' },
          { name: 'C', phase: 'Pending' },
        ],
        progress: 33,
      },
    ],
    [
      'empty stages → no steps, no progress',
      { state: 'running', stages: [] },
      { steps: undefined, progress: undefined },
    ],
    [
      'zero time and blank created are unset',
      { state: 'running', created: '0001-01-01T00:00:00Z' },
      { startTime: undefined },
    ],
    [
      'Go-style timestamp with zone',
      { state: 'running', created: '2022-12-16 13:40:20.75671 +0800 CST' },
      { startTime: '2022-12-16T05:40:20Z' },
    ],
  ];
  it.each(taskRows)('%s', (_why, body, expected) => {
    expectObservationFields(taskInfo(body, 'T-spec'), expected);
  });
});

// ---- properties ----

const enumish = (values: string[]) =>
  fc.oneof(
    fc.constantFrom(...values),
    fc.constantFrom(...values).map((v) => v.toUpperCase()),
    fc.string(),
    fc.constant(null),
  );
const timeish = fc.oneof(
  fc.constant(''),
  fc.constant('0001-01-01T00:00:00Z'),
  fc.date({ noInvalidDate: true }).map((d) => d.toISOString()),
  fc.string(),
  fc.constant('2022-12-16 13:40:20.75671 +0800 CST'),
);

// Well-typed random bodies: every one passes the schema.
const upgradeStatusBody = fc.record(
  {
    status: enumish(['running', 'pause', 'fail', 'success', '']),
    upgrade_step: enumish(['not_start', 'prechecking', 'upgrading', 'pause', 'success']),
    error_message: fc.option(fc.string({ maxLength: 2000 }), { nil: null }),
    upgrade_task: fc.option(
      fc.record(
        { status: enumish(['running', 'Success', 'Failed']), message: fc.string() },
        { requiredKeys: [] },
      ),
      { nil: null },
    ),
  },
  { requiredKeys: [] },
);
const taskStage = fc.record(
  {
    name: fc.option(fc.string(), { nil: null }),
    state: enumish(['running', 'success', 'failed', 'pending']),
    start_time: timeish,
    end_time: timeish,
    message: fc.string(),
  },
  { requiredKeys: [] },
);
const taskInfoBody = fc.record(
  {
    task_id: fc.string(),
    state: enumish(['running', 'fail', 'failed', 'success', 'canceled']),
    created: timeish,
    updated: timeish,
    current_stage: fc.option(fc.string(), { nil: null }),
    stages: fc.option(fc.array(taskStage, { maxLength: 6 }), { nil: null }),
    error: fc.option(
      fc.record({ code: fc.oneof(fc.string(), fc.integer()), message: fc.string() }, { requiredKeys: [] }),
      { nil: null },
    ),
  },
  { requiredKeys: [] },
);

// Of 300 runs (fixed seeds), 212 and 204 reach the assertion; at least half must.
const FLOOR_ACK_STATUS = 150;
const FLOOR_ACK_TASK = 150;
describe('properties: arbitrary input never throws and yields a valid Observation', () => {
  // "Any JSON" mixes raw JSON (mostly refused by the schema) with well-typed bodies, and
  // counts the inputs that reached the assertion: a floor proves the property was exercised
  // rather than skipped by the schema on nearly every run.
  it('GetUpgradeStatus: any JSON either fails the schema or normalizes validly', () => {
    let normalized = 0;
    fc.assert(
      fc.property(fc.oneof(fc.jsonValue(), upgradeStatusBody), (json) => {
        const parsed = getUpgradeStatusSchema.safeParse(json);
        if (!parsed.success) return;
        normalized += 1;
        expectValidObservation(normalizeUpgradeStatus(parsed.data));
      }),
      { seed: 7, numRuns: 300 },
    );
    expect(normalized).toBeGreaterThan(FLOOR_ACK_STATUS);
  });

  it('GetUpgradeStatus: well-typed random bodies always normalize validly', () => {
    fc.assert(
      fc.property(upgradeStatusBody, (b) => expectValidObservation(upgradeStatus(b))),
      { seed: 11, numRuns: 400 },
    );
  });

  it('DescribeTaskInfo: any JSON either fails the schema or normalizes validly', () => {
    let normalized = 0;
    fc.assert(
      fc.property(fc.oneof(fc.jsonValue(), taskInfoBody), (json) => {
        const parsed = describeTaskInfoSchema.safeParse(json);
        if (!parsed.success) return;
        normalized += 1;
        expectValidObservation(normalizeTaskInfo(parsed.data));
      }),
      { seed: 13, numRuns: 300 },
    );
    expect(normalized).toBeGreaterThan(FLOOR_ACK_TASK);
  });

  it('DescribeTaskInfo: well-typed random bodies always normalize validly', () => {
    fc.assert(
      fc.property(taskInfoBody, (b) => expectValidObservation(taskInfo(b, 'T-x'))),
      { seed: 17, numRuns: 400 },
    );
  });
});
