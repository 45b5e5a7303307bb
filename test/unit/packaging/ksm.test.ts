// deploy/integrations/kube-state-metrics/custom-resource-state.yaml: parses, targets our
// CRD, and every path it reads exists in the CRD schema (a renamed status field would
// otherwise just make a metric vanish).
import { parse } from 'yaml';
import { readRepoFile } from './support.js';

interface Schema {
  type?: string;
  properties?: Record<string, Schema>;
  items?: Schema;
  enum?: string[];
}
interface KsmMetric {
  name: string;
  help: string;
  each: {
    type: 'Gauge' | 'StateSet' | 'Info';
    gauge?: { path: string[]; labelsFromPath?: Record<string, string[]>; valueFrom?: string[] };
    stateSet?: { labelName: string; path: string[]; list: string[] };
    info?: { path?: string[]; labelsFromPath: Record<string, string[]> };
  };
}
interface KsmConfig {
  kind: string;
  spec: {
    resources: Array<{
      groupVersionKind: { group: string; version: string; kind: string };
      metricNamePrefix: string;
      labelsFromPath: Record<string, string[]>;
      metrics: KsmMetric[];
    }>;
  };
}

const config = parse(
  readRepoFile('deploy/integrations/kube-state-metrics/custom-resource-state.yaml'),
) as KsmConfig;
const crd = parse(readRepoFile('crds/upgradewatch.io_clusterupgradewatches.yaml')) as {
  spec: {
    group: string;
    names: { kind: string };
    versions: Array<{ name: string; schema: { openAPIV3Schema: Schema } }>;
  };
};
const version = crd.spec.versions[0];
const root = version?.schema.openAPIV3Schema as Schema;
const resource = config.spec.resources[0];

/** The schema at `path` (arrays are stepped through), or undefined when the CRD has no such field. */
function schemaAt(base: Schema | undefined, path: readonly string[]): Schema | undefined {
  let node = base;
  for (const segment of path) {
    if (node?.type === 'array') {
      node = node.items;
      if (/^\d+$/.test(segment)) continue; // an index into the array, e.g. history[0]
    }
    if (segment === 'metadata' && node === root) return { type: 'object' };
    node = node?.properties?.[segment];
  }
  return node;
}

describe('kube-state-metrics CustomResourceStateMetrics', () => {
  it('is one CustomResourceStateMetrics resource for our CRD’s group, version and kind', () => {
    expect(config.kind).toBe('CustomResourceStateMetrics');
    expect(config.spec.resources).toHaveLength(1);
    expect(resource?.groupVersionKind).toEqual({
      group: crd.spec.group,
      version: version?.name,
      kind: crd.spec.names.kind,
    });
  });

  it('exposes the documented metric names', () => {
    const names = resource?.metrics.map((m) => `${resource.metricNamePrefix}_${m.name}`);
    expect(names).toEqual([
      'kube_clusterupgradewatch_info',
      'kube_clusterupgradewatch_status_phase',
      'kube_clusterupgradewatch_status_progress_percent',
      'kube_clusterupgradewatch_status_condition',
      'kube_clusterupgradewatch_status_last_sync_timestamp_seconds',
      'kube_clusterupgradewatch_spec_suspend',
      'kube_clusterupgradewatch_status_last_result',
    ]);
    for (const m of resource?.metrics ?? []) expect(m.help.length).toBeGreaterThan(10);
  });

  it('exposes the phase as a StateSet over exactly the CRD’s phase enum', () => {
    const phase = resource?.metrics.find((m) => m.each.type === 'StateSet');
    expect(phase?.each.stateSet?.path).toEqual(['status', 'phase']);
    expect(phase?.each.stateSet?.labelName).toBe('phase');
    expect(phase?.each.stateSet?.list).toEqual(schemaAt(root, ['status', 'phase'])?.enum);
  });

  it('exposes the last result as a StateSet over history[0].phase and exactly the CRD’s history phases', () => {
    const last = resource?.metrics.find((m) => m.name === 'status_last_result');
    expect(last?.each.stateSet?.path).toEqual(['status', 'history', '0', 'phase']);
    expect(last?.each.stateSet?.labelName).toBe('result');
    expect(last?.each.stateSet?.list).toEqual(schemaAt(root, ['status', 'history', '0', 'phase'])?.enum);
  });

  it('exposes progress as a Gauge and the conditions as a Gauge labelled by type and reason', () => {
    const byName = new Map(resource?.metrics.map((m) => [m.name, m]));
    expect(byName.get('status_progress_percent')?.each).toEqual({
      type: 'Gauge',
      gauge: { path: ['status', 'progress'] },
    });
    expect(byName.get('status_condition')?.each.gauge).toEqual({
      path: ['status', 'conditions'],
      labelsFromPath: { type: ['type'], reason: ['reason'] },
      valueFrom: ['status'],
    });
  });

  it('reads only fields the CRD schema has', () => {
    const paths: string[][] = Object.values(resource?.labelsFromPath ?? {});
    for (const m of resource?.metrics ?? []) {
      const each = m.each;
      const base = each.gauge?.path ?? each.stateSet?.path ?? each.info?.path ?? [];
      paths.push(base);
      for (const rel of Object.values(each.gauge?.labelsFromPath ?? {})) paths.push([...base, ...rel]);
      for (const rel of Object.values(each.info?.labelsFromPath ?? {})) paths.push([...base, ...rel]);
      if (each.gauge?.valueFrom) paths.push([...base, ...each.gauge.valueFrom]);
    }
    const missing = paths
      .filter((p) => p.length > 0 && schemaAt(root, p) === undefined)
      .map((p) => p.join('.'));
    expect(missing).toEqual([]);
    expect(paths.length).toBeGreaterThan(10);
  });
});
