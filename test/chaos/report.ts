// The chaos run's JSON report (figures for docs/reliability.md) and its one-screen summary.
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { CLOUDS, type Cloud } from '../../src/providers/names.js';
import type { CounterReport } from '../../src/simulator/index.js';
import { ROOT } from '../helpers/operator-harness.js';
import type { JudgedExit, Violation } from './invariants.js';
import type { ScanResult } from './scan.js';
import { storiesOf, storyLines, type WatchStory } from './story.js';
import { throttledBy, type Verdict } from './verify.js';
import type { ChaosWorld } from './world.js';

export interface ChaosReport {
  profile: string;
  seed: number;
  startedAt: string;
  durationMs: number;
  watches: { total: number; byProvider: Record<string, number>; byScript: Record<string, number> };
  /** Secrets in all and per cloud (every cloud of CLOUDS), with a token, and deliberately wrong. */
  secrets: { total: number; byCloud: Record<Cloud, number>; withToken: number; wrong: number };
  requests: {
    total: number;
    byOutcome: Record<string, number>;
    unrouted: number;
    /** Non-fault error replies (e.g. a CCE task read after the task left the simulated state). */
    errors: Array<{ provider: string; operation: string; count: number }>;
  };
  faultsInjected: {
    total: number;
    byKind: Record<string, number>;
    throttleByCloud: Record<Cloud, number>;
    authRejected: number;
  };
  apiServerRestarts: Array<{ downMs: number }>;
  operatorKills: Array<{ killed: string; newLeader: string; takeoverMs: number }>;
  leadership: { moves: number; terms: number; leaseTransitions: number; holders: string[] };
  exits: JudgedExit[];
  recorder: { versions: number; statusChanges: number; relistedObjects: number; catchUps: number };
  settleMs: number;
  logs: { lines: number; errorLines: number };
  secretScan: {
    secrets: number;
    items: Record<string, number>;
    bytes: number;
    hits: number;
    /** Hits the scanner finds in a real Secret object (base64 data): proof it would see a leak. */
    controlHits: number;
  };
  invariantsChecked: Record<string, number>;
  violations: Violation[];
  /** How each watch that missed its final truth got there (./story.ts). */
  stories: WatchStory[];
}

export function writeReport(report: ChaosReport): string {
  const dir = join(ROOT, '.test-results', 'chaos');
  mkdirSync(dir, { recursive: true });
  const path = join(dir, `${report.profile}-report.json`);
  writeFileSync(path, `${JSON.stringify(report, null, 2)}\n`);
  return path;
}

export function summarize(report: ChaosReport): string {
  const faults = Object.entries(report.faultsInjected.byKind)
    .map(([kind, n]) => `${kind} ${n}`)
    .join(', ');
  return [
    `chaos ${report.profile} (seed ${report.seed}): ${report.watches.total} watches, ${Math.round(report.durationMs / 1000)} s`,
    `cloud requests ${report.requests.total}; faults ${report.faultsInjected.total}: ${faults}; throttled ${Object.entries(
      report.faultsInjected.throttleByCloud,
    )
      .map(([cloud, n]) => `${cloud} ${n}`)
      .join(' / ')}`,
    `kube-apiserver restarts ${report.apiServerRestarts.length} (${report.apiServerRestarts.map((r) => `${r.downMs} ms`).join(', ')}); leader SIGKILLs ${report.operatorKills.length} (takeover ${report.operatorKills.map((k) => `${k.takeoverMs} ms`).join(', ')}); leadership moves ${report.leadership.moves}`,
    `exits: ${report.exits.map((e) => `${e.replica} ${e.code ?? e.signal} (${e.expected ? 'expected' : 'UNEXPECTED'})`).join(', ')}`,
    `status versions ${report.recorder.versions}, status changes ${report.recorder.statusChanges}, relisted ${report.recorder.relistedObjects}, catch-ups ${report.recorder.catchUps}; settled in ${report.settleMs} ms`,
    `secret scan: ${report.secretScan.secrets} secrets over ${Object.entries(report.secretScan.items)
      .map(([k, n]) => `${n} ${k}`)
      .join(
        ', ',
      )} (${report.secretScan.bytes} bytes): ${report.secretScan.hits} hits (control ${report.secretScan.controlHits})`,
    `violations: ${report.violations.length}`,
    ...report.violations.slice(0, 40).map((v) => `  [${v.invariant}] ${v.subject}: ${v.detail}`),
    ...storyLines(report.stories),
  ].join('\n');
}

export interface ReportInput {
  world: ChaosWorld;
  startedAt: Date;
  counters: CounterReport;
  /** FAULT_MIX name → times fired. */
  fired: Record<string, number>;
  verdict: Verdict;
  settleMs: number;
  logLines: number;
  scan: ScanResult;
  controlHits: number;
  violations: Violation[];
}

function outcomes(counters: CounterReport): Record<string, number> {
  const out: Record<string, number> = {};
  for (const entry of counters.entries)
    for (const [outcome, n] of Object.entries(entry.outcomes)) out[outcome] = (out[outcome] ?? 0) + n;
  return out;
}

/** One figure per cloud of CLOUDS. */
function perCloud(figure: (cloud: Cloud) => number): Record<Cloud, number> {
  return Object.fromEntries(CLOUDS.map((cloud) => [cloud, figure(cloud)])) as Record<Cloud, number>;
}

export function buildReport(input: ReportInput): ChaosReport {
  const { world, startedAt, counters, fired, verdict, settleMs, logLines, scan, controlHits, violations } =
    input;
  const count = (values: string[]) =>
    values.reduce<Record<string, number>>((acc, v) => ({ ...acc, [v]: (acc[v] ?? 0) + 1 }), {});
  const creds = world.fleet.credentials;
  return {
    profile: world.profile.name,
    seed: world.profile.seed,
    startedAt: startedAt.toISOString(),
    durationMs: Date.now() - startedAt.getTime(),
    watches: {
      total: world.fleet.watches.length,
      byProvider: count(world.fleet.watches.map((x) => x.provider)),
      byScript: count(world.fleet.watches.map((x) => x.script?.name ?? x.name)),
    },
    secrets: {
      total: creds.length,
      byCloud: perCloud((cloud) => creds.filter((c) => c.cloud === cloud).length),
      withToken: creds.filter((c) => c.given.secret.securityToken).length,
      wrong: creds.filter((c) => c.wrong).length,
    },
    requests: {
      total: counters.total,
      byOutcome: outcomes(counters),
      unrouted: counters.unrouted,
      errors: counters.entries
        .filter((e) => (e.outcomes.error ?? 0) > 0)
        .map((e) => ({ provider: e.provider, operation: e.operation, count: e.outcomes.error ?? 0 })),
    },
    faultsInjected: {
      total: Object.values(fired).reduce((sum, n) => sum + n, 0),
      byKind: fired,
      throttleByCloud: perCloud((cloud) => throttledBy(counters, cloud)),
      authRejected: outcomes(counters).rejected ?? 0,
    },
    apiServerRestarts: world.outages.map((o) => ({ downMs: o.to - o.from })),
    operatorKills: world.kills.map((k) => ({
      killed: k.killed,
      newLeader: k.newLeader,
      takeoverMs: k.takeoverMs,
    })),
    leadership: {
      moves: world.lease.moves(),
      terms: world.lease.terms(),
      leaseTransitions: world.lease.leaseTransitions,
      holders: world.lease.changes.map((c) => c.holder || '(released)'),
    },
    exits: verdict.exits.map(({ replica, code, signal, expected, why }) => ({
      replica,
      code,
      signal,
      expected,
      why,
    })),
    recorder: {
      versions: world.recorder.versions.length,
      statusChanges: world.recorder.statusChanges(),
      relistedObjects: world.recorder.relistedObjects,
      catchUps: world.recorder.catchUps,
    },
    settleMs,
    logs: { lines: logLines, errorLines: verdict.errorLines },
    secretScan: {
      secrets: world.fleet.secretValues.length,
      items: scan.items,
      bytes: scan.bytes,
      hits: scan.hits,
      controlHits,
    },
    invariantsChecked: verdict.invariantsChecked,
    violations,
    stories: storiesOf(world, counters, violations, startedAt),
  };
}
