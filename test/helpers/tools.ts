// Where scripts/tools/*.sh install the external tools the tests run (one definition, shared
// by the packaging tests and the integration harness).
import { accessSync, constants } from 'node:fs';
import { homedir } from 'node:os';
import { join } from 'node:path';

/** scripts/tools/lib.sh's tools_bin_dir: $UPGRADEWATCH_TOOLS_BIN, else <cache>/tools/bin. */
export function toolsBinDir(): string {
  if (process.env.UPGRADEWATCH_TOOLS_BIN) return process.env.UPGRADEWATCH_TOOLS_BIN;
  const cache = process.env.UPGRADEWATCH_CACHE ?? join(homedir(), '.cache', 'upgradewatch');
  return join(cache, 'tools', 'bin');
}

export function isExecutable(path: string): boolean {
  try {
    accessSync(path, constants.X_OK);
    return true;
  } catch {
    return false;
  }
}

/**
 * The tool as installed by its installer in the tools cache, and nowhere else: a test that
 * promises this tool must run the pinned build, not whatever happens to be on PATH. Throws
 * (a test failure, never a skip) with the install command when it is absent.
 */
export function cachedToolPath(name: string, installer: string): string {
  const path = join(toolsBinDir(), name);
  if (isExecutable(path)) return path;
  throw new Error(`${name} is not installed at ${path}: run scripts/setup.sh (or bash ${installer})`);
}
