// truthFor (test/chaos/verify.ts): which final truth a watch is held to. For AKS, which keeps no
// upgrade record, a watch the operator first saw only after the upgrade had ended is rightly Idle
// at the new version; every other case keeps the script's truth, so a lost baseline still fails.
import type { ClusterUpgradeWatchStatus } from '../../../src/api/types.js';
import { buildFleet, finalTruth } from '../../chaos/fleet.js';
import { SHORT } from '../../chaos/profile.js';
import { truthFor } from '../../chaos/verify.js';

const fleet = buildFleet(SHORT);
const watchOf = (script: string) => fleet.watches.find((w) => w.script?.name === script)!;
const aks = watchOf('aks-succeeds');
const TARGET = finalTruth(aks)!.toVersion!;

const ROWS: Array<[why: string, statuses: ClusterUpgradeWatchStatus[], phase: string]> = [
  [
    'every poll failed until after the upgrade, then Idle at the target: Idle is the truth',
    [{ phase: 'Unknown' }, { phase: 'Unknown' }, { phase: 'Idle', fromVersion: TARGET }],
    'Idle',
  ],
  [
    'first seen Idle at the old version (the baseline), later Idle at the target: a lost baseline, still Succeeded',
    [
      { phase: 'Idle', fromVersion: '1.33.2' },
      { phase: 'Idle', fromVersion: TARGET },
    ],
    'Succeeded',
  ],
  ['first seen running: Succeeded', [{ phase: 'Running', toVersion: TARGET }], 'Succeeded'],
  ['never observed at all: the script’s truth', [{ phase: 'Unknown' }], 'Succeeded'],
];

it.each(ROWS)('aks-succeeds: %s', (_why, statuses, phase) => {
  expect(truthFor(aks, statuses)?.phase).toBe(phase);
});

it('a script without a first-seen-settled truth keeps its own whatever the statuses', () => {
  const gke = watchOf('gke-succeeds');
  const idleAtTarget = [{ phase: 'Idle' as const, fromVersion: finalTruth(gke)?.toVersion }];
  expect(truthFor(gke, idleAtTarget)).toEqual(finalTruth(gke));
});
