// The chaos invariants must be able to fail: each row plants one kind of lie (or crash) in an
// otherwise clean record and says which invariant must catch it; the clean rows must pass.
import { describe, expect, it } from '@jest/globals';
import type { ClusterUpgradeWatch, ClusterUpgradeWatchStatus, HistoryEntry } from '../../../src/api/types.js';
import {
  checkAuthTries,
  checkHistory,
  checkHostileContained,
  checkLogLinesJson,
  checkNamespacesIntact,
  checkUpgradeHistory,
  classifyExit,
  truthMismatches,
  unexpectedErrorLines,
  type ExitRecord,
  type InvariantName,
} from '../../chaos/invariants.js';
import { SCRIPTS, type UpgradeScript } from '../../chaos/scripts.js';

let n = 0;
const ids = { clusterID: 'c-unit', uid: () => `00000000-0000-4000-8000-${String(++n).padStart(12, '0')}` };
const script = (name: string): UpgradeScript =>
  SCRIPTS.map((build) => build(ids)).find((s) => s.name === name)!;
const status = (
  phase: string,
  progress?: number,
  currentStep?: string,
  upgradeID?: string,
): ClusterUpgradeWatchStatus =>
  ({
    phase,
    ...(progress !== undefined ? { progress } : {}),
    ...(currentStep !== undefined ? { currentStep } : {}),
    ...(upgradeID !== undefined ? { upgradeID } : {}),
  }) as ClusterUpgradeWatchStatus;

const ack = script('ack-pause-resume');
const cce = script('cce-new-upgrade-after-failure');
const [cceA, cceB] = [cce.entries[0]!.truth.upgradeID!, cce.entries[3]!.truth.upgradeID!];
const cceStatus = (i: number) => {
  const t = cce.entries[i]!.truth;
  const progress = typeof t.progress === 'number' ? t.progress : (t.progress?.[0] ?? undefined);
  return {
    ...status(t.phase, progress, t.currentStep ?? undefined, t.upgradeID ?? undefined),
    toVersion: t.toVersion,
  };
};

describe('checkHistory', () => {
  it.each([
    {
      why: 'the clean path, with an error before the first poll and a repeated state',
      statuses: [
        status('Unknown'),
        status('Running', 0, 'Precheck'),
        status('Running', 50, 'Upgrade'),
        status('Running', 50, 'Upgrade'),
        status('Succeeded', 100),
      ],
      script: ack,
      caught: [] as InvariantName[],
    },
    {
      why: 'Paused then Running again is the script, not a step back',
      statuses: [
        status('Running', 50, 'Upgrade'),
        status('Paused', 50, 'Upgrade'),
        status('Running', 50, 'Upgrade'),
      ],
      script: ack,
      caught: [],
    },
    {
      why: 'progress 50 → 0 within one upgrade (no upgradeID) is a lie',
      statuses: [status('Running', 50, 'Upgrade'), status('Running', 0, 'Precheck')],
      script: ack,
      caught: ['progressMonotone', 'scriptOrder'],
    },
    {
      why: 'Succeeded → Running with the same (absent) upgradeID',
      statuses: [status('Succeeded', 100), status('Running', 100, 'Upgrade')],
      script: undefined,
      caught: ['terminalSticky'],
    },
    {
      why: 'a state no script has (made-up progress)',
      statuses: [status('Running', 42, 'Upgrade')],
      script: ack,
      caught: ['scriptOrder'],
    },
    {
      why: 'a terminal phase left for a NEW upgradeID, progress restarting at 0: allowed',
      statuses: [0, 1, 2, 3, 4, 5].map(cceStatus),
      script: cce,
      caught: [],
    },
    {
      why: 'back to the first (failed) upgrade after the second started: only the script order sees it',
      statuses: [cceStatus(2), cceStatus(3), cceStatus(2)],
      script: cce,
      caught: ['scriptOrder'],
    },
  ])('$why', ({ statuses, script: s, caught }) => {
    const found = new Set(checkHistory('ns/cr', statuses, s).map((v) => v.invariant));
    expect([...found].sort()).toEqual([...caught].sort());
  });

  it('the CCE ids of the two upgrades differ (the rows above rely on it)', () => {
    expect(cceA).not.toBe(cceB);
  });
});

describe('checkUpgradeHistory', () => {
  const done = (id: string): HistoryEntry => ({ upgradeID: id, phase: 'Succeeded', toVersion: 'v2' });
  const at = (phase: string, id: string | undefined, history: HistoryEntry[]): ClusterUpgradeWatchStatus => ({
    ...status(phase, undefined, undefined, id),
    ...(phase === 'Succeeded' ? { toVersion: 'v2' } : {}),
    ...(history.length ? { history } : {}),
  });
  const ten = Array.from({ length: 10 }, (_, i) => done(`old-${i}`));
  it.each([
    {
      why: 'the clean path: running, finished and recorded, seen again, a new upgrade runs',
      statuses: [
        at('Running', 'u1', []),
        at('Succeeded', 'u1', [done('u1')]),
        at('Succeeded', 'u1', [done('u1')]),
        at('Running', 'u2', [done('u1')]),
      ],
      caught: [] as InvariantName[],
    },
    {
      why: 'a full history drops its oldest entry for a new one: bounded, not lost',
      statuses: [at('Running', 'u1', ten), at('Succeeded', 'u1', [done('u1'), ...ten.slice(0, 9)])],
      caught: [],
    },
    {
      why: 'two new entries between two recorded versions (the recorder may skip versions)',
      statuses: [
        at('Idle', undefined, [done('u1')]),
        at('Succeeded', 'u3', [done('u3'), done('u2'), done('u1')]),
      ],
      caught: [],
    },
    {
      why: 'an entry disappears (a restart that forgot the history)',
      statuses: [at('Succeeded', 'u1', [done('u1')]), at('Running', 'u2', [])],
      caught: ['upgradeHistory'],
    },
    {
      why: 'the same upgrade recorded twice (a replayed event counted again)',
      statuses: [at('Succeeded', 'u1', [done('u1')]), at('Succeeded', 'u1', [done('u1'), done('u1')])],
      caught: ['upgradeHistory'],
    },
    {
      why: 'a recorded entry rewritten (append-only means never edited)',
      statuses: [
        at('Failed', 'u1', [{ ...done('u1'), phase: 'Failed' }]),
        at('Succeeded', 'u1', [done('u1')]),
      ],
      caught: ['upgradeHistory'],
    },
    {
      why: 'eleven entries',
      statuses: [at('Succeeded', 'u1', [done('u1'), ...ten])],
      caught: ['upgradeHistory'],
    },
    {
      why: 'a finished upgrade shown but never recorded',
      statuses: [at('Running', 'u1', []), at('Succeeded', 'u1', [])],
      caught: ['upgradeHistory'],
    },
    {
      why: 'entries without any id (AlibabaACK without a task id): the same end twice in a row is two upgrades',
      statuses: [
        at('Succeeded', undefined, [{ phase: 'Succeeded' }]),
        at('Running', undefined, [{ phase: 'Succeeded' }]),
        at('Succeeded', undefined, [{ phase: 'Succeeded' }, { phase: 'Succeeded' }]),
      ],
      caught: [],
    },
    {
      why: 'an entry without id silently replaced by another',
      statuses: [
        at('Succeeded', undefined, [{ phase: 'Succeeded' }]),
        at('Failed', undefined, [{ phase: 'Failed' }]),
      ],
      caught: ['upgradeHistory'],
    },
    {
      why: 'an old entry re-added after it left',
      statuses: [
        at('Idle', undefined, [done('u1')]),
        at('Idle', undefined, ten),
        at('Idle', undefined, [done('u1'), ...ten.slice(0, 9)]),
      ],
      caught: ['upgradeHistory'],
    },
  ])('$why', ({ statuses, caught }) => {
    const found = new Set(checkUpgradeHistory('ns/cr', statuses).map((v) => v.invariant));
    expect([...found]).toEqual(caught);
  });
});

describe('truthMismatches', () => {
  const truth = {
    phase: 'Running' as const,
    progress: [58, 59] as const,
    currentStep: 'Cluster',
    upgradeID: 'u1',
    toVersion: 'v2',
  };
  it.each([
    {
      why: 'all equal, progress inside the range',
      s: { ...status('Running', 59, 'Cluster', 'u1'), toVersion: 'v2' },
      problems: 0,
    },
    {
      why: 'progress outside the range',
      s: { ...status('Running', 60, 'Cluster', 'u1'), toVersion: 'v2' },
      problems: 1,
    },
    { why: 'upgradeID absent', s: { ...status('Running', 58, 'Cluster'), toVersion: 'v2' }, problems: 1 },
    { why: 'wrong phase and target', s: status('Paused', 58, 'Cluster', 'u1'), problems: 2 },
  ])('$why', ({ s, problems }) => {
    expect(truthMismatches(s, truth)).toHaveLength(problems);
  });

  it('null means absent', () => {
    const idle = { phase: 'Idle' as const, progress: null, currentStep: null, upgradeID: null };
    expect(truthMismatches(status('Idle'), idle)).toEqual([]);
    expect(truthMismatches(status('Idle', 0, 'x', 'y'), idle)).toHaveLength(3);
  });
});

describe('classifyExit', () => {
  const outage = [{ from: 1_000, to: 9_000 }];
  const exit = (e: Partial<ExitRecord>): ExitRecord => ({
    replica: 'r',
    code: null,
    signal: null,
    at: 5_000,
    ...e,
  });
  it.each([
    {
      why: 'the driver SIGKILLed it',
      e: exit({ driverAction: 'SIGKILL', signal: 'SIGKILL' }),
      expected: true,
    },
    { why: 'SIGTERM ends in exit 0', e: exit({ driverAction: 'SIGTERM', code: 0 }), expected: true },
    { why: 'SIGTERM but exit 1', e: exit({ driverAction: 'SIGTERM', code: 1 }), expected: false },
    {
      why: 'lease lost during a kube-apiserver restart',
      e: exit({ code: 1, lostLeadership: 'failed to renew the lease within the renew deadline' }),
      expected: true,
    },
    {
      why: 'lease lost long after any outage',
      e: exit({ code: 1, at: 60_000, lostLeadership: 'failed to renew the lease within the renew deadline' }),
      expected: false,
    },
    { why: 'a crash during the outage', e: exit({ code: 1 }), expected: false },
    { why: 'killed by someone else', e: exit({ signal: 'SIGSEGV' }), expected: false },
  ])('$why', ({ e, expected }) => {
    expect(classifyExit(e, outage).expected).toBe(expected);
  });
});

describe('unexpectedErrorLines', () => {
  const lines = [
    { level: 'info', msg: 'reconciling' },
    { level: 'error', msg: 'lost leadership' },
    { level: 'error', msg: 'fatal: exiting' },
    { level: 'error', msg: 'reconcile failed' },
    { level: 'raw', msg: '[stderr] TypeError: x is undefined' },
  ];
  it('lease-loss lines pass only for a replica whose lease loss was expected', () => {
    expect(unexpectedErrorLines(lines, true).map((l) => l.msg)).toEqual([
      'reconcile failed',
      '[stderr] TypeError: x is undefined',
    ]);
    expect(unexpectedErrorLines(lines, false)).toHaveLength(4);
  });
});

describe('checkAuthTries', () => {
  it.each([
    {
      why: 'one try per leader is the rule',
      tries: { rejected: 2, terms: 2, abandonedAnswers: 0 },
      broken: false,
    },
    {
      why: 'a single leader tried once',
      tries: { rejected: 1, terms: 3, abandonedAnswers: 0 },
      broken: false,
    },
    {
      why: 'never tried: the watch was never polled',
      tries: { rejected: 0, terms: 2, abandonedAnswers: 0 },
      broken: true,
    },
    {
      why: 'a second try within a term is hammering',
      tries: { rejected: 3, terms: 2, abandonedAnswers: 0 },
      broken: true,
    },
    {
      why: 'an answer the client gave up on was never seen, so one more try is fair',
      tries: { rejected: 3, terms: 2, abandonedAnswers: 1 },
      broken: false,
    },
    {
      why: 'abandoned answers excuse one try each, not more',
      tries: { rejected: 4, terms: 2, abandonedAnswers: 1 },
      broken: true,
    },
  ])('$why', ({ tries, broken }) => {
    const violations = checkAuthTries('auth-failure-x', tries);
    expect(violations.length > 0).toBe(broken);
    for (const v of violations) expect(v.invariant).toBe('authNotHammered');
  });
});

describe('checkLogLinesJson', () => {
  it.each([
    { why: 'pino lines are JSON objects', raw: ['{"level":"info","msg":"started"}'], broken: false },
    {
      why: 'a secret `"level":"` masked in the finished line breaks its JSON',
      raw: ['{[REDACTED]info","msg":"started"}'],
      broken: true,
    },
    { why: 'a stray stderr text line is not JSON', raw: ['Error: boom'], broken: true },
    { why: 'valid JSON that is not an object is not a log line', raw: ['"just a string"'], broken: true },
  ])('$why', ({ raw, broken }) => {
    const violations = checkLogLinesJson('replica-0', raw);
    expect(violations.length > 0).toBe(broken);
    for (const v of violations) expect(v.invariant).toBe('logsValidJson');
  });
});

describe('checkNamespacesIntact', () => {
  const namespaces = ['chaos-short-abc', 'chaos-short-abc-hw'];
  it.each([
    {
      why: 'every namespace logged as written',
      lines: [
        { namespace: 'chaos-short-abc' },
        { namespace: 'chaos-short-abc-hw' },
        { namespace: 'upgradewatch-system' },
      ],
      broken: false,
    },
    {
      why: 'a namespace never logged: erased from every line',
      lines: [{ namespace: 'chaos-short-abc' }],
      broken: true,
    },
    {
      why: 'a namespace masked by another tenant’s secret',
      lines: [
        { namespace: 'chaos-short-abc' },
        { namespace: 'chaos-short-abc-hw' },
        { namespace: '[REDACTED]-hw' },
      ],
      broken: true,
    },
    {
      why: 'a namespace cut short',
      lines: [
        { namespace: 'chaos-short-abc' },
        { namespace: 'chaos-short-abc-hw' },
        { namespace: 'chaos-sho' },
      ],
      broken: true,
    },
  ])('$why', ({ lines, broken }) => {
    const violations = checkNamespacesIntact(lines, namespaces);
    expect(violations.length > 0).toBe(broken);
    for (const v of violations) expect(v.invariant).toBe('namespacesIntact');
  });
});

describe('checkHostileContained', () => {
  const cr = (phase: string | undefined, ready: string, stalled: string, reason = 'AuthFailed') =>
    ({
      metadata: { name: 'hostile-x', namespace: 'evil', generation: 1 },
      spec: {},
      status: {
        ...(phase ? { phase } : {}),
        conditions: [
          { type: 'Ready', status: ready, reason },
          { type: 'Stalled', status: stalled, reason },
        ],
      },
    }) as unknown as ClusterUpgradeWatch;
  it.each([
    { why: 'rejected: AuthFailed, stalled', watch: cr('Unknown', 'False', 'True'), broken: false },
    {
      why: 'a damaged 404 for an unknown key is NotFound, still permanent',
      watch: cr(undefined, 'False', 'True', 'NotFound'),
      broken: false,
    },
    { why: 'a borrowed key that got data is a breach', watch: cr('Running', 'True', 'False'), broken: true },
    {
      why: 'still retrying, not stalled',
      watch: cr('Unknown', 'False', 'False', 'ServerError'),
      broken: true,
    },
    { why: 'the CR is gone', watch: undefined, broken: true },
  ])('$why', ({ watch, broken }) => {
    const violations = checkHostileContained('evil/hostile-x', watch);
    expect(violations.length > 0).toBe(broken);
    for (const v of violations) expect(v.invariant).toBe('hostileTenantContained');
  });
});
