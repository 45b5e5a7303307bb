// jest globalSetup: starts ONE control plane for the integration run and
// publishes it to the test workers through env vars (see controlplane-shared.ts).
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import type { SharedControlPlaneInfo } from './controlplane-shared.js';

// jest loads globalSetup outside its module system: a dynamic import() here goes to Node's own
// ESM loader, which cannot load our `.ts` sources. So the integration run builds `dist/` first
// (`npm run test:integration` runs `npm run build`) and this file uses the compiled control plane.
// Only type imports from src/ and test/ appear above; the env names repeat controlplane-shared.ts.
const SHARED_INFO_ENV = 'UPGRADEWATCH_TEST_CONTROLPLANE';
const SHARED_KUBECONFIG_ENV = 'UPGRADEWATCH_TEST_KUBECONFIG';

export default async function setup(globalConfig: { rootDir: string }): Promise<void> {
  const compiled = pathToFileURL(join(globalConfig.rootDir, 'dist/controlplane/index.js')).href;
  const { startControlPlane } = (await import(compiled)) as typeof import('../../src/controlplane/index.js');
  const began = Date.now();
  const cp = await startControlPlane();
  globalThis.__upgradewatchControlPlane = cp;
  const info: SharedControlPlaneInfo = {
    kubeconfigPath: cp.kubeconfigPath,
    server: cp.server,
    version: cp.version,
    etcdVersion: cp.etcdVersion,
    dir: cp.dir,
    pids: cp.pids(),
  };
  const file = join(cp.dir, 'shared-controlplane.json');
  writeFileSync(file, JSON.stringify(info, null, 2));
  process.env[SHARED_INFO_ENV] = file;
  process.env[SHARED_KUBECONFIG_ENV] = cp.kubeconfigPath;
  process.stdout.write(
    `\nkube-apiserver ${cp.version}, etcd ${cp.etcdVersion} (ready in ${Date.now() - began}ms at ${cp.server})\n`,
  );
}
