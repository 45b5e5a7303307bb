// The alert rules: promtool check + the hand-written promtool unit tests, the three copies
// (plain rules file, PrometheusRule, Helm chart) kept identical, and the rules evaluated by
// promtool against the operator's REAL metrics exposition (src/runtime/metrics.ts), so a
// renamed metric or label breaks this test instead of silently muting an alert.
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parse, stringify } from 'yaml';
import { createMetrics } from '../../../src/runtime/metrics.js';
import { findObject, helmTemplate, readRepoFile, repoPath, run, toolPath } from './support.js';

const DIR = 'deploy/integrations/prometheus';
const ALERTS = [
  'UpgradeWatchUpgradeFailed',
  'UpgradeWatchUpgradeStuck',
  'UpgradeWatchPollingFailing',
  'UpgradeWatchOperatorDown',
];

interface Rule {
  alert: string;
  expr: string;
  for?: string;
  labels: Record<string, string>;
  annotations: Record<string, string>;
}
interface RuleFile {
  groups: Array<{ name: string; rules: Rule[] }>;
}

const RUNBOOKS = 'https://github.com/upgradewatch/upgradewatch/blob/main/docs/runbooks.md';

const ruleFile = parse(readRepoFile(DIR, 'rules.yaml')) as RuleFile;

let promtool: string;
beforeAll(() => {
  promtool = toolPath('promtool');
});

describe('rules.yaml', () => {
  it('passes promtool check rules', () => {
    const result = run(promtool, ['check', 'rules', repoPath(DIR, 'rules.yaml')]);
    expect(result.stdout + result.stderr).toContain('SUCCESS: 4 rules found');
    expect(result.status).toBe(0);
  });

  it('holds the four alerts, each with a severity, summary and description', () => {
    const rules = ruleFile.groups.flatMap((g) => g.rules);
    expect(rules.map((r) => r.alert)).toEqual(ALERTS);
    for (const r of rules) {
      expect(['warning', 'critical']).toContain(r.labels.severity);
      expect(Object.keys(r.annotations).sort()).toEqual(['description', 'runbook_url', 'summary']);
    }
  });

  it('links every alert to its own section of docs/runbooks.md', () => {
    const headings = readRepoFile('docs/runbooks.md')
      .split('\n')
      .filter((line) => line.startsWith('## '))
      .map((line) => line.slice(3).trim());
    expect(headings).toEqual(ALERTS);
    for (const r of ruleFile.groups.flatMap((g) => g.rules)) {
      // GitHub's anchor of a one-word heading is the heading in lower case.
      expect(r.annotations.runbook_url).toBe(`${RUNBOOKS}#${r.alert.toLowerCase()}`);
    }
  });

  it('passes its promtool unit tests (alerts.test.yaml)', () => {
    const result = run(promtool, ['test', 'rules', repoPath(DIR, 'alerts.test.yaml')]);
    expect(result.stdout + result.stderr).toContain('SUCCESS');
    expect(result.status).toBe(0);
  });

  it('has, for every alert, a unit test where it fires and one where it stays quiet', () => {
    const tests = parse(readRepoFile(DIR, 'alerts.test.yaml')) as {
      tests: Array<{ alert_rule_test?: Array<{ alertname: string; exp_alerts: unknown[] }> }>;
    };
    const cases = tests.tests.flatMap((t) => t.alert_rule_test ?? []);
    for (const alert of ALERTS) {
      const mine = cases.filter((c) => c.alertname === alert);
      expect([alert, mine.some((c) => c.exp_alerts.length > 0)]).toEqual([alert, true]);
      expect([alert, mine.some((c) => c.exp_alerts.length === 0)]).toEqual([alert, true]);
    }
  });
});

describe('the same groups ship everywhere', () => {
  it('deploy/integrations/prometheus/alerts.yaml (PrometheusRule)', () => {
    const rule = parse(readRepoFile(DIR, 'alerts.yaml')) as { kind: string; spec: RuleFile };
    expect(rule.kind).toBe('PrometheusRule');
    expect(rule.spec.groups).toEqual(ruleFile.groups);
  });

  it('the Helm chart with prometheusRule.enabled=true', () => {
    const objects = helmTemplate([
      '--set',
      'prometheusRule.enabled=true',
      '--set',
      'prometheusRule.labels.release=kps',
    ]);
    const rule = findObject(objects, 'PrometheusRule') as ReturnType<typeof findObject> & { spec: RuleFile };
    expect(rule.spec.groups).toEqual(ruleFile.groups);
    expect(rule.metadata.labels).toMatchObject({ release: 'kps' });
  });
});

/** The operator's exposition as promtool input series (constant over the test). */
async function operatorSeries(record: (m: ReturnType<typeof createMetrics>) => void): Promise<string[]> {
  const metrics = createMetrics({ processMetrics: false });
  record(metrics);
  const text = await metrics.expose();
  return text
    .split('\n')
    .filter((line) =>
      /^upgradewatch_(upgrade_phase|upgrade_progress_ratio|last_successful_poll_timestamp_seconds)\{/.test(
        line,
      ),
    )
    .map((line) => line.replace(/\s+\S+$/, (value) => ` ${value.trim()}`));
}

describe('the rules fire on the operator’s real metrics', () => {
  let dir: string;
  beforeAll(() => {
    dir = mkdtempSync(join(tmpdir(), 'uw-promtool-'));
  });
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  async function promtoolTest(
    name: string,
    lines: string[],
    exprTests: Array<{
      expr: string;
      eval_time: string;
      exp_samples: Array<{ labels: string; value: number }>;
    }>,
  ): Promise<void> {
    const input_series = lines.map((line) => {
      const cut = line.lastIndexOf(' ');
      return { series: line.slice(0, cut), values: `${line.slice(cut + 1)}x240` };
    });
    // The operator target is up all along, so only the alert under test can fire.
    input_series.push({ series: 'up{job="upgradewatch-metrics",instance="10.0.0.7:8080"}', values: '1x240' });
    const file = join(dir, `${name}.test.yaml`);
    writeFileSync(
      file,
      stringify({
        rule_files: [repoPath(DIR, 'rules.yaml')],
        evaluation_interval: '1m',
        tests: [{ name, interval: '1m', input_series, promql_expr_test: exprTests }],
      }),
    );
    const result = run(promtool, ['test', 'rules', file]);
    expect(result.stdout + result.stderr).toContain('SUCCESS');
    expect(result.status).toBe(0);
  }

  const firing = (alert: string, labels: string) => ({
    labels: `ALERTS{alertname="${alert}",alertstate="firing",${labels}}`,
    value: 1,
  });

  it('UpgradeWatchUpgradeFailed from recordWatch(..., "Failed")', async () => {
    const lines = await operatorSeries((m) => m.recordWatch('team-a', 'prod-ack', 'AlibabaACK', 'Failed'));
    expect(lines.length).toBeGreaterThan(0);
    await promtoolTest('failed', lines, [
      {
        expr: 'ALERTS{alertstate="firing"}',
        eval_time: '5m',
        exp_samples: [
          firing(
            'UpgradeWatchUpgradeFailed',
            'name="prod-ack",namespace="team-a",provider="AlibabaACK",severity="critical"',
          ),
        ],
      },
    ]);
  });

  it('UpgradeWatchUpgradeStuck from a Running watch whose progress never moves', async () => {
    const lines = await operatorSeries((m) =>
      m.recordWatch('team-a', 'prod-cce', 'HuaweiCCE', 'Running', 45),
    );
    await promtoolTest('stuck', lines, [
      { expr: 'ALERTS{alertstate="firing"}', eval_time: '1h', exp_samples: [] },
      {
        expr: 'ALERTS{alertstate="firing"}',
        eval_time: '2h10m',
        exp_samples: [
          firing(
            'UpgradeWatchUpgradeStuck',
            'name="prod-cce",namespace="team-a",provider="HuaweiCCE",severity="warning"',
          ),
        ],
      },
    ]);
  });

  it('UpgradeWatchPollingFailing from a last successful poll that stops moving', async () => {
    const lines = await operatorSeries((m) => {
      m.recordWatch('team-b', 'search', 'HuaweiCSS', 'Idle');
      m.recordSuccessfulPoll('team-b', 'search', new Date(60_000));
    });
    await promtoolTest('polling', lines, [
      { expr: 'ALERTS{alertstate="firing"}', eval_time: '10m', exp_samples: [] },
      {
        expr: 'ALERTS{alertstate="firing"}',
        eval_time: '20m',
        exp_samples: [
          firing('UpgradeWatchPollingFailing', 'name="search",namespace="team-b",severity="warning"'),
        ],
      },
    ]);
  });
});
