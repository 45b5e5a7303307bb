// The Grafana dashboard shipped in the chart: the panels and variables people rely on, queries
// over the operator's own metric names only, PromQL that promtool parses, and the ConfigMap
// the Grafana sidecar picks up (label grafana_dashboard: "1") behind dashboards.enabled.
// test/integration/dashboard-prometheus.test.ts runs every query on a real Prometheus.
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { stringify } from 'yaml';
import { METRIC_NAMES } from '../../../src/runtime/metrics.js';
import { panelQueries, readDashboard } from '../../helpers/dashboard.js';
import { findObject, helmTemplate, readRepoFile, run, toolPath, type KubeObject } from './support.js';

const dashboard = readDashboard();
const queries = panelQueries(dashboard, { poll_interval: '30', __rate_interval: '2m' });

describe('the dashboard JSON', () => {
  it('has the panels of the operator’s questions', () => {
    expect(dashboard.panels.map((p) => p.title)).toEqual([
      'Upgrades by phase',
      'Failed upgrades',
      'Progress per watch',
      'Stale watches: last successful poll older than 3 poll intervals',
      'Cloud requests by provider and result',
      'Cloud request errors by provider and result',
      'Status writes by result',
      'Reconciles by result',
      'Work queue depth',
      'Leader',
      'Leader election attempts by result',
    ]);
    expect(new Set(dashboard.panels.map((p) => p.id)).size).toBe(dashboard.panels.length);
  });

  it('has namespace and provider variables whose "All" is the regex .*', () => {
    const byName = new Map(dashboard.templating.list.map((v) => [v.name, v]));
    for (const name of ['namespace', 'provider']) {
      expect(byName.get(name)).toMatchObject({
        type: 'query',
        includeAll: true,
        multi: true,
        allValue: '.*',
      });
    }
    expect(byName.get('datasource')).toMatchObject({ type: 'datasource', query: 'prometheus' });
  });

  it('queries only the operator’s metric names', () => {
    const known = new Set<string>(Object.values(METRIC_NAMES));
    const used = queries.flatMap((q) => q.expr.match(/upgradewatch_[a-z_]+/g) ?? []);
    expect(used.filter((name) => !known.has(name))).toEqual([]);
    // Every series but the request-duration histogram has a panel.
    const { cloudRequestDuration: _latency, ...shown } = METRIC_NAMES;
    expect([...new Set(used)].sort()).toEqual(Object.values(shown).sort());
  });

  it('filters the per-watch panels by both variables', () => {
    for (const title of ['Upgrades by phase', 'Failed upgrades', 'Progress per watch']) {
      const expr = dashboard.panels.find((p) => p.title === title)?.targets[0]?.expr ?? '';
      expect([title, expr]).toEqual([title, expect.stringContaining('namespace=~"$namespace"')]);
      expect([title, expr]).toEqual([title, expect.stringContaining('provider=~"$provider"')]);
    }
  });

  it('is PromQL promtool parses, once the variables are substituted', () => {
    const dir = mkdtempSync(join(tmpdir(), 'uw-dashboard-'));
    try {
      const file = join(dir, 'panels.yaml');
      const rules = queries.map((q, i) => ({ record: `dashboard:panel_${i}`, expr: q.expr }));
      writeFileSync(file, stringify({ groups: [{ name: 'dashboard', rules }] }));
      const result = run(toolPath('promtool'), ['check', 'rules', file]);
      expect(result.stdout + result.stderr).toContain(`SUCCESS: ${rules.length} rules found`);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});

describe('the chart’s dashboard ConfigMap', () => {
  it('is rendered with dashboards.enabled=true, labelled grafana_dashboard: "1", holding the JSON', () => {
    const objects = helmTemplate([
      '--set',
      'dashboards.enabled=true',
      '--set',
      'dashboards.labels.team=platform',
    ]);
    const configMap = findObject(objects, 'ConfigMap') as KubeObject & { data: Record<string, string> };
    expect(configMap.metadata.labels).toMatchObject({ grafana_dashboard: '1', team: 'platform' });
    expect(Object.keys(configMap.data)).toEqual(['upgradewatch.json']);
    expect(JSON.parse(configMap.data['upgradewatch.json']!)).toEqual(
      JSON.parse(readRepoFile('charts/upgradewatch/dashboards/upgradewatch.json')),
    );
  });

  it('is off by default', () => {
    expect(helmTemplate().filter((o) => o.kind === 'ConfigMap')).toEqual([]);
  });
});
