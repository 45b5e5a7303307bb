// The SHORT chaos profile of issue 6 inside `npm test` (test/chaos/ has the driver; `npm run
// test:chaos` runs the FULL profile): 40 watches over the four providers on a control plane of
// its own and the simulator, scripted upgrades, 10 % 5xx / 5 % throttling / latency spikes /
// malformed bodies, one kube-apiserver restart, one leader SIGKILL with the Lease moving to the
// other replica, then every invariant of test/chaos/invariants.ts and the process-level secret scan.
import { jest } from '@jest/globals';
import { runChaos } from '../chaos/driver.js';
import { expectSurvived } from '../chaos/expectations.js';
import { SHORT } from '../chaos/profile.js';

jest.setTimeout(15 * 60_000);

describe('chaos, short profile (issue 6)', () => {
  it('survives faults, a kube-apiserver restart and a leader SIGKILL without lying or leaking', async () => {
    expectSurvived(await runChaos(SHORT), SHORT);
  });
});
