// The plugin's renderer over the rows of the status/conditions table (docs/reference.md#conditions):
// each status is computed by the operator's own nextStatus, so the plugin is tested against
// what the operator really writes, not hand-made objects.
import type { ClusterUpgradeWatch, ClusterUpgradeWatchStatus, Observation } from '../../../src/api/types.js';
import { nextStatus, type Outcome } from '../../../src/controller/status.js';
import { renderHistory, renderStatus, renderWatch } from '../../../src/plugin/render.js';
import { historyViewOf, viewOf } from '../../../src/plugin/view.js';

const T0 = new Date('2025-03-01T10:00:00Z');
const NOW = new Date('2025-03-01T10:00:42Z');

function watch(status: ClusterUpgradeWatchStatus | undefined, provider = 'AlibabaACK'): ClusterUpgradeWatch {
  return {
    apiVersion: 'upgradewatch.io/v1alpha1',
    kind: 'ClusterUpgradeWatch',
    metadata: { name: 'prod', namespace: 'team-a', resourceVersion: '7' },
    spec: { provider, region: 'cn-hangzhou', clusterID: 'c-123', credentialsRef: { name: 'creds' } },
    ...(status ? { status } : {}),
  } as ClusterUpgradeWatch;
}

const observed = (observation: Observation): Outcome => ({ kind: 'observed', observation, at: T0 });
const after = (previous: ClusterUpgradeWatchStatus | undefined, outcome: Outcome) =>
  nextStatus(previous, outcome, { generation: 1, now: T0 });
const text = (status: ClusterUpgradeWatchStatus | undefined, provider?: string) =>
  renderWatch(viewOf(watch(status, provider), NOW)).join('\n');

const running: Observation = {
  phase: 'Running',
  progress: 50,
  currentStep: 'Upgrade',
  fromVersion: '1.30.1',
  toVersion: '1.31.1',
  upgradeID: 'u-1',
  steps: [
    {
      name: 'Precheck',
      phase: 'Succeeded',
      startTime: '2025-03-01T09:50:00Z',
      completionTime: '2025-03-01T09:50:45Z',
    },
    { name: 'Upgrade', phase: 'Running', startTime: '2025-03-01T09:51:00Z' },
    { name: 'Nodes', phase: 'Pending' },
  ],
};
const runningStatus = after(undefined, observed(running));

describe('renderWatch over the status table', () => {
  it.each([
    {
      why: 'Idle: phase and last sync, no bar (no progress figure), nothing unhealthy',
      status: after(undefined, observed({ phase: 'Idle' })),
      has: ['team-a/prod   AlibabaACK   cluster c-123', 'Phase:       Idle', 'Last sync:   42s ago'],
      hasNot: ['Not healthy', '%'],
    },
    {
      why: 'Running: bar, versions, current step, every step with its duration (a running one counts to now)',
      status: runningStatus,
      has: [
        'Phase:       Running   [##########----------]  50%   1.30.1 -> 1.31.1',
        'Step:        Upgrade',
        'Precheck   Succeeded   45s',
        'Upgrade    Running     9m42s',
        'Nodes      Pending',
      ],
      hasNot: ['Not healthy'],
    },
    {
      why: 'Paused: Ready False UpgradePaused is not healthy and is listed with its message',
      status: after(runningStatus, observed({ ...running, phase: 'Paused', message: 'paused before nodes' })),
      has: ['Phase:       Paused', 'Ready=False UpgradePaused: paused before nodes'],
      hasNot: ['Stalled='],
    },
    {
      why: 'Succeeded: 100 %, recorded as the last result',
      status: after(runningStatus, observed({ ...running, phase: 'Succeeded', currentStep: undefined })),
      has: ['[####################] 100%', 'Last result: Succeeded'],
      hasNot: ['Not healthy'],
    },
    {
      why: 'Failed: Ready False and Stalled True, both with the cloud message',
      status: after(
        runningStatus,
        observed({ ...running, phase: 'Failed', message: 'node pool np-1 failed' }),
      ),
      has: [
        'Ready=False UpgradeFailed: node pool np-1 failed',
        'Stalled=True UpgradeFailed',
        'Last result: Failed',
      ],
      hasNot: ['Synced='],
    },
    {
      why: 'Cancelled: Ready stays True, nothing unhealthy',
      status: after(runningStatus, observed({ ...running, phase: 'Cancelled' })),
      has: ['Phase:       Cancelled', 'Last result: Cancelled'],
      hasNot: ['Not healthy'],
    },
    {
      why: 'a transient error keeps the running view and shows Synced False with the request id',
      status: after(runningStatus, {
        kind: 'transientError',
        reason: 'Throttled',
        message: 'Throttling.User (request id R1)',
      }),
      has: ['Running   [##########', 'Synced=False Throttled: Throttling.User (request id R1)'],
      hasNot: ['Ready='],
    },
    {
      why: 'a permanent error: Ready, Stalled and Synced all name it',
      status: after(runningStatus, {
        kind: 'permanentError',
        reason: 'AuthFailed',
        message: 'InvalidAccessKeyId',
      }),
      has: [
        'Ready=False AuthFailed: InvalidAccessKeyId',
        'Stalled=True AuthFailed',
        'Synced=False AuthFailed',
      ],
      hasNot: [],
    },
    {
      why: 'suspended: Synced False Suspended',
      status: after(runningStatus, { kind: 'suspended' }),
      has: ['Synced=False Suspended'],
      hasNot: ['Ready='],
    },
    {
      why: 'before the operator wrote anything: no status yet, never synced',
      status: undefined,
      has: ['Phase:       (no status yet)', 'Last sync:   never'],
      hasNot: ['Not healthy'],
    },
  ])('$why', ({ status, has, hasNot }) => {
    const out = text(status);
    for (const fragment of has) expect(out).toContain(fragment);
    for (const fragment of hasNot) expect(out).not.toContain(fragment);
  });

  it('HuaweiCSS: the nodes line with the nodes being replaced', () => {
    const status = after(
      undefined,
      observed({ phase: 'Running', nodes: { total: 6, completed: 2, current: ['ess-1', 'ess-2'] } }),
    );
    expect(text(status, 'HuaweiCSS')).toContain('Nodes:       2/6 done, now: ess-1, ess-2');
  });

  it('AlibabaACKAddons: one line per component with phase and version', () => {
    const status = after(
      undefined,
      observed({
        phase: 'Running',
        components: [
          { name: 'coredns', phase: 'Succeeded', version: 'v1.11.3' },
          { name: 'terway-eniip', phase: 'Running' },
        ],
      }),
    );
    const out = text(status, 'AlibabaACKAddons');
    expect(out).toContain('Components:\n    coredns        Succeeded   v1.11.3\n    terway-eniip   Running');
  });

  it('the JSON view carries the same data the text shows', () => {
    const view = viewOf(
      watch(after(runningStatus, observed({ ...running, phase: 'Failed', message: 'boom' }))),
      NOW,
    );
    expect(view).toMatchObject({
      namespace: 'team-a',
      name: 'prod',
      provider: 'AlibabaACK',
      cluster: 'c-123',
      phase: 'Failed',
      progress: 50,
      sinceLastSyncMs: 42_000,
      lastResult: 'Failed',
    });
    expect(view.steps.map((s) => [s.name, s.durationMs])).toEqual([
      ['Precheck', 45_000],
      ['Upgrade', 582_000],
      ['Nodes', undefined],
    ]);
    expect(view.unhealthyConditions.map((c) => `${c.type}=${c.status}`)).toEqual([
      'Ready=False',
      'Stalled=True',
    ]);
  });
});

describe('renderStatus', () => {
  it('says so when there is nothing, like kubectl', () => {
    expect(renderStatus([], 'in namespace team-a')).toEqual([
      'No ClusterUpgradeWatches found in namespace team-a.',
    ]);
  });

  it('sorts by namespace then name, a blank line between watches', () => {
    const a = viewOf({ ...watch(runningStatus), metadata: { name: 'b', namespace: 'x' } }, NOW);
    const b = viewOf({ ...watch(runningStatus), metadata: { name: 'a', namespace: 'y' } }, NOW);
    const c = viewOf({ ...watch(runningStatus), metadata: { name: 'a', namespace: 'x' } }, NOW);
    const heads = renderStatus([a, b, c], '').filter((line) => line !== '' && !line.startsWith(' '));
    expect(heads.map((line) => line.split(' ')[0])).toEqual(['x/a', 'x/b', 'y/a']);
  });
});

describe('renderHistory', () => {
  it('lists the recorded upgrades newest first with their durations', () => {
    const succeeded = after(
      runningStatus,
      observed({
        ...running,
        phase: 'Succeeded',
        startTime: '2025-03-01T09:50:00Z',
        completionTime: '2025-03-01T10:35:00Z',
      }),
    );
    const second = after(
      succeeded,
      observed({ ...running, upgradeID: 'u-2', phase: 'Failed', message: 'quota' }),
    );
    const lines = renderHistory(historyViewOf(watch(second), NOW));
    expect(lines[0]).toMatch(/^UPGRADE ID\s+RESULT\s+FROM\s+TO\s+STARTED\s+FINISHED\s+DURATION\s+MESSAGE$/);
    expect(lines[1]).toMatch(/^u-2\s+Failed\s+1\.30\.1\s+1\.31\.1\s+quota$/);
    expect(lines[2]).toMatch(
      /^u-1\s+Succeeded\s+1\.30\.1\s+1\.31\.1\s+2025-03-01T09:50:00Z\s+2025-03-01T10:35:00Z\s+45m$/,
    );
  });

  it('says when nothing has finished yet', () => {
    expect(renderHistory(historyViewOf(watch(runningStatus), NOW))).toEqual([
      'team-a/prod: no finished upgrade recorded yet.',
    ]);
  });
});
