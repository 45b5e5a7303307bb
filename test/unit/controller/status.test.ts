import type { ClusterUpgradeWatchStatus, Observation, Phase } from '../../../src/api/types.js';
import { heartbeatDue, nextStatus, statusChanged, type Outcome } from '../../../src/controller/status.js';

const T0 = new Date('2025-03-01T10:00:00Z');
const T1 = new Date('2025-03-01T10:00:30Z');

const running: Observation = {
  phase: 'Running',
  progress: 50,
  currentStep: 'Upgrade',
  steps: [
    { name: 'Precheck', phase: 'Succeeded' },
    { name: 'Upgrade', phase: 'Running' },
  ],
  fromVersion: '1.30.1',
  toVersion: '1.31.1',
  message: 'upgrading',
  providerStatus: { status: 'running', upgrade_step: 'upgrading' },
};

function observed(observation: Observation, at = T0): Outcome {
  return { kind: 'observed', observation, at };
}

const base = nextStatus(undefined, observed(running), { generation: 1, now: T0 });

describe('nextStatus', () => {
  it('an observation becomes the status with lastSyncTime, observedGeneration and conditions', () => {
    expect(base).toMatchObject({ ...running, lastSyncTime: '2025-03-01T10:00:00Z', observedGeneration: 1 });
    expect(base.conditions?.map((c) => `${c.type}=${c.status}/${c.reason}`)).toEqual([
      'Ready=True/UpgradeInProgress',
      'Progressing=True/Upgrade',
      'Stalled=False/UpgradeInProgress',
      'Synced=True/PollSucceeded',
    ]);
  });

  const transientCases: Array<[why: string, outcome: Outcome]> = [
    [
      'Throttled',
      {
        kind: 'transientError',
        reason: 'Throttled',
        message: 'Throttling.User (request id R1)',
        retryAfterMs: 3000,
      },
    ],
    ['NetworkError', { kind: 'transientError', reason: 'NetworkError', message: 'ECONNRESET' }],
    ['ServerError', { kind: 'transientError', reason: 'ServerError', message: 'HTTP 503 (request id R2)' }],
    ['InvalidResponse', { kind: 'transientError', reason: 'InvalidResponse', message: 'not JSON' }],
  ];
  it.each(transientCases)(
    'transient %s keeps phase, progress, steps, message and lastSyncTime',
    (_why, outcome) => {
      const next = nextStatus(base, outcome, { generation: 1, now: T1 });
      const { conditions: _c1, ...kept } = base;
      const { conditions: _c2, ...after } = next;
      expect(after).toEqual(kept);
      const synced = next.conditions?.find((c) => c.type === 'Synced');
      expect(synced).toMatchObject({
        status: 'False',
        reason: outcome.kind === 'transientError' ? outcome.reason : '',
      });
      expect(synced?.message).toBe(outcome.kind === 'transientError' ? outcome.message : '');
      expect(next.conditions?.filter((c) => c.type !== 'Synced')).toEqual(
        base.conditions?.filter((c) => c.type !== 'Synced'),
      );
    },
  );

  it('a permanent error keeps observed fields but shows the error as message', () => {
    const next = nextStatus(
      base,
      {
        kind: 'permanentError',
        reason: 'AuthFailed',
        message: 'InvalidAccessKeyId.NotFound (request id R3)',
      },
      { generation: 1, now: T1 },
    );
    expect(next.phase).toBe('Running');
    expect(next.steps).toEqual(running.steps);
    expect(next.message).toBe('InvalidAccessKeyId.NotFound (request id R3)');
    expect(next.lastSyncTime).toBe(base.lastSyncTime);
  });

  it('an error with no previous status never writes an empty status: phase Unknown plus conditions', () => {
    const next = nextStatus(
      undefined,
      { kind: 'permanentError', reason: 'CredentialsNotFound', message: 'Secret ns/creds not found' },
      { generation: 4, now: T1 },
    );
    expect(next.phase).toBe('Unknown');
    expect(next.observedGeneration).toBe(4);
    expect(next.conditions).toHaveLength(4);
    expect(next.lastSyncTime).toBeUndefined();
    expect('lastSyncTime' in next).toBe(false);
  });

  it('suspended keeps everything but Synced', () => {
    const next = nextStatus(base, { kind: 'suspended' }, { generation: 2, now: T1 });
    expect(next.phase).toBe('Running');
    expect(next.observedGeneration).toBe(2);
    expect(next.conditions?.find((c) => c.type === 'Synced')).toMatchObject({
      status: 'False',
      reason: 'Suspended',
    });
  });

  it('a fresh observation replaces the old one wholesale (no stale steps)', () => {
    const next = nextStatus(base, observed({ phase: 'Idle' }, T1), { generation: 1, now: T1 });
    expect(next.steps).toBeUndefined();
    expect(next.progress).toBeUndefined();
    expect(next.phase).toBe('Idle');
  });

  it('messages are trimmed to 1024; progress is an integer, at most 99 before Succeeded', () => {
    const next = nextStatus(
      undefined,
      observed({ phase: 'Running', progress: 140.7, message: 'm'.repeat(3000) }),
      { generation: 1, now: T0 },
    );
    expect(next.message?.length).toBe(1024);
    expect(next.progress).toBe(99);
    const fraction = nextStatus(undefined, observed({ phase: 'Running', progress: 42.5 }), {
      generation: 1,
      now: T0,
    });
    expect(fraction.progress).toBe(42); // rounded down, like every normalizer
  });

  it('a phase that is not Succeeded never shows 100, even when the cloud says every step is done', () => {
    const cases: Array<[why: string, phase: Phase]> = [
      ['Running with all steps finished (ACK running + upgrade_step success)', 'Running'],
      ['Paused at the very end', 'Paused'],
      ['Failed after the last step', 'Failed'],
      ['Unknown status with a full progress field', 'Unknown'],
    ];
    for (const [why, phase] of cases) {
      const next = nextStatus(undefined, observed({ phase, progress: 100 }), { generation: 1, now: T0 });
      expect({ why, progress: next.progress }).toEqual({ why, progress: 99 });
    }
  });

  it('keeping progress forward never lifts a non-Succeeded phase back to 100', () => {
    const done = nextStatus(undefined, observed({ phase: 'Succeeded', upgradeID: 'u1' }), {
      generation: 1,
      now: T0,
    });
    const again = nextStatus(done, observed({ phase: 'Running', upgradeID: 'u1', progress: 10 }, T1), {
      generation: 1,
      now: T1,
    });
    expect(again.progress).toBe(99);
  });

  it('Succeeded always reports progress 100', () => {
    expect(
      nextStatus(undefined, observed({ phase: 'Succeeded', progress: 50 }), { generation: 1, now: T0 })
        .progress,
    ).toBe(100);
    expect(nextStatus(undefined, observed({ phase: 'Succeeded' }), { generation: 1, now: T0 }).progress).toBe(
      100,
    );
  });

  it.each([
    {
      why: 'same upgradeID, lower figure (CCE Cluster point failed at 35 %): the 58 % shown stays',
      before: { phase: 'Running', progress: 58, upgradeID: 'wf-1' },
      after: { phase: 'Failed', progress: 50, upgradeID: 'wf-1' },
      progress: 58,
    },
    {
      why: 'a new upgradeID starts again from its own figure',
      before: { phase: 'Failed', progress: 58, upgradeID: 'wf-1' },
      after: { phase: 'Running', progress: 0, upgradeID: 'wf-2' },
      progress: 0,
    },
    {
      why: 'no upgradeID (ACK): a new upgrade cannot be told apart, so the cloud figure stands',
      before: { phase: 'Succeeded', progress: 100 },
      after: { phase: 'Running', progress: 0 },
      progress: 0,
    },
    {
      why: 'a higher figure is taken as is',
      before: { phase: 'Running', progress: 25, upgradeID: 'wf-1' },
      after: { phase: 'Running', progress: 70, upgradeID: 'wf-1' },
      progress: 70,
    },
  ] as Array<{ why: string; before: Observation; after: Observation; progress: number }>)(
    'progress never goes backwards within one upgradeID: $why',
    ({ before, after, progress }) => {
      const previous = nextStatus(undefined, observed(before), { generation: 1, now: T0 });
      expect(nextStatus(previous, observed(after, T1), { generation: 1, now: T1 }).progress).toBe(progress);
    },
  );

  it('re-applying the same outcome is a fixpoint (nothing to write)', () => {
    const again = nextStatus(base, observed(running), { generation: 1, now: T1 });
    expect(statusChanged(base, again)).toBe(false);
  });
});

describe('statusChanged', () => {
  const cases: Array<
    [why: string, a: ClusterUpgradeWatchStatus | undefined, b: ClusterUpgradeWatchStatus, changed: boolean]
  > = [
    [
      'only lastSyncTime differs: heartbeat territory, not a change',
      base,
      { ...base, lastSyncTime: '2025-03-01T11:00:00Z' },
      false,
    ],
    [
      'key order does not matter',
      base,
      JSON.parse(JSON.stringify({ conditions: base.conditions, ...base })) as ClusterUpgradeWatchStatus,
      false,
    ],
    [
      'undefined members equal missing members',
      base,
      { ...base, toVersion: base.toVersion, upgradeID: undefined },
      false,
    ],
    [
      'condition order does not matter',
      base,
      { ...base, conditions: [...(base.conditions ?? [])].reverse() },
      false,
    ],
    ['progress differs', base, { ...base, progress: 51 }, true],
    ['observedGeneration differs', base, { ...base, observedGeneration: 2 }, true],
    [
      'a nested providerStatus value differs',
      base,
      { ...base, providerStatus: { status: 'running', upgrade_step: 'prechecking' } },
      true,
    ],
    ['no previous status at all', undefined, base, true],
  ];
  it.each(cases)('%s', (_why, a, b, changed) => {
    expect(statusChanged(a, b)).toBe(changed);
  });
});

describe('heartbeatDue', () => {
  const ten = 10 * 60_000;
  const cases: Array<[why: string, prev: string | undefined, next: string | undefined, due: boolean]> = [
    ['never synced before: write it', undefined, '2025-03-01T10:00:00Z', true],
    ['9m59s later: not yet', '2025-03-01T10:00:00Z', '2025-03-01T10:09:59Z', false],
    ['exactly 10m later: due', '2025-03-01T10:00:00Z', '2025-03-01T10:10:00Z', true],
    ['no new sync time (error outcome): nothing to beat', '2025-03-01T10:00:00Z', undefined, false],
  ];
  it.each(cases)('%s', (_why, prev, next, due) => {
    const a: ClusterUpgradeWatchStatus = prev ? { lastSyncTime: prev } : {};
    const b: ClusterUpgradeWatchStatus = next ? { lastSyncTime: next } : {};
    expect(heartbeatDue(a, b, ten)).toBe(due);
  });
});
