// deploy/integrations/flux/kustomization.yaml: a Flux Kustomization whose CEL health checks
// implement the kstatus reading of docs/reference.md#conditions — Current on Ready True (also while an upgrade
// runs), Failed on Stalled True, InProgress until the operator saw the current generation.
import { parse } from 'yaml';
import { readRepoFile } from './support.js';

interface FluxKustomization {
  apiVersion: string;
  kind: string;
  spec: {
    wait?: boolean;
    timeout?: string;
    healthCheckExprs: Array<{
      apiVersion: string;
      kind: string;
      current: string;
      failed?: string;
      inProgress?: string;
    }>;
  };
}

const ks = parse(readRepoFile('deploy/integrations/flux/kustomization.yaml')) as FluxKustomization;
const check = ks.spec.healthCheckExprs[0];

describe('Flux Kustomization example', () => {
  it('is a kustomize.toolkit.fluxcd.io/v1 Kustomization that waits on health', () => {
    expect(ks.apiVersion).toBe('kustomize.toolkit.fluxcd.io/v1');
    expect(ks.kind).toBe('Kustomization');
    expect(ks.spec.wait).toBe(true);
    expect(ks.spec.timeout).toBeDefined();
  });

  it('targets ClusterUpgradeWatch', () => {
    expect(ks.spec.healthCheckExprs).toHaveLength(1);
    expect(check).toMatchObject({ apiVersion: 'upgradewatch.io/v1alpha1', kind: 'ClusterUpgradeWatch' });
  });

  it('is Current on Ready True alone, so an hours-long upgrade does not time the Kustomization out', () => {
    expect(check?.current).toContain("c.type == 'Ready' && c.status == 'True'");
    expect(check?.current).not.toContain('Progressing');
  });

  it('is Failed on Stalled True and InProgress until the current generation is observed', () => {
    expect(check?.failed).toContain("c.type == 'Stalled' && c.status == 'True'");
    expect(check?.inProgress).toContain('observedGeneration');
    expect(check?.inProgress).toContain('metadata.generation');
  });

  it('guards every status access, since a new object has no status yet', () => {
    for (const expr of [check?.current, check?.failed, check?.inProgress]) {
      expect(expr).toMatch(/status\.\?/);
      expect(expr).not.toMatch(/status\.(?!\?)/);
    }
  });
});
