// Small step helpers the AWS, Google and Azure normalizers share.

import type { Step, StepPhase } from '../../api/types.js';

const CURRENT_ORDER: readonly StepPhase[] = ['Running', 'Failed', 'Cancelled', 'Pending'];

/** The step to show as `currentStep`: the running one, else the failed, cancelled, then next pending. */
export function stepToShow(steps: readonly Step[]): Step | undefined {
  for (const phase of CURRENT_ORDER) {
    const step = steps.find((s) => s.phase === phase);
    if (step) return step;
  }
  return undefined;
}
