import { createMetrics, METRIC_NAMES } from '../../../src/runtime/metrics.js';

/** Lines of the text exposition that are samples (not HELP/TYPE comments). */
function samples(text: string, name: string): string[] {
  return text.split('\n').filter((line) => line.startsWith(`${name}{`) || line.startsWith(`${name} `));
}

describe('metrics', () => {
  test('recordWatch sets 1 for the current phase and 0 for every other phase, plus the progress ratio', async () => {
    const m = createMetrics({ processMetrics: false });
    m.recordWatch('team-a', 'prod', 'AlibabaACK', 'Running', 42);
    const text = await m.expose();
    const phases = samples(text, METRIC_NAMES.upgradePhase);
    expect(phases).toHaveLength(8);
    expect(phases).toContain(
      'upgradewatch_upgrade_phase{namespace="team-a",name="prod",provider="AlibabaACK",phase="Running"} 1',
    );
    expect(phases).toContain(
      'upgradewatch_upgrade_phase{namespace="team-a",name="prod",provider="AlibabaACK",phase="Idle"} 0',
    );
    expect(samples(text, METRIC_NAMES.progressRatio)).toEqual([
      'upgradewatch_upgrade_progress_ratio{namespace="team-a",name="prod",provider="AlibabaACK"} 0.42',
    ]);
  });

  test('progress undefined removes the ratio series (absent when nothing honest can be derived)', async () => {
    const m = createMetrics({ processMetrics: false });
    m.recordWatch('ns', 'w', 'HuaweiCCE', 'Running', 10);
    m.recordWatch('ns', 'w', 'HuaweiCCE', 'Unknown');
    expect(samples(await m.expose(), METRIC_NAMES.progressRatio)).toEqual([]);
  });

  test('a provider change drops the series under the old provider label', async () => {
    const m = createMetrics({ processMetrics: false });
    m.recordWatch('ns', 'w', 'HuaweiCCE', 'Running', 10);
    m.recordWatch('ns', 'w', 'HuaweiCSS', 'Idle');
    const text = await m.expose();
    expect(text).not.toContain('provider="HuaweiCCE"');
    expect(samples(text, METRIC_NAMES.upgradePhase)).toHaveLength(8);
  });

  test('forgetWatch removes every series of that object and only of that object', async () => {
    const m = createMetrics({ processMetrics: false });
    m.recordWatch('ns', 'gone', 'AlibabaACKAddons', 'Succeeded', 100);
    m.recordSuccessfulPoll('ns', 'gone', new Date('2025-01-01T00:00:00Z'));
    m.recordWatch('ns', 'kept', 'AlibabaACK', 'Idle');
    m.recordSuccessfulPoll('ns', 'kept', new Date('2025-01-01T00:00:10Z'));
    m.forgetWatch('ns', 'gone');
    const text = await m.expose();
    expect(text).not.toContain('name="gone"');
    expect(samples(text, METRIC_NAMES.upgradePhase)).toHaveLength(8);
    expect(samples(text, METRIC_NAMES.lastSuccessfulPoll)).toEqual([
      'upgradewatch_last_successful_poll_timestamp_seconds{namespace="ns",name="kept"} 1735689610',
    ]);
  });

  test('forgetSuccessfulPoll drops only the last-poll series (a suspended watch keeps its phase)', async () => {
    const m = createMetrics({ processMetrics: false });
    m.recordWatch('ns', 'paused', 'AlibabaACK', 'Running', 40);
    m.recordSuccessfulPoll('ns', 'paused', new Date('2025-01-01T00:00:00Z'));
    m.forgetSuccessfulPoll('ns', 'paused');
    const text = await m.expose();
    expect(samples(text, METRIC_NAMES.lastSuccessfulPoll)).toEqual([]);
    expect(samples(text, METRIC_NAMES.upgradePhase)).toHaveLength(8);
  });

  test('counters, histogram and gauges carry the documented label sets', async () => {
    const m = createMetrics({ processMetrics: false });
    m.observeCloudRequest('AlibabaACK', 'GetUpgradeStatus', 'success', 0.3);
    m.observeCloudRequest('AlibabaACK', 'GetUpgradeStatus', 'Throttled', 0.01);
    m.countStatusUpdate('success');
    m.countReconcile('error');
    m.setWorkqueueDepth(7);
    m.setLeader(true);
    const text = await m.expose();
    expect(text).toContain(
      'upgradewatch_cloud_requests_total{provider="AlibabaACK",operation="GetUpgradeStatus",result="success"} 1',
    );
    expect(text).toContain(
      'upgradewatch_cloud_requests_total{provider="AlibabaACK",operation="GetUpgradeStatus",result="Throttled"} 1',
    );
    expect(text).toContain(
      'upgradewatch_cloud_request_duration_seconds_count{provider="AlibabaACK",operation="GetUpgradeStatus"} 2',
    );
    expect(text).toContain(
      'upgradewatch_cloud_request_duration_seconds_bucket{le="0.5",provider="AlibabaACK",operation="GetUpgradeStatus"} 2',
    );
    expect(text).toContain('upgradewatch_status_updates_total{result="success"} 1');
    expect(text).toContain('upgradewatch_reconcile_total{result="error"} 1');
    expect(text).toContain('upgradewatch_workqueue_depth 7');
    expect(text).toContain('upgradewatch_leader 1');
  });

  test('exposes exactly the documented metric names, plus Node process metrics when enabled', async () => {
    const m = createMetrics();
    m.recordWatch('ns', 'w', 'AlibabaACK', 'Idle', 0);
    m.recordSuccessfulPoll('ns', 'w', new Date());
    m.observeCloudRequest('p', 'o', 'success', 1);
    m.countStatusUpdate('success');
    m.countReconcile('success');
    const text = await m.expose();
    const names = new Set(
      text
        .split('\n')
        .filter((l) => l.startsWith('# TYPE upgradewatch_'))
        .map((l) => l.split(' ')[2]),
    );
    expect([...names].sort()).toEqual(Object.values(METRIC_NAMES).sort());
    expect(text).toContain('process_cpu_user_seconds_total');
    expect(text).toContain('nodejs_eventloop_lag_seconds');
  });

  test('leader-election attempts are counted by result, every result present from the start at 0', async () => {
    const m = createMetrics({ processMetrics: false });
    expect(await m.expose()).toContain('upgradewatch_leader_election_attempts_total{result="error"} 0');
    m.countLeaderElectionAttempt('error');
    m.countLeaderElectionAttempt('error');
    m.countLeaderElectionAttempt('held');
    const text = await m.expose();
    expect(text).toContain('upgradewatch_leader_election_attempts_total{result="error"} 2');
    expect(text).toContain('upgradewatch_leader_election_attempts_total{result="held"} 1');
    expect(text).toContain('upgradewatch_leader_election_attempts_total{result="success"} 0');
  });

  test('two registries do not share series', async () => {
    const a = createMetrics({ processMetrics: false });
    const b = createMetrics({ processMetrics: false });
    a.countReconcile('success');
    expect(await b.expose()).not.toContain('upgradewatch_reconcile_total{');
  });
});
