// The disruptions of a chaos run, each started by simulator state (a fraction of all scripted
// state changes has happened) and each finished by state, never by a fixed sleep:
//  - restart kube-apiserver (same port and etcd) and wait until a live replica leads again;
//  - SIGKILL the replica holding the Lease (metrics scraped first), wait until ANOTHER live
//    replica holds the Lease and reports upgradewatch_leader 1, then start a replacement.
import { eventually } from '../helpers/operator-harness.js';
import type { Disruption } from './profile.js';
import { identityOf, leads } from './replicas.js';
import type { ChaosWorld } from './world.js';

/** Share of all scripted state changes the simulator has played so far (0..1). */
export function timelineProgress(world: ChaosWorld): number {
  let done = 0;
  let total = 0;
  for (const view of world.sim.admin.listClusters()) {
    const last = view.timeline.length - 1;
    done += Math.min(view.entryIndex, last);
    total += last;
  }
  return total === 0 ? 1 : done / total;
}

async function currentLeader(world: ChaosWorld) {
  return eventually('a live replica holding the Lease', () => world.replicas.leader(world.kc), 120_000, 250);
}

export async function restartApiServer(world: ChaosWorld): Promise<void> {
  const from = Date.now();
  await world.cp.restartApiServer();
  const to = Date.now();
  world.outages.push({ from, to });
  world.log(`kube-apiserver restarted (down ${to - from} ms)`);
  await currentLeader(world);
}

export async function killLeader(world: ChaosWorld): Promise<void> {
  const leader = await currentLeader(world);
  const killedIdentity = identityOf(leader)!;
  await world.replicas.scrapeAll();
  const killedAt = Date.now();
  await world.replicas.kill(leader);
  world.log(`SIGKILL ${leader.name} (leader ${killedIdentity})`);
  const holder = await world.lease.waitForHolder(
    (h) => h !== killedIdentity && world.replicas.live().some((r) => identityOf(r) === h),
    120_000,
    `another replica to take the Lease from ${killedIdentity}`,
  );
  const takeoverMs = Date.now() - killedAt;
  const next = world.replicas.live().find((r) => identityOf(r) === holder)!;
  await eventually(`${next.name} to report upgradewatch_leader 1`, () => leads(next), 30_000, 250);
  world.kills.push({
    killed: leader.name,
    killedIdentity,
    newLeader: next.name,
    newIdentity: holder,
    takeoverMs,
  });
  world.log(`${next.name} took over in ${takeoverMs} ms; starting a replacement`);
  await world.replicas.spawn();
}

const RUN: Record<Disruption['kind'], (world: ChaosWorld) => Promise<void>> = {
  'restart-apiserver': restartApiServer,
  'kill-leader': killLeader,
};

/** Plays the profile's disruptions in order, each once the timelines have progressed far enough. */
export async function runDisruptions(world: ChaosWorld, timeoutMs: number): Promise<void> {
  for (const disruption of world.profile.disruptions) {
    await eventually(
      `${Math.round(disruption.afterFraction * 100)} % of the scripted changes before ${disruption.kind}`,
      () => timelineProgress(world) >= disruption.afterFraction,
      timeoutMs,
      250,
    );
    world.log(`${disruption.kind} at ${Math.round(timelineProgress(world) * 100)} % of the timelines`);
    await RUN[disruption.kind](world);
  }
}
