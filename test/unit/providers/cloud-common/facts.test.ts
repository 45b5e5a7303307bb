// The facts the registry step copies into the CRD, zod and samples: each sample spec must pass
// its own patterns, and each simulator state must read as the phase it is named after.
import type { ClusterUpgradeWatchSpec } from '../../../../src/api/types.js';
import { azureAksFacts } from '../../../../src/providers/azure-aks/facts.js';
import { normalize as normalizeAks } from '../../../../src/providers/azure-aks/normalize.js';
import type { AksAgentPool, AksManagedCluster } from '../../../../src/providers/azure-aks/schema.js';
import { aksTargetOf } from '../../../../src/providers/azure-aks/spec.js';
import { googleGkeFacts } from '../../../../src/providers/google-gke/facts.js';
import { normalize as normalizeGke } from '../../../../src/providers/google-gke/normalize.js';
import type { GkeOperation } from '../../../../src/providers/google-gke/schema.js';

describe.each([
  ['GoogleGKE', googleGkeFacts],
  ['AzureAKS', azureAksFacts],
] as const)('%s facts', (_name, facts) => {
  it('the sample spec names every required field and matches every pattern', () => {
    const sample = facts.sampleSpec as Record<string, unknown>;
    for (const field of facts.spec.required) expect([field, typeof sample[field]]).toEqual([field, 'string']);
    const failing = Object.entries(facts.spec.patterns).filter(
      ([field, pattern]) => sample[field] !== undefined && !new RegExp(pattern).test(String(sample[field])),
    );
    expect(failing).toEqual([]);
    expect(
      facts.spec.required.every((field) => (facts.spec.allowed as readonly string[]).includes(field)),
    ).toBe(true);
  });
});

describe('simulator states read as their names', () => {
  const phase = { idle: 'Idle', running: 'Running', succeeded: 'Succeeded', failed: 'Failed' } as const;

  it.each(Object.entries(phase))('GKE %s', (state, expected) => {
    const operations = googleGkeFacts.simulatorStates[state as keyof typeof phase].ListOperations.operations;
    expect(
      normalizeGke(operations as unknown as GkeOperation[], googleGkeFacts.sampleSpec.clusterID).phase,
    ).toBe(expected);
  });

  it.each(Object.entries(phase))(
    'AKS %s (the client saw the upgrade, except when idle)',
    (state, expected) => {
      const body = azureAksFacts.simulatorStates[state as keyof typeof phase];
      const observation = normalizeAks({
        cluster: body.GetManagedCluster as unknown as AksManagedCluster,
        agentPools: body.ListAgentPools.value as unknown as AksAgentPool[],
        upgradeSeen: state !== 'idle',
      });
      expect(observation.phase).toBe(expected);
    },
  );

  it("the AKS sample passes the client's own spec check", () => {
    expect(aksTargetOf(azureAksFacts.sampleSpec as unknown as ClusterUpgradeWatchSpec).ok).toBe(true);
  });
});
