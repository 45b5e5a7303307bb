// What the generic sample test (test/unit/providers/samples.test.ts) does not cover for the
// Google and Azure samples: their failed states read Failed, and the AKS sample passes the
// client's own path checks (the CRD is not the only gate: these go into request paths).
import type { ClusterUpgradeWatchSpec } from '../../../../src/api/types.js';
import { AKS_STATES, azureAksSample } from '../../../../src/providers/azure-aks/sample.js';
import { aksTargetOf } from '../../../../src/providers/azure-aks/spec.js';
import { GKE_STATES, googleGkeSample } from '../../../../src/providers/google-gke/sample.js';

describe('failed sample states', () => {
  it('GKE: a DONE operation with an error is Failed, with its message', () => {
    const observation = googleGkeSample.observe(GKE_STATES.failed(googleGkeSample.spec.clusterID));
    expect(observation).toMatchObject({ phase: 'Failed', message: expect.stringContaining('health check') });
  });

  it('AKS: a failed agent pool fails the upgrade', () => {
    expect(azureAksSample.observe(AKS_STATES.failed(azureAksSample.spec.clusterID)).phase).toBe('Failed');
  });
});

it("the AKS sample passes the client's own spec check", () => {
  expect(aksTargetOf(azureAksSample.spec as ClusterUpgradeWatchSpec).ok).toBe(true);
});
