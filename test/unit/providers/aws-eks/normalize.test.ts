import { normalize, newestVersionUpdate, createdAtMs } from '../../../../src/providers/aws-eks/normalize.js';
import {
  describeUpdateResponseSchema,
  listUpdatesResponseSchema,
  updateSchema,
  type EksUpdate,
} from '../../../../src/providers/aws-eks/schema.js';
import { fixture, observationProblems } from '../huawei-common/helpers.js';

const update = (value: Record<string, unknown>): EksUpdate =>
  updateSchema.parse({
    id: 'u1',
    type: 'VersionUpdate',
    createdAt: 1733500000,
    params: [{ type: 'Version', value: '1.31' }],
    ...value,
  });
const described = (path: string): EksUpdate => {
  const parsed = describeUpdateResponseSchema.parse(fixture(`aws-eks/fixtures/${path}`)).update;
  if (!parsed) throw new Error('fixture without update');
  return parsed;
};

describe('UpdateStatus, every value of the SDK enum plus an unknown one', () => {
  it.each([
    // [why, status, phase, progress]
    ['InProgress is the running upgrade', 'InProgress', 'Running', 0],
    ['Successful finishes it (100 only here)', 'Successful', 'Succeeded', 100],
    ['Failed stops it', 'Failed', 'Failed', 0],
    ['Cancelled is the user cancelling it', 'Cancelled', 'Cancelled', 0],
    ['enum values match case-insensitively', 'inprogress', 'Running', 0],
    ['a value the SDK does not know yet is Unknown, not a crash', 'Paused', 'Unknown', 0],
  ])('%s', (_why, status, phase, progress) => {
    const o = normalize({ cluster: update({ status }) });
    expect(o.phase).toBe(phase);
    expect(o.progress).toBe(progress);
    expect(o.providerStatus).toMatchObject({ status });
    expect(observationProblems(o)).toEqual([]);
  });
});

describe('no upgrade', () => {
  it.each([
    ['a cluster that never had an update', {}],
    ['node groups named, none ever updated', { nodegroups: [{ name: 'ng-1' }] }],
    ['empty node-group list', { nodegroups: [] }],
  ])('%s is Idle', (_why, input) => {
    expect(normalize(input)).toEqual({ phase: 'Idle' });
  });

  it('ListUpdates with no ids parses (the client then reports Idle)', () => {
    expect(listUpdatesResponseSchema.parse({ updateIds: [] }).updateIds).toEqual([]);
    expect(
      listUpdatesResponseSchema.parse(fixture('aws-eks/fixtures/list-updates.json')).updateIds,
    ).toHaveLength(2);
  });
});

describe('the official response shape (DescribeUpdate)', () => {
  it('an in-progress control-plane update: epoch-second createdAt, Version param → toVersion', () => {
    const o = normalize({ cluster: described('describe-update-cluster-in-progress.json') });
    expect(o).toEqual({
      phase: 'Running',
      progress: 0,
      currentStep: 'Control plane',
      steps: [{ name: 'Control plane', phase: 'Running', startTime: '2024-12-06T15:46:40Z' }],
      toVersion: '1.31',
      upgradeID: 'b5f0ba18-9a87-4450-b5a0-825e6e84496f',
      startTime: '2024-12-06T15:46:40Z',
      providerStatus: { status: 'InProgress', type: 'VersionUpdate' },
    });
  });

  it('a failed node-group update carries errors[] into the message and the step', () => {
    const o = normalize({
      cluster: update({ status: 'Successful' }),
      nodegroups: [{ name: 'ng-1', update: described('describe-update-nodegroup-failed.json') }],
    });
    expect(o.phase).toBe('Failed');
    expect(o.progress).toBe(50);
    expect(o.currentStep).toBe('Node group ng-1');
    expect(o.message).toBe(
      'Node group ng-1 update failed: PodEvictionFailure: Reached max retries while trying to evict pods from nodes in node group ng-1 (ip-192-168-1-10.us-west-2.compute.internal)',
    );
    expect(o.steps?.[1]).toMatchObject({ name: 'Node group ng-1', phase: 'Failed' });
    expect(observationProblems(o)).toEqual([]);
  });
});

describe('node groups as further steps', () => {
  const cluster = update({ status: 'Successful', createdAt: 1000 });
  it.each([
    // [why, node-group updates, phase, progress, currentStep]
    [
      'control plane done, node group not started yet: still running, half done',
      [{ name: 'a' }],
      'Running',
      50,
      'Node group a',
    ],
    [
      'a node-group update older than the control plane one belongs to an earlier upgrade',
      [{ name: 'a', update: update({ id: 'old', status: 'Successful', createdAt: 500 }) }],
      'Running',
      50,
      'Node group a',
    ],
    [
      'one node group upgrading, one waiting',
      [{ name: 'a', update: update({ id: 'n1', status: 'InProgress', createdAt: 2000 }) }, { name: 'b' }],
      'Running',
      33,
      'Node group a',
    ],
    [
      'every part done: Succeeded',
      [
        { name: 'a', update: update({ id: 'n1', status: 'Successful', createdAt: 2000 }) },
        { name: 'b', update: update({ id: 'n2', status: 'Successful', createdAt: 3000 }) },
      ],
      'Succeeded',
      100,
      undefined,
    ],
    [
      'a cancelled node-group update cancels the upgrade',
      [{ name: 'a', update: update({ id: 'n1', status: 'Cancelled', createdAt: 2000 }) }],
      'Cancelled',
      50,
      'Node group a',
    ],
  ])('%s', (_why, nodegroups, phase, progress, currentStep) => {
    const o = normalize({ cluster, nodegroups });
    expect(o.phase).toBe(phase);
    expect(o.progress).toBe(progress);
    expect(o.currentStep).toBe(currentStep);
    expect(o.upgradeID).toBe('u1');
    expect(o.steps?.map((s) => s.name)).toEqual([
      'Control plane',
      ...nodegroups.map((g) => `Node group ${g.name}`),
    ]);
  });

  it('only node-group updates (no control-plane update ever): the node groups are the upgrade', () => {
    const o = normalize({
      nodegroups: [
        {
          name: 'a',
          update: update({
            id: 'n1',
            status: 'InProgress',
            params: [{ type: 'ReleaseVersion', value: '1.30.1-2024' }],
          }),
        },
      ],
    });
    expect(o).toMatchObject({ phase: 'Running', upgradeID: 'n1', toVersion: '1.30.1-2024' });
    expect(o.steps).toEqual([{ name: 'Node group a', phase: 'Running', startTime: '2024-12-06T15:46:40Z' }]);
  });
});

describe('progress never goes backwards within one upgrade', () => {
  it('a poll sequence of the same upgrade gives non-decreasing progress', () => {
    const cp = (status: string) => update({ status, createdAt: 1000 });
    const ng = (status: string) => ({ name: 'a', update: update({ id: 'n1', status, createdAt: 2000 }) });
    const polls = [
      { cluster: cp('InProgress'), nodegroups: [{ name: 'a' }] },
      { cluster: cp('Successful'), nodegroups: [{ name: 'a' }] },
      { cluster: cp('Successful'), nodegroups: [ng('InProgress')] },
      { cluster: cp('Successful'), nodegroups: [ng('Successful')] },
    ];
    const progress = polls.map((p) => normalize(p).progress ?? 0);
    expect(progress).toEqual([0, 50, 50, 100]);
  });
});

describe('newestVersionUpdate and createdAt', () => {
  it.each([
    [
      'picks the newest by createdAt',
      [update({ id: 'a', createdAt: 1 }), update({ id: 'b', createdAt: 2 })],
      'b',
    ],
    [
      'skips other update types (a LoggingUpdate is no upgrade)',
      [update({ id: 'a' }), update({ id: 'b', type: 'LoggingUpdate', createdAt: 9e9 })],
      'a',
    ],
    ['no updates at all', [], undefined],
  ])('%s', (_why, updates, id) => {
    expect(newestVersionUpdate(updates)?.id).toBe(id);
  });

  it.each([
    ['epoch seconds (restJson1) become milliseconds', 1733500000.5, 1733500000500],
    ['an ISO string is read as a cloud time', '2024-12-06T15:46:40Z', 1733500000000],
    ['zero or garbage is unset', 0, undefined],
  ])('%s', (_why, createdAt, ms) => {
    expect(createdAtMs(update({ createdAt }))).toBe(ms);
  });
});
