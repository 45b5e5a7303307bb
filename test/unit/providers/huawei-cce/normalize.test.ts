import fc from 'fast-check';
import {
  newestWorkflow,
  normalizeTask,
  normalizeWorkflow,
  normalizeWorkflowList,
  orderedPoints,
  runningClusterTaskId,
  workflowItems,
} from '../../../../src/providers/huawei-cce/normalize.js';
import {
  upgradeTaskSchema,
  workflowListSchema,
  workflowSchema,
  type UpgradeTask,
  type UpgradeWorkflow,
  type UpgradeWorkflowList,
} from '../../../../src/providers/huawei-cce/schema.js';
import { fixture, observationProblems } from '../huawei-common/helpers.js';

const list = (value: unknown): UpgradeWorkflowList => workflowListSchema.parse(value);
const workflow = (value: unknown): UpgradeWorkflow => workflowSchema.parse(value);
const task = (value: unknown): UpgradeTask => upgradeTaskSchema.parse(value);

const LINES = [
  { startPoint: { taskType: 'PreCheck' }, endPoint: { taskType: 'Cluster' } },
  { startPoint: { taskType: 'Cluster' }, endPoint: { taskType: 'PostCheck' } },
];

/** A workflow with the four usual points in the given statuses. */
function wf(
  phase: string | undefined,
  statuses: [string?, string?, string?, string?],
  extra: Record<string, unknown> = {},
) {
  const names = ['PreCheck', 'Snapshot', 'Cluster', 'PostCheck'];
  return workflow({
    metadata: {
      uid: 'wf-1',
      creationTimestamp: '2024-05-01 08:00:00.1 +0800 CST',
      updateTimestamp: '2024-05-01T02:00:00Z',
    },
    spec: { clusterVersion: 'v1.28.3-r0', targetVersion: 'v1.29.1-r0' },
    status: {
      phase,
      pointStatuses: names.map((taskType, i) => ({
        taskType,
        ...(statuses[i] !== undefined ? { status: statuses[i] } : {}),
        ...(taskType === 'Cluster' ? { taskID: 'task-1' } : {}),
      })),
      lineStatuses: LINES,
    },
    ...extra,
  });
}

const clusterTask = (phase: string, progress: string | number | undefined) =>
  task({ metadata: { uid: 'task-1' }, status: { phase, ...(progress !== undefined ? { progress } : {}) } });

describe('seed examples', () => {
  it('seed 003: the single-object items, cancelled workflow', () => {
    const o = normalizeWorkflowList(list(fixture('huawei-cce/fixtures/seed-003-upgrade-workflows.json')));
    expect(o).toEqual({
      phase: 'Cancelled',
      progress: 0,
      steps: [
        { name: 'PreCheck', phase: 'Cancelled' },
        { name: 'Snapshot', phase: 'Cancelled' },
        { name: 'Cluster', phase: 'Cancelled' },
        { name: 'PostCheck', phase: 'Cancelled' },
      ],
      fromVersion: 'v1.17.17-r0',
      toVersion: 'v1.19.16-r80',
      upgradeID: '730f5577-38ef-448c-b4a7-c6878fbefdda',
      startTime: '2023-11-24T08:39:15Z',
      completionTime: '2023-11-25T02:57:25Z',
      message: 'upgrade workflow was cancelled',
      providerStatus: {
        phase: 'Cancel',
        pointStatuses: { PreCheck: null, Snapshot: null, Cluster: null, PostCheck: null },
      },
    });
  });

  it('seed 002: the upgrade task in Init, completionTime ignored outside a terminal phase', () => {
    const o = normalizeTask(task(fixture('huawei-cce/fixtures/seed-002-upgrade-task.json')));
    expect(o).toEqual({
      phase: 'Pending',
      progress: 0,
      fromVersion: 'v1.19.16-r4',
      toVersion: 'v1.23.5-r0',
      upgradeID: 'xxxxxxxx-xxxx-xxxx-xxxx-xxxxxxxxxxxx',
      startTime: '2022-12-16T05:40:20Z',
      providerStatus: { phase: 'Init', progress: '0.00' },
    });
  });
});

describe('workflow phase', () => {
  it.each([
    ['Init: nothing running yet', 'Init', 'Pending'],
    ['Running', 'Running', 'Running'],
    ['Pending means a task failed', 'Pending', 'Failed'],
    ['Success', 'Success', 'Succeeded'],
    ['Cancel', 'Cancel', 'Cancelled'],
    ['matching is case-insensitive', 'rUNNING', 'Running'],
    ['surrounding blanks are ignored', ' Success ', 'Succeeded'],
    ['an unknown value is Unknown, never a crash', 'Rollbacking', 'Unknown'],
    ['a prototype key is not an enum value', 'constructor', 'Unknown'],
    ['a missing phase with points: the workflow exists, not started → Pending', undefined, 'Pending'],
    ['a blank phase with points is missing too → Pending', '  ', 'Pending'],
  ])('%s', (_why, raw, expected) => {
    const o = normalizeWorkflow(wf(raw, ['Success', 'Success', 'Init', 'Init']));
    expect(o.phase).toBe(expected);
    expect(o.providerStatus?.phase).toBe(raw ?? null);
    // Only an unrecognised phase explains itself in the message.
    expect(o.message?.includes('unrecognised upgrade workflow phase') ?? false).toBe(expected === 'Unknown');
  });
});

describe('point status → step phase', () => {
  it.each([
    ['Init', 'Pending'],
    ['Queuing', 'Pending'],
    ['Running', 'Running'],
    ['Success', 'Succeeded'],
    ['Failed', 'Failed'],
    ['failed', 'Failed'],
    ['Skipped (unknown) stays Pending, raw kept in providerStatus', 'Pending'],
  ])('%s', (raw, expected) => {
    const status = raw.split(' ')[0]!;
    const o = normalizeWorkflow(wf('Running', ['Success', 'Success', status, 'Init']));
    expect(o.steps?.[2]).toMatchObject({ name: 'Cluster', phase: expected });
    expect((o.providerStatus?.pointStatuses as Record<string, unknown>).Cluster).toBe(status);
  });
});

describe('upgrade task phase (spec.taskID)', () => {
  it.each([
    ['Init', 'Pending'],
    ['Queuing', 'Pending'],
    ['Running', 'Running'],
    ['Pause', 'Paused'],
    ['Success', 'Succeeded'],
    ['Failed', 'Failed'],
    ['Upgrading', 'Unknown'],
  ])('%s → %s', (raw, expected) => {
    expect(normalizeTask(clusterTask(raw, '10.00')).phase).toBe(expected);
  });

  it.each([
    ['a decimal string', '42.50', 42],
    ['just below the next integer does not round up', '99.99', 99],
    ['a number', 12.7, 12],
    ['over 100 is clamped (and never 100 before Success)', '150', 99],
    ['negative is clamped', '-5', 0],
    ['not a number leaves progress absent', 'n/a', undefined],
    ['missing leaves progress absent', undefined, undefined],
  ])('progress from %s', (_why, raw, expected) => {
    expect(normalizeTask(clusterTask('Running', raw)).progress).toBe(expected);
  });

  it('Success is 100 whatever the progress field says, with its completion time', () => {
    const o = normalizeTask(
      task({
        status: { phase: 'Success', progress: '87.00', completionTime: '2024-05-01 12:00:00 +0800 CST' },
      }),
    );
    expect(o).toMatchObject({ phase: 'Succeeded', progress: 100, completionTime: '2024-05-01T04:00:00Z' });
  });

  it.each([
    ['Failed', 'cluster upgrade task failed'],
    ['Pause', 'cluster upgrade task is paused'],
    ['Weird', 'unrecognised upgrade task phase "Weird"'],
  ])('%s has a message', (raw, message) => {
    expect(normalizeTask(clusterTask(raw, '1')).message).toBe(message);
  });
});

describe('items and the newest workflow', () => {
  const at = (uid: string, creationTimestamp: unknown) => ({
    metadata: { uid, creationTimestamp },
    status: { phase: 'Success' },
  });
  it.each([
    ['items missing → Idle', {}],
    ['items null → Idle', { items: null }],
    ['items empty → Idle', { items: [] }],
    ['one degenerate object (no uid, phase or points) is no workflow → Idle', { items: {} }],
    [
      'degenerate items only (metadata without uid, status without phase or points) → Idle',
      { items: [{ metadata: { name: 'x' } }, { status: { pointStatuses: [] } }] },
    ],
  ])('%s', (_why, body) => {
    expect(normalizeWorkflowList(list(body))).toEqual({ phase: 'Idle' });
  });

  it('items as a single object is one workflow', () => {
    expect(workflowItems(list({ items: at('a', '') }))).toHaveLength(1);
  });

  it('a degenerate item next to a real workflow is ignored, even when it looks newer', () => {
    const items = [
      at('real', '2024-01-01T00:00:00Z'),
      { metadata: { creationTimestamp: '2025-01-01T00:00:00Z' } },
    ];
    expect(normalizeWorkflowList(list({ items })).upgradeID).toBe('real');
  });

  it('a workflow with points but no uid and no phase is Pending, not Unknown', () => {
    const items = { status: { pointStatuses: [{ taskType: 'PreCheck', status: 'Init' }] } };
    expect(normalizeWorkflowList(list({ items }))).toMatchObject({ phase: 'Pending', progress: 0 });
  });

  it.each([
    [
      'Go style with zone abbreviation beats zone-less',
      [at('old', '2024-01-01T00:00:00'), at('new', '2024-01-02 00:00:00.5 +0800 CST')],
      'new',
    ],
    [
      'the offset wins over the wall clock',
      [at('a', '2024-01-01 09:00:00 +0800 CST'), at('b', '2024-01-01T02:00:00Z')],
      'b',
    ],
    ['epoch milliseconds are read', [at('ms', '1714550400000'), at('iso', '2024-04-30T00:00:00Z')], 'ms'],
    [
      '"" and the zero time lose to any real time',
      [at('empty', ''), at('zero', '0001-01-01T00:00:00Z'), at('real', '2020-01-01T00:00:00Z')],
      'real',
    ],
    [
      'the first listed wins a tie',
      [at('first', '2024-01-01T00:00:00Z'), at('second', '2024-01-01T00:00:00Z')],
      'first',
    ],
    ['without any time the first listed is tracked', [at('x', ''), at('y', undefined)], 'x'],
  ])('%s', (_why, items, uid) => {
    expect(newestWorkflow(list({ items }))?.metadata?.uid).toBe(uid);
    expect(normalizeWorkflowList(list({ items })).upgradeID).toBe(uid);
  });
});

describe('step order from lineStatuses', () => {
  const names = (w: UpgradeWorkflow) => orderedPoints(w).map((p) => p.taskType);
  it('follows the lines even when pointStatuses are listed out of order; unconnected points keep list order', () => {
    const w = workflow({
      status: {
        pointStatuses: [
          { taskType: 'PostCheck' },
          { taskType: 'Cluster' },
          { taskType: 'Snapshot' },
          { taskType: 'PreCheck' },
        ],
        lineStatuses: [
          { startPoint: { taskType: 'PreCheck' }, endPoint: { taskType: 'Snapshot' } },
          { startPoint: { taskType: 'Snapshot' }, endPoint: { taskType: 'Cluster' } },
          { startPoint: { taskType: 'Cluster' }, endPoint: { taskType: 'PostCheck' } },
        ],
      },
    });
    expect(names(w)).toEqual(['PreCheck', 'Snapshot', 'Cluster', 'PostCheck']);
  });

  it('the seed shape (Snapshot not on any line) gives PreCheck, Snapshot, Cluster, PostCheck', () => {
    expect(names(wf('Running', []))).toEqual(['PreCheck', 'Snapshot', 'Cluster', 'PostCheck']);
  });

  it('a Rollback branch comes after Cluster; lines to unknown points and self-loops are ignored', () => {
    const w = workflow({
      status: {
        pointStatuses: [{ taskType: 'Rollback' }, { taskType: 'Cluster' }, { taskType: 'PreCheck' }],
        lineStatuses: [
          { startPoint: { taskType: 'PreCheck' }, endPoint: { taskType: 'Cluster' } },
          { startPoint: { taskType: 'Cluster' }, endPoint: { taskType: 'Rollback' } },
          { startPoint: { taskType: 'Cluster' }, endPoint: { taskType: 'Nowhere' } },
          { startPoint: { taskType: 'Cluster' }, endPoint: { taskType: 'Cluster' } },
          { startPoint: { taskType: 'Cluster' }, endPoint: { taskType: 'Rollback' } },
          { startPoint: null, endPoint: { taskType: 'Cluster' } },
        ],
      },
    });
    expect(names(w)).toEqual(['PreCheck', 'Cluster', 'Rollback']);
  });

  it('a cycle does not lose points', () => {
    const w = workflow({
      status: {
        pointStatuses: [{ taskType: 'A' }, { taskType: 'B' }, { taskType: 'C' }],
        lineStatuses: [
          { startPoint: { taskType: 'A' }, endPoint: { taskType: 'B' } },
          { startPoint: { taskType: 'B' }, endPoint: { taskType: 'A' } },
        ],
      },
    });
    expect(names(w)).toEqual(['C', 'A', 'B']);
  });

  it('a point without taskType gets a positional name', () => {
    const o = normalizeWorkflow(
      workflow({ status: { phase: 'Running', pointStatuses: [{ status: 'Running' }] } }),
    );
    expect(o.steps).toEqual([{ name: 'Task 1', phase: 'Running' }]);
    expect(o.currentStep).toBe('Task 1');
  });
});

describe('progress: finished points plus the Cluster task fraction', () => {
  it('(2 finished + 0.425) / 4 points = 60%', () => {
    const o = normalizeWorkflow(
      wf('Running', ['Success', 'Success', 'Running', 'Init']),
      clusterTask('Running', '42.50'),
    );
    expect(o.progress).toBe(60);
    expect(o.currentStep).toBe('Cluster');
    expect(o.providerStatus?.clusterTask).toEqual({ taskID: 'task-1', phase: 'Running', progress: '42.50' });
  });

  it('ignores a task given while the Cluster point is not running', () => {
    const o = normalizeWorkflow(
      wf('Running', ['Success', 'Running', 'Init', 'Init']),
      clusterTask('Running', '90'),
    );
    expect(o.progress).toBe(25);
    expect(o.providerStatus?.clusterTask).toBeUndefined();
  });

  it('a Rollback point is a step but not part of the ratio', () => {
    const w = workflow({
      status: {
        phase: 'Running',
        pointStatuses: [
          { taskType: 'PreCheck', status: 'Success' },
          { taskType: 'Cluster', status: 'Running' },
          { taskType: 'Rollback', status: 'Init' },
        ],
      },
    });
    const o = normalizeWorkflow(w, clusterTask('Running', '50'));
    expect(o.steps?.map((s) => s.name)).toEqual(['PreCheck', 'Cluster', 'Rollback']);
    expect(o.progress).toBe(75);
  });

  it('all points done but the workflow not yet Success shows 99, Success shows 100', () => {
    expect(normalizeWorkflow(wf('Running', ['Success', 'Success', 'Success', 'Success'])).progress).toBe(99);
    expect(normalizeWorkflow(wf('Success', ['Success', 'Success', 'Success', 'Success'])).progress).toBe(100);
  });

  it('Success without any point is still 100', () => {
    expect(normalizeWorkflow(workflow({ status: { phase: 'Success' } })).progress).toBe(100);
  });

  it('no points and not finished: no honest progress', () => {
    expect(normalizeWorkflow(workflow({ status: { phase: 'Running' } })).progress).toBeUndefined();
  });

  it('never goes backwards across a realistic sequence of snapshots', () => {
    const snapshots: Array<[UpgradeWorkflow, UpgradeTask?]> = [
      [wf('Init', ['Init', 'Init', 'Init', 'Init'])],
      [wf('Running', ['Running', 'Init', 'Init', 'Init'])],
      [wf('Running', ['Success', 'Queuing', 'Init', 'Init'])],
      [wf('Running', ['Success', 'Running', 'Init', 'Init'])],
      [wf('Running', ['Success', 'Success', 'Queuing', 'Init'])],
      [wf('Running', ['Success', 'Success', 'Running', 'Init']), clusterTask('Init', '0.00')],
      [wf('Running', ['Success', 'Success', 'Running', 'Init']), clusterTask('Running', '12.00')],
      [wf('Running', ['Success', 'Success', 'Running', 'Init']), clusterTask('Running', '42.50')],
      [wf('Running', ['Success', 'Success', 'Running', 'Init']), clusterTask('Running', '99.99')],
      [wf('Running', ['Success', 'Success', 'Running', 'Init']), clusterTask('Success', '100.00')],
      [wf('Running', ['Success', 'Success', 'Success', 'Init'])],
      [wf('Running', ['Success', 'Success', 'Success', 'Running'])],
      [wf('Success', ['Success', 'Success', 'Success', 'Success'])],
    ];
    const progress = snapshots.map(([w, t]) => normalizeWorkflow(w, t).progress ?? 0);
    expect(progress).toEqual([0, 0, 25, 25, 50, 50, 53, 60, 74, 75, 75, 75, 100]);
    for (let i = 1; i < progress.length; i += 1) expect(progress[i]).toBeGreaterThanOrEqual(progress[i - 1]!);
  });
});

describe('other workflow fields', () => {
  it('a paused cluster task pauses a running workflow', () => {
    const o = normalizeWorkflow(
      wf('Running', ['Success', 'Success', 'Running', 'Init']),
      clusterTask('Pause', '30'),
    );
    expect(o).toMatchObject({
      phase: 'Paused',
      currentStep: 'Cluster',
      message: 'cluster upgrade task is paused',
    });
  });

  it('a failed workflow names the failed step, which becomes currentStep', () => {
    const w = wf('Pending', ['Success', 'Success', 'Failed', 'Init']);
    const o = normalizeWorkflow(w);
    expect(o).toMatchObject({
      phase: 'Failed',
      currentStep: 'Cluster',
      message: 'upgrade workflow stopped: step Cluster failed',
      progress: 50,
    });
  });

  it('a failed workflow without a failed point still says why', () => {
    expect(normalizeWorkflow(wf('Pending', ['Success', 'Init', 'Init', 'Init'])).message).toBe(
      'upgrade workflow stopped: a task failed',
    );
  });

  it('step times are RFC 3339 UTC; completion only for finished steps; workflow completion is the last end', () => {
    const w = workflow({
      metadata: { creationTimestamp: '2024-05-01 08:00:00 +0800 CST' },
      status: {
        phase: 'Success',
        pointStatuses: [
          {
            taskType: 'PreCheck',
            status: 'Success',
            startTimeStamp: '2024-05-01 08:01:00.123 +0800 CST',
            endTimeStamp: '2024-05-01T00:05:00Z',
          },
          {
            taskType: 'Cluster',
            status: 'Success',
            startTimeStamp: '1714522000000',
            endTimeStamp: '2024-05-01T01:00:00',
          },
          {
            taskType: 'PostCheck',
            status: 'Running',
            startTimeStamp: '',
            endTimeStamp: '2024-05-01T09:00:00Z',
          },
        ],
      },
    });
    const o = normalizeWorkflow(w);
    expect(o.steps).toEqual([
      {
        name: 'PreCheck',
        phase: 'Succeeded',
        startTime: '2024-05-01T00:01:00Z',
        completionTime: '2024-05-01T00:05:00Z',
      },
      {
        name: 'Cluster',
        phase: 'Succeeded',
        startTime: '2024-05-01T00:06:40Z',
        completionTime: '2024-05-01T01:00:00Z',
      },
      { name: 'PostCheck', phase: 'Running' },
    ]);
    expect(o.startTime).toBe('2024-05-01T00:00:00Z');
    expect(o.completionTime).toBe('2024-05-01T09:00:00Z');
  });

  it('a running workflow has no completionTime', () => {
    expect(normalizeWorkflow(wf('Running', ['Success', 'Running'])).completionTime).toBeUndefined();
  });

  it('runningClusterTaskId only while the Cluster point runs with a task id', () => {
    expect(runningClusterTaskId(wf('Running', ['Success', 'Success', 'Running', 'Init']))).toBe('task-1');
    expect(runningClusterTaskId(wf('Running', ['Success', 'Success', 'Success', 'Init']))).toBeUndefined();
    expect(
      runningClusterTaskId(
        workflow({ status: { pointStatuses: [{ taskType: 'cluster', status: 'running', taskID: ' ' }] } }),
      ),
    ).toBeUndefined();
    expect(runningClusterTaskId(undefined)).toBeUndefined();
  });
});

describe('properties', () => {
  const jsonish = fc.jsonValue({ maxDepth: 4 });
  const plausible = fc.record(
    {
      items: fc.oneof(
        fc.array(
          fc.record(
            {
              metadata: fc.record(
                {
                  uid: fc.string(),
                  creationTimestamp: fc.oneof(
                    fc.string(),
                    fc.constantFrom('2024-01-01T00:00:00Z', '', '1714550400000'),
                  ),
                },
                { requiredKeys: [] },
              ),
              spec: fc.record(
                { clusterVersion: fc.string(), targetVersion: fc.string() },
                { requiredKeys: [] },
              ),
              status: fc.record(
                {
                  phase: fc.oneof(
                    fc.constantFrom('Init', 'Running', 'Pending', 'Success', 'Cancel'),
                    fc.string(),
                  ),
                  pointStatuses: fc.array(
                    fc.record(
                      {
                        taskType: fc.oneof(
                          fc.constantFrom('PreCheck', 'Snapshot', 'Cluster', 'PostCheck', 'Rollback'),
                          fc.string(),
                        ),
                        status: fc.oneof(
                          fc.constantFrom('Init', 'Queuing', 'Running', 'Success', 'Failed'),
                          fc.string(),
                        ),
                        taskID: fc.string(),
                        startTimeStamp: fc.string(),
                        endTimeStamp: fc.string(),
                      },
                      { requiredKeys: [] },
                    ),
                    { maxLength: 6 },
                  ),
                  lineStatuses: fc.array(
                    fc.record({
                      startPoint: fc.record({
                        taskType: fc.constantFrom('PreCheck', 'Snapshot', 'Cluster', 'PostCheck', 'X'),
                      }),
                      endPoint: fc.record({
                        taskType: fc.constantFrom('PreCheck', 'Snapshot', 'Cluster', 'PostCheck', 'X'),
                      }),
                    }),
                    { maxLength: 6 },
                  ),
                },
                { requiredKeys: [] },
              ),
            },
            { requiredKeys: [] },
          ),
          { maxLength: 4 },
        ),
        jsonish,
      ),
    },
    { requiredKeys: [] },
  );
  const taskArb = fc.oneof(
    jsonish,
    fc.record({
      status: fc.record(
        { phase: fc.string(), progress: fc.oneof(fc.string(), fc.double(), fc.constant('42.50')) },
        { requiredKeys: [] },
      ),
    }),
  );

  it('arbitrary JSON into parse + normalize never throws and yields a valid Observation (workflows)', () => {
    let normalized = 0;
    fc.assert(
      fc.property(fc.oneof(jsonish, plausible), taskArb, (body, rawTask) => {
        const parsed = workflowListSchema.safeParse(body);
        const parsedTask = upgradeTaskSchema.safeParse(rawTask);
        if (!parsed.success) return; // the client turns this into InvalidResponse
        normalized += 1;
        const o = normalizeWorkflowList(parsed.data, parsedTask.success ? parsedTask.data : undefined);
        expect(observationProblems(o)).toEqual([]);
      }),
      { seed: 7, numRuns: 400 },
    );
    expect(normalized).toBeGreaterThan(100);
  });

  it('arbitrary JSON into parse + normalize never throws and yields a valid Observation (task)', () => {
    // Counts the inputs that reached the assertion; a floor proves the property was exercised
    // (of 300 runs with this seed, 195 reach it).
    let normalized = 0;
    fc.assert(
      fc.property(taskArb, (body) => {
        const parsed = upgradeTaskSchema.safeParse(body);
        if (!parsed.success) return;
        normalized += 1;
        expect(observationProblems(normalizeTask(parsed.data))).toEqual([]);
      }),
      { seed: 8, numRuns: 300 },
    );
    expect(normalized).toBeGreaterThan(150);
  });
});
