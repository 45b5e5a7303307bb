// The chaos run of issue 6, parameterised by a profile (profile.ts):
//  1. world: own control plane, CRD + shipped RBAC, Secrets of both clouds, seeded simulator with
//     every watch's scripted timeline, the recorder, the Lease watch, N replicas (--leader-elect);
//  2. chaos: faults armed on every request; kube-apiserver restarts and leader SIGKILLs as the
//     timelines progress; /metrics of every replica scraped every 15 s and before each kill;
//  3. settle: once every timeline has reached its last state, faults off, and wait (by state)
//     until every CR shows its final truth and the recorder holds every final version;
//  4. collect: Events, final /metrics, then SIGTERM every replica;
//  5. verify the invariants, scan everything emitted for secrets, write the JSON report.
// Every process it starts is stopped in a finally, whatever happens.
import type { ClusterUpgradeWatch } from '../../src/api/types.js';
import { eventually, kube } from '../helpers/operator-harness.js';
import { runDisruptions, timelineProgress } from './disruptions.js';
import type { Violation } from './invariants.js';
import type { ChaosProfile } from './profile.js';
import { ALL_WATCHES_PATH } from './recorder.js';
import { buildReport, summarize, writeReport, type ChaosReport } from './report.js';
import { controlHits, emittedBy, scanEmitted } from './scan.js';
import { faultsFired, finalViolations, verify, type Collected } from './verify.js';
import { setUpWorld, tearDownWorld, type ChaosWorld } from './world.js';

/* eslint-disable @typescript-eslint/no-explicit-any -- API bodies are read loosely here */

export interface ChaosOutcome {
  report: ChaosReport;
  reportPath: string;
  summary: string;
  /** Where secret hits were found (labels only), empty when none. */
  secretHitsWhere: string;
}

function logger(profile: ChaosProfile): (line: string) => void {
  const began = Date.now();
  return (line) =>
    process.stdout.write(`[chaos ${profile.name} +${Math.round((Date.now() - began) / 1000)}s] ${line}\n`);
}

async function listCrs(world: ChaosWorld): Promise<Map<string, ClusterUpgradeWatch>> {
  const res = await kube(world.kc, 'GET', ALL_WATCHES_PATH);
  if (res.status !== 200) throw new Error(`list CRs → ${res.status}`);
  const items: ClusterUpgradeWatch[] = res.body.items ?? [];
  return new Map(items.map((cr) => [`${cr.metadata.namespace}/${cr.metadata.name}`, cr]));
}

function finalMismatches(world: ChaosWorld, crs: Map<string, ClusterUpgradeWatch>): Violation[] {
  return world.fleet.watches.flatMap((watch) => finalViolations(world, watch, crs));
}

/** Waits by state until every CR shows its final truth; resolves with how long it took. */
async function settle(world: ChaosWorld): Promise<number> {
  const from = Date.now();
  let last: Violation[] = [];
  try {
    await eventually(
      'every CR to show its final truth',
      async () => {
        last = finalMismatches(world, await listCrs(world));
        return last.length === 0;
      },
      world.profile.settleTimeoutMs,
      2_000,
    );
  } catch {
    world.log(
      `not settled after ${world.profile.settleTimeoutMs} ms: ${last.length} mismatches (first: ${last[0]?.subject} ${last[0]?.detail})`,
    );
  }
  return Date.now() - from;
}

/** CRs whose listed resourceVersion the recorder has not (yet) recorded; waits up to 30 s for it. */
async function recorderMissing(world: ChaosWorld, crs: Map<string, ClusterUpgradeWatch>): Promise<string[]> {
  const missing = () =>
    [...crs]
      .filter(([key, cr]) => world.recorder.latest(key)?.resourceVersion !== cr.metadata.resourceVersion)
      .map(([k]) => k);
  try {
    await eventually('the recorder to hold every final version', () => missing().length === 0, 30_000, 250);
  } catch {
    // reported below
  }
  return missing();
}

export async function runChaos(profile: ChaosProfile): Promise<ChaosOutcome> {
  const log = logger(profile);
  const startedAt = new Date();
  let world: ChaosWorld | undefined;
  let scraper: NodeJS.Timeout | undefined;
  try {
    world = await setUpWorld(profile, log);
    const w = world;
    scraper = setInterval(() => void w.replicas.scrapeAll(), 15_000);
    const spanMs = Math.max(
      ...w.fleet.watches.map((x) => x.timeline.reduce((s, e) => s + (e.durationMs ?? 0), 0)),
    );
    const chaosTimeoutMs = spanMs + 10 * 60_000;

    await runDisruptions(w, chaosTimeoutMs);
    await eventually(
      'every timeline at its last state',
      () => timelineProgress(w) === 1,
      chaosTimeoutMs,
      500,
    );
    const fired = faultsFired(w, w.sim.admin.listFaults());
    const faultTotal = Object.values(fired).reduce((sum, n) => sum + n, 0);
    w.sim.admin.clearFaults();
    log(`timelines done, ${faultTotal} faults fired; faults off, settling`);
    const settleMs = await settle(w);

    const finalCrs = await listCrs(w);
    const missing = await recorderMissing(w, finalCrs);
    clearInterval(scraper);
    await w.replicas.scrapeAll();
    const events: any[] = (await kube(w.kc, 'GET', '/api/v1/events')).body?.items ?? [];
    const secretObject = (
      await kube(w.kc, 'GET', `/api/v1/namespaces/${w.namespaces.alibaba.namespace}/secrets/alibaba-sts`)
    ).text;
    const counters = w.sim.admin.counters();
    await w.replicas.stopAll();
    await w.recorder.stop();
    w.lease.stop();

    const collected: Collected = { finalCrs, faultsFired: fired, counters, recorderMissing: missing };
    const verdict = verify(w, collected);
    const emitted = emittedBy(w, events);
    const scan = scanEmitted(emitted, [...w.fleet.secretValues, ...w.hostile.secretValues]);
    const control = controlHits(secretObject, w.fleet.secretValues);
    const violations = [...verdict.violations];
    if (scan.hits > 0)
      violations.push({ invariant: 'secretsNeverEmitted', subject: 'operator output', detail: scan.where });
    if (control === 0)
      violations.push({
        invariant: 'secretsNeverEmitted',
        subject: 'scanner',
        detail: 'found nothing in a Secret object: blind',
      });

    const report = buildReport({
      world: w,
      startedAt,
      counters,
      fired,
      verdict,
      settleMs,
      logLines: emitted.logLines.length,
      scan,
      controlHits: control,
      violations,
    });
    const reportPath = writeReport(report);
    const summary = summarize(report);
    log(`${summary}\nreport: ${reportPath}`);
    return { report, reportPath, summary, secretHitsWhere: scan.where };
  } catch (error) {
    // A run that could not finish (a disruption never completed, a replica never started…):
    // keep what the replicas said last in the error.
    const tails = (world?.replicas.all ?? []).map(
      (r) => `\n----- ${r.name} (tail) -----\n${r.proc.logTail(40)}`,
    );
    if (error instanceof Error) error.message += tails.join('');
    throw error;
  } finally {
    clearInterval(scraper);
    await tearDownWorld(world ?? {});
  }
}
