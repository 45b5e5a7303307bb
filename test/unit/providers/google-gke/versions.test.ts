// GKE versions (docs/providers-next.md#google-gke, mapping choice 6): which version an upgrade
// operation moves, when the client reads the cluster, and what the reads mean. Field names from
// the container/v1 discovery document (Cluster.currentMasterVersion, currentNodeVersion,
// nodePools[].version).
import type { Phase } from '../../../../src/api/types.js';
import {
  clusterSchema,
  operationSchema,
  type GkeOperation,
} from '../../../../src/providers/google-gke/schema.js';
import {
  partVersion,
  readDue,
  versionsOf,
  withRead,
  type VersionReads,
} from '../../../../src/providers/google-gke/versions.js';

const clusterLink = 'https://container.googleapis.com/v1/projects/p/locations/us-central1/clusters/prod';
const op = (value: Record<string, unknown>): GkeOperation =>
  operationSchema.parse({ name: 'op-1', operationType: 'UPGRADE_MASTER', targetLink: clusterLink, ...value });
const cluster = clusterSchema.parse({
  name: 'prod',
  currentMasterVersion: '1.34.1-gke.1829001',
  currentNodeVersion: '1.33.5-gke.1080000',
  initialClusterVersion: '1.31.1-gke.1000000',
  nodePools: [
    { name: 'default-pool', version: '1.33.5-gke.1080000' },
    { name: 'gpu', version: '1.34.1-gke.1829001' },
  ],
});

describe('partVersion: the version of the part the operation upgrades', () => {
  it.each<[string, Record<string, unknown>, string | undefined]>([
    ['UPGRADE_MASTER moves the control plane: currentMasterVersion', {}, '1.34.1-gke.1829001'],
    [
      'UPGRADE_NODES whose targetLink names a pool: that pool’s version',
      { operationType: 'UPGRADE_NODES', targetLink: `${clusterLink}/nodePools/gpu` },
      '1.34.1-gke.1829001',
    ],
    [
      'UPGRADE_NODES naming no pool: the deprecated currentNodeVersion (minimum over all nodes)',
      { operationType: 'UPGRADE_NODES' },
      '1.33.5-gke.1080000',
    ],
    [
      'a pool the cluster no longer has: no version rather than another pool’s',
      { operationType: 'UPGRADE_NODES', targetLink: `${clusterLink}/nodePools/gone` },
      undefined,
    ],
    ['operationType matches case-insensitively', { operationType: 'upgrade_master' }, '1.34.1-gke.1829001'],
  ])('%s', (_why, fields, expected) => {
    expect(partVersion(cluster, op(fields))).toBe(expected);
  });

  it('initialClusterVersion is never used: it is the creation version, not the current one', () => {
    const bare = clusterSchema.parse({ initialClusterVersion: '1.31.1-gke.1000000' });
    expect(partVersion(bare, op({}))).toBeUndefined();
  });
});

describe('readDue: the cluster is read only when it adds information', () => {
  const start: VersionReads = { operation: 'op-1', atStart: { version: '1.33' } };
  const both: VersionReads = { ...start, atEnd: { version: '1.34' } };
  it.each<[string, VersionReads | undefined, Record<string, unknown>, unknown]>([
    [
      'a new operation still running: read the version before',
      undefined,
      { status: 'RUNNING' },
      { operation: 'op-1', moment: 'start' },
    ],
    [
      'PENDING counts as not yet done',
      undefined,
      { status: 'PENDING' },
      { operation: 'op-1', moment: 'start' },
    ],
    [
      'a new operation already DONE: one read, the version after',
      undefined,
      { status: 'DONE' },
      { operation: 'op-1', moment: 'end' },
    ],
    [
      'the same operation still running after its start read: nothing',
      start,
      { status: 'RUNNING' },
      undefined,
    ],
    [
      'the same operation now DONE: the end read',
      start,
      { status: 'DONE' },
      { operation: 'op-1', moment: 'end' },
    ],
    ['DONE and both reads made: nothing, ever again', both, { status: 'DONE' }, undefined],
    [
      'another (newer) operation: starts afresh',
      both,
      { name: 'op-2', status: 'RUNNING' },
      { operation: 'op-2', moment: 'start' },
    ],
    [
      'an operation without a name cannot be remembered: never read',
      undefined,
      { name: '', status: 'RUNNING' },
      undefined,
    ],
  ])('%s', (_why, reads, fields, expected) => {
    expect(readDue(reads, op(fields))).toEqual(expected);
  });

  it('withRead keeps the start read when the end read comes, and drops another operation’s', () => {
    const first = withRead(undefined, { operation: 'op-1', moment: 'start' }, '1.33');
    const second = withRead(first, { operation: 'op-1', moment: 'end' }, '1.34');
    expect(second).toEqual({ operation: 'op-1', atStart: { version: '1.33' }, atEnd: { version: '1.34' } });
    expect(withRead(second, { operation: 'op-2', moment: 'start' }, undefined)).toEqual({
      operation: 'op-2',
      atStart: {},
    });
  });
});

describe('versionsOf: what the reads say', () => {
  const reads = (atStart?: string | null, atEnd?: string | null): VersionReads => ({
    operation: 'op-1',
    ...(atStart !== null ? { atStart: atStart === undefined ? {} : { version: atStart } } : {}),
    ...(atEnd !== null ? { atEnd: atEnd === undefined ? {} : { version: atEnd } } : {}),
  });
  it.each<[string, VersionReads | undefined, Phase, object]>([
    ['running: the version before, no target yet', reads('1.33', null), 'Running', { fromVersion: '1.33' }],
    [
      'Succeeded: before → after',
      reads('1.33', '1.34'),
      'Succeeded',
      { fromVersion: '1.33', toVersion: '1.34' },
    ],
    [
      'Succeeded but the version read before already was the target (GKE moved it early): no from = to',
      reads('1.34', '1.34'),
      'Succeeded',
      { toVersion: '1.34' },
    ],
    [
      'first seen already Succeeded: the target only',
      reads(null, '1.34'),
      'Succeeded',
      { toVersion: '1.34' },
    ],
    [
      'Failed, the version did not move: from only, no target claimed',
      reads('1.33', '1.33'),
      'Failed',
      { fromVersion: '1.33' },
    ],
    [
      'Failed after the version moved: where it went is the target',
      reads('1.33', '1.34'),
      'Failed',
      { fromVersion: '1.33', toVersion: '1.34' },
    ],
    ['Cancelled, first seen DONE: nothing to tell old from new', reads(null, '1.33'), 'Cancelled', {}],
    ['reads without a version (the pool is gone): nothing', reads(undefined, undefined), 'Succeeded', {}],
    ['no reads at all (Idle, or not yet read)', undefined, 'Running', {}],
  ])('%s', (_why, given, phase, expected) => {
    expect(versionsOf(given, 'op-1', phase)).toEqual(expected);
  });

  it('reads of another operation say nothing about this one', () => {
    expect(versionsOf(reads('1.33', '1.34'), 'op-2', 'Succeeded')).toEqual({});
  });
});
