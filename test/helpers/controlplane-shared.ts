// The control plane shared by the whole integration run (started by jest
// globalSetup). Tests that must restart or stop kube-apiserver start their own
// with startControlPlane() instead.
import { readFileSync } from 'node:fs';
import type { KubeConfig } from '@kubernetes/client-node';
import {
  loadKubeConfig,
  mintServiceAccountKubeconfig,
  type ControlPlane,
  type MintOptions,
} from '../../src/controlplane/index.js';

declare global {
  /** Set by globalSetup, read by globalTeardown (same jest process). */
  var __upgradewatchControlPlane: ControlPlane | undefined;
}

/** Env var holding the path of the JSON file described by SharedControlPlaneInfo. */
export const SHARED_INFO_ENV = 'UPGRADEWATCH_TEST_CONTROLPLANE';
/** Env var holding the admin kubeconfig path of the shared control plane. */
export const SHARED_KUBECONFIG_ENV = 'UPGRADEWATCH_TEST_KUBECONFIG';

export interface SharedControlPlaneInfo {
  kubeconfigPath: string;
  server: string;
  version: string;
  etcdVersion: string;
  /** Work dir; files written here are removed at teardown. */
  dir: string;
  pids: { apiServer?: number; etcd?: number };
}

export function sharedControlPlaneInfo(): SharedControlPlaneInfo {
  const file = process.env[SHARED_INFO_ENV];
  if (!file)
    throw new Error(
      `${SHARED_INFO_ENV} is not set: is the jest globalSetup controlplane-global-setup.ts configured?`,
    );
  return JSON.parse(readFileSync(file, 'utf8')) as SharedControlPlaneInfo;
}

/** A fresh admin KubeConfig for the shared control plane. */
export function sharedKubeConfig(): KubeConfig {
  return loadKubeConfig(sharedControlPlaneInfo().kubeconfigPath);
}

/** Kubeconfig path for a ServiceAccount of the shared control plane (no RBAC granted). */
export function mintSharedServiceAccountKubeconfig(
  namespace: string,
  name: string,
  opts?: MintOptions,
): Promise<string> {
  return mintServiceAccountKubeconfig(
    sharedKubeConfig(),
    sharedControlPlaneInfo().dir,
    namespace,
    name,
    opts,
  );
}
