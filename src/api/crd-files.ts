// Where the generated CRD ships and how its files are brought in line (docs/reference.md#packaging):
// crds/ (the source of truth), the Helm chart (installed by `helm install`) and the kustomize
// base (kustomize loads nothing from outside deploy/). All three must be byte for byte
// renderCrdYaml(); any other YAML there is a CRD that no longer exists and must go.

import { existsSync, mkdirSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { CRD_FILE, renderCrdYaml } from './crd.js';

/** The three directories that carry the CRD, relative to the repository root. */
export const CRD_DIRS = ['crds', 'charts/upgradewatch/crds', 'deploy/crds'] as const;

interface CrdFileChange {
  /** Path relative to the repository root. */
  path: string;
  change: 'differs' | 'missing' | 'extra';
}

/** What differs from the generator's output under `root` (empty when all is in sync). */
export function staleCrdFiles(root: string, text = renderCrdYaml()): CrdFileChange[] {
  const changes: CrdFileChange[] = [];
  for (const dir of CRD_DIRS) {
    const path = `${dir}/${CRD_FILE}`;
    const file = join(root, path);
    if (!existsSync(file)) changes.push({ path, change: 'missing' });
    else if (readFileSync(file, 'utf8') !== text) changes.push({ path, change: 'differs' });
    const others = existsSync(join(root, dir)) ? readdirSync(join(root, dir)) : [];
    for (const name of others.filter((n) => n.endsWith('.yaml') && n !== CRD_FILE).sort()) {
      changes.push({ path: `${dir}/${name}`, change: 'extra' });
    }
  }
  return changes;
}

/** Writes the generated CRD into the three directories and removes extra YAML; returns what changed. */
export function writeCrdFiles(root: string): CrdFileChange[] {
  const text = renderCrdYaml();
  const changes = staleCrdFiles(root, text);
  for (const { path, change } of changes) {
    if (change === 'extra') {
      rmSync(join(root, path));
    } else {
      mkdirSync(join(root, path, '..'), { recursive: true });
      writeFileSync(join(root, path), text);
    }
  }
  return changes;
}
