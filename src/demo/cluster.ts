// The Kubernetes cluster the demo runs against: a local control plane it starts (the default), or
// a cluster the user already has (`--kubeconfig PATH`: kind, minikube, a dev cluster). Each kind
// knows how to install the CRD there and how to leave the cluster as it found it.

import { existsSync } from 'node:fs';
import type { KubeConfig } from '@kubernetes/client-node';
import { loadKubeConfig, startControlPlane } from '../controlplane/index.js';
import { kubeRequestOk } from '../devkit/kube-rest.js';
import {
  crdPath,
  getIfExists,
  installCrd,
  KubeRequestError,
  remove,
  removeAndWait,
  secretsPath,
  watchesPath,
} from './kube.js';
import { keylessServiceAccounts, serviceAccountsPath } from './keyless.js';
import { DEMO_LABELS, DEMO_NAMESPACE, DEMO_SAMPLES, SECRET_NAMES } from './samples.js';

export interface DemoCluster {
  kubeConfig: KubeConfig;
  kubeconfigPath: string;
  /** The kubectl command that watches the demo's watches alongside it. */
  watchCommand: string;
  /** Header lines describing the cluster. */
  describe(): string[];
  /** What `cleanUp` stops or removes, for the "stopping …" line. */
  cleanUpLabel: string;
  /** Installs the ClusterUpgradeWatch CRD from `crdFile`. */
  installCrd(crdFile: string): Promise<void>;
  /** Stops what the demo started there, or removes what it created there. */
  cleanUp(): Promise<void>;
}

/** A fresh local kube-apiserver + etcd, stopped (work dir and all) at the end. */
export async function startLocalCluster(): Promise<DemoCluster> {
  const cp = await startControlPlane();
  return {
    kubeConfig: cp.kubeConfig,
    kubeconfigPath: cp.kubeconfigPath,
    watchCommand: `export KUBECONFIG=${cp.kubeconfigPath}; kubectl get cuw -A -w`,
    describe() {
      const pids = cp.pids();
      return [
        `  control plane:   kube-apiserver ${cp.version} pid ${pids.apiServer ?? '-'}, etcd ${cp.etcdVersion} pid ${pids.etcd ?? '-'}, dir ${cp.dir}`,
      ];
    },
    cleanUpLabel: 'control plane',
    installCrd: (crdFile) => installCrd(cp.kubeConfig, crdFile, { force: true }),
    cleanUp: () => cp.stop(),
  };
}

const DEMO_LABEL = Object.entries(DEMO_LABELS)[0] as [string, string];

interface NamespaceObject {
  metadata?: { labels?: Record<string, string>; deletionTimestamp?: string };
}

/** Why the demo will not use the namespace, or undefined when it may. */
export function namespaceRefusal(namespace: NamespaceObject | undefined): string | undefined {
  if (namespace === undefined) return undefined;
  if (namespace.metadata?.deletionTimestamp) {
    return `namespace ${DEMO_NAMESPACE} is still being deleted (from an earlier demo?); try again when it is gone`;
  }
  const [key, value] = DEMO_LABEL;
  if (namespace.metadata?.labels?.[key] !== value) {
    return `namespace ${DEMO_NAMESPACE} exists and was not created by the demo (no label ${key}=${value}); the demo deletes its namespace on exit, so it will not use this one`;
  }
  return undefined;
}

/**
 * A cluster the user already has. The demo checks it can reach it and may use the namespace,
 * remembers whether the CRD was there, and on exit deletes its watches, Secrets, ServiceAccounts and namespace,
 * and the CRD only when it installed it.
 */
export async function connectExistingCluster(kubeconfigPath: string): Promise<DemoCluster> {
  if (!existsSync(kubeconfigPath)) throw new Error(`kubeconfig ${kubeconfigPath} does not exist`);
  const kc = loadKubeConfig(kubeconfigPath);
  const server = kc.getCurrentCluster()?.server ?? '(no server)';
  const version = (await kubeRequestOk(kc, 'GET', '/version').catch((error: unknown) => {
    const reason = error instanceof Error ? error.message : String(error);
    throw new Error(`cannot reach the cluster of ${kubeconfigPath} (${server}): ${reason}`);
  })) as { gitVersion?: string };
  const refusal = namespaceRefusal(
    (await getIfExists(kc, `/api/v1/namespaces/${DEMO_NAMESPACE}`)) as NamespaceObject | undefined,
  );
  if (refusal) throw new Error(refusal);
  const crdExisted = (await getIfExists(kc, crdPath)) !== undefined;
  let crdInstalled = false;
  return {
    kubeConfig: kc,
    kubeconfigPath,
    watchCommand: `kubectl --kubeconfig ${kubeconfigPath} get cuw -n ${DEMO_NAMESPACE} -w`,
    describe: () => [
      `  cluster:         ${server} (Kubernetes ${version.gitVersion ?? '?'}, context ${kc.getCurrentContext()})`,
      `  on exit:         deletes namespace ${DEMO_NAMESPACE}` +
        (crdExisted ? '; the CRD was there before and stays' : ' and the CRD it installed'),
    ],
    cleanUpLabel: `namespace ${DEMO_NAMESPACE}${crdExisted ? '' : ' and the CRD'} in the cluster`,
    async installCrd(crdFile) {
      try {
        // Never take fields of a CRD someone else installed: same values co-own, others conflict.
        crdInstalled = !crdExisted; // set first: a CRD whose install failed half-way goes too
        await installCrd(kc, crdFile, { force: !crdExisted });
      } catch (error) {
        if (error instanceof KubeRequestError && error.status === 409) {
          throw new Error(
            `the cluster's ClusterUpgradeWatch CRD differs from this checkout's (${error.message}); ` +
              'the demo does not change a CRD it did not install',
          );
        }
        throw error;
      }
    },
    async cleanUp() {
      // Objects first: a cluster without a namespace controller (the project's local control
      // plane) would otherwise keep them in a terminating namespace.
      await remove(kc, watchesPath(DEMO_NAMESPACE));
      for (const name of Object.values(SECRET_NAMES))
        await remove(kc, `${secretsPath(DEMO_NAMESPACE)}/${name}`);
      for (const name of keylessServiceAccounts(DEMO_SAMPLES))
        await remove(kc, `${serviceAccountsPath(DEMO_NAMESPACE)}/${name}`);
      await remove(kc, `/api/v1/namespaces/${DEMO_NAMESPACE}`);
      if (crdInstalled) await removeAndWait(kc, crdPath);
    },
  };
}
