// What a chaos run must have shown to count as survived: no invariant violated, no secret
// found (with a scanner proven able to find one), and the chaos it claims really happened.
import { expect } from '@jest/globals';
import { CLOUDS } from '../../src/providers/names.js';
import type { ChaosOutcome } from './driver.js';
import type { ChaosProfile } from './profile.js';

export function expectSurvived({ report, summary }: ChaosOutcome, profile: ChaosProfile): void {
  const planned = (kind: string) => profile.disruptions.filter((d) => d.kind === kind).length;
  expect({ violations: report.violations, summary }).toEqual({ violations: [], summary });
  expect(report.secretScan.hits).toBe(0);
  expect(report.secretScan.controlHits).toBeGreaterThan(0);
  expect(report.watches.total).toBe(profile.watches);
  expect(report.apiServerRestarts).toHaveLength(planned('restart-apiserver'));
  expect(report.operatorKills).toHaveLength(planned('kill-leader'));
  expect(report.leadership.moves).toBeGreaterThanOrEqual(planned('kill-leader'));
  expect(Object.keys(report.faultsInjected.byKind)).toEqual(profile.faults.map((f) => f.name));
  for (const [kind, fired] of Object.entries(report.faultsInjected.byKind))
    expect({ kind, fired: fired > 0 }).toEqual({ kind, fired: true });
  for (const cloud of CLOUDS) {
    const throttled = report.faultsInjected.throttleByCloud[cloud];
    expect({ cloud, throttled: throttled > 0 }).toEqual({ cloud, throttled: true });
  }
  // Every watch changed status more than once (first poll, then its script).
  expect(report.recorder.statusChanges).toBeGreaterThan(2 * profile.watches);
}
