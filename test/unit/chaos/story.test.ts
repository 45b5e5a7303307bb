// The story a chaos report tells of a watch that missed its final truth (test/chaos/story.ts): the
// lines must say what a reader needs to tell "never saw the upgrade" from "saw it and lost it".
import type { ClusterUpgradeWatch } from '../../../src/api/types.js';
import type { CounterReport } from '../../../src/simulator/index.js';
import { statusLine, storiesOf, storyLines } from '../../chaos/story.js';
import type { ChaosWorld } from '../../chaos/world.js';

const STARTED = 1_000_000;

function cr(status: ClusterUpgradeWatch['status']): ClusterUpgradeWatch {
  return { metadata: { name: 'w', namespace: 'ns' }, status } as ClusterUpgradeWatch;
}

const STATUS_ROWS: Array<[why: string, status: ClusterUpgradeWatch['status'], at: number, line: string]> = [
  ['a status not written yet has no phase', undefined, STARTED + 400, '+0s (no phase)'],
  [
    'an active status names progress, target and the Synced reason',
    {
      phase: 'Running',
      progress: 33,
      toVersion: '1.34.1',
      conditions: [{ type: 'Synced', status: 'True', reason: 'Synced', message: '', lastTransitionTime: '' }],
    },
    STARTED + 12_600,
    '+13s Running 33% →1.34.1 Synced=Synced',
  ],
  [
    'an Idle status without progress or target says only its phase and why it synced',
    {
      phase: 'Idle',
      conditions: [
        { type: 'Synced', status: 'False', reason: 'Throttled', message: '', lastTransitionTime: '' },
      ],
    },
    STARTED + 50_000,
    '+50s Idle Synced=Throttled',
  ],
];

it.each(STATUS_ROWS)('status line: %s', (_why, status, at, line) => {
  expect(statusLine(cr(status), at, STARTED)).toBe(line);
});

it('the summary lines name the watch, its statuses in order, its cloud answers and its logs', () => {
  const lines = storyLines([
    {
      subject: 'ns/aks-succeeds-021',
      statuses: ['+9s Idle', '+60s Idle'],
      cloudAnswers: { 'GetManagedCluster ok': 4, 'GetManagedCluster throttle': 1 },
      logs: ['+20s replica-2 poll failed: throttled'],
    },
    { subject: 'ns/quiet', statuses: [], cloudAnswers: {}, logs: [] },
  ]);
  expect(lines).toEqual([
    '  story of ns/aks-succeeds-021:',
    '    statuses: +9s Idle | +60s Idle',
    '    cloud: GetManagedCluster ok 4, GetManagedCluster throttle 1',
    '    log: +20s replica-2 poll failed: throttled',
    '  story of ns/quiet:',
    '    statuses: (none recorded)',
    '    cloud: (no request named its cluster)',
  ]);
});

// storiesOf reads the run's own records; a world with just those records stands in for a run.
it('tells the story of each watch a finalTruth violation names, and of no other', () => {
  const version = (at: number, status: ClusterUpgradeWatch['status'], statusChanged = true) => ({
    at,
    statusChanged,
    object: cr(status),
  });
  const histories: Record<string, unknown[]> = {
    'ns-az/aks-succeeds-021': [
      version(STARTED + 9_000, { phase: 'Idle' }),
      version(STARTED + 39_000, { phase: 'Idle' }, false),
      version(STARTED + 60_000, { phase: 'Idle', toVersion: '1.34.1' }),
    ],
  };
  const world = {
    namespaces: { azure: { namespace: 'ns-az' }, google: { namespace: 'ns-gcp' } },
    fleet: {
      watches: [
        { name: 'aks-succeeds-021', cloud: 'azure', clusterID: 'c-021' },
        { name: 'gke-succeeds-019', cloud: 'google', clusterID: 'c-019' },
      ],
    },
    recorder: { history: (key: string) => histories[key] ?? [] },
    replicas: {
      all: [
        {
          name: 'replica-2',
          proc: {
            lines: [
              { time: STARTED + 20_000, name: 'aks-succeeds-021', msg: 'poll failed: throttled' },
              { time: STARTED + 21_000, name: 'gke-succeeds-019', msg: 'poll failed: not this one' },
            ],
          },
        },
      ],
    },
  } as unknown as ChaosWorld;
  const counters = {
    entries: [
      { clusterID: 'c-021', operation: 'GetManagedCluster', outcomes: { ok: 4, throttle: 1 } },
      { clusterID: 'c-021', operation: 'ListAgentPools', outcomes: { ok: 4 } },
      { clusterID: 'c-019', operation: 'GetOperation', outcomes: { ok: 9 } },
    ],
  } as unknown as CounterReport;
  const violations = [
    { invariant: 'finalTruth', subject: 'ns-az/aks-succeeds-021', detail: 'phase=Idle, want Succeeded' },
    { invariant: 'finalTruth', subject: 'ns-az/aks-succeeds-021', detail: 'progress=undefined, want 100' },
    { invariant: 'scriptOrder', subject: 'ns-gcp/gke-succeeds-019', detail: 'not a final-truth problem' },
  ] as const;
  expect(storiesOf(world, counters, violations, new Date(STARTED))).toEqual([
    {
      subject: 'ns-az/aks-succeeds-021',
      statuses: ['+9s Idle', '+60s Idle →1.34.1'],
      cloudAnswers: { 'GetManagedCluster ok': 4, 'GetManagedCluster throttle': 1, 'ListAgentPools ok': 4 },
      logs: ['+20s replica-2 poll failed: throttled'],
    },
  ]);
});

it('a status line names the version an Idle or running watch comes from', () => {
  expect(statusLine(cr({ phase: 'Idle', fromVersion: '1.34.1' }), STARTED + 100_000, STARTED)).toBe(
    '+100s Idle from 1.34.1',
  );
});
