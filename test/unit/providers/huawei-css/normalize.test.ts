import fc from 'fast-check';
import {
  latestDetail,
  nodeSteps,
  normalizeDetails,
  splitNodes,
} from '../../../../src/providers/huawei-css/normalize.js';
import {
  upgradeDetailPageSchema,
  upgradeDetailSchema,
  type UpgradeDetail,
} from '../../../../src/providers/huawei-css/schema.js';
import { fixture, observationProblems } from '../huawei-common/helpers.js';

const page = (value: unknown) => upgradeDetailPageSchema.parse(value);
const detail = (value: Record<string, unknown>): UpgradeDetail => upgradeDetailSchema.parse(value);

const base = {
  id: 'd1',
  startTime: '2024-05-01T08:00:00',
  status: 'RUNNING',
  totalNodes: 'n1,n2,n3,n4',
  completedNodes: 'n1',
  currentNodeName: 'n2',
  imageInfo: { datastoreVersion: '7.10.2', displayName: '7.10.2_24.1' },
  currentNodeDetail: [
    { order: 12, name: 'Task status update', status: 'WAITING', beginTime: '', endTime: '' },
    {
      order: 0,
      name: 'Data migration',
      status: 'SUCCESS',
      beginTime: '2024-05-01T08:01:00',
      endTime: '2024-05-01T08:05:00',
    },
    { order: 3, name: 'Node replacement', status: 'RUNNING', beginTime: '1714550700000', endTime: '' },
  ],
};

describe('seed 004 examples', () => {
  it('cluster image upgrade, first node running', () => {
    const o = normalizeDetails(
      page(fixture('huawei-css/fixtures/seed-004-upgrade-running.json')).detailList ?? [],
    );
    expect(o).toEqual({
      phase: 'Running',
      progress: 0,
      // Between two steps of the node: the first WAITING one is next.
      currentStep: 'css-test-ess-esn-1-1: Task status update',
      steps: [
        {
          name: 'Data migration',
          phase: 'Succeeded',
          startTime: '2023-01-05T02:23:42Z',
          completionTime: '2023-01-05T02:29:51Z',
        },
        { name: 'Task status update', phase: 'Pending' },
      ],
      toVersion: '7.10.2',
      upgradeID: 'b7ac4c5b-3bda-4feb-a303-eb80f4bce986',
      startTime: '2023-01-05T02:23:39Z',
      nodes: { total: 3, completed: 0, current: ['css-test-ess-esn-1-1'] },
      providerStatus: { status: 'RUNNING', executeTimes: '1', image: '7.10.2_22.5.1_1230' },
    });
  });

  it('AZ migration: one of three nodes done, migrate parameters parsed out of their strings', () => {
    const o = normalizeDetails(
      page(fixture('huawei-css/fixtures/seed-004-az-migration-running.json')).detailList ?? [],
      'AZMigration',
    );
    expect(o).toMatchObject({
      phase: 'Running',
      progress: 33,
      currentStep: 'css-test-ess-esn-1-1: Task status update',
      nodes: { total: 3, completed: 1, current: ['css-test-ess-esn-1-1'] },
      upgradeID: '8ebe958b-b8c6-4939-b5a7-85aee9468888',
      startTime: '2022-12-29T08:32:29Z',
      providerStatus: {
        status: 'RUNNING',
        migrateParam: {
          instType: 'ess',
          migrateType: 'az_migrate',
          sourceAz: 'cn-north-4a',
          targetAz: 'cn-north-4c',
        },
        finalAzInfoMap: { 'cn-north-4c': 'css-test-ess-esn-2-1,css-test-ess-esn-1-1,css-test-ess-esn-3-1' },
      },
    });
    expect(o.toVersion).toBeUndefined();
  });
});

describe('status', () => {
  it.each([
    ['RUNNING', 'Running', undefined],
    ['SUCCESS', 'Succeeded', undefined],
    ['FAILED', 'Failed', 'upgrade failed at n2: Node replacement'],
    ['PARTIAL_FAILED says partial', 'Failed', 'upgrade partially failed: 1 of 4 nodes completed'],
    ['running (lower case)', 'Running', undefined],
    ['ROLLING_BACK (unknown)', 'Unknown', 'unrecognised upgrade status "ROLLING_BACK"'],
  ])('%s', (raw, phase, message) => {
    const status = raw.split(' ')[0]!;
    const o = normalizeDetails([detail({ ...base, status })]);
    expect(o.phase).toBe(phase);
    expect(o.message).toBe(message);
    expect(o.providerStatus?.status).toBe(status);
  });

  it('an AZ migration failure says "AZ migration"', () => {
    expect(normalizeDetails([detail({ ...base, status: 'PARTIAL_FAILED' })], 'AZMigration').message).toBe(
      'AZ migration partially failed: 1 of 4 nodes completed',
    );
  });

  it('a missing status is Unknown', () => {
    expect(normalizeDetails([detail({ ...base, status: undefined })])).toMatchObject({
      phase: 'Unknown',
      message: 'unrecognised upgrade status null',
    });
  });

  it('Succeeded is 100 and has no current node, with its completion time', () => {
    const o = normalizeDetails([
      detail({ ...base, status: 'SUCCESS', completedNodes: 'n1,n2', endTime: '2024-05-01T10:00:00' }),
    ]);
    expect(o).toMatchObject({
      phase: 'Succeeded',
      progress: 100,
      completionTime: '2024-05-01T10:00:00Z',
      nodes: { total: 4, completed: 2, current: [] },
    });
  });

  it('a running entry carries no completionTime even if endTime is set', () => {
    expect(
      normalizeDetails([detail({ ...base, endTime: '2024-05-01T10:00:00' })]).completionTime,
    ).toBeUndefined();
  });
});

describe('nodes and progress', () => {
  it.each([
    [
      'spaces around names are trimmed',
      ' n1 , n2,n3 ',
      'n1, n3',
      'n2 ',
      { total: 3, completed: 2, current: ['n2'] },
      66,
    ],
    [
      'empty items and duplicates are dropped',
      'n1,,n2,n2',
      'n1,n1',
      '',
      { total: 2, completed: 1, current: [] },
      50,
    ],
    [
      'completed never exceeds total',
      'n1,n2',
      'n1,n2,n3',
      'n3',
      { total: 2, completed: 2, current: ['n3'] },
      99,
    ],
    [
      'no total: no progress, completed still counted',
      '',
      'n1',
      'n2',
      { total: 0, completed: 1, current: ['n2'] },
      undefined,
    ],
    [
      'several current nodes (batch)',
      'a,b,c,d',
      '',
      'a, b',
      { total: 4, completed: 0, current: ['a', 'b'] },
      0,
    ],
  ])('%s', (_why, totalNodes, completedNodes, currentNodeName, nodes, progress) => {
    const o = normalizeDetails([detail({ ...base, totalNodes, completedNodes, currentNodeName })]);
    expect(o.nodes).toEqual(nodes);
    expect(o.progress).toBe(progress);
  });

  it('falls back to currentBatchNodes when currentNodeName is empty', () => {
    const o = normalizeDetails([detail({ ...base, currentNodeName: '', currentBatchNodes: 'n3, n4' })]);
    expect(o.nodes?.current).toEqual(['n3', 'n4']);
    expect(o.currentStep).toBe('n3, n4: Node replacement');
  });

  it('no node fields at all: no nodes block', () => {
    expect(normalizeDetails([detail({ id: 'x', status: 'RUNNING' })]).nodes).toBeUndefined();
  });

  it('splitNodes ignores non-strings', () => {
    expect(splitNodes(undefined)).toEqual([]);
    expect(splitNodes(42)).toEqual([]);
  });
});

describe('steps', () => {
  it('sorted by order; WAITING/RUNNING/SUCCESS/FAILED mapped; epoch-ms begin times read', () => {
    expect(nodeSteps(detail(base))).toEqual([
      {
        name: 'Data migration',
        phase: 'Succeeded',
        startTime: '2024-05-01T08:01:00Z',
        completionTime: '2024-05-01T08:05:00Z',
      },
      { name: 'Node replacement', phase: 'Running', startTime: '2024-05-01T08:05:00Z' },
      { name: 'Task status update', phase: 'Pending' },
    ]);
  });

  it('string orders sort numerically, missing orders go last, unknown statuses stay Pending', () => {
    const steps = nodeSteps(
      detail({
        currentNodeDetail: [
          { name: 'no order', status: 'SUCCESS' },
          { order: '10', name: 'ten', status: 'FAILED' },
          { order: '9', name: 'nine', status: 'SKIPPED' },
          { order: 1 },
        ],
      }),
    );
    expect(steps.map((s) => [s.name, s.phase])).toEqual([
      ['Step 4', 'Pending'],
      ['nine', 'Pending'],
      ['ten', 'Failed'],
      ['no order', 'Succeeded'],
    ]);
  });

  const currentSteps: Array<[why: string, change: Record<string, unknown>, expected: string | undefined]> = [
    ['a step is RUNNING: "{node}: {running step}"', {}, 'n2: Node replacement'],
    [
      'a step FAILED, none running: the failed step',
      { status: 'FAILED', currentNodeDetail: [{ order: 1, name: 'Restart', status: 'FAILED' }] },
      'n2: Restart',
    ],
    [
      'between two steps (one done, none RUNNING, seed 004 first example): the first WAITING step',
      {
        currentNodeDetail: [
          { order: 0, name: 'Data migration', status: 'SUCCESS' },
          { order: 12, name: 'Task status update', status: 'WAITING' },
          { order: 13, name: 'Later', status: 'WAITING' },
        ],
      },
      'n2: Task status update',
    ],
    [
      'every step of the node done, nothing waiting: just the node',
      { currentNodeDetail: [{ order: 0, name: 'Data migration', status: 'SUCCESS' }] },
      'n2',
    ],
    ['no step details at all: just the node', { currentNodeDetail: [] }, 'n2'],
    ['no current node: the running step alone', { currentNodeName: '' }, 'Node replacement'],
    ['Succeeded: no current step', { status: 'SUCCESS', completedNodes: 'n1,n2,n3,n4' }, undefined],
  ];
  it.each(currentSteps)('currentStep: %s', (_why, change, expected) => {
    expect(normalizeDetails([detail({ ...base, ...change })]).currentStep).toBe(expected);
  });
});

describe('the latest entry by startTime', () => {
  const at = (id: string, startTime: unknown) => detail({ id, startTime, status: 'SUCCESS' });
  it.each([
    ['empty list → Idle', [], undefined],
    ['zone-less vs epoch ms', [at('a', '2024-01-01T00:00:00'), at('b', '1714550400000')], 'b'],
    ['epoch ms as a number', [at('a', 1714550400000), at('b', '2024-01-01T00:00:00')], 'a'],
    [
      'Go style with zone abbreviation',
      [at('a', '2024-01-01 08:00:00.5 +0800 CST'), at('b', '2024-01-01T00:30:00Z')],
      'b',
    ],
    [
      '"" and zero time lose',
      [at('a', ''), at('b', '0001-01-01T00:00:00Z'), at('c', '2001-01-01T00:00:00Z')],
      'c',
    ],
    ['a tie keeps the first listed', [at('a', '2024-01-01T00:00:00'), at('b', '2024-01-01T00:00:00Z')], 'a'],
  ])('%s', (_why, details, id) => {
    expect(latestDetail(details)?.id).toBe(id);
    const o = normalizeDetails(details);
    // No detail: Idle and nothing else; otherwise the latest detail's id is the upgrade's.
    expect(id === undefined ? o : o.upgradeID).toEqual(id === undefined ? { phase: 'Idle' } : id);
  });
});

describe('embedded JSON strings', () => {
  it.each([
    ['malformed JSON is dropped', '{not json'],
    ['a JSON array is dropped', '[1,2]'],
    ['an empty string is dropped', ''],
  ])('%s', (_why, migrateParam) => {
    const o = normalizeDetails([detail({ ...base, migrateParam, finalAzInfoMap: migrateParam })]);
    expect(o.providerStatus).not.toHaveProperty('migrateParam');
    expect(o.providerStatus).not.toHaveProperty('finalAzInfoMap');
  });
});

describe('properties', () => {
  const entry = fc.record(
    {
      id: fc.string(),
      startTime: fc.oneof(
        fc.string(),
        fc.integer(),
        fc.constantFrom('2024-01-01T00:00:00', '1714550400000', ''),
      ),
      endTime: fc.oneof(fc.string(), fc.integer()),
      status: fc.oneof(fc.constantFrom('RUNNING', 'SUCCESS', 'FAILED', 'PARTIAL_FAILED'), fc.string()),
      totalNodes: fc.array(fc.string(), { maxLength: 5 }).map((a) => a.join(',')),
      completedNodes: fc.array(fc.string(), { maxLength: 5 }).map((a) => a.join(' ,')),
      currentNodeName: fc.string(),
      migrateParam: fc.oneof(fc.string(), fc.json()),
      finalAzInfoMap: fc.oneof(fc.string(), fc.json()),
      imageInfo: fc.record({ datastoreVersion: fc.string() }, { requiredKeys: [] }),
      currentNodeDetail: fc.array(
        fc.record(
          {
            order: fc.oneof(fc.integer(), fc.string(), fc.double()),
            name: fc.string(),
            status: fc.oneof(fc.constantFrom('WAITING', 'RUNNING', 'SUCCESS', 'FAILED'), fc.string()),
            beginTime: fc.oneof(fc.string(), fc.integer()),
            endTime: fc.string(),
          },
          { requiredKeys: [] },
        ),
        { maxLength: 5 },
      ),
    },
    { requiredKeys: [] },
  );
  const body = fc.oneof(
    fc.jsonValue({ maxDepth: 4 }),
    fc.record(
      { totalSize: fc.oneof(fc.integer(), fc.string()), detailList: fc.array(entry, { maxLength: 4 }) },
      { requiredKeys: [] },
    ),
  );

  it('arbitrary JSON into parse + normalize never throws and yields a valid Observation', () => {
    let normalized = 0;
    fc.assert(
      fc.property(body, fc.constantFrom('Upgrading' as const, 'AZMigration' as const), (raw, mode) => {
        const parsed = upgradeDetailPageSchema.safeParse(raw);
        if (!parsed.success) return;
        normalized += 1;
        expect(observationProblems(normalizeDetails(parsed.data.detailList ?? [], mode))).toEqual([]);
      }),
      { seed: 11, numRuns: 400 },
    );
    expect(normalized).toBeGreaterThan(100);
  });
});
