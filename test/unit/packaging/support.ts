// Shared helpers of the packaging tests: where the repository and the external tools are,
// running a tool, and reading multi-document YAML. A missing tool FAILS the test (never
// skips it) with the command that installs it.
import { spawnSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { delimiter, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseAllDocuments } from 'yaml';
import { isExecutable, toolsBinDir } from '../../helpers/tools.js';

export const REPO = fileURLToPath(new URL('../../../', import.meta.url));

export function repoPath(...parts: string[]): string {
  return join(REPO, ...parts);
}

export function readRepoFile(...parts: string[]): string {
  return readFileSync(repoPath(...parts), 'utf8');
}

/** Tool name → the installer that provides it. */
const INSTALLERS: Record<string, string> = {
  helm: 'scripts/tools/install-helm.sh',
  promtool: 'scripts/tools/install-promtool.sh',
  prometheus: 'scripts/tools/install-prometheus.sh',
  kustomize: 'scripts/tools/install-kustomize.sh',
  'lua5.4': 'scripts/tools/install-lua.sh',
  'lua5.1': 'scripts/tools/install-lua.sh',
};

/** The tools cache of scripts/tools/*.sh, then PATH. Throws (test failure) when absent. */
export function toolPath(name: string): string {
  const candidates = [join(toolsBinDir(), name)];
  for (const dir of (process.env.PATH ?? '').split(delimiter)) if (dir) candidates.push(join(dir, name));
  const found = candidates.find(isExecutable);
  if (found) return found;
  const installer = INSTALLERS[name] ?? 'scripts/setup-test.sh';
  throw new Error(
    `${name} is not installed: run scripts/setup-test.sh (or bash ${installer}); looked in ${candidates[0]} and PATH`,
  );
}

export interface RunResult {
  status: number | null;
  stdout: string;
  stderr: string;
}

export function run(
  command: string,
  args: readonly string[],
  opts: { input?: string; cwd?: string } = {},
): RunResult {
  const result = spawnSync(command, args, {
    cwd: opts.cwd ?? REPO,
    input: opts.input,
    encoding: 'utf8',
    maxBuffer: 64 * 1024 * 1024,
    timeout: 60_000,
  });
  if (result.error) throw result.error;
  return { status: result.status, stdout: result.stdout, stderr: result.stderr };
}

/** Runs and throws with the tool's own output when it exits non-zero. */
export function runOk(
  command: string,
  args: readonly string[],
  opts: { input?: string; cwd?: string } = {},
): string {
  const result = run(command, args, opts);
  if (result.status !== 0) {
    throw new Error(
      `${command} ${args.join(' ')} exited ${result.status}:\n${result.stderr}${result.stdout}`,
    );
  }
  return result.stdout;
}

export type KubeObject = {
  apiVersion: string;
  kind: string;
  metadata: { name: string; namespace?: string; labels?: Record<string, string> };
  [key: string]: unknown;
};

/** Every non-empty document of a multi-document YAML stream; a YAML error throws. */
export function parseYamlStream(text: string): KubeObject[] {
  const objects: KubeObject[] = [];
  for (const doc of parseAllDocuments(text)) {
    if (doc.errors.length > 0)
      throw new Error(`invalid YAML: ${doc.errors.map((e) => e.message).join('; ')}`);
    const value = doc.toJS() as KubeObject | null;
    if (value !== null && value !== undefined) objects.push(value);
  }
  return objects;
}

export function findObject(objects: readonly KubeObject[], kind: string, name?: string): KubeObject {
  const found = objects.filter((o) => o.kind === kind && (name === undefined || o.metadata.name === name));
  if (found.length !== 1) {
    throw new Error(
      `expected one ${kind}${name ? ` ${name}` : ''}, found ${found.length} among ${objects.map((o) => `${o.kind}/${o.metadata.name}`).join(', ')}`,
    );
  }
  return found[0] as KubeObject;
}

export const CHART = 'charts/upgradewatch';
export const FULL_VALUES = 'test/fixtures/chart-values-full.yaml';

/** `helm template` of the chart; extra args are passed through (e.g. -f, --set). */
export function helmTemplate(
  args: readonly string[] = [],
  release = 'upgradewatch',
  namespace = 'upgradewatch-system',
): KubeObject[] {
  const helm = toolPath('helm');
  return parseYamlStream(runOk(helm, ['template', release, CHART, '--namespace', namespace, ...args]));
}

export interface PolicyRule {
  apiGroups?: string[];
  resources?: string[];
  verbs?: string[];
  resourceNames?: string[];
}

/** Rules in a canonical form: one entry per (group, resource, verb), sorted. */
export function canonicalRules(rules: readonly PolicyRule[]): string[] {
  const out = new Set<string>();
  for (const rule of rules) {
    for (const group of rule.apiGroups ?? [])
      for (const resource of rule.resources ?? [])
        for (const verb of rule.verbs ?? [])
          out.add(
            `${group || 'core'}/${resource}:${verb}${rule.resourceNames ? `@${[...rule.resourceNames].sort().join(',')}` : ''}`,
          );
  }
  return [...out].sort();
}
