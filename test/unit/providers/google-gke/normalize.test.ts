import {
  metricsRatio,
  normalize,
  newestUpgradeOperation,
} from '../../../../src/providers/google-gke/normalize.js';
import {
  listOperationsResponseSchema,
  operationSchema,
  type GkeOperation,
} from '../../../../src/providers/google-gke/schema.js';
import { fixture, observationProblems } from '../huawei-common/helpers.js';

const link = 'https://container.googleapis.com/v1/projects/p/locations/us-central1/clusters/prod';
const op = (value: Record<string, unknown>): GkeOperation =>
  operationSchema.parse({
    name: 'op-1',
    operationType: 'UPGRADE_MASTER',
    targetLink: link,
    startTime: '2024-12-06T15:00:00Z',
    ...value,
  });

describe('Operation.status, every value of the discovery enum plus an unknown one', () => {
  it.each([
    ['PENDING: created, not started', { status: 'PENDING' }, 'Pending', undefined],
    ['RUNNING', { status: 'RUNNING' }, 'Running', undefined],
    [
      'DONE without error succeeded',
      { status: 'DONE', endTime: '2024-12-06T16:00:00Z' },
      'Succeeded',
      undefined,
    ],
    [
      'DONE with an error failed',
      { status: 'DONE', error: { code: 13, message: 'node pool upgrade failed: timeout' } },
      'Failed',
      'node pool upgrade failed: timeout',
    ],
    [
      'DONE with google.rpc CANCELLED (1) was cancelled',
      { status: 'DONE', error: { code: 1, message: 'cancelled by user' } },
      'Cancelled',
      'cancelled by user',
    ],
    ['ABORTING is a cancel under way', { status: 'ABORTING' }, 'Cancelled', undefined],
    [
      'STATUS_UNSPECIFIED is Unknown',
      { status: 'STATUS_UNSPECIFIED' },
      'Unknown',
      'unrecognised operation status "STATUS_UNSPECIFIED"',
    ],
    [
      'a value the discovery document does not list',
      { status: 'PAUSED' },
      'Unknown',
      'unrecognised operation status "PAUSED"',
    ],
    ['enum values match case-insensitively', { status: 'running' }, 'Running', undefined],
  ])('%s', (_why, fields, phase, message) => {
    const o = normalize([op(fields)], 'prod');
    expect(o.phase).toBe(phase);
    expect(o.message).toBe(message);
    expect(o.steps).toHaveLength(1);
    expect(observationProblems(o)).toEqual([]);
  });
});

describe('which operation is tracked', () => {
  it.each([
    ['no operations at all: Idle', [], undefined],
    [
      'only other types (a CREATE_NODE_POOL is no upgrade)',
      [op({ operationType: 'CREATE_NODE_POOL' })],
      undefined,
    ],
    ['another cluster in the same location', [op({ targetLink: link.replace('prod', 'prod-2') })], undefined],
    [
      'the newest upgrade by startTime, a node-pool target counts for its cluster',
      [
        op({ name: 'old' }),
        op({
          name: 'new',
          operationType: 'UPGRADE_NODES',
          targetLink: `${link}/nodePools/np`,
          startTime: '2024-12-07T00:00:00Z',
        }),
      ],
      'new',
    ],
  ])('%s', (_why, operations, name) => {
    expect(newestUpgradeOperation(operations, 'prod')?.name ?? undefined).toBe(name);
    // Nothing tracked is Idle; something tracked is not.
    expect(normalize(operations, 'prod').phase === 'Idle').toBe(name === undefined);
  });

  it('an empty operations list from the API parses and is Idle', () => {
    expect(normalize(listOperationsResponseSchema.parse({}).operations ?? [], 'prod')).toEqual({
      phase: 'Idle',
    });
  });
});

describe('the official shapes (fixture)', () => {
  it('UPGRADE_NODES running with nodes done / total metrics (int64 as strings)', () => {
    const list = listOperationsResponseSchema.parse(
      fixture('google-gke/fixtures/list-operations-upgrade-nodes-running.json'),
    );
    expect(normalize(list.operations ?? [], 'prod')).toEqual({
      phase: 'Running',
      progress: 46,
      currentStep: 'Node pool pool-1',
      steps: [{ name: 'Node pool pool-1', phase: 'Running' }],
      upgradeID: 'operation-1733500000000-bbbb',
      startTime: '2024-12-06T15:46:40Z',
      providerStatus: {
        status: 'RUNNING',
        operationType: 'UPGRADE_NODES',
        detail: 'Upgrading node pool pool-1',
      },
    });
  });
});

describe('progress.metrics and progress.stages', () => {
  it.each([
    [
      'progress / progress scale',
      [
        { name: 'progress', doubleValue: 0.56 },
        { name: 'progress scale', doubleValue: 1.0 },
      ],
      0.56,
    ],
    ['progress without a scale reads as a 0..1 fraction', [{ name: 'progress', doubleValue: 0.25 }], 0.25],
    [
      'nodes done / nodes total',
      [
        { name: 'nodes done', intValue: '15' },
        { name: 'nodes total', intValue: 32 },
      ],
      15 / 32,
    ],
    [
      'a zero total gives nothing to divide',
      [
        { name: 'nodes done', intValue: '0' },
        { name: 'nodes total', intValue: '0' },
      ],
      undefined,
    ],
    ['no metrics', [], undefined],
  ])('%s', (_why, metrics, ratio) => {
    expect(metricsRatio(metrics)).toBe(ratio);
  });

  const stages = (a: string, b: string, c: string, bMetrics: unknown[] = []) => ({
    stages: [
      { name: 'Validating', status: a },
      { name: 'Upgrading nodes', status: b, metrics: bMetrics },
      { name: 'Finalizing', status: c },
    ],
  });

  it('stages become steps; progress = (done stages + the running stage fraction) / stages', () => {
    const o = normalize(
      [
        op({
          status: 'RUNNING',
          progress: stages('DONE', 'RUNNING', 'PENDING', [{ name: 'progress', doubleValue: 0.5 }]),
        }),
      ],
      'prod',
    );
    expect(o.steps).toEqual([
      { name: 'Validating', phase: 'Succeeded' },
      { name: 'Upgrading nodes', phase: 'Running' },
      { name: 'Finalizing', phase: 'Pending' },
    ]);
    expect(o.progress).toBe(50);
    expect(o.currentStep).toBe('Upgrading nodes');
  });

  it('a failed operation marks the stage it stopped in as Failed', () => {
    const o = normalize(
      [
        op({
          status: 'DONE',
          error: { code: 9, message: 'PDB blocked drain' },
          progress: stages('DONE', 'RUNNING', 'PENDING'),
        }),
      ],
      'prod',
    );
    expect(o.phase).toBe('Failed');
    expect(o.steps?.map((s) => s.phase)).toEqual(['Succeeded', 'Failed', 'Pending']);
    expect(o.currentStep).toBe('Upgrading nodes');
    expect(o.message).toBe('PDB blocked drain');
  });

  it('progress never goes backwards through the polls of one operation', () => {
    const polls = [
      stages('RUNNING', 'PENDING', 'PENDING'),
      stages('DONE', 'RUNNING', 'PENDING', [
        { name: 'nodes done', intValue: '1' },
        { name: 'nodes total', intValue: '4' },
      ]),
      stages('DONE', 'RUNNING', 'PENDING', [
        { name: 'nodes done', intValue: '3' },
        { name: 'nodes total', intValue: '4' },
      ]),
      stages('DONE', 'DONE', 'RUNNING'),
    ].map((progress) => normalize([op({ status: 'RUNNING', progress })], 'prod').progress ?? 0);
    expect(polls).toEqual([0, 41, 58, 66]);
    const done = normalize([op({ status: 'DONE', progress: stages('DONE', 'DONE', 'DONE') })], 'prod');
    expect(done.progress).toBe(100);
  });
});
