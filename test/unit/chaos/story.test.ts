// The story a chaos report tells of a watch that missed its final truth (test/chaos/story.ts): the
// lines must say what a reader needs to tell "never saw the upgrade" from "saw it and lost it".
import type { ClusterUpgradeWatch } from '../../../src/api/types.js';
import { statusLine, storyLines } from '../../chaos/story.js';

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
