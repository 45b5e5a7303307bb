// Finds kube-apiserver and etcd: KUBEBUILDER_ASSETS, else the build cache of
// scripts/controlplane/ensure.sh, else runs ensure.sh to build them.
import { spawn } from 'node:child_process';
import { accessSync, constants, readFileSync } from 'node:fs';
import { homedir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

interface Binaries {
  dir: string;
  kubeApiServer: string;
  etcd: string;
}

export interface LocateOptions {
  env?: NodeJS.ProcessEnv;
  /** Directory holding ensure.sh and versions.env. */
  scriptsDir?: string;
  /** Build when missing (default true); false throws instead. */
  build?: boolean;
  /** Where ensure.sh's progress output goes (default: this process's stderr). */
  onBuildOutput?: (chunk: string) => void;
}

/** src/controlplane and dist/controlplane are both two levels below the repo root. */
const defaultScriptsDir = resolve(dirname(fileURLToPath(import.meta.url)), '../../scripts/controlplane');

function isExecutable(path: string): boolean {
  try {
    accessSync(path, constants.X_OK);
    return true;
  } catch {
    return false;
  }
}

function binariesIn(dir: string): Binaries | undefined {
  const b = { dir, kubeApiServer: join(dir, 'kube-apiserver'), etcd: join(dir, 'etcd') };
  return isExecutable(b.kubeApiServer) && isExecutable(b.etcd) ? b : undefined;
}

/** Pinned versions from versions.env (KUBERNETES_VERSION, ETCD_VERSION). */
export function pinnedVersions(scriptsDir = defaultScriptsDir): { kubernetes: string; etcd: string } {
  const text = readFileSync(join(scriptsDir, 'versions.env'), 'utf8');
  const get = (key: string): string => {
    const m = new RegExp(`^${key}=(\\S+)`, 'm').exec(text);
    if (!m?.[1]) throw new Error(`${key} missing in ${scriptsDir}/versions.env`);
    return m[1];
  };
  return { kubernetes: get('KUBERNETES_VERSION'), etcd: get('ETCD_VERSION') };
}

/** The cache directory ensure.sh builds into (it may not exist yet). */
function cacheDir(env: NodeJS.ProcessEnv = process.env, scriptsDir = defaultScriptsDir): string {
  const root = env.UPGRADEWATCH_CACHE || join(env.HOME || homedir(), '.cache', 'upgradewatch');
  const v = pinnedVersions(scriptsDir);
  return join(root, 'controlplane', `${v.kubernetes}-${v.etcd}`);
}

function runEnsure(
  scriptsDir: string,
  env: NodeJS.ProcessEnv,
  onOutput: (s: string) => void,
): Promise<string> {
  return new Promise((resolvePromise, reject) => {
    const child = spawn('bash', [join(scriptsDir, 'ensure.sh')], { env, stdio: ['ignore', 'pipe', 'pipe'] });
    let out = '';
    child.stdout.setEncoding('utf8').on('data', (s: string) => (out += s));
    child.stderr.setEncoding('utf8').on('data', onOutput);
    child.once('error', reject);
    child.once('close', (code) => {
      const last = out.trim().split('\n').pop() ?? '';
      if (code === 0 && last) resolvePromise(last);
      else reject(new Error(`scripts/controlplane/ensure.sh failed with code ${code}`));
    });
  });
}

export async function locateBinaries(opts: LocateOptions = {}): Promise<Binaries> {
  const env = opts.env ?? process.env;
  const scriptsDir = opts.scriptsDir ?? defaultScriptsDir;
  if (env.KUBEBUILDER_ASSETS) {
    const found = binariesIn(env.KUBEBUILDER_ASSETS);
    if (found) return found;
  }
  const cached = binariesIn(join(cacheDir(env, scriptsDir), 'bin'));
  if (cached) return cached;
  if (opts.build === false) {
    throw new Error('control plane binaries not built; run: bash scripts/controlplane/ensure.sh');
  }
  const onOutput = opts.onBuildOutput ?? ((s: string) => process.stderr.write(s));
  const dir = await runEnsure(scriptsDir, env, onOutput);
  const built = binariesIn(join(dir, 'bin')) ?? binariesIn(dir);
  if (!built) throw new Error(`ensure.sh printed ${dir} but it holds no kube-apiserver/etcd`);
  return built;
}
