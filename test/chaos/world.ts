// Everything one chaos run stands on, and its teardown: a control plane of its own (real
// kube-apiserver + etcd, so kube-apiserver can be restarted), the CRD and deploy/rbac/ as shipped,
// the operator's ServiceAccount kubeconfig, one namespace per cloud holding that cloud's Secrets
// and CRs, the hostile tenant's namespace (hostile-tenant.ts), the in-process simulator seeded from the profile, the status recorder, the Lease watch
// and the supervised replicas.
import type { KubeConfig } from '@kubernetes/client-node';
import { GROUP, KIND, PLURAL, VERSION } from '../../src/api/types.js';
import { kubeRequestOk } from '../../src/devkit/kube-rest.js';
import { startControlPlane, type ControlPlane } from '../../src/controlplane/index.js';
import { secretData } from '../../src/providers/sample-credentials.js';
import { loadCloudModules } from '../../src/simulator/clouds.js';
import { startSimulator, type RunningSimulator } from '../../src/simulator/index.js';
import {
  adminKubeConfig,
  applyOperatorRbac,
  createTestSpace,
  createWatch,
  ensureOperatorBuilt,
  eventually,
  installCrd,
  kube,
  operatorServiceAccount,
  putSecret,
  putSecretData,
  simPlacement,
  stopAllOperators,
  TEST_LABEL,
  type TestSpace,
} from '../helpers/operator-harness.js';
import { recordingTokens } from '../helpers/issued-tokens.js';
import { createServiceAccount, kubeTrust, subjectOf } from '../helpers/keyless.js';
import { buildFleet, KEYLESS_SERVICE_ACCOUNT, specOf, type Cloud, type Fleet } from './fleet.js';
import { buildHostileTenant, type HostileTenant } from './hostile-tenant.js';
import type { Window } from './invariants.js';
import { armedFaults, type ArmedFault, type ChaosProfile } from './profile.js';
import { StatusRecorder } from './recorder.js';
import { LeaseWatch, ReplicaSet } from './replicas.js';

export interface KillRecord {
  killed: string;
  killedIdentity: string;
  newLeader: string;
  newIdentity: string;
  takeoverMs: number;
}

export interface ChaosWorld {
  profile: ChaosProfile;
  log: (line: string) => void;
  cp: ControlPlane;
  kc: KubeConfig;
  namespaces: Record<Cloud, TestSpace>;
  sim: RunningSimulator;
  fleet: Fleet;
  hostile: HostileTenant;
  recorder: StatusRecorder;
  lease: LeaseWatch;
  replicas: ReplicaSet;
  /** Simulator fault id → what was armed, under its FAULT_MIX name. */
  armedFaultsById: Map<string, ArmedFault>;
  outages: Window[];
  kills: KillRecord[];
}

/** Runs `tasks` with at most `width` in flight. */
async function inBatches<T>(
  items: readonly T[],
  width: number,
  task: (item: T) => Promise<unknown>,
): Promise<void> {
  for (let i = 0; i < items.length; i += width) await Promise.all(items.slice(i, i + width).map(task));
}

/** The hostile tenant's namespace, Secrets and watches (its labels and annotations included). */
async function createHostileTenant(
  space: TestSpace,
  hostile: HostileTenant,
  endpoint: string,
): Promise<void> {
  await kube(space.kc, 'POST', '/api/v1/namespaces', { metadata: { name: hostile.namespace } });
  const own: TestSpace = { ...space, namespace: hostile.namespace };
  for (const secret of hostile.secrets) await putSecret(own, secret.name, secret.credential);
  for (const watch of hostile.watches) {
    await kubeRequestOk(
      space.kc,
      'POST',
      `/apis/${GROUP}/${VERSION}/namespaces/${hostile.namespace}/${PLURAL}`,
      {
        apiVersion: `${GROUP}/${VERSION}`,
        kind: KIND,
        metadata: {
          name: watch.name,
          labels: { ...watch.labels, [TEST_LABEL]: space.run },
          annotations: watch.annotations,
        },
        spec: { ...watch.spec, endpoint },
      },
    );
  }
}

export async function setUpWorld(profile: ChaosProfile, log: (line: string) => void): Promise<ChaosWorld> {
  const [cp] = await Promise.all([startControlPlane(), ensureOperatorBuilt()]);
  const partial: Partial<ChaosWorld> = { cp };
  try {
    log(`control plane ${cp.version} at ${cp.server}`);
    const kc = adminKubeConfig(cp.kubeconfigPath);
    await installCrd(kc);
    await applyOperatorRbac(kc);
    const sa = operatorServiceAccount();
    const saKubeconfig = await cp.mintServiceAccountKubeconfig(sa.namespace, sa.name);
    const alibaba = await createTestSpace(kc, `chaos-${profile.name}`);
    // One namespace per cloud; the first is the test space itself.
    const suffixes: Record<Exclude<Cloud, 'alibaba'>, string> = {
      huawei: 'hw',
      aws: 'aws',
      google: 'gc',
      azure: 'az',
    };
    const namespaces: Record<Cloud, TestSpace> = {
      alibaba,
      huawei: alibaba,
      aws: alibaba,
      google: alibaba,
      azure: alibaba,
    };
    for (const [cloud, suffix] of Object.entries(suffixes) as [Exclude<Cloud, 'alibaba'>, string][]) {
      namespaces[cloud] = { ...alibaba, namespace: `${alibaba.namespace}-${suffix}` };
      await kube(kc, 'POST', '/api/v1/namespaces', { metadata: { name: namespaces[cloud].namespace } });
    }
    const huawei = namespaces.huawei;

    const fleet = buildFleet(profile);
    const hostile = buildHostileTenant(fleet, {
      alibaba: alibaba.namespace,
      huawei: huawei.namespace,
      hostile: `${alibaba.namespace}-hostile`,
    });
    // Every cloud's module; the bearer clouds' issued access tokens join the secret scan.
    const clouds = (await loadCloudModules()).map((cloud) =>
      recordingTokens(cloud, (token) => fleet.secretValues.push(token)),
    );
    const sim = await startSimulator({
      clouds,
      scenario: {
        credentials: fleet.credentials.map((c) => c.accepted),
        // The keyless watches' ServiceAccount tokens are verified against this control plane's JWKS.
        workloadIdentity: kubeTrust(
          kc,
          Object.values(namespaces).map((space) => subjectOf(space.namespace, KEYLESS_SERVICE_ACCOUNT)),
        ),
      },
      seed: profile.seed,
      // Keyless exchanges: every token received and key issued joins the secret scan.
      onSecret: (value) => fleet.secretValues.push(value),
    });
    partial.sim = sim;
    for (const credential of fleet.credentials)
      await putSecretData(namespaces[credential.cloud], credential.secretName, secretData(credential.given));
    for (const space of Object.values(namespaces))
      await createServiceAccount(kc, space, KEYLESS_SERVICE_ACCOUNT);

    const recorder = new StatusRecorder(kc);
    await recorder.start();
    partial.recorder = recorder;
    const leaseName = `chaos-${alibaba.run}`;
    const lease = new LeaseWatch(kc, sa.namespace, leaseName);
    lease.start();
    partial.lease = lease;
    const replicas = new ReplicaSet({
      kubeconfig: saKubeconfig,
      selector: alibaba.selector,
      leaseNamespace: sa.namespace,
      leaseName,
      log,
    });
    partial.replicas = replicas;
    await replicas.start(profile.replicas);
    await eventually('a first leader', () => replicas.leader(kc), 60_000, 250);

    // Timelines start when a cluster is put; faults are armed before the first poll; CRs follow.
    for (const watch of fleet.watches) {
      sim.admin.putCluster(watch.provider, watch.clusterID, {
        timeline: watch.timeline.map((entry) => ({
          ...(entry.durationMs !== undefined ? { duration: `${entry.durationMs}ms` } : {}),
          state: entry.state,
        })),
        ...simPlacement(watch.provider),
      });
    }
    const armedFaultsById = new Map<string, ArmedFault>();
    for (const fault of armedFaults(profile.faults)) {
      const { name: _name, ...spec } = fault;
      armedFaultsById.set(sim.admin.addFault(spec).id, fault);
    }
    await inBatches(fleet.watches, 8, (watch) =>
      createWatch(namespaces[watch.cloud], watch.name, specOf(watch, sim.url, profile)),
    );
    await createHostileTenant(alibaba, hostile, sim.url);
    log(
      `${fleet.watches.length} watches created, ${fleet.credentials.length} Secrets, ${armedFaultsById.size} faults armed; ` +
        `hostile tenant: ${hostile.watches.length} watches, ${hostile.secrets.length} Secrets`,
    );
    return {
      profile,
      log,
      cp,
      kc,
      namespaces,
      sim,
      fleet,
      hostile,
      recorder,
      lease,
      replicas,
      armedFaultsById,
      outages: [],
      kills: [],
    };
  } catch (error) {
    await tearDownWorld(partial);
    throw error;
  }
}

/** Stops whatever exists; never throws (a failing run still cleans up every process). */
export async function tearDownWorld(world: Partial<ChaosWorld>): Promise<void> {
  const quietly = async (step: () => Promise<unknown> | unknown): Promise<void> => {
    try {
      await step();
    } catch {
      // keep tearing down
    }
  };
  await quietly(() => world.replicas?.stopAll());
  await quietly(() => stopAllOperators());
  await quietly(() => world.lease?.stop());
  await quietly(() => world.recorder?.stop());
  await quietly(() => world.sim?.stop());
  await quietly(() => world.cp?.stop());
}
