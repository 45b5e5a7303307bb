// What must hold after a chaos run (pure functions over what was recorded). Each check returns
// violations naming the invariant, the subject (CR, replica, credential) and what was seen, so
// a failing run says exactly what broke.
import {
  MAX_HISTORY,
  type ClusterUpgradeWatch,
  type ClusterUpgradeWatchStatus,
  type HistoryEntry,
  type Phase,
} from '../../src/api/types.js';
import { canonicalJson } from '../../src/controller/status.js';
import { historyEntryOf, historyKey } from '../../src/controller/history.js';
import { REDACTED } from '../../src/runtime/logger.js';
import { condition, rowMismatches, rowOfPhase, type LogLine } from '../helpers/operator-harness.js';
import type { Truth, UpgradeScript } from './scripts.js';

export const INVARIANTS = {
  finalTruth: "every CR's final status equals the simulator's final truth (docs/reference.md#status-fields)",
  progressMonotone: "no upgrade's progress ever went down within one upgradeID",
  terminalSticky: 'no terminal phase was followed by a non-terminal one without a new upgradeID',
  scriptOrder: 'every recorded status shows a scripted state, never one earlier than already shown',
  exits: 'no operator process exited except the ones the driver killed or stopped',
  errorLogs: 'no error/fatal log line other than the expected ones',
  recorderComplete: 'the recorder saw the final version of every CR',
  authNotHammered:
    'a rejected credential is tried at most once per leadership term (docs/reference.md#retry-policy)',
  chaosHappened: 'every planned disruption happened and every fault kind fired',
  secretsNeverEmitted: 'no secret value appears in anything the operator emitted',
  upgradeHistory:
    'status.history is append-only per upgradeID, holds each upgrade once and at most 10, never loses an entry, and records every finished upgrade shown',
  logsValidJson: 'every log line of every replica is one JSON object, whatever a tenant puts in a Secret',
  namespacesIntact:
    'every namespace of the run appears intact in the log, and no namespace field is masked (docs/reliability.md#8-multi-tenancy)',
  hostileTenantContained:
    "the hostile tenant's watches never show cloud data and end on a permanent error, and the tenant whose AccessKeyId it copied still reaches its final truth",
} as const;

export type InvariantName = keyof typeof INVARIANTS;

export interface Violation {
  invariant: InvariantName;
  subject: string;
  detail: string;
}

const TERMINAL: ReadonlySet<Phase> = new Set<Phase>(['Succeeded', 'Failed', 'Cancelled']);

export function isTerminal(phase: Phase | undefined): boolean {
  return phase !== undefined && TERMINAL.has(phase);
}

/** "Running 58% 'Cluster' id=…" — a status in one line for violation messages. */
export function summary(status: ClusterUpgradeWatchStatus | undefined): string {
  if (!status?.phase) return '(no status)';
  const progress = status.progress === undefined ? '' : ` ${status.progress}%`;
  const step = status.currentStep === undefined ? '' : ` '${status.currentStep}'`;
  const id = status.upgradeID === undefined ? '' : ` id=${status.upgradeID}`;
  return `${status.phase}${progress}${step}${id}`;
}

/** How `status` differs from `truth` (empty = it shows the truth). */
export function truthMismatches(status: ClusterUpgradeWatchStatus | undefined, truth: Truth): string[] {
  const s = status ?? {};
  const problems: string[] = [];
  const absentOr = (field: string, seen: unknown, want: string | null) => {
    if (want === null ? seen !== undefined : seen !== want)
      problems.push(
        `${field}=${JSON.stringify(seen)}, want ${want === null ? '(absent)' : JSON.stringify(want)}`,
      );
  };
  if (s.phase !== truth.phase) problems.push(`phase=${s.phase}, want ${truth.phase}`);
  if (truth.progress === null) {
    if (s.progress !== undefined) problems.push(`progress=${s.progress}, want (absent)`);
  } else {
    const [min, max] = typeof truth.progress === 'number' ? [truth.progress, truth.progress] : truth.progress;
    if (s.progress === undefined || s.progress < min || s.progress > max)
      problems.push(`progress=${s.progress}, want ${min === max ? min : `${min}–${max}`}`);
  }
  absentOr('currentStep', s.currentStep, truth.currentStep);
  absentOr('upgradeID', s.upgradeID, truth.upgradeID);
  if (truth.toVersion !== undefined && s.toVersion !== truth.toVersion)
    problems.push(`toVersion=${s.toVersion}, want ${truth.toVersion}`);
  return problems;
}

/** The final CR against the script's last state, its docs/reference.md#conditions row and its generation. */
export function checkFinal(subject: string, cr: ClusterUpgradeWatch | undefined, truth: Truth): Violation[] {
  const problems = truthMismatches(cr?.status, truth);
  if (cr) {
    const row = rowOfPhase(truth.phase);
    if (row) problems.push(...rowMismatches(cr, row));
    if (cr.status?.observedGeneration !== cr.metadata.generation)
      problems.push(`observedGeneration=${cr.status?.observedGeneration}, want ${cr.metadata.generation}`);
  } else {
    problems.push('the CR is gone');
  }
  return problems.map((detail) => ({ invariant: 'finalTruth', subject, detail }));
}

/** docs/reference.md#conditions permanent-error row for AuthFailed: Ready False, Stalled True, Synced False, all with that reason. */
export function checkAuthFailed(subject: string, cr: ClusterUpgradeWatch | undefined): Violation[] {
  const want = { Ready: 'False/AuthFailed', Stalled: 'True/AuthFailed', Synced: 'False/AuthFailed' };
  const problems: string[] = [];
  for (const [type, cell] of Object.entries(want)) {
    const c = condition(cr, type);
    if (`${c?.status}/${c?.reason}` !== cell)
      problems.push(`${type}=${c?.status}/${c?.reason}, want ${cell}`);
  }
  return problems.map((detail) => ({ invariant: 'finalTruth', subject, detail }));
}

/**
 * Every recorded status of one CR, in the order the API server stored them:
 *  - progress never goes down while the upgradeID stays the same (absent id = one upgrade);
 *  - a terminal phase is followed by a non-terminal one only with a different upgradeID;
 *  - with a script: each status equals the truth of a scripted state at or after the last one
 *    shown (an `Unknown` phase is allowed before the first successful poll: it is what an error
 *    with nothing known yet shows).
 */
export function checkHistory(
  subject: string,
  statuses: readonly ClusterUpgradeWatchStatus[],
  script?: UpgradeScript,
): Violation[] {
  const violations: Violation[] = [];
  const lastProgress = new Map<string, number>();
  let previous: ClusterUpgradeWatchStatus | undefined;
  let cursor = -1;
  for (const status of statuses) {
    if (!status.phase) continue;
    const id = status.upgradeID ?? '(no upgradeID)';
    const before = lastProgress.get(id);
    if (status.progress !== undefined) {
      if (before !== undefined && status.progress < before)
        violations.push({
          invariant: 'progressMonotone',
          subject,
          detail: `progress ${before} → ${status.progress} within upgradeID ${id} (${summary(status)})`,
        });
      lastProgress.set(id, status.progress);
    }
    if (
      previous &&
      isTerminal(previous.phase) &&
      !isTerminal(status.phase) &&
      previous.upgradeID === status.upgradeID
    )
      violations.push({
        invariant: 'terminalSticky',
        subject,
        detail: `${summary(previous)} → ${summary(status)} with the same upgradeID`,
      });
    if (script && !(status.phase === 'Unknown' && cursor < 0)) {
      const from = Math.max(cursor, 0);
      const found = script.entries.findIndex(
        (e, i) => i >= from && truthMismatches(status, e.truth).length === 0,
      );
      if (found < 0) {
        const shown = cursor >= 0 ? script.entries[cursor]!.label : '(nothing yet)';
        violations.push({
          invariant: 'scriptOrder',
          subject,
          detail: `${summary(status)} matches no scripted state at or after "${shown}"`,
        });
      } else {
        cursor = found;
      }
    }
    previous = status;
  }
  return violations;
}

/**
 * How many entries `after` put in front of `before`: the smallest k for which `after` is k new
 * entries followed by `before` cut to fit MAX_HISTORY; undefined when no k explains it (an
 * entry was changed, dropped or reordered).
 */
export function prependedCount(
  before: readonly HistoryEntry[],
  after: readonly HistoryEntry[],
): number | undefined {
  for (let k = 0; k <= after.length; k++) {
    if (after.length !== Math.min(MAX_HISTORY, before.length + k)) continue;
    if (canonicalJson(after.slice(k)) === canonicalJson(before.slice(0, after.length - k))) return k;
  }
  return undefined;
}

/**
 * status.history across every recorded status of one CR (docs/reference.md#status-fields). From
 * one recorded status to the next, the history may only gain entries at the front for upgrades
 * it never held; everything else stays exactly as it was, except what falls off the end beyond
 * MAX_HISTORY. A status that shows a finished upgrade holds it in its history.
 */
export function checkUpgradeHistory(
  subject: string,
  statuses: readonly ClusterUpgradeWatchStatus[],
): Violation[] {
  const violations: Violation[] = [];
  const fail = (detail: string) => violations.push({ invariant: 'upgradeHistory', subject, detail });
  const everSeen = new Set<string>();
  let before: readonly HistoryEntry[] = [];
  for (const status of statuses) {
    if (!status.phase) continue;
    const history = status.history ?? [];
    const keys = history.flatMap((entry) => historyKey(entry) ?? []);
    if (history.length > MAX_HISTORY) fail(`${history.length} entries, at most ${MAX_HISTORY} allowed`);
    if (new Set(keys).size !== keys.length) fail(`an upgrade appears twice: ${keys.join(', ')}`);
    const added = prependedCount(before, history);
    if (added === undefined)
      fail(`history ${canonicalJson(before)} → ${canonicalJson(history)} changed or lost an entry`);
    for (const entry of history.slice(0, added ?? 0)) {
      const key = historyKey(entry);
      if (key !== undefined && everSeen.has(key))
        fail(`${key} was recorded again after it had left the history`);
    }
    const shown = historyEntryOf(status);
    const shownKey = shown && historyKey(shown);
    const holdsShown = shownKey !== undefined ? keys.includes(shownKey) : history[0]?.phase === shown?.phase;
    if (shown && !holdsShown)
      fail(`${summary(status)} is finished but not in its history (${canonicalJson(history)})`);
    for (const key of keys) everSeen.add(key);
    before = history;
  }
  return violations;
}

// ------------------------------------------------------------------ operator processes

/** How often the simulator refused one wrong key, against the leadership terms of the run. */
export interface AuthTries {
  rejected: number;
  terms: number;
  /**
   * Answers sent after the client had given up (latency-timeout faults fired in the run). The
   * operator never saw those rejections, so it may rightly try the key again; the simulator
   * cannot tell which answer was abandoned, so each one allows one more try.
   */
  abandonedAnswers: number;
}

/**
 * docs/reference.md#retry-policy: a permanent error is retried after 10 min (or on a spec/Secret change), so each
 * leader sends a rejected key once: 1 ≤ rejections ≤ terms (+ answers the client never read).
 */
export function checkAuthTries(subject: string, tries: AuthTries): Violation[] {
  const allowed = tries.terms + tries.abandonedAnswers;
  if (tries.rejected === 0)
    return [{ invariant: 'authNotHammered', subject, detail: 'the wrong key was never tried' }];
  if (tries.rejected > allowed)
    return [
      {
        invariant: 'authNotHammered',
        subject,
        detail: `${tries.rejected} rejected requests over ${tries.terms} leadership terms (${tries.abandonedAnswers} abandoned answers)`,
      },
    ];
  return [];
}

export interface ExitRecord {
  replica: string;
  code: number | null;
  signal: string | null;
  at: number;
  /** What the driver did to this replica, if anything. */
  driverAction?: 'SIGKILL' | 'SIGTERM';
  /** The `reason` of its "lost leadership" log line, when it logged one. */
  lostLeadership?: string;
}

export interface Window {
  from: number;
  to: number;
}

export interface ExitVerdict {
  expected: boolean;
  why: string;
}

/** An exit as the report shows it. */
export type JudgedExit = Pick<ExitRecord, 'replica' | 'code' | 'signal'> & ExitVerdict;

/** Leader election's renew deadline (docs/reference.md#leader-election: 15 s / 10 s / 2 s) plus slack for a busy machine. */
export const LEASE_LOSS_GRACE_MS = 10_000 + 10_000;

/**
 * Why each exit is or is not one the run expects, as a table:
 * | driver action | exit                        | verdict |
 * | SIGKILL       | signal SIGKILL              | expected: injected crash |
 * | SIGTERM       | code 0                      | expected: docs/reference.md#shutdown |
 * | SIGTERM       | anything else               | unexpected |
 * | none          | code 1 after "lost leadership" (renew deadline) while kube-apiserver was down, or within the renew deadline after | expected: docs/reference.md#leader-election "stops at once", controller-runtime exits |
 * | none          | anything else               | unexpected: a crash |
 */
export function classifyExit(exit: ExitRecord, outages: readonly Window[]): ExitVerdict {
  if (exit.driverAction === 'SIGKILL') {
    return exit.signal === 'SIGKILL'
      ? { expected: true, why: 'killed by the driver (SIGKILL)' }
      : { expected: false, why: `SIGKILLed by the driver but ended with ${exit.code}/${exit.signal}` };
  }
  if (exit.driverAction === 'SIGTERM') {
    return exit.code === 0 && exit.signal === null
      ? { expected: true, why: 'stopped by the driver (SIGTERM → exit 0)' }
      : { expected: false, why: `SIGTERM must end in exit 0, got ${exit.code}/${exit.signal}` };
  }
  const duringOutage = outages.some((w) => exit.at >= w.from && exit.at <= w.to + LEASE_LOSS_GRACE_MS);
  if (exit.code === 1 && exit.lostLeadership?.includes('renew deadline') && duringOutage)
    return {
      expected: true,
      why: 'lease not renewable while kube-apiserver was restarting: exit 1 to start over',
    };
  const lost = exit.lostLeadership ? ` after "lost leadership: ${exit.lostLeadership}"` : '';
  return { expected: false, why: `exited by itself with ${exit.code}/${exit.signal}${lost}` };
}

/** The error/fatal lines a replica whose exit was an expected lease loss writes on its way out. */
export const LEASE_LOSS_LINES: readonly string[] = ['lost leadership', 'fatal: exiting'];

/** error/fatal lines not explained by an expected lease loss (raw stderr lines count as errors). */
export function unexpectedErrorLines(lines: readonly LogLine[], leaseLossExpected: boolean): LogLine[] {
  return lines.filter((line) => {
    const level = String(line.level ?? '');
    if (level !== 'error' && level !== 'fatal' && level !== 'raw') return false;
    return !(leaseLossExpected && LEASE_LOSS_LINES.includes(String(line.msg ?? '')));
  });
}

// ------------------------------------------------------------------ tenants sharing the log

/**
 * A hostile tenant's watch (test/chaos/hostile-tenant.ts): the simulator accepts none of its
 * credentials, so it never shows a phase other than Unknown and ends with Ready False and
 * Stalled True. The reason is AuthFailed, or NotFound when a fault damaged the body of the
 * 404 that rejected an unknown key (a permanent error either way, retried after 10 min).
 */
export function checkHostileContained(subject: string, cr: ClusterUpgradeWatch | undefined): Violation[] {
  const problems: string[] = [];
  if (!cr) problems.push('the CR is gone');
  const phase = cr?.status?.phase;
  if (phase !== undefined && phase !== 'Unknown') problems.push(`phase=${phase}: it shows cloud data`);
  for (const [type, want] of [
    ['Ready', 'False'],
    ['Stalled', 'True'],
  ] as const) {
    const c = condition(cr, type);
    if (c?.status !== want)
      problems.push(`${type}=${c?.status}/${c?.reason}, want ${want} (a permanent error)`);
  }
  return problems.map((detail) => ({ invariant: 'hostileTenantContained', subject, detail }));
}

/** Lines of one replica's output that are not one JSON object (a redaction gone wrong breaks them). */
export function checkLogLinesJson(subject: string, raw: readonly string[]): Violation[] {
  const broken = raw.filter((text) => {
    try {
      const parsed: unknown = JSON.parse(text);
      return typeof parsed !== 'object' || parsed === null || Array.isArray(parsed);
    } catch {
      return true;
    }
  });
  if (broken.length === 0) return [];
  return [
    {
      invariant: 'logsValidJson',
      subject,
      detail: `${broken.length} lines are not JSON objects, the first: ${broken[0]!.slice(0, 300)}`,
    },
  ];
}

/**
 * Every namespace in `namespaces` is the `namespace` field of some log line (over all replicas),
 * and every `namespace` field is a name of the run as written (never masked or cut).
 */
export function checkNamespacesIntact(lines: readonly LogLine[], namespaces: readonly string[]): Violation[] {
  const seen = new Set<string>();
  const mangled = new Set<string>();
  for (const line of lines) {
    const field = (line as { namespace?: unknown }).namespace;
    if (typeof field !== 'string') continue;
    seen.add(field);
    const cut = !namespaces.includes(field) && namespaces.some((ns) => ns.includes(field));
    if (cut || field.includes(REDACTED)) mangled.add(field);
  }
  return [
    ...namespaces
      .filter((ns) => !seen.has(ns))
      .map((ns) => ({ invariant: 'namespacesIntact' as const, subject: ns, detail: 'never logged intact' })),
    ...[...mangled].map((field) => ({
      invariant: 'namespacesIntact' as const,
      subject: field,
      detail: 'a namespace field that is a masked or cut namespace name',
    })),
  ];
}
