// The FULL chaos profile of issue 6 (`npm run test:chaos`, not part of `npm test`): 202 watches
// over the four providers, two kube-apiserver restarts, two leader SIGKILLs, the full fault mix.
// The JSON report goes to .test-results/chaos/full-report.json.
import { jest } from '@jest/globals';
import { runChaos } from './driver.js';
import { expectSurvived } from './expectations.js';
import { FULL } from './profile.js';

jest.setTimeout(60 * 60_000);

describe('chaos, full profile (issue 6)', () => {
  it('survives faults, two kube-apiserver restarts and two leader SIGKILLs without lying or leaking', async () => {
    expectSurvived(await runChaos(FULL), FULL);
  });
});
