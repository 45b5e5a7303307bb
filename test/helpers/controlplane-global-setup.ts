// jest globalSetup: starts ONE control plane for the integration run and
// publishes it to the test workers through env vars (see controlplane-shared.ts).
import Module from 'node:module';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { SharedControlPlaneInfo } from './controlplane-shared.js';

// jest require()s globalSetup as CommonJS (transpiled by its transformer, but
// without moduleNameMapper), so the ESM-style `./x.js` specifiers of our
// sources do not find their `./x.ts` files. Let require() fall back from a
// missing relative `.js` to the `.ts` source (nothing that resolves today
// changes), and load project modules with dynamic import() below, which the
// transformer turns into require() calls made after this runs.
type ResolveFilename = (this: unknown, request: string, ...rest: unknown[]) => string;
const loader = Module as unknown as { _resolveFilename: ResolveFilename; __upgradewatchTsFallback?: true };
if (!loader.__upgradewatchTsFallback) {
  loader.__upgradewatchTsFallback = true;
  const resolve = loader._resolveFilename;
  loader._resolveFilename = function (this: unknown, request: string, ...rest: unknown[]): string {
    try {
      return resolve.call(this, request, ...rest);
    } catch (err) {
      if (!/^\.\.?\/.*\.js$/.test(request)) throw err;
      return resolve.call(this, `${request.slice(0, -3)}.ts`, ...rest);
    }
  };
}

export default async function setup(): Promise<void> {
  const { startControlPlane } = await import('../../src/controlplane/index.js');
  const { SHARED_INFO_ENV, SHARED_KUBECONFIG_ENV } = await import('./controlplane-shared.js');
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
