// charts/upgradewatch rendered by the real `helm` (scripts/tools/install-helm.sh): lint, the
// objects of default and full values, the values→flags mapping, and the schema's strictness.
import { readFileSync } from 'node:fs';
import { parse } from 'yaml';
import { restrictedViolations, type PodTemplate } from './restricted.js';
import {
  CHART,
  FULL_VALUES,
  findObject,
  helmTemplate,
  readRepoFile,
  repoPath,
  run,
  toolPath,
  type KubeObject,
} from './support.js';

interface Container {
  name: string;
  image: string;
  imagePullPolicy: string;
  args: string[];
  env: Array<{ name: string; value?: string; valueFrom?: unknown }>;
  ports: Array<{ name: string; containerPort: number }>;
  livenessProbe: { httpGet: { path: string; port: string | number } };
  readinessProbe: { httpGet: { path: string; port: string | number } };
  volumeMounts: Array<{ name: string; mountPath: string }>;
}
type Deployment = KubeObject & {
  spec: {
    replicas: number;
    selector: { matchLabels: Record<string, string> };
    template: PodTemplate & {
      metadata: { labels: Record<string, string> };
      spec: PodTemplate['spec'] & { serviceAccountName: string; containers: Container[] };
    };
  };
};

function deploymentOf(objects: KubeObject[]): Deployment {
  return findObject(objects, 'Deployment') as Deployment;
}
function containerOf(objects: KubeObject[]): Container {
  const containers = deploymentOf(objects).spec.template.spec.containers;
  expect(containers).toHaveLength(1);
  return containers[0] as Container;
}
function kinds(objects: KubeObject[]): string[] {
  return objects.map((o) => o.kind).sort();
}
function portNumber(container: Container, port: string | number): number | undefined {
  return typeof port === 'number' ? port : container.ports.find((p) => p.name === port)?.containerPort;
}
function matches(selector: Record<string, string>, labels: Record<string, string>): boolean {
  return Object.entries(selector).every(([k, v]) => labels[k] === v);
}

let helm: string;
beforeAll(() => {
  helm = toolPath('helm');
});

describe('helm lint', () => {
  it.each([
    ['default values', []],
    ['full values', ['-f', FULL_VALUES]],
  ])('passes --strict with %s', (_name, args) => {
    const result = run(helm, ['lint', CHART, '--strict', ...args]);
    expect(result.stdout + result.stderr).toContain('0 chart(s) failed');
    expect(result.status).toBe(0);
  });
});

describe('default values', () => {
  let objects: KubeObject[];
  beforeAll(() => {
    objects = helmTemplate();
  });

  it('render the operator, its RBAC and the metrics Service, nothing optional', () => {
    expect(kinds(objects)).toEqual(
      [
        'ClusterRole',
        'ClusterRoleBinding',
        'Deployment',
        'Role',
        'RoleBinding',
        'Service',
        'ServiceAccount',
      ].sort(),
    );
  });

  it('cap the V8 heap at heapLimitMiB (256), so garbage does not fill the memory limit', () => {
    const deployment = objects.find((o) => o.kind === 'Deployment') as KubeObject & {
      spec: { template: { spec: { containers: { env: { name: string; value?: string }[] }[] } } };
    };
    const env = deployment.spec.template.spec.containers[0]!.env;
    expect(env.filter((e) => e.name === 'NODE_OPTIONS')).toEqual([
      { name: 'NODE_OPTIONS', value: '--max-old-space-size=256 --max-semi-space-size=4' },
    ]);
  });

  it('put every namespaced object in the release namespace', () => {
    for (const o of objects.filter((o) => !o.kind.startsWith('Cluster'))) {
      expect(`${o.kind}/${o.metadata.name} in ${o.metadata.namespace}`).toBe(
        `${o.kind}/${o.metadata.name} in upgradewatch-system`,
      );
    }
  });

  it('name the ServiceAccount upgradewatch for a release named upgradewatch', () => {
    expect(findObject(objects, 'ServiceAccount').metadata.name).toBe('upgradewatch');
    expect(deploymentOf(objects).spec.template.spec.serviceAccountName).toBe('upgradewatch');
  });

  it('give the pod the restricted security context', () => {
    expect(restrictedViolations(deploymentOf(objects).spec.template)).toEqual([]);
  });

  it('run the image of the chart appVersion, which is the package version', () => {
    const chart = parse(readRepoFile(CHART, 'Chart.yaml')) as { appVersion: string; version: string };
    const pkg = JSON.parse(readRepoFile('package.json')) as { version: string };
    expect(chart.appVersion).toBe(pkg.version);
    expect(containerOf(objects).image).toBe(`ghcr.io/upgradewatch/upgradewatch:${chart.appVersion}`);
  });

  it('probe /healthz and /readyz on :8081 and expose metrics on :8080 (the flag defaults)', () => {
    const c = containerOf(objects);
    expect(c.livenessProbe.httpGet.path).toBe('/healthz');
    expect(portNumber(c, c.livenessProbe.httpGet.port)).toBe(8081);
    expect(c.readinessProbe.httpGet.path).toBe('/readyz');
    expect(portNumber(c, c.readinessProbe.httpGet.port)).toBe(8081);
    expect(c.args).toEqual(
      expect.arrayContaining(['--metrics-bind-address=:8080', '--health-probe-bind-address=:8081']),
    );
  });

  it('elect a leader even with one replica, so a rolling update never runs two reconcilers', () => {
    expect(containerOf(objects).args).toContain('--leader-elect');
  });

  it('pass no optional flags', () => {
    const args = containerOf(objects).args.join(' ');
    expect(args).not.toMatch(/--namespace|--selector|--allow-custom-endpoints/);
  });

  it('give the operator POD_NAMESPACE for its Lease and a writable /tmp only', () => {
    const c = containerOf(objects);
    expect(c.env).toContainEqual({
      name: 'POD_NAMESPACE',
      valueFrom: { fieldRef: { fieldPath: 'metadata.namespace' } },
    });
    expect(c.volumeMounts.map((m) => m.mountPath)).toEqual(['/tmp']);
  });

  it('select the operator pods with the metrics Service, on the container port named metrics', () => {
    const service = findObject(objects, 'Service') as KubeObject & {
      spec: { selector: Record<string, string>; ports: Array<{ port: number; targetPort: string }> };
    };
    const deployment = deploymentOf(objects);
    expect(matches(service.spec.selector, deployment.spec.template.metadata.labels)).toBe(true);
    expect(service.spec.ports).toEqual([expect.objectContaining({ port: 8080, targetPort: 'metrics' })]);
    expect(portNumber(containerOf(objects), 'metrics')).toBe(8080);
  });
});

describe('replicas', () => {
  it('2 ⇒ --leader-elect (even when leaderElection.enabled=false) and a PodDisruptionBudget', () => {
    const objects = helmTemplate(['--set', 'replicaCount=2', '--set', 'leaderElection.enabled=false']);
    expect(deploymentOf(objects).spec.replicas).toBe(2);
    expect(containerOf(objects).args).toContain('--leader-elect');
    const pdb = findObject(objects, 'PodDisruptionBudget') as KubeObject & {
      spec: { minAvailable?: number; selector: { matchLabels: Record<string, string> } };
    };
    expect(pdb.spec.minAvailable).toBe(1);
    expect(matches(pdb.spec.selector.matchLabels, deploymentOf(objects).spec.template.metadata.labels)).toBe(
      true,
    );
  });

  it('1 with leaderElection.enabled=false ⇒ neither --leader-elect nor a PodDisruptionBudget', () => {
    const objects = helmTemplate(['--set', 'leaderElection.enabled=false']);
    expect(containerOf(objects).args).not.toContain('--leader-elect');
    expect(kinds(objects)).not.toContain('PodDisruptionBudget');
  });

  it('a PodDisruptionBudget can use maxUnavailable instead', () => {
    const objects = helmTemplate([
      '--set',
      'replicaCount=3',
      '--set',
      'podDisruptionBudget.maxUnavailable=1',
    ]);
    const pdb = findObject(objects, 'PodDisruptionBudget') as KubeObject & { spec: Record<string, unknown> };
    expect(pdb.spec.maxUnavailable).toBe(1);
    expect(pdb.spec.minAvailable).toBeUndefined();
  });
});

describe('full values (test/fixtures/chart-values-full.yaml)', () => {
  let objects: KubeObject[];
  beforeAll(() => {
    objects = helmTemplate(['-f', FULL_VALUES], 'shard-a', 'platform-operators');
  });

  it('render every optional object', () => {
    expect(kinds(objects)).toEqual(
      [
        'ConfigMap',
        'Deployment',
        'PodDisruptionBudget',
        'PrometheusRule',
        'Role',
        'Role',
        'RoleBinding',
        'RoleBinding',
        'Service',
        'ServiceAccount',
        'ServiceMonitor',
      ].sort(),
    );
  });

  it('still give the pod the restricted security context', () => {
    expect(restrictedViolations(deploymentOf(objects).spec.template)).toEqual([]);
  });

  it('map every operator setting to its flag', () => {
    expect(containerOf(objects).args).toEqual([
      '--leader-elect',
      '--leader-election-id=upgradewatch-shard-a',
      '--metrics-bind-address=:9090',
      '--health-probe-bind-address=:9440',
      '--log-level=debug',
      '--max-concurrent-polls=32',
      '--max-concurrent-polls-per-namespace=4',
      '--cloud-qps=5.5',
      '--cloud-burst=10',
      '--status-heartbeat=15m',
      '--namespace=platform-upgrades',
      '--selector=shard=a,tier!=experimental',
      '--allow-custom-endpoints',
      '--require-credentials-label',
      '--cloud-ca-file=/etc/upgradewatch/ca/ca.crt',
    ]);
  });

  it('use the image, pull policy, extra env and extra mounts given', () => {
    const c = containerOf(objects);
    expect(c.image).toBe('registry.example.com/platform/upgradewatch:0.1.0-rc.1');
    expect(c.imagePullPolicy).toBe('Always');
    expect(c.env.map((e) => e.name)).toEqual(['POD_NAMESPACE', 'UPGRADEWATCH_EXTRA_TEST', 'NODE_OPTIONS']);
    expect(c.volumeMounts.map((m) => m.mountPath)).toEqual(['/tmp', '/etc/upgradewatch/ca']);
    expect(portNumber(c, c.readinessProbe.httpGet.port)).toBe(9440);
  });

  it('scope the object rules to watchNamespace with a Role there (no cluster-wide Secret access)', () => {
    const roles = objects.filter((o) => o.kind === 'Role');
    expect(roles.map((r) => `${r.metadata.namespace}/${r.metadata.name}`).sort()).toEqual([
      'platform-operators/upgradewatch-shard-a-leader-election',
      'platform-upgrades/upgradewatch-shard-a',
    ]);
    const bindings = objects.filter((o) => o.kind === 'RoleBinding') as Array<
      KubeObject & { subjects: Array<{ name: string; namespace: string }> }
    >;
    for (const b of bindings) {
      expect(b.subjects).toEqual([
        { kind: 'ServiceAccount', name: 'upgradewatch-shard-a-operator', namespace: 'platform-operators' },
      ]);
    }
  });

  it('scrape with a ServiceMonitor that keeps the watched object’s namespace label', () => {
    const sm = findObject(objects, 'ServiceMonitor') as KubeObject & {
      spec: {
        selector: { matchLabels: Record<string, string> };
        namespaceSelector: { matchNames: string[] };
        endpoints: Array<Record<string, unknown>>;
      };
    };
    const service = findObject(objects, 'Service');
    expect(matches(sm.spec.selector.matchLabels, service.metadata.labels ?? {})).toBe(true);
    expect(sm.spec.namespaceSelector.matchNames).toEqual(['platform-operators']);
    expect(sm.spec.endpoints).toEqual([
      expect.objectContaining({ port: 'metrics', honorLabels: true, interval: '1m', scrapeTimeout: '20s' }),
    ]);
    expect(sm.metadata.labels).toMatchObject({ release: 'kube-prometheus-stack' });
  });
});

describe('values switches', () => {
  it('a weakened security context is caught by the restricted check', () => {
    const objects = helmTemplate([
      '--set',
      'securityContext.readOnlyRootFilesystem=false',
      '--set',
      'podSecurityContext.runAsUser=0',
    ]);
    expect(restrictedViolations(deploymentOf(objects).spec.template)).toEqual([
      'pod runAsUser is 0',
      'operator: readOnlyRootFilesystem is not true',
    ]);
  });

  it('image.digest wins over the tag', () => {
    const digest = `sha256:${'a'.repeat(64)}`;
    const objects = helmTemplate(['--set', `image.digest=${digest}`, '--set', 'image.tag=9.9.9']);
    expect(containerOf(objects).image).toBe(`ghcr.io/upgradewatch/upgradewatch@${digest}`);
  });

  it('rbac.create=false renders no RBAC', () => {
    const objects = helmTemplate(['--set', 'rbac.create=false']);
    expect(kinds(objects).filter((k) => k.includes('Role'))).toEqual([]);
  });

  it('serviceAccount.create=false uses the named ServiceAccount everywhere', () => {
    const objects = helmTemplate([
      '--set',
      'serviceAccount.create=false',
      '--set',
      'serviceAccount.name=existing-sa',
    ]);
    expect(kinds(objects)).not.toContain('ServiceAccount');
    expect(deploymentOf(objects).spec.template.spec.serviceAccountName).toBe('existing-sa');
    const binding = findObject(objects, 'ClusterRoleBinding') as KubeObject & {
      subjects: Array<{ name: string }>;
    };
    expect(binding.subjects.map((s) => s.name)).toEqual(['existing-sa']);
  });

  it('serviceAccount.create=false without a name fails with a message', () => {
    const result = run(helm, ['template', 'x', CHART, '--set', 'serviceAccount.create=false']);
    expect(result.status).not.toBe(0);
    expect(result.stderr).toContain('serviceAccount.name is required');
  });

  it('metrics.serviceMonitor.enabled and prometheusRule.enabled are plain flags, not cluster capabilities', () => {
    const objects = helmTemplate([
      '--set',
      'metrics.serviceMonitor.enabled=true',
      '--set',
      'prometheusRule.enabled=true',
    ]);
    expect(kinds(objects)).toEqual(expect.arrayContaining(['ServiceMonitor', 'PrometheusRule']));
    for (const template of ['servicemonitor.yaml', 'prometheusrule.yaml']) {
      expect(readFileSync(repoPath(CHART, 'templates', template), 'utf8')).not.toContain('.Capabilities');
    }
  });
});

describe('multi-tenancy values (docs/install.md, "Multi-tenancy")', () => {
  type Policy = KubeObject & {
    spec: {
      podSelector: { matchLabels: Record<string, string> };
      ingress: Array<{ ports: Array<{ port: number }>; from?: unknown[] }>;
    };
  };

  it('are off by default: no NetworkPolicy, no ResourceQuota, no label requirement', () => {
    const objects = helmTemplate();
    expect(kinds(objects)).not.toContain('NetworkPolicy');
    expect(kinds(objects)).not.toContain('ResourceQuota');
    expect(containerOf(objects).args).not.toContain('--require-credentials-label');
    expect(containerOf(objects).args).toContain('--max-concurrent-polls-per-namespace=8');
  });

  it('metrics.networkPolicy limits /metrics to the peers given and keeps the probe port open', () => {
    const objects = helmTemplate([
      '--set',
      'metrics.networkPolicy.enabled=true',
      '--set',
      'metrics.networkPolicy.from[0].namespaceSelector.matchLabels.team=monitoring',
    ]);
    const policy = findObject(objects, 'NetworkPolicy') as Policy;
    expect(policy.spec.podSelector.matchLabels).toEqual(deploymentOf(objects).spec.selector.matchLabels);
    expect(policy.spec.ingress).toEqual([
      {
        ports: [{ port: 8080, protocol: 'TCP' }],
        from: [{ namespaceSelector: { matchLabels: { team: 'monitoring' } } }],
      },
      { ports: [{ port: 8081, protocol: 'TCP' }] },
    ]);
  });

  it('metrics.networkPolicy without peers lets nobody scrape (an empty `from` would allow everyone)', () => {
    const objects = helmTemplate(['--set', 'metrics.networkPolicy.enabled=true']);
    const policy = findObject(objects, 'NetworkPolicy') as Policy;
    expect(policy.spec.ingress).toEqual([{ ports: [{ port: 8081, protocol: 'TCP' }] }]);
  });

  it('tenantQuota renders one ResourceQuota on count/clusterupgradewatches per listed namespace', () => {
    const objects = helmTemplate([
      '--set',
      'tenantQuota.enabled=true',
      '--set',
      'tenantQuota.namespaces={team-a,team-b}',
      '--set',
      'tenantQuota.maxWatches=25',
    ]);
    const quotas = objects.filter((o) => o.kind === 'ResourceQuota') as Array<
      KubeObject & { spec: { hard: Record<string, string> } }
    >;
    expect(quotas.map((q) => q.metadata.namespace)).toEqual(['team-a', 'team-b']);
    for (const q of quotas)
      expect(q.spec.hard).toEqual({ 'count/clusterupgradewatches.upgradewatch.io': '25' });
  });
});

describe('values.schema.json', () => {
  it.each([
    ['a top-level typo', ['--set', 'replicaCout=2'], 'replicaCout'],
    ['a nested typo', ['--set', 'metrics.serviceMonitor.enable=true'], 'enable'],
    ['a wrong type', ['--set-string', 'replicaCount=two'], 'replicaCount'],
    ['an unknown log level', ['--set', 'logLevel=verbose'], 'logLevel'],
    ['a malformed heartbeat duration', ['--set', 'statusHeartbeat=10 minutes'], 'statusHeartbeat'],
    ['an extra arg that is not a flag', ['--set', 'extraArgs[0]=leader-elect'], 'extraArgs'],
    ['a dashboards flag that is not a boolean', ['--set-string', 'dashboards.enabled=yes'], 'dashboards'],
  ])('rejects %s', (_why, args, key) => {
    const result = run(helm, ['template', 'x', CHART, ...args]);
    expect(result.status).not.toBe(0);
    expect(result.stderr).toContain("values don't meet the specifications of the schema");
    expect(result.stderr).toContain(key);
  });

  it('is draft-07 with additionalProperties false at the top level', () => {
    const schema = JSON.parse(readRepoFile(CHART, 'values.schema.json')) as Record<string, unknown>;
    expect(schema.$schema).toBe('http://json-schema.org/draft-07/schema#');
    expect(schema.additionalProperties).toBe(false);
  });

  it('describes every key of values.yaml (so the defaults themselves validate)', () => {
    const schema = JSON.parse(readRepoFile(CHART, 'values.schema.json')) as {
      properties: Record<string, unknown>;
    };
    const values = parse(readRepoFile(CHART, 'values.yaml')) as Record<string, unknown>;
    expect(Object.keys(values).filter((k) => !(k in schema.properties))).toEqual([]);
  });
});
