// The chart's Grafana dashboard and the shipped alert rules, evaluated by a real Prometheus
// server (built by scripts/tools/install-prometheus.sh from the same module and version as
// promtool) scraping the real operator process while a small fleet runs on the simulator:
//  - a running AlibabaACK upgrade (progress 50 %) and a running HuaweiCCE one;
//  - a HuaweiCCE upgrade that failed (the "Failed upgrades" panel must show exactly it);
//  - an AlibabaACK watch whose polls start failing with HTTP 500 after one success (the stale
//    panel and the error panel must show it).
// After two scrapes every panel query (variables substituted as Grafana does with "All") must
// return at least one series, and every alert expression must evaluate.
import { jest } from '@jest/globals';
import { parse } from 'yaml';
import {
  clusterId,
  putState,
  setupSuite,
  specFor,
  teardownSuite,
  type Suite,
} from '../helpers/operator-fixture.js';
import {
  createWatch,
  ensureOperatorBuilt,
  eventually,
  OperatorProcess,
  sleep,
  waitForWatch,
  withLogs,
} from '../helpers/operator-harness.js';
import { ACK, CCE } from '../helpers/operator-states.js';
import { panelQueries, readDashboard } from '../helpers/dashboard.js';
import { startPrometheus, type PrometheusServer } from '../helpers/prometheus-server.js';
import { readRepoFile, toolPath } from '../unit/packaging/support.js';

// Generous guard against a hang only: a fleet on 5 s polls and a wait of 3 poll intervals.
jest.setTimeout(240_000);

const POLL_INTERVAL_SECONDS = 5;
const JOB = 'upgradewatch';

let suite: Suite;
let op: OperatorProcess;
let prometheus: PrometheusServer | undefined;
const logs = () => [
  { name: 'operator', tail: () => op?.logTail() ?? '' },
  { name: 'prometheus', tail: () => prometheus?.logTail() ?? '' },
];

beforeAll(async () => {
  const binary = toolPath('prometheus');
  [suite] = await Promise.all([setupSuite('dash'), ensureOperatorBuilt()]);
  op = await OperatorProcess.start({ kubeconfig: suite.saKubeconfig, selector: suite.space.selector });
  prometheus = await startPrometheus(binary, JOB, [new URL(op.metricsUrl).host]);
});

afterAll(async () => {
  await prometheus?.stop();
  await teardownSuite(suite);
});

const phaseIs = (phase: string) => (w: { status?: { phase?: string } }) => w.status?.phase === phase;

async function startFleet(): Promise<void> {
  const watches = [
    { name: 'ack-running', provider: 'AlibabaACK' as const, state: () => ACK.upgrading, phase: 'Running' },
    { name: 'ack-stale', provider: 'AlibabaACK' as const, state: () => ACK.upgrading, phase: 'Running' },
    {
      name: 'cce-running',
      provider: 'HuaweiCCE' as const,
      state: (id: string) => CCE.snapshot(id),
      phase: 'Running',
    },
    {
      name: 'cce-failed',
      provider: 'HuaweiCCE' as const,
      state: (id: string) => CCE.failed(id),
      phase: 'Failed',
    },
  ];
  const clusters = new Map<string, string>();
  for (const [i, w] of watches.entries()) {
    const cluster = clusterId(w.name);
    clusters.set(w.name, cluster);
    putState(suite, w.provider, cluster, w.state(`d0d0d0d0-0000-4000-8000-00000000000${i}`));
    await createWatch(suite.space, w.name, specFor(suite, w.provider, cluster));
  }
  for (const w of watches) await waitForWatch(suite.space, w.name, w.phase, phaseIs(w.phase), 60_000);
  // From now on every poll of ack-stale fails: its last successful poll ages.
  suite.sim.admin.addFault({
    kind: 'server-error',
    clusterID: clusters.get('ack-stale')!,
    provider: 'AlibabaACK',
  });
  await waitForWatch(
    suite.space,
    'ack-stale',
    'Synced False ServerError',
    (w) => w.status?.conditions?.some((c) => c.type === 'Synced' && c.reason === 'ServerError') ?? false,
    60_000,
  );
}

const key = (labels: Record<string, string>) => `${labels.namespace}/${labels.name}`;

it('every panel query returns data and every alert expression evaluates', async () => {
  await withLogs(logs, async () => {
    await startFleet();
    const started = Date.now();
    const prom = prometheus!;
    await eventually(
      'two scrapes of the operator',
      async () => {
        const [samples] = await prom.query(`count_over_time(up{job="${JOB}"}[5m])`);
        return Number(samples?.value[1] ?? 0) >= 2;
      },
      30_000,
      250,
    );
    // The stale watch must be older than 3 poll intervals (it failed right before `started`).
    await sleep(Math.max(0, 3 * POLL_INTERVAL_SECONDS * 1000 + 2_000 - (Date.now() - started)));

    const queries = panelQueries(readDashboard(), {
      poll_interval: String(POLL_INTERVAL_SECONDS),
      __rate_interval: '1m',
    });
    const results = new Map<string, Array<Record<string, string>>>();
    for (const q of queries) {
      const samples = await prom.query(q.expr);
      results.set(
        q.panel,
        samples.map((s) => s.metric),
      );
      expect({ panel: q.panel, series: samples.length > 0 }).toEqual({ panel: q.panel, series: true });
    }
    const ns = suite.space.namespace;
    expect(results.get('Failed upgrades')?.map(key)).toEqual([`${ns}/cce-failed`]);
    const stale =
      results.get('Stale watches: last successful poll older than 3 poll intervals')?.map(key) ?? [];
    expect(stale).toContain(`${ns}/ack-stale`);
    // Running watches are polled every 5 s: never stale.
    expect(stale).not.toContain(`${ns}/ack-running`);
    expect(stale).not.toContain(`${ns}/cce-running`);
    const errors = results.get('Cloud request errors by provider and result') ?? [];
    expect(errors).toContainEqual({ provider: 'AlibabaACK', result: 'ServerError' });
    const phases = (results.get('Upgrades by phase') ?? []).map((m) => m.phase).sort();
    expect(phases).toEqual(['Failed', 'Running']);

    const rules = parse(readRepoFile('deploy/integrations/prometheus/rules.yaml')) as {
      groups: Array<{ rules: Array<{ alert: string; expr: string }> }>;
    };
    const alerts = new Map<string, string[]>();
    for (const rule of rules.groups.flatMap((g) => g.rules)) {
      alerts.set(
        rule.alert,
        (await prom.query(rule.expr)).map((s) => key(s.metric)),
      );
    }
    expect([...alerts.keys()]).toHaveLength(4);
    expect(alerts.get('UpgradeWatchUpgradeFailed')).toEqual([`${ns}/cce-failed`]);
    expect(alerts.get('UpgradeWatchOperatorDown')).toEqual([]);
  });
});
