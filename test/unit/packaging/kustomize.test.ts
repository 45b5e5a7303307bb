// deploy/ (kustomize base) and deploy/samples/, built by the real kustomize
// (scripts/tools/install-kustomize.sh), as `kubectl apply -k` would.
import { parse } from 'yaml';
import { parseSpec } from '../../../src/api/schema.js';
import { PROVIDERS, type ProviderName } from '../../../src/providers/names.js';
import { families } from '../../../src/providers/registry.js';
import { restrictedViolations, type PodTemplate } from './restricted.js';
import {
  findObject,
  helmTemplate,
  parseYamlStream,
  readRepoFile,
  runOk,
  toolPath,
  type KubeObject,
} from './support.js';

type Container = {
  name: string;
  image: string;
  args: string[];
  livenessProbe: unknown;
  readinessProbe: unknown;
  securityContext: unknown;
  ports: unknown;
};
type Deployment = KubeObject & {
  spec: {
    template: PodTemplate & {
      spec: PodTemplate['spec'] & { serviceAccountName: string; containers: Container[] };
    };
  };
};

function build(dir: string): KubeObject[] {
  return parseYamlStream(runOk(toolPath('kustomize'), ['build', dir]));
}

describe('kustomize build deploy/', () => {
  let objects: KubeObject[];
  let deployment: Deployment;
  beforeAll(() => {
    objects = build('deploy');
    deployment = findObject(objects, 'Deployment') as Deployment;
  });

  it('holds the namespace, CRD, RBAC, operator Deployment and metrics Service', () => {
    expect(objects.map((o) => `${o.kind}/${o.metadata.name}`).sort()).toEqual(
      [
        'ClusterRole/upgradewatch',
        'ClusterRoleBinding/upgradewatch',
        'CustomResourceDefinition/clusterupgradewatches.upgradewatch.io',
        'Deployment/upgradewatch',
        'Namespace/upgradewatch-system',
        'Role/upgradewatch-leader-election',
        'RoleBinding/upgradewatch-leader-election',
        'Service/upgradewatch-metrics',
        'ServiceAccount/upgradewatch',
      ].sort(),
    );
  });

  it('ships the CRD of crds/ unchanged', () => {
    const crd = findObject(objects, 'CustomResourceDefinition');
    const source = parse(readRepoFile('crds', 'upgradewatch.io_clusterupgradewatches.yaml')) as KubeObject;
    // kustomize adds the part-of label of the base; everything else is the source.
    expect({ ...crd, metadata: { ...crd.metadata, labels: undefined } }).toEqual({
      ...source,
      metadata: { ...source.metadata, labels: undefined },
    });
  });

  it('runs the pod under the restricted security context, as ServiceAccount upgradewatch', () => {
    expect(restrictedViolations(deployment.spec.template)).toEqual([]);
    expect(deployment.spec.template.spec.serviceAccountName).toBe('upgradewatch');
  });

  it('runs the image of the package version with --leader-elect and the documented ports', () => {
    const pkg = JSON.parse(readRepoFile('package.json')) as { version: string };
    const [container] = deployment.spec.template.spec.containers;
    expect(container?.image).toBe(`ghcr.io/upgradewatch/upgradewatch:${pkg.version}`);
    expect(container?.args).toEqual(
      expect.arrayContaining([
        '--leader-elect',
        '--metrics-bind-address=:8080',
        '--health-probe-bind-address=:8081',
      ]),
    );
  });

  it('runs the same pod as the Helm chart with default values (security, probes, ports)', () => {
    const chartDeployment = findObject(helmTemplate(), 'Deployment') as Deployment;
    const pick = (d: Deployment) => {
      const c = d.spec.template.spec.containers[0] as Container;
      return {
        pod: d.spec.template.spec.securityContext,
        volumes: d.spec.template.spec.volumes,
        container: c.securityContext,
        liveness: c.livenessProbe,
        readiness: c.readinessProbe,
        ports: c.ports,
      };
    };
    expect(pick(deployment)).toEqual(pick(chartDeployment));
  });
});

describe('kustomize build deploy/samples/', () => {
  let objects: KubeObject[];
  beforeAll(() => {
    objects = build('deploy/samples');
  });

  type Watch = KubeObject & { spec: { provider: string; credentialsRef: { name: string } } };
  const watches = (): Watch[] => objects.filter((o) => o.kind === 'ClusterUpgradeWatch') as Watch[];

  it('has one ClusterUpgradeWatch per provider', () => {
    expect(
      watches()
        .map((w) => w.spec.provider)
        .sort(),
    ).toEqual([...PROVIDERS].sort());
  });

  it.each(PROVIDERS)('the %s sample is a valid spec for the operator (zod parseSpec)', (provider) => {
    const watch = watches().find((w) => w.spec.provider === provider);
    const result = parseSpec(watch?.spec);
    expect(result).toMatchObject({ ok: true });
  });

  it("every watch names a sample Secret with exactly its family's required keys", () => {
    for (const w of watches()) {
      const secret = findObject(objects, 'Secret', w.spec.credentialsRef.name) as KubeObject & {
        stringData: Record<string, string>;
      };
      const family = families[w.spec.provider as ProviderName];
      expect(Object.keys(secret.stringData).sort()).toEqual([...family.credentials.requiredKeys].sort());
    }
  });

  it('sets no namespace, so `kubectl apply -n <ns> -k` keeps each watch beside its Secret', () => {
    for (const o of objects) expect(o.metadata.namespace).toBeUndefined();
  });
});
