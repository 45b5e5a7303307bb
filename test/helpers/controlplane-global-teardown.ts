// jest globalTeardown: stops the shared control plane. Falls back to the pids
// recorded in the info file if the handle is gone.
import { readFileSync, rmSync } from 'node:fs';
import type { SharedControlPlaneInfo } from './controlplane-shared.js';

// Same as SHARED_INFO_ENV in controlplane-shared.ts; only type imports here, because jest
// loads this file outside its module system (see controlplane-global-setup.ts).
const SHARED_INFO_ENV = 'UPGRADEWATCH_TEST_CONTROLPLANE';

/** Guards against pid reuse: only kill what still is our etcd/kube-apiserver. */
function isControlPlaneProcess(pid: number): boolean {
  try {
    return /kube-apiserver|etcd/.test(readFileSync(`/proc/${pid}/cmdline`, 'utf8'));
  } catch {
    return false;
  }
}

export default async function teardown(): Promise<void> {
  const cp = globalThis.__upgradewatchControlPlane;
  globalThis.__upgradewatchControlPlane = undefined;
  if (cp) {
    await cp.stop();
    return;
  }
  const file = process.env[SHARED_INFO_ENV];
  if (!file) return;
  try {
    const info = JSON.parse(readFileSync(file, 'utf8')) as SharedControlPlaneInfo;
    for (const pid of [info.pids.apiServer, info.pids.etcd]) {
      if (pid && isControlPlaneProcess(pid)) {
        try {
          process.kill(pid, 'SIGKILL');
        } catch {
          // already gone
        }
      }
    }
    rmSync(info.dir, { recursive: true, force: true });
  } catch {
    // nothing to clean up
  }
}
