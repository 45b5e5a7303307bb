// The shared set-up of a keyless integration file (kept apart from ./keyless.ts, which the chaos
// fleet imports too): a suite, a virtual clock, an in-process operator and its watches.
import { kubeTrust } from '../../src/devkit/kube-trust.js';
import type { TrustInput } from '../../src/simulator/trust-scenario.js';
import { FakeTimers } from './fake-timers.js';
import { createServiceAccount } from './keyless.js';
import { setupSuite, teardownSuite, type Suite } from './operator-fixture.js';
import { adminKubeConfig, kube } from './operator-harness.js';
import { textsOf } from './secret-scan.js';
import { startInProcessOperator, type InProcessOperator } from './operator-inprocess.js';
import { virtualWatches, type VirtualWatches } from './virtual-watches.js';

/** A keyless file's world, filled in by its beforeAll: the suite, the virtual clock, the in-process
 *  operator, its watches, and every secret the simulator saw (tokens received, keys and tokens issued). */
export interface KeylessWorld {
  suite: Suite;
  clock: FakeTimers;
  inproc: InProcessOperator;
  watches: VirtualWatches;
  secrets: string[];
}

/**
 * Registers the hooks every keyless integration file shares: a suite whose simulator trusts the
 * control plane's issuer for `trusted` subjects, the ServiceAccounts created, an in-process
 * operator on a virtual clock a minute ahead of the wall clock (the kube-apiserver stamps tokens
 * with real time), counters reset before each test, watches deleted after it (earlier watches
 * would keep refreshing keys and skew the next test's exchange counts).
 */
export function keylessWorld(
  prefix: string,
  opts: { trusted: string[]; serviceAccounts: string[]; trust?: Partial<TrustInput> },
): KeylessWorld {
  const world = { secrets: [] as string[] } as unknown as KeylessWorld;
  beforeAll(async () => {
    world.clock = new FakeTimers(new Date(Date.now() + 60_000));
    world.suite = await setupSuite(prefix, {
      clock: world.clock,
      workloadIdentity: kubeTrust(adminKubeConfig(), opts.trusted, opts.trust),
      onSecret: (value) => world.secrets.push(value),
    });
    for (const name of opts.serviceAccounts)
      await createServiceAccount(world.suite.kc, world.suite.space, name);
    world.inproc = await startInProcessOperator({
      kubeconfig: world.suite.saKubeconfig,
      selector: world.suite.space.selector,
      clock: world.clock,
    });
    world.watches = virtualWatches(world.suite.space, () => world.inproc);
  });
  afterAll(async () => {
    await world.inproc?.stop();
    await teardownSuite(world.suite);
  });
  beforeEach(() => world.suite.sim.admin.resetCounters());
  afterEach(() => world.watches.deleteAll());
  return world;
}

/** Every text a secret could leak into: the operator's log lines, every recorded CR version, the
 *  namespace's Events. */
export async function operatorSurfaces(suite: Suite, inproc: InProcessOperator): Promise<string[]> {
  const events = (await kube(suite.kc, 'GET', `/api/v1/namespaces/${suite.space.namespace}/events`)).body;
  return [
    ...inproc.log.raw,
    ...textsOf(...suite.recorder.versions.map((version) => version.object)),
    ...textsOf(events),
  ];
}
