import type { ClusterUpgradeWatchStatus, HistoryEntry, Observation, Phase } from '../../../src/api/types.js';
import { MAX_HISTORY } from '../../../src/api/types.js';
import { historyEntryOf, nextHistory } from '../../../src/controller/history.js';
import { nextStatus, type Outcome } from '../../../src/controller/status.js';

const T0 = new Date('2025-03-01T10:00:00Z');
const T1 = new Date('2025-03-01T10:00:30Z');

function finished(upgradeID: string | undefined, phase: Observation['phase'] = 'Succeeded'): Observation {
  return {
    phase,
    upgradeID,
    fromVersion: '1.30.1',
    toVersion: '1.31.1',
    startTime: '2025-03-01T09:00:00Z',
    completionTime: '2025-03-01T09:40:00Z',
    message: phase === 'Failed' ? 'node pool np-1 failed' : undefined,
  };
}

function entry(upgradeID: string, phase: HistoryEntry['phase'] = 'Succeeded'): HistoryEntry {
  return { upgradeID, phase, fromVersion: '1.30.1', toVersion: '1.31.1' };
}

/** A stored status with this history, in the middle of some other upgrade. */
const stored = (
  history: HistoryEntry[] | undefined,
  phase: Phase = 'Running',
): ClusterUpgradeWatchStatus => ({
  phase,
  ...(history ? { history } : {}),
});

const older = [entry('u-2', 'Failed'), entry('u-1')];
const full = Array.from({ length: MAX_HISTORY }, (_, i) => entry(`old-${i}`));

describe('nextHistory', () => {
  const cases: Array<{
    why: string;
    previous: HistoryEntry[] | undefined;
    status: ClusterUpgradeWatchStatus;
    ids: Array<string | undefined>;
  }> = [
    {
      why: 'a running upgrade has not finished: nothing to record',
      previous: older,
      status: { ...finished('u-3'), phase: 'Running' },
      ids: ['u-2', 'u-1'],
    },
    {
      why: 'Paused is not an end: the upgrade may still resume',
      previous: older,
      status: { ...finished('u-3'), phase: 'Paused' },
      ids: ['u-2', 'u-1'],
    },
    {
      why: 'a newly finished upgrade goes first (newest first)',
      previous: older,
      status: finished('u-3'),
      ids: ['u-3', 'u-2', 'u-1'],
    },
    {
      why: 'the same finished upgrade seen again (next poll, restart, replayed event) adds nothing',
      previous: [entry('u-3'), ...older],
      status: finished('u-3'),
      ids: ['u-3', 'u-2', 'u-1'],
    },
    {
      why: 'once per upgradeID even when the cloud later reports another end for it: history is append-only',
      previous: [entry('u-3', 'Failed'), ...older],
      status: finished('u-3', 'Succeeded'),
      ids: ['u-3', 'u-2', 'u-1'],
    },
    {
      why: 'an upgrade recorded further down is not recorded again',
      previous: older,
      status: finished('u-1'),
      ids: ['u-2', 'u-1'],
    },
    {
      why: 'Cancelled is an end and is recorded',
      previous: undefined,
      status: finished('u-9', 'Cancelled'),
      ids: ['u-9'],
    },
    {
      why: 'bounded: the eleventh entry pushes the oldest out',
      previous: full,
      status: finished('u-new'),
      ids: ['u-new', ...full.slice(0, MAX_HISTORY - 1).map((e) => e.upgradeID)],
    },
    {
      why: 'Idle after an upgrade keeps what was recorded (nothing is ever dropped)',
      previous: older,
      status: { phase: 'Idle' },
      ids: ['u-2', 'u-1'],
    },
  ];
  it.each(cases)('$why', ({ previous, status, ids }) => {
    expect(nextHistory(stored(previous), status).map((e) => e.upgradeID)).toEqual(ids);
  });

  it('identifies an upgrade without upgradeID (AlibabaACKAddons) by its startTime, once', () => {
    const addons: ClusterUpgradeWatchStatus = { phase: 'Succeeded', startTime: '2025-03-01T09:00:00Z' };
    const once = nextHistory(undefined, addons);
    expect(once).toEqual([{ phase: 'Succeeded', startTime: '2025-03-01T09:00:00Z' }]);
    // Even from another phase in between: the startTime says it is the same upgrade.
    expect(nextHistory(stored(once, 'Unknown'), addons)).toEqual(once);
    const later = { ...addons, startTime: '2025-03-02T09:00:00Z' };
    expect(nextHistory(stored(once, 'Succeeded'), later).map((e) => e.startTime)).toEqual([
      '2025-03-02T09:00:00Z',
      '2025-03-01T09:00:00Z',
    ]);
  });

  describe('without upgradeID and startTime (AlibabaACK without a task id) the stored phase decides', () => {
    const done: ClusterUpgradeWatchStatus = { phase: 'Succeeded', toVersion: '1.31.1' };
    const recorded = [{ phase: 'Succeeded' as const, toVersion: '1.31.1' }];
    it.each([
      {
        why: 'Running → Succeeded: the upgrade has just finished',
        previous: stored([], 'Running'),
        length: 1,
      },
      { why: 'a first look that finds it finished (new watch)', previous: undefined, length: 1 },
      {
        why: 'Succeeded → Succeeded: the same end seen again (poll, restart, replay)',
        previous: stored(recorded, 'Succeeded'),
        length: 1,
      },
      {
        why: 'Idle → Succeeded: a new upgrade ran between two polls',
        previous: stored(recorded, 'Idle'),
        length: 2,
      },
      {
        why: 'Failed → Succeeded: a retry ended differently',
        previous: stored([{ phase: 'Failed' }], 'Failed'),
        length: 2,
      },
    ])('$why', ({ previous, length }) => {
      expect(nextHistory(previous, done)).toHaveLength(length);
    });
  });

  it('an entry carries exactly the seven history fields, message trimmed', () => {
    const status: ClusterUpgradeWatchStatus = {
      ...finished('u-3', 'Failed'),
      message: `x${'y'.repeat(2000)}`,
      progress: 40,
      steps: [{ name: 'Upgrade', phase: 'Failed' }],
    };
    const made = historyEntryOf(status);
    expect(Object.keys(made ?? {}).sort()).toEqual([
      'completionTime',
      'fromVersion',
      'message',
      'phase',
      'startTime',
      'toVersion',
      'upgradeID',
    ]);
    expect(made?.message?.length).toBeLessThanOrEqual(1024);
  });
});

describe('nextStatus keeps history', () => {
  const done = nextStatus(
    undefined,
    { kind: 'observed', observation: finished('u-3'), at: T0 },
    { generation: 1, now: T0 },
  );
  const errors: Array<[why: string, outcome: Outcome]> = [
    [
      'a transient error neither adds nor drops',
      { kind: 'transientError', reason: 'NetworkError', message: 'ECONNRESET' },
    ],
    [
      'a permanent error neither adds nor drops',
      { kind: 'permanentError', reason: 'AuthFailed', message: 'denied' },
    ],
    ['suspending neither adds nor drops', { kind: 'suspended' }],
    [
      'the same observation again (restart, replay) does not duplicate',
      { kind: 'observed', observation: finished('u-3'), at: T1 },
    ],
  ];
  it('the observation that finishes an upgrade records it', () => {
    expect(done.history).toEqual([historyEntryOf(done)]);
  });
  it.each(errors)('%s', (_why, outcome) => {
    expect(nextStatus(done, outcome, { generation: 1, now: T1 }).history).toEqual(done.history);
  });
  it('a new upgrade starting keeps the finished one in history', () => {
    const running = nextStatus(
      done,
      {
        kind: 'observed',
        observation: { ...finished('u-4'), phase: 'Running', completionTime: undefined },
        at: T1,
      },
      { generation: 1, now: T1 },
    );
    expect(running.history?.map((e) => e.upgradeID)).toEqual(['u-3']);
  });
  it('a status without history has no history member (no empty array written)', () => {
    const running = nextStatus(
      undefined,
      { kind: 'observed', observation: { phase: 'Running' }, at: T0 },
      { generation: 1, now: T0 },
    );
    expect(running).not.toHaveProperty('history');
  });
});
