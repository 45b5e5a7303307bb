import type { ClusterUpgradeWatchStatus, Observation } from '../../../src/api/types.js';
import { PollFailedLimiter, pollFailedEvent, transitionEvents } from '../../../src/controller/events.js';
import { nextStatus, type Outcome } from '../../../src/controller/status.js';

const T0 = new Date('2025-03-01T10:00:00Z');
let tick = 0;
/** A status as the reconciler would compute it after observing `observation` on top of `previous`. */
function after(previous: ClusterUpgradeWatchStatus | undefined, outcome: Outcome): ClusterUpgradeWatchStatus {
  tick += 1;
  return nextStatus(previous, outcome, { generation: 1, now: new Date(T0.getTime() + tick * 1000) });
}
const obs = (observation: Observation): Outcome => ({
  kind: 'observed',
  observation,
  at: new Date(T0.getTime() + tick * 1000),
});

const idle = after(undefined, obs({ phase: 'Idle' }));
const running = after(
  idle,
  obs({ phase: 'Running', currentStep: 'Precheck', toVersion: '1.31', upgradeID: 'u1' }),
);
const failedFirst = after(undefined, obs({ phase: 'Failed', message: 'boom' }));

function reasons(prev: ClusterUpgradeWatchStatus | undefined, next: ClusterUpgradeWatchStatus): string[] {
  return transitionEvents(prev, next).map((e) => `${e.type}/${e.reason}`);
}

describe('transitionEvents', () => {
  const cases: Array<
    [
      why: string,
      prev: ClusterUpgradeWatchStatus | undefined,
      next: () => ClusterUpgradeWatchStatus,
      expected: string[],
    ]
  > = [
    [
      'Idle → Running announces the upgrade and its first step',
      idle,
      () => running,
      ['Normal/UpgradeStarted', 'Normal/StepStarted'],
    ],
    [
      'same step again: nothing',
      running,
      () =>
        after(
          running,
          obs({ phase: 'Running', currentStep: 'Precheck', toVersion: '1.31', upgradeID: 'u1' }),
        ),
      [],
    ],
    [
      'next step: StepStarted only',
      running,
      () => after(running, obs({ phase: 'Running', currentStep: 'Upgrade', upgradeID: 'u1' })),
      ['Normal/StepStarted'],
    ],
    [
      'Running → Paused warns',
      running,
      () => after(running, obs({ phase: 'Paused', currentStep: 'Upgrade', upgradeID: 'u1' })),
      ['Warning/UpgradePaused'],
    ],
    [
      'Running → Succeeded',
      running,
      () => after(running, obs({ phase: 'Succeeded', upgradeID: 'u1' })),
      ['Normal/UpgradeSucceeded'],
    ],
    [
      'Running → Cancelled',
      running,
      () => after(running, obs({ phase: 'Cancelled', upgradeID: 'u1' })),
      ['Normal/UpgradeCancelled'],
    ],
    [
      'Running → Failed warns',
      running,
      () => after(running, obs({ phase: 'Failed', message: 'node drain failed', upgradeID: 'u1' })),
      ['Warning/UpgradeFailed'],
    ],
    [
      'first sight of an old success is history, not news',
      undefined,
      () => after(undefined, obs({ phase: 'Succeeded' })),
      [],
    ],
    [
      'first sight of a failure still warns: someone must act',
      undefined,
      () => failedFirst,
      ['Warning/UpgradeFailed'],
    ],
    [
      'a new upgradeID while terminal is a new upgrade that finished between polls',
      after(idle, obs({ phase: 'Succeeded', upgradeID: 'a' })),
      () => after(undefined, obs({ phase: 'Succeeded', upgradeID: 'b' })),
      ['Normal/UpgradeSucceeded'],
    ],
    [
      'transient error: no phase events even though Synced changed',
      running,
      () => after(running, { kind: 'transientError', reason: 'Throttled', message: 'x' }),
      [],
    ],
    [
      'AuthFailed on entry',
      running,
      () => after(running, { kind: 'permanentError', reason: 'AuthFailed', message: 'bad key' }),
      ['Warning/AuthFailed'],
    ],
    [
      'RequestRejected on entry: a Warning of its own, the user must change something',
      running,
      () =>
        after(running, { kind: 'permanentError', reason: 'RequestRejected', message: 'CSS.0001 (HTTP 400)' }),
      ['Warning/RequestRejected'],
    ],
    [
      'InvalidSpec on entry',
      undefined,
      () => after(undefined, { kind: 'permanentError', reason: 'InvalidSpec', message: 'spec.region bad' }),
      ['Warning/InvalidSpec'],
    ],
    [
      'CredentialsNotFound on entry',
      idle,
      () => after(idle, { kind: 'permanentError', reason: 'CredentialsNotFound', message: 'Secret missing' }),
      ['Warning/CredentialsNotFound'],
    ],
    [
      'NotFound has no own event (PollFailed covers it)',
      idle,
      () => after(idle, { kind: 'permanentError', reason: 'NotFound', message: 'gone' }),
      [],
    ],
  ];
  it.each(cases)('%s', (_why, prev, next, expected) => {
    expect(reasons(prev, next())).toEqual(expected);
  });

  it('staying in AuthFailed does not repeat the event', () => {
    const first = after(running, { kind: 'permanentError', reason: 'AuthFailed', message: 'bad key' });
    const second = after(first, { kind: 'permanentError', reason: 'AuthFailed', message: 'bad key' });
    expect(reasons(first, second)).toEqual([]);
  });

  it('failure events carry the provider message', () => {
    const failed = after(
      running,
      obs({ phase: 'Failed', message: 'node drain failed', upgradeID: 'u1', toVersion: '1.31' }),
    );
    expect(transitionEvents(running, failed)[0]?.message).toBe(
      'Upgrade failed to 1.31 (u1): node drain failed',
    );
  });
});

describe('pollFailedEvent', () => {
  const cases: Array<[why: string, outcome: Outcome, expected: string | undefined]> = [
    [
      'transient errors are PollFailed',
      { kind: 'transientError', reason: 'ServerError', message: 'HTTP 502' },
      'ServerError: HTTP 502',
    ],
    [
      'NotFound is PollFailed',
      { kind: 'permanentError', reason: 'NotFound', message: 'ErrorClusterNotFound' },
      'NotFound: ErrorClusterNotFound',
    ],
    [
      'ClockSkew is PollFailed',
      { kind: 'permanentError', reason: 'ClockSkew', message: 'InvalidTimeStamp.Expired' },
      'ClockSkew: InvalidTimeStamp.Expired',
    ],
    [
      'AuthFailed has its own event',
      { kind: 'permanentError', reason: 'AuthFailed', message: 'x' },
      undefined,
    ],
    [
      'RequestRejected has its own event, so no PollFailed as well',
      { kind: 'permanentError', reason: 'RequestRejected', message: 'x' },
      undefined,
    ],
    ['success is not a failure', { kind: 'observed', observation: { phase: 'Idle' }, at: T0 }, undefined],
  ];
  it.each(cases)('%s', (_why, outcome, expected) => {
    expect(pollFailedEvent(outcome)?.message).toBe(expected);
  });
});

describe('PollFailedLimiter', () => {
  it('allows one event per reason per 30 minutes', () => {
    const limiter = new PollFailedLimiter();
    const t = T0.getTime();
    expect(limiter.allow('Throttled', t)).toBe(true);
    expect(limiter.allow('Throttled', t + 29 * 60_000)).toBe(false);
    expect(limiter.allow('ServerError', t + 60_000)).toBe(true); // different reason: own budget
    expect(limiter.allow('Throttled', t + 30 * 60_000)).toBe(true);
    expect(limiter.allow('Throttled', t + 31 * 60_000)).toBe(false);
  });
});
