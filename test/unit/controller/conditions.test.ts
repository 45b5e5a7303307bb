import type { Condition, ConditionStatus } from '../../../src/api/types.js';
import {
  CONDITION_REASON_PATTERN,
  computeConditions,
  stepReason,
  type Situation,
} from '../../../src/controller/conditions.js';

const NOW = new Date('2025-03-01T10:00:00.123Z');
const EARLIER = '2025-02-01T00:00:00Z';

type Expect = [status: ConditionStatus, reason: string] | 'unchanged';
type Row = [
  why: string,
  situation: Situation,
  ready: Expect,
  progressing: Expect,
  stalled: Expect,
  synced: [status: ConditionStatus, reason: string],
];

// A previous set of conditions distinct from every row's output, so "unchanged" is observable.
const previous: Condition[] = [
  {
    type: 'Ready',
    status: 'True',
    reason: 'PrevReady',
    message: 'p',
    lastTransitionTime: EARLIER,
    observedGeneration: 1,
  },
  {
    type: 'Progressing',
    status: 'True',
    reason: 'PrevStep',
    message: 'p',
    lastTransitionTime: EARLIER,
    observedGeneration: 1,
  },
  {
    type: 'Stalled',
    status: 'False',
    reason: 'PrevStalled',
    message: 'p',
    lastTransitionTime: EARLIER,
    observedGeneration: 1,
  },
  {
    type: 'Synced',
    status: 'True',
    reason: 'PollSucceeded',
    message: 'p',
    lastTransitionTime: EARLIER,
    observedGeneration: 1,
  },
];

/**
 * "unchanged": the previous condition verbatim; otherwise status and reason as the table says,
 * this generation (2), and a transition time that moves only with the status.
 */
function expectedCondition(expected: Expect, before: Condition | undefined): unknown {
  if (expected === 'unchanged') return before;
  return expect.objectContaining({
    status: expected[0],
    reason: expected[1],
    observedGeneration: 2,
    lastTransitionTime: before?.status === expected[0] ? before.lastTransitionTime : '2025-03-01T10:00:00Z',
  });
}

describe('computeConditions — docs/reference.md#conditions table', () => {
  const rows: Row[] = [
    [
      'Idle: nothing to do, Ready',
      { kind: 'phase', phase: 'Idle' },
      ['True', 'NoUpgradeInProgress'],
      ['False', 'NoUpgradeInProgress'],
      ['False', 'NoUpgradeInProgress'],
      ['True', 'PollSucceeded'],
    ],
    [
      'Pending: Ready stays True so kstatus/Flux do not block; Progressing reason = step',
      { kind: 'phase', phase: 'Pending', step: 'Precheck' },
      ['True', 'UpgradeInProgress'],
      ['True', 'Precheck'],
      ['False', 'UpgradeInProgress'],
      ['True', 'PollSucceeded'],
    ],
    [
      'Running: Progressing True with the step as reason',
      { kind: 'phase', phase: 'Running', step: 'Upgrade' },
      ['True', 'UpgradeInProgress'],
      ['True', 'Upgrade'],
      ['False', 'UpgradeInProgress'],
      ['True', 'PollSucceeded'],
    ],
    [
      'Running without a step: reason falls back to UpgradeInProgress',
      { kind: 'phase', phase: 'Running' },
      ['True', 'UpgradeInProgress'],
      ['True', 'UpgradeInProgress'],
      ['False', 'UpgradeInProgress'],
      ['True', 'PollSucceeded'],
    ],
    [
      'Paused: Ready False and Progressing False (Argo maps to Suspended)',
      { kind: 'phase', phase: 'Paused', step: 'Upgrade' },
      ['False', 'UpgradePaused'],
      ['False', 'UpgradePaused'],
      ['False', 'UpgradePaused'],
      ['True', 'PollSucceeded'],
    ],
    [
      'Succeeded',
      { kind: 'phase', phase: 'Succeeded' },
      ['True', 'UpgradeSucceeded'],
      ['False', 'UpgradeSucceeded'],
      ['False', 'UpgradeSucceeded'],
      ['True', 'PollSucceeded'],
    ],
    [
      'Failed: Stalled True so kstatus reports Failed',
      { kind: 'phase', phase: 'Failed' },
      ['False', 'UpgradeFailed'],
      ['False', 'UpgradeFailed'],
      ['True', 'UpgradeFailed'],
      ['True', 'PollSucceeded'],
    ],
    [
      'Cancelled: cluster still serves, Ready True',
      { kind: 'phase', phase: 'Cancelled' },
      ['True', 'UpgradeCancelled'],
      ['False', 'UpgradeCancelled'],
      ['False', 'UpgradeCancelled'],
      ['True', 'PollSucceeded'],
    ],
    [
      'Unknown provider value: honest Unknown, not a guess',
      { kind: 'phase', phase: 'Unknown' },
      ['Unknown', 'UnknownPhase'],
      ['Unknown', 'UnknownPhase'],
      ['False', 'UnknownPhase'],
      ['True', 'PollSucceeded'],
    ],
    [
      'permanent InvalidSpec',
      { kind: 'permanentError', reason: 'InvalidSpec' },
      ['False', 'InvalidSpec'],
      'unchanged',
      ['True', 'InvalidSpec'],
      ['False', 'InvalidSpec'],
    ],
    [
      'permanent CredentialsNotFound',
      { kind: 'permanentError', reason: 'CredentialsNotFound' },
      ['False', 'CredentialsNotFound'],
      'unchanged',
      ['True', 'CredentialsNotFound'],
      ['False', 'CredentialsNotFound'],
    ],
    [
      'permanent AuthFailed',
      { kind: 'permanentError', reason: 'AuthFailed' },
      ['False', 'AuthFailed'],
      'unchanged',
      ['True', 'AuthFailed'],
      ['False', 'AuthFailed'],
    ],
    [
      'permanent NotFound',
      { kind: 'permanentError', reason: 'NotFound' },
      ['False', 'NotFound'],
      'unchanged',
      ['True', 'NotFound'],
      ['False', 'NotFound'],
    ],
    [
      'permanent ClockSkew',
      { kind: 'permanentError', reason: 'ClockSkew' },
      ['False', 'ClockSkew'],
      'unchanged',
      ['True', 'ClockSkew'],
      ['False', 'ClockSkew'],
    ],
    [
      'permanent RequestRejected (a 4xx the cloud will not accept unchanged) stalls like AuthFailed',
      { kind: 'permanentError', reason: 'RequestRejected' },
      ['False', 'RequestRejected'],
      'unchanged',
      ['True', 'RequestRejected'],
      ['False', 'RequestRejected'],
    ],
    [
      'transient Throttled keeps last known',
      { kind: 'transientError', reason: 'Throttled' },
      'unchanged',
      'unchanged',
      'unchanged',
      ['False', 'Throttled'],
    ],
    [
      'transient NetworkError keeps last known',
      { kind: 'transientError', reason: 'NetworkError' },
      'unchanged',
      'unchanged',
      'unchanged',
      ['False', 'NetworkError'],
    ],
    [
      'transient ServerError keeps last known',
      { kind: 'transientError', reason: 'ServerError' },
      'unchanged',
      'unchanged',
      'unchanged',
      ['False', 'ServerError'],
    ],
    [
      'transient InvalidResponse keeps last known',
      { kind: 'transientError', reason: 'InvalidResponse' },
      'unchanged',
      'unchanged',
      'unchanged',
      ['False', 'InvalidResponse'],
    ],
    [
      'suspended: only Synced speaks',
      { kind: 'suspended' },
      'unchanged',
      'unchanged',
      'unchanged',
      ['False', 'Suspended'],
    ],
  ];

  it.each(rows)('%s', (_why, situation, ready, progressing, stalled, synced) => {
    const out = computeConditions({
      situation,
      previous,
      generation: 2,
      now: NOW,
      message: 'detail (request id R-1)',
    });
    expect(out.map((c) => c.type)).toEqual(['Ready', 'Progressing', 'Stalled', 'Synced']);
    const byType = new Map(out.map((c) => [c.type, c]));
    const check = (type: string, expected: Expect): void => {
      const condition = byType.get(type);
      const before = previous.find((c) => c.type === type);
      expect(condition).toEqual(expectedCondition(expected, before));
      expect(condition?.reason).toMatch(CONDITION_REASON_PATTERN);
    };
    check('Ready', ready);
    check('Progressing', progressing);
    check('Stalled', stalled);
    check('Synced', synced);
  });

  it('error messages (with the request id) reach the Synced condition', () => {
    const out = computeConditions({
      situation: { kind: 'transientError', reason: 'Throttled' },
      previous,
      generation: 2,
      now: NOW,
      message: 'Throttling.User: slow down (request id ABC-123)',
    });
    expect(out.find((c) => c.type === 'Synced')?.message).toBe(
      'Throttling.User: slow down (request id ABC-123)',
    );
  });

  it('the Progressing message carries the human step text while the reason is sanitized', () => {
    const out = computeConditions({
      situation: { kind: 'phase', phase: 'Running', step: 'node-1: upgrade plugins' },
      previous: undefined,
      generation: 1,
      now: NOW,
      message: '',
    });
    const progressing = out.find((c) => c.type === 'Progressing');
    expect(progressing?.reason).toBe('Node1:UpgradePlugins');
    expect(progressing?.message).toBe('node-1: upgrade plugins');
  });

  it('lastTransitionTime moves only when the status flips, not on reason/message changes', () => {
    const first = computeConditions({
      situation: { kind: 'phase', phase: 'Running', step: 'Precheck' },
      previous: undefined,
      generation: 1,
      now: new Date('2025-01-01T00:00:00Z'),
      message: '',
    });
    const second = computeConditions({
      situation: { kind: 'phase', phase: 'Running', step: 'Upgrade' },
      previous: first,
      generation: 1,
      now: new Date('2025-01-01T01:00:00Z'),
      message: '',
    });
    const progressing = second.find((c) => c.type === 'Progressing');
    expect(progressing?.reason).toBe('Upgrade');
    expect(progressing?.lastTransitionTime).toBe('2025-01-01T00:00:00Z');
    const third = computeConditions({
      situation: { kind: 'phase', phase: 'Succeeded' },
      previous: second,
      generation: 1,
      now: new Date('2025-01-01T02:00:00Z'),
      message: '',
    });
    expect(third.find((c) => c.type === 'Progressing')?.lastTransitionTime).toBe('2025-01-01T02:00:00Z');
    expect(third.find((c) => c.type === 'Ready')?.lastTransitionTime).toBe('2025-01-01T00:00:00Z');
  });

  it('"unchanged" with no previous condition is written as Unknown, never omitted', () => {
    const out = computeConditions({
      situation: { kind: 'transientError', reason: 'NetworkError' },
      previous: undefined,
      generation: 3,
      now: NOW,
      message: 'dial tcp: refused',
    });
    expect(
      out.filter((c) => c.type !== 'Synced').map((c) => [c.type, c.status, c.reason, c.observedGeneration]),
    ).toEqual([
      ['Ready', 'Unknown', 'NetworkError', 3],
      ['Progressing', 'Unknown', 'NetworkError', 3],
      ['Stalled', 'Unknown', 'NetworkError', 3],
    ]);
  });

  it('messages are trimmed to 1024 characters', () => {
    const out = computeConditions({
      situation: { kind: 'permanentError', reason: 'NotFound' },
      previous: undefined,
      generation: 1,
      now: NOW,
      message: 'x'.repeat(5000),
    });
    // Every condition that carries the error text (all but Progressing, which keeps its own
    // "Not observed yet") has it cut to exactly 1024 characters: the text kept up to the
    // limit, not dropped or replaced, and the cut marked.
    const trimmed = `${'x'.repeat(1023)}…`;
    expect(trimmed).toHaveLength(1024);
    expect(Object.fromEntries(out.map((c) => [c.type, c.message]))).toEqual({
      Ready: trimmed,
      Progressing: 'Not observed yet',
      Stalled: trimmed,
      Synced: trimmed,
    });
  });
});

describe('stepReason', () => {
  const cases: Array<[why: string, step: string | undefined, reason: string]> = [
    ['a plain word is used as is', 'Precheck', 'Precheck'],
    ['lower-case words become CamelCase', 'pre check', 'PreCheck'],
    ['CSS "node: step" keeps the colon, drops dash and spaces', 'css-node-1: BACKUP', 'CssNode1:BACKUP'],
    ['leading digits are dropped (reason must start with a letter)', '1st phase', 'stPhase'],
    ['a trailing colon/comma is removed', 'Upgrade:', 'Upgrade'],
    ['nothing usable falls back', '—', 'UpgradeInProgress'],
    ['only digits fall back', '123', 'UpgradeInProgress'],
    ['undefined falls back', undefined, 'UpgradeInProgress'],
    ['non-ASCII is dropped', 'Mise à jour', 'MiseJour'],
  ];
  it.each(cases)('%s', (_why, step, reason) => {
    expect(stepReason(step)).toBe(reason);
    expect(stepReason(step)).toMatch(CONDITION_REASON_PATTERN);
  });

  it('very long step names are capped and still valid', () => {
    const reason = stepReason('a'.repeat(2000));
    expect(reason.length).toBeLessThanOrEqual(128);
    expect(reason).toMatch(CONDITION_REASON_PATTERN);
  });
});
