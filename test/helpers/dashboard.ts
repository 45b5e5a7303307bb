// The chart's Grafana dashboard (charts/upgradewatch/dashboards/upgradewatch.json) as the tests
// read it: its panels' PromQL with the template variables substituted the way Grafana does
// when every "All" is selected.
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

export const DASHBOARD_PATH = fileURLToPath(
  new URL('../../charts/upgradewatch/dashboards/upgradewatch.json', import.meta.url),
);

export interface DashboardVariable {
  name: string;
  type: string;
  allValue?: string;
  includeAll?: boolean;
  query?: unknown;
  current?: { value?: unknown };
}

export interface DashboardPanel {
  id: number;
  title: string;
  type: string;
  targets: Array<{ expr: string; refId: string }>;
}

export interface Dashboard {
  title: string;
  uid: string;
  templating: { list: DashboardVariable[] };
  panels: DashboardPanel[];
}

export function readDashboard(): Dashboard {
  return JSON.parse(readFileSync(DASHBOARD_PATH, 'utf8')) as Dashboard;
}

export interface PanelQuery {
  panel: string;
  refId: string;
  expr: string;
}

/**
 * Every panel query with its variables replaced: a multi-value query variable by its allValue
 * (`.*`), any other variable by `values[name]` (e.g. poll_interval, __rate_interval). Throws
 * when a `$variable` is left, so a new variable cannot slip past the tests unsubstituted.
 */
export function panelQueries(dashboard: Dashboard, values: Record<string, string>): PanelQuery[] {
  const substitutions = new Map<string, string>(Object.entries(values));
  for (const variable of dashboard.templating.list) {
    if (variable.type === 'query' && variable.includeAll && variable.allValue !== undefined)
      substitutions.set(variable.name, variable.allValue);
  }
  return dashboard.panels.flatMap((panel) =>
    panel.targets.map((target) => {
      const expr = target.expr.replace(/\$(\w+)|\$\{(\w+)\}/g, (whole, plain?: string, braced?: string) => {
        const name = plain ?? braced ?? '';
        const value = substitutions.get(name);
        if (value === undefined) throw new Error(`panel "${panel.title}": no value for ${whole}`);
        return value;
      });
      return { panel: panel.title, refId: target.refId, expr };
    }),
  );
}
