// Shared assertion: an Observation is well-formed per docs/reference.md#status-fields (phase, progress, steps, times).

import { PHASES, STEP_PHASES, type Observation } from '../../../../src/api/types.js';

export function expectValidObservation(obs: Observation): void {
  expect(PHASES).toContain(obs.phase);
  if (obs.progress !== undefined) {
    expect(Number.isInteger(obs.progress)).toBe(true);
    expect(obs.progress).toBeGreaterThanOrEqual(0);
    expect(obs.progress).toBeLessThanOrEqual(100);
  }
  if (obs.phase === 'Succeeded') expect(obs.progress).toBe(100);
  for (const step of obs.steps ?? []) {
    expect(STEP_PHASES).toContain(step.phase);
    expect(typeof step.name).toBe('string');
  }
  for (const t of [
    obs.startTime,
    obs.completionTime,
    ...(obs.steps ?? []).flatMap((s) => [s.startTime, s.completionTime]),
  ]) {
    if (t !== undefined) expect(t).toMatch(/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}Z$/);
  }
  if (obs.message !== undefined) expect(obs.message.length).toBeLessThanOrEqual(1024);
  expect(JSON.parse(JSON.stringify(obs))).toEqual(obs); // no undefined-valued keys, plain data
}
