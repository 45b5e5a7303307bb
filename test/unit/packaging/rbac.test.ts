// RBAC: exactly what the operator uses (docs/reference.md#security), identical in deploy/rbac/ (plain YAML for
// `kubectl apply -f deploy/rbac/` and the kustomize base) and in the Helm chart.
import { readdirSync } from 'node:fs';
import {
  canonicalRules,
  findObject,
  helmTemplate,
  parseYamlStream,
  readRepoFile,
  repoPath,
  type KubeObject,
  type PolicyRule,
} from './support.js';

type RoleObject = KubeObject & { rules: PolicyRule[] };
type Binding = KubeObject & {
  roleRef: { apiGroup: string; kind: string; name: string };
  subjects: Array<{ kind: string; name: string; namespace?: string }>;
};

/** docs/reference.md#security, spelled out once: any change here is a security review. */
const OBJECT_RULES = [
  'upgradewatch.io/clusterupgradewatches:get',
  'upgradewatch.io/clusterupgradewatches:list',
  'upgradewatch.io/clusterupgradewatches:watch',
  'upgradewatch.io/clusterupgradewatches/status:get',
  'upgradewatch.io/clusterupgradewatches/status:patch',
  'upgradewatch.io/clusterupgradewatches/status:update',
  'core/secrets:get',
  'core/serviceaccounts:get',
  'core/serviceaccounts/token:create',
  'core/events:create',
  'core/events:patch',
  'events.k8s.io/events:create',
  'events.k8s.io/events:patch',
].sort();
const LEASE_RULES = [
  'coordination.k8s.io/leases:create',
  'coordination.k8s.io/leases:get',
  'coordination.k8s.io/leases:update',
];

const RBAC_DIR = 'deploy/rbac';
const files = readdirSync(repoPath(RBAC_DIR))
  .filter((f) => f.endsWith('.yaml'))
  .sort();
const deployObjects = files.flatMap((f) => parseYamlStream(readRepoFile(RBAC_DIR, f)));

describe('deploy/rbac/', () => {
  it('is plain YAML, one object per file, the Namespace first (kubectl apply -f applies in file order)', () => {
    for (const f of files) expect([f, parseYamlStream(readRepoFile(RBAC_DIR, f)).length]).toEqual([f, 1]);
    expect(deployObjects[0]).toMatchObject({ kind: 'Namespace', metadata: { name: 'upgradewatch-system' } });
    expect(deployObjects.map((o) => o.kind)).toEqual([
      'Namespace',
      'ServiceAccount',
      'ClusterRole',
      'ClusterRoleBinding',
      'Role',
      'RoleBinding',
    ]);
  });

  it('names its namespace explicitly on every namespaced object (usable without kustomize)', () => {
    for (const o of deployObjects.filter((o) => ['ServiceAccount', 'Role', 'RoleBinding'].includes(o.kind))) {
      expect(o.metadata.namespace).toBe('upgradewatch-system');
    }
  });

  it('grants the ClusterRole exactly the object rules of the security reference', () => {
    const role = findObject(deployObjects, 'ClusterRole', 'upgradewatch') as RoleObject;
    expect(canonicalRules(role.rules)).toEqual(OBJECT_RULES);
  });

  it('grants the Lease Role exactly get/create/update on leases', () => {
    const role = findObject(deployObjects, 'Role') as RoleObject;
    expect(canonicalRules(role.rules)).toEqual(LEASE_RULES);
  });

  it('has no wildcard and no Secret list/watch anywhere', () => {
    for (const role of deployObjects.filter((o) => o.kind.endsWith('Role')) as RoleObject[]) {
      for (const rule of role.rules) {
        expect([...(rule.apiGroups ?? []), ...(rule.resources ?? []), ...(rule.verbs ?? [])]).not.toContain(
          '*',
        );
      }
      const secretRules = canonicalRules(role.rules).filter((r) => r.startsWith('core/secrets:'));
      expect(secretRules).toEqual(role.kind === 'ClusterRole' ? ['core/secrets:get'] : []);
    }
  });

  it('binds both roles to ServiceAccount upgradewatch in upgradewatch-system', () => {
    const sa = findObject(deployObjects, 'ServiceAccount');
    expect(sa.metadata).toMatchObject({ name: 'upgradewatch', namespace: 'upgradewatch-system' });
    const subject = [{ kind: 'ServiceAccount', name: 'upgradewatch', namespace: 'upgradewatch-system' }];
    const crb = findObject(deployObjects, 'ClusterRoleBinding') as Binding;
    expect(crb.roleRef).toEqual({
      apiGroup: 'rbac.authorization.k8s.io',
      kind: 'ClusterRole',
      name: 'upgradewatch',
    });
    expect(crb.subjects).toEqual(subject);
    const rb = findObject(deployObjects, 'RoleBinding') as Binding;
    const leaseRole = findObject(deployObjects, 'Role');
    expect(rb.roleRef).toEqual({
      apiGroup: 'rbac.authorization.k8s.io',
      kind: 'Role',
      name: leaseRole.metadata.name,
    });
    expect(rb.subjects).toEqual(subject);
  });
});

describe('the Helm chart renders the same rules as deploy/rbac/', () => {
  const deployClusterRole = canonicalRules((findObject(deployObjects, 'ClusterRole') as RoleObject).rules);
  const deployLeaseRole = canonicalRules((findObject(deployObjects, 'Role') as RoleObject).rules);

  it('cluster-wide (default values)', () => {
    const chart = helmTemplate();
    expect(canonicalRules((findObject(chart, 'ClusterRole') as RoleObject).rules)).toEqual(deployClusterRole);
    expect(canonicalRules((findObject(chart, 'Role') as RoleObject).rules)).toEqual(deployLeaseRole);
  });

  it('with watchNamespace: the same object rules, as a Role in that namespace', () => {
    const chart = helmTemplate(['--set', 'watchNamespace=team-a']);
    expect(chart.filter((o) => o.kind.startsWith('Cluster'))).toEqual([]);
    const objectRole = chart.find(
      (o) => o.kind === 'Role' && o.metadata.namespace === 'team-a',
    ) as RoleObject;
    const leaseRole = chart.find(
      (o) => o.kind === 'Role' && o.metadata.namespace === 'upgradewatch-system',
    ) as RoleObject;
    expect(canonicalRules(objectRole.rules)).toEqual(deployClusterRole);
    expect(canonicalRules(leaseRole.rules)).toEqual(deployLeaseRole);
  });

  it('drops only the keyless-credentials rules with rbac.serviceAccountTokens=false', () => {
    const chart = helmTemplate(['--set', 'rbac.serviceAccountTokens=false']);
    const rules = canonicalRules((findObject(chart, 'ClusterRole') as RoleObject).rules);
    expect(rules).toEqual(deployClusterRole.filter((r) => !r.startsWith('core/serviceaccounts')));
  });

  it('binds them to the chart’s ServiceAccount in the release namespace', () => {
    const chart = helmTemplate();
    const sa = findObject(chart, 'ServiceAccount');
    for (const b of chart.filter((o) => o.kind.endsWith('Binding')) as Binding[]) {
      expect(b.subjects).toEqual([
        { kind: 'ServiceAccount', name: sa.metadata.name, namespace: 'upgradewatch-system' },
      ]);
      expect(chart.some((o) => o.kind === b.roleRef.kind && o.metadata.name === b.roleRef.name)).toBe(true);
    }
  });
});
