// startControlPlane(): a real upstream kube-apiserver + etcd on loopback, for
// integration tests and the demo. Everything lives in one temp dir that stop()
// (or process exit) removes.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { KubeConfig } from '@kubernetes/client-node';
import { ApiServer } from './apiserver.js';
import { locateBinaries, type LocateOptions } from './binaries.js';
import { removeDirOnExit } from './cleanup.js';
import { writeCredentials } from './credentials.js';
import { startEtcd, type RunningEtcd } from './etcd.js';
import { adminKubeconfigFile, loadKubeConfig, writeKubeconfig } from './kubeconfig.js';
import { mintServiceAccountKubeconfig, type MintOptions } from './serviceaccount.js';
import { defaultTimings, type Timings } from './timings.js';

export { ControlPlaneError } from './errors.js';
export { locateBinaries, pinnedVersions } from './binaries.js';
export { mintServiceAccountKubeconfig, type MintOptions } from './serviceaccount.js';
export { loadKubeConfig } from './kubeconfig.js';
export type { Timings } from './timings.js';

interface ControlPlaneOptions {
  /** Parent of the work dir (default: the OS temp dir). */
  tmpRoot?: string;
  timings?: Partial<Timings>;
  binaries?: LocateOptions;
  /** Extra kube-apiserver flags (e.g. --feature-gates=...). */
  apiServerArgs?: string[];
}

export interface ControlPlane {
  /** Admin kubeconfig (static token, group system:masters). */
  kubeconfigPath: string;
  kubeConfig: KubeConfig;
  /** kube-apiserver gitVersion, e.g. "v1.37.2". */
  version: string;
  etcdVersion: string;
  server: string;
  /** Work dir holding logs, etcd data, certs and kubeconfigs. */
  dir: string;
  logs: { apiServer: string; etcd: string };
  pids(): { apiServer?: number; etcd?: number };
  /** Restarts kube-apiserver on the same port, keeping etcd and its data. */
  restartApiServer(): Promise<void>;
  /** Kills both processes and removes the work dir; idempotent. */
  stop(): Promise<void>;
  mintServiceAccountKubeconfig(namespace: string, name: string, opts?: MintOptions): Promise<string>;
}

export async function startControlPlane(opts: ControlPlaneOptions = {}): Promise<ControlPlane> {
  const timings = { ...defaultTimings, ...opts.timings };
  const binaries = await locateBinaries(opts.binaries);
  const dir = mkdtempSync(join(opts.tmpRoot ?? tmpdir(), 'upgradewatch-cp-'));
  const unregisterDir = removeDirOnExit(dir);
  const credentials = writeCredentials(dir);
  let etcd: RunningEtcd | undefined;
  let apiServer: ApiServer | undefined;

  const stopProcesses = async (): Promise<void> => {
    await apiServer?.stop();
    await etcd?.stop();
  };

  try {
    etcd = await startEtcd({ binary: binaries.etcd, dir, timings });
    apiServer = new ApiServer({
      binary: binaries.kubeApiServer,
      dir,
      etcdURL: etcd.clientURL,
      credentials,
      timings,
      extraArgs: opts.apiServerArgs,
    });
    await apiServer.start();
  } catch (err) {
    await stopProcesses();
    // Keep the logs for diagnosis (their paths are in the error); drop the rest.
    unregisterDir();
    rmSync(join(dir, 'etcd-data'), { recursive: true, force: true });
    throw err;
  }

  const api = apiServer;
  const endpoint = api.endpoint;
  const kubeconfigPath = writeKubeconfig(
    adminKubeconfigFile(join(dir, 'admin.kubeconfig'), endpoint, credentials.adminUser),
  );
  const kubeConfig = loadKubeConfig(kubeconfigPath);
  const runningEtcd = etcd;
  let stopped: Promise<void> | undefined;

  return {
    kubeconfigPath,
    kubeConfig,
    version: await api.version(),
    etcdVersion: runningEtcd.version,
    server: endpoint.server,
    dir,
    logs: { apiServer: api.logPath, etcd: runningEtcd.process.logPath },
    pids: () => ({
      apiServer: api.pid,
      etcd: runningEtcd.process.running ? runningEtcd.process.pid : undefined,
    }),
    restartApiServer: () => api.restart(),
    stop: () => {
      stopped ??= (async () => {
        await stopProcesses();
        rmSync(dir, { recursive: true, force: true });
        unregisterDir();
      })();
      return stopped;
    },
    mintServiceAccountKubeconfig: (namespace, name, mintOpts) =>
      mintServiceAccountKubeconfig(kubeConfig, dir, namespace, name, mintOpts),
  };
}
