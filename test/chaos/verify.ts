// Applies the invariants of invariants.ts to what one chaos run recorded, and counts how many
// times each was checked (so the report shows the checks were not vacuous).
import { CLOUDS, PROVIDER_CLOUD, type Cloud } from '../../src/providers/names.js';
import type { ClusterUpgradeWatch, ClusterUpgradeWatchStatus } from '../../src/api/types.js';
import { OPERATION_GET_ACCESS_TOKEN } from '../../src/providers/cloud-common/bearer-get.js';
import type { CounterReport, FaultView } from '../../src/simulator/index.js';
import {
  checkAuthFailed,
  checkAuthTries,
  checkFinal,
  checkHistory,
  checkHostileContained,
  checkLogLinesJson,
  checkNamespacesIntact,
  checkUpgradeHistory,
  classifyExit,
  unexpectedErrorLines,
  type ExitRecord,
  type InvariantName,
  type JudgedExit,
  type Violation,
} from './invariants.js';
import { finalTruth, type FleetWatch } from './fleet.js';
import type { Truth } from './scripts.js';
import { VICTIM_SECRET } from './hostile-tenant.js';
import type { ChaosWorld } from './world.js';

export interface Collected {
  /** namespace/name → the CR as listed after settling. */
  finalCrs: Map<string, ClusterUpgradeWatch>;
  /** FAULT_MIX name → how often it fired. */
  faultsFired: Record<string, number>;
  counters: CounterReport;
  /** CRs whose final resourceVersion the recorder never saw. */
  recorderMissing: string[];
}

export interface Verdict {
  violations: Violation[];
  invariantsChecked: Record<InvariantName, number>;
  exits: Array<JudgedExit & Pick<ExitRecord, 'driverAction'>>;
  errorLines: number;
}

export function keyOf(world: ChaosWorld, name: string, cloud: Cloud): string {
  return `${world.namespaces[cloud].namespace}/${name}`;
}

/** One watch's CR (from `crs`, keyed namespace/name) against its final truth, or AuthFailed. */
export function finalViolations(
  world: ChaosWorld,
  watch: FleetWatch,
  crs: ReadonlyMap<string, ClusterUpgradeWatch>,
): Violation[] {
  const key = keyOf(world, watch.name, watch.cloud);
  const statuses = world.recorder.history(key).flatMap((v) => (v.object.status ? [v.object.status] : []));
  const truth = truthFor(watch, statuses);
  return truth ? checkFinal(key, crs.get(key), truth) : checkAuthFailed(key, crs.get(key));
}

/**
 * The final truth of `watch`, given the statuses it showed: the script's last state, unless the
 * script has a `firstSeenSettled` truth and the first status written after a successful poll
 * (any phase but Unknown) was Idle at the target version, so the upgrade had ended before the
 * operator first saw the cluster.
 */
export function truthFor(
  watch: FleetWatch,
  statuses: readonly ClusterUpgradeWatchStatus[],
): Truth | undefined {
  const truth = finalTruth(watch);
  const settled = watch.script?.firstSeenSettled;
  if (!truth || !settled || truth.toVersion === undefined) return truth;
  const first = statuses.find((status) => status.phase !== undefined && status.phase !== 'Unknown');
  return first?.phase === 'Idle' && first.fromVersion === truth.toVersion ? settled : truth;
}

export function verify(world: ChaosWorld, collected: Collected): Verdict {
  const violations: Violation[] = [];
  const checked = {} as Record<InvariantName, number>;
  const count = (name: InvariantName, n = 1) => (checked[name] = (checked[name] ?? 0) + n);

  for (const watch of world.fleet.watches) {
    const key = keyOf(world, watch.name, watch.cloud);
    violations.push(...finalViolations(world, watch, collected.finalCrs));
    count('finalTruth');
    const statuses = world.recorder.history(key).flatMap((v) => (v.object.status ? [v.object.status] : []));
    violations.push(...checkHistory(key, statuses, watch.script));
    violations.push(...checkUpgradeHistory(key, statuses));
    count('progressMonotone', statuses.length);
    count('terminalSticky', statuses.length);
    count('upgradeHistory', statuses.length);
    if (watch.script) count('scriptOrder', statuses.length);
  }

  for (const key of collected.recorderMissing)
    violations.push({
      invariant: 'recorderComplete',
      subject: key,
      detail: 'final resourceVersion never recorded',
    });
  count('recorderComplete', collected.finalCrs.size);

  const exits = world.replicas.exits.map((exit) => ({ ...exit, ...classifyExit(exit, world.outages) }));
  for (const exit of exits) {
    count('exits');
    if (!exit.expected) violations.push({ invariant: 'exits', subject: exit.replica, detail: exit.why });
  }

  let errorLines = 0;
  for (const replica of world.replicas.all) {
    const exit = exits.find((e) => e.replica === replica.name);
    const leaseLoss = !!exit && exit.expected && exit.driverAction === undefined;
    const unexpected = unexpectedErrorLines(replica.proc.lines, leaseLoss);
    errorLines += replica.proc.lines.filter((l) => l.level === 'error' || l.level === 'fatal').length;
    count('errorLogs', replica.proc.lines.length);
    const byMessage = new Map<string, number>();
    for (const line of unexpected)
      byMessage.set(String(line.msg), (byMessage.get(String(line.msg)) ?? 0) + 1);
    for (const [msg, n] of byMessage)
      violations.push({
        invariant: 'errorLogs',
        subject: replica.name,
        detail: `${n} × "${msg.slice(0, 300)}"`,
      });
  }

  const terms = world.lease.terms();
  const abandonedAnswers = collected.faultsFired['latency-timeout'] ?? 0;
  for (const watch of world.fleet.watches.filter((w) => !w.script)) {
    const rejected = collected.counters.entries.reduce((sum, e) => sum + refusalsOf(watch, e), 0);
    count('authNotHammered');
    violations.push(...checkAuthTries(watch.name, { rejected, terms, abandonedAnswers }));
  }

  violations.push(...tenantViolations(world, collected, count));
  violations.push(...chaosHappened(world, collected));
  count('chaosHappened');
  return { violations, invariantsChecked: checked, exits, errorLines };
}

/** The hostile tenant (hostile-tenant.ts) hurt no one: the log, the namespace names, the victim. */
function tenantViolations(
  world: ChaosWorld,
  collected: Collected,
  count: (name: InvariantName, n?: number) => void,
): Violation[] {
  const out: Violation[] = [];
  for (const replica of world.replicas.all) {
    out.push(...checkLogLinesJson(replica.name, replica.proc.raw));
    count('logsValidJson', replica.proc.raw.length);
  }
  const namespaces = [
    world.namespaces.alibaba.namespace,
    world.namespaces.huawei.namespace,
    world.hostile.namespace,
  ];
  out.push(
    ...checkNamespacesIntact(
      world.replicas.all.flatMap((r) => r.proc.lines),
      namespaces,
    ),
  );
  count('namespacesIntact', namespaces.length);

  const contained = (violations: Violation[]): Violation[] =>
    violations.map((v) => ({ ...v, invariant: 'hostileTenantContained' }));
  for (const watch of world.hostile.watches) {
    const key = `${world.hostile.namespace}/${watch.name}`;
    out.push(...checkHostileContained(key, collected.finalCrs.get(key)));
    count('hostileTenantContained');
  }
  for (const watch of world.fleet.watches.filter((w) => w.secretName === VICTIM_SECRET)) {
    out.push(...contained(finalViolations(world, watch, collected.finalCrs)));
    count('hostileTenantContained');
  }
  return out;
}

/** The run really did what it claims: every disruption, a leadership move per kill, every fault kind. */
function chaosHappened(world: ChaosWorld, collected: Collected): Violation[] {
  const out: Violation[] = [];
  const planned = (kind: string) => world.profile.disruptions.filter((d) => d.kind === kind).length;
  const fail = (subject: string, detail: string) => out.push({ invariant: 'chaosHappened', subject, detail });
  if (world.outages.length !== planned('restart-apiserver'))
    fail('kube-apiserver', `${world.outages.length} restarts, planned ${planned('restart-apiserver')}`);
  if (world.kills.length !== planned('kill-leader'))
    fail('operator', `${world.kills.length} leader kills, planned ${planned('kill-leader')}`);
  for (const kill of world.kills)
    if (kill.newIdentity === kill.killedIdentity)
      fail(kill.killed, 'the Lease stayed with the killed replica');
  if (world.lease.moves() < world.kills.length)
    fail('Lease', `${world.lease.moves()} holder changes for ${world.kills.length} kills`);
  for (const [name, fired] of Object.entries(collected.faultsFired))
    if (fired === 0) fail(name, 'never fired');
  for (const cloud of CLOUDS)
    if (throttledBy(collected.counters, cloud) === 0) fail(cloud, 'never throttled');
  return out;
}

/**
 * The requests that refused `watch`'s wrong credential. Signed clouds refuse the API request
 * itself (`rejected`, on the watch's cluster). Bearer clouds refuse at their token endpoint, which
 * names no cluster and answers a wrong key or secret as an `error` reply; in the fleet only the
 * provider's auth-failure watch holds a wrong Secret, so those are its refusals.
 */
function refusalsOf(watch: FleetWatch, entry: CounterReport['entries'][number]): number {
  if (entry.clusterID === watch.clusterID) return entry.outcomes.rejected ?? 0;
  if (entry.provider === watch.provider && entry.operation === OPERATION_GET_ACCESS_TOKEN)
    return (entry.outcomes.rejected ?? 0) + (entry.outcomes.error ?? 0);
  return 0;
}

/** Requests of one cloud answered with its throttling error. */
export function throttledBy(counters: CounterReport, cloud: Cloud): number {
  return counters.entries
    .filter((e) => PROVIDER_CLOUD[e.provider] === cloud)
    .reduce((sum, e) => sum + (e.outcomes.throttle ?? 0), 0);
}

/**
 * How often each fault of the profile fired. A count fault the simulator has disarmed is gone
 * from its list: it fired `count` times.
 */
export function faultsFired(world: ChaosWorld, views: readonly FaultView[]): Record<string, number> {
  const out: Record<string, number> = Object.fromEntries(world.profile.faults.map((f) => [f.name, 0]));
  for (const [id, armed] of world.armedFaultsById) {
    // A count fault that has run out is no longer listed: it fired `count` times.
    const view = views.find((v) => v.id === id);
    out[armed.name] = (out[armed.name] ?? 0) + (view ? view.fired : (armed.count ?? 0));
  }
  return out;
}
