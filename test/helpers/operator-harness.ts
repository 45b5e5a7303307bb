// Harness for the operator integration tests (docs/reference.md#conditions, docs/reference.md#error-classes, docs/reference.md#reconcile-loop, docs/reference.md#security) on the real kube-apiserver
// + etcd and the in-process cloud simulator:
//  - the CRD (server-side applied once) and the RBAC of deploy/rbac/ applied AS SHIPPED, with a
//    ServiceAccount token minted for upgradewatch-system/upgradewatch, so every operator in these
//    tests runs with exactly the permissions the packaging grants (proof the RBAC is sufficient);
//  - a fresh namespace + label per test file (the operator runs cluster-wide with --selector, so
//    the ClusterRole's all-namespace list/watch is exercised too);
//  - the operator as a child process (`node dist/main.js`, built when stale) with captured JSON
//    logs that are appended to a failing test's error; or in-process via startOperator;
//  - a recorder that watches the CRs and keeps every version written (status writes are counted
//    as resourceVersion changes), Events in creation order, Prometheus text parsing.
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdirSync, readdirSync, readFileSync, rmdirSync, statSync, utimesSync, existsSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { Writable } from 'node:stream';
import { KubeConfig } from '@kubernetes/client-node';
import { parseAllDocuments } from 'yaml';
import {
  GROUP,
  KIND,
  PLURAL,
  VERSION,
  type ClusterUpgradeWatch,
  type ClusterUpgradeWatchSpec,
  type Condition,
} from '../../src/api/types.js';
import {
  kubeRequest,
  kubeRequestOk,
  watchCollection,
  type CollectionWatch,
  type KubeResponse,
} from '../../src/devkit/kube-rest.js';
import { parseMetrics, type Sample } from '../../src/devkit/prometheus-text.js';
import { GOOGLE_GKE } from '../../src/providers/names.js';
import {
  accessKeyCredential,
  entraAppCredential,
  googleServiceAccountCredential,
  secretData,
  type SampleCredential,
} from '../../src/providers/sample-credentials.js';
import { SAMPLES } from '../../src/providers/samples.js';
import type { SimCredential } from '../../src/simulator/index.js';
import { sharedControlPlaneInfo } from './controlplane-shared.js';
import { cachedToolPath } from './tools.js';
import type { ExpectedStatus } from './operator-states.js';

export const ROOT = fileURLToPath(new URL('../../', import.meta.url));
export const OPERATOR_NAMESPACE = 'upgradewatch-system';
export const OPERATOR_SA = 'upgradewatch';
export const TEST_LABEL = 'upgradewatch.io/test-run';

/* eslint-disable @typescript-eslint/no-explicit-any -- API bodies are read loosely here */

// ------------------------------------------------------------------ time helpers

export const sleep = (ms: number): Promise<void> => new Promise((resolve) => setTimeout(resolve, ms));

/** Polls `probe` until it returns something other than undefined/false; throws with `what` and the last value. */
export async function eventually<T>(
  what: string,
  probe: () => Promise<T | undefined | false> | T | undefined | false,
  timeoutMs: number,
  intervalMs = 100,
): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  let lastError: unknown;
  for (;;) {
    try {
      const value = await probe();
      if (value !== undefined && value !== false) return value;
    } catch (error) {
      lastError = error;
    }
    if (Date.now() > deadline) {
      const detail = lastError instanceof Error ? ` (last error: ${lastError.message})` : '';
      throw new Error(`timed out after ${timeoutMs} ms waiting for ${what}${detail}`);
    }
    await sleep(intervalMs);
  }
}

// ------------------------------------------------------------------ raw Kubernetes REST

export type { KubeResponse };

export function adminKubeConfig(path = sharedControlPlaneInfo().kubeconfigPath): KubeConfig {
  const kc = new KubeConfig();
  kc.loadFromFile(path);
  return kc;
}

/** One request to the API server; JSON in and out (YAML for apply-patch+yaml bodies). */
export const kube = kubeRequest;
const kubeOk = kubeRequestOk;

// ------------------------------------------------------------------ CRD + RBAC

const CRD_NAME = `${PLURAL}.${GROUP}`;
const FIELD_MANAGER = 'upgradewatch-operator-tests';

export async function installCrd(kc: KubeConfig): Promise<void> {
  const yaml = readFileSync(join(ROOT, 'crds/upgradewatch.io_clusterupgradewatches.yaml'), 'utf8');
  await kubeOk(
    kc,
    'PATCH',
    `/apis/apiextensions.k8s.io/v1/customresourcedefinitions/${CRD_NAME}?fieldManager=${FIELD_MANAGER}&force=true`,
    yaml,
    'application/apply-patch+yaml',
  );
  await eventually(
    'the CRD to be Established',
    async () => {
      const res = await kube(
        kc,
        'GET',
        `/apis/apiextensions.k8s.io/v1/customresourcedefinitions/${CRD_NAME}`,
      );
      const conditions: Condition[] = res.body?.status?.conditions ?? [];
      const ok = (t: string) => conditions.some((c) => c.type === t && c.status === 'True');
      return ok('Established') && ok('NamesAccepted');
    },
    30_000,
  );
  // Established is not quite "served": wait until a list of the resource answers 200.
  await eventually(
    'the CRD to be served',
    async () => (await kube(kc, 'GET', `/apis/${GROUP}/${VERSION}/${PLURAL}?limit=1`)).status === 200,
    30_000,
  );
}

const RBAC_PATHS: Record<string, { base: string; plural: string; namespaced: boolean }> = {
  Namespace: { base: '/api/v1', plural: 'namespaces', namespaced: false },
  ServiceAccount: { base: '/api/v1', plural: 'serviceaccounts', namespaced: true },
  ClusterRole: { base: '/apis/rbac.authorization.k8s.io/v1', plural: 'clusterroles', namespaced: false },
  ClusterRoleBinding: {
    base: '/apis/rbac.authorization.k8s.io/v1',
    plural: 'clusterrolebindings',
    namespaced: false,
  },
  Role: { base: '/apis/rbac.authorization.k8s.io/v1', plural: 'roles', namespaced: true },
  RoleBinding: { base: '/apis/rbac.authorization.k8s.io/v1', plural: 'rolebindings', namespaced: true },
};

/** The objects of deploy/rbac/*.yaml, in file order, exactly as shipped. */
export function rbacObjects(): any[] {
  const dir = join(ROOT, 'deploy/rbac');
  const files = readdirSync(dir)
    .filter((f) => /\.ya?ml$/.test(f))
    .sort();
  if (files.length === 0) throw new Error('deploy/rbac/ holds no YAML files');
  return files.flatMap((file) =>
    parseAllDocuments(readFileSync(join(dir, file), 'utf8'))
      .map((doc) => doc.toJS() as any)
      .filter((obj) => obj && typeof obj === 'object' && obj.kind),
  );
}

/** Server-side applies deploy/rbac/ unchanged (idempotent). */
export async function applyOperatorRbac(kc: KubeConfig): Promise<void> {
  for (const obj of rbacObjects()) {
    const where = RBAC_PATHS[obj.kind];
    if (!where) throw new Error(`deploy/rbac/ holds a ${obj.kind}, which this harness cannot apply`);
    const ns = where.namespaced ? `/namespaces/${obj.metadata.namespace ?? OPERATOR_NAMESPACE}` : '';
    await kubeOk(
      kc,
      'PATCH',
      `${where.base}${ns}/${where.plural}/${obj.metadata.name}?fieldManager=${FIELD_MANAGER}&force=true`,
      obj,
      'application/apply-patch+yaml',
    );
  }
}

/** The ServiceAccount deploy/rbac/ binds (namespace/name read from the YAML, not assumed). */
export function operatorServiceAccount(): { namespace: string; name: string } {
  const sa = rbacObjects().find((obj) => obj.kind === 'ServiceAccount');
  if (!sa) throw new Error('deploy/rbac/ has no ServiceAccount');
  return { namespace: sa.metadata.namespace ?? OPERATOR_NAMESPACE, name: sa.metadata.name };
}

// ------------------------------------------------------------------ namespaces, Secrets, CRs

export interface TestSpace {
  kc: KubeConfig;
  namespace: string;
  /** Label value every CR of this file carries; the operator runs with `--selector`. */
  run: string;
  selector: string;
}

export async function createTestSpace(kc: KubeConfig, prefix: string): Promise<TestSpace> {
  const run = `${prefix}-${Date.now().toString(36)}${Math.floor(Math.random() * 1296).toString(36)}`;
  const namespace = run;
  await kubeOk(kc, 'POST', '/api/v1/namespaces', { metadata: { name: namespace } });
  return { kc, namespace, run, selector: `${TEST_LABEL}=${run}` };
}

export async function deleteTestSpace(space: TestSpace | undefined): Promise<void> {
  if (!space) return;
  await kube(space.kc, 'DELETE', `/api/v1/namespaces/${space.namespace}`).catch(() => undefined);
}

export async function putSecret(space: TestSpace, name: string, credential: SimCredential): Promise<void> {
  await putSecretData(space, name, secretData(accessKeyCredential(credential)));
}

/** Creates or replaces Secret `name` with `data` (base64 values, src/providers/sample-credentials.ts). */
export async function putSecretData(
  space: TestSpace,
  name: string,
  data: Record<string, string>,
): Promise<void> {
  const body = {
    apiVersion: 'v1',
    kind: 'Secret',
    metadata: { name, namespace: space.namespace },
    type: 'Opaque',
    data,
  };
  await kubeOk(
    space.kc,
    'PATCH',
    `/api/v1/namespaces/${space.namespace}/secrets/${name}?fieldManager=${FIELD_MANAGER}&force=true`,
    body,
    'application/apply-patch+yaml',
  );
}

export async function deleteSecret(space: TestSpace, name: string): Promise<void> {
  await kube(space.kc, 'DELETE', `/api/v1/namespaces/${space.namespace}/secrets/${name}`);
}

export type WatchSpec = ClusterUpgradeWatchSpec;

function collection(space: TestSpace): string {
  return `/apis/${GROUP}/${VERSION}/namespaces/${space.namespace}/${PLURAL}`;
}

/** Creates a CR labelled for this space's operator (or for `run`, another operator's selector). */
export async function createWatch(
  space: TestSpace,
  name: string,
  spec: WatchSpec,
  run = space.run,
): Promise<ClusterUpgradeWatch> {
  return kubeOk(space.kc, 'POST', collection(space), {
    apiVersion: `${GROUP}/${VERSION}`,
    kind: KIND,
    metadata: { name, namespace: space.namespace, labels: { [TEST_LABEL]: run } },
    spec,
  });
}

export function selectorFor(run: string): string {
  return `${TEST_LABEL}=${run}`;
}

export async function getWatch(space: TestSpace, name: string): Promise<ClusterUpgradeWatch | undefined> {
  const res = await kube(space.kc, 'GET', `${collection(space)}/${name}`);
  if (res.status === 404) return undefined;
  if (res.status !== 200) throw new Error(`GET ${name} → ${res.status}`);
  return res.body as ClusterUpgradeWatch;
}

/** JSON merge patch of spec (bumps metadata.generation). */
export async function patchSpec(
  space: TestSpace,
  name: string,
  spec: Partial<WatchSpec> | Record<string, unknown>,
): Promise<ClusterUpgradeWatch> {
  return kubeOk(space.kc, 'PATCH', `${collection(space)}/${name}`, { spec }, 'application/merge-patch+json');
}

export async function deleteWatch(space: TestSpace, name: string): Promise<void> {
  await kubeOk(space.kc, 'DELETE', `${collection(space)}/${name}`);
}

/** Polls the CR until `predicate` holds; the error names the last status seen. */
export async function waitForWatch(
  space: TestSpace,
  name: string,
  what: string,
  predicate: (watch: ClusterUpgradeWatch) => boolean,
  timeoutMs: number,
): Promise<ClusterUpgradeWatch> {
  let last: ClusterUpgradeWatch | undefined;
  try {
    return await eventually(
      `${name}: ${what}`,
      async () => {
        last = await getWatch(space, name);
        return last && predicate(last) ? last : undefined;
      },
      timeoutMs,
      150,
    );
  } catch (error) {
    throw new Error(
      `${(error as Error).message}\nlast status of ${name}: ${JSON.stringify(last?.status, null, 1)}`,
    );
  }
}

export function condition(watch: ClusterUpgradeWatch | undefined, type: string): Condition | undefined {
  return watch?.status?.conditions?.find((c) => c.type === type);
}

/** "Ready=True/UpgradeInProgress" style summary of the four conditions. */
export function conditionSummary(watch: ClusterUpgradeWatch | undefined): Record<string, string> {
  const out: Record<string, string> = {};
  for (const type of ['Ready', 'Progressing', 'Stalled', 'Synced']) {
    const c = condition(watch, type);
    out[type] = c ? `${c.status}/${c.reason}` : '(absent)';
  }
  return out;
}

/** Does the status show `expected` (phase, progress, step, steps, versions)? */
export function matchesExpected(watch: ClusterUpgradeWatch, expected: ExpectedStatus): boolean {
  const s = watch.status;
  if (!s || s.phase !== expected.phase) return false;
  if (s.observedGeneration !== watch.metadata.generation) return false;
  if (condition(watch, 'Synced')?.status !== 'True') return false;
  if (expected.progress !== undefined) {
    const [min, max] = Array.isArray(expected.progress)
      ? expected.progress
      : [expected.progress, expected.progress];
    if (s.progress === undefined || s.progress < min || s.progress > max) return false;
  }
  if ('currentStep' in expected && s.currentStep !== expected.currentStep) return false;
  return true;
}

/** Every docs/reference.md#provider-alibabaack … provider-huaweicss detail of `expected` holds (a jest-readable diff on failure). */
export function expectStatus(watch: ClusterUpgradeWatch, expected: ExpectedStatus, label: string): void {
  const s = watch.status ?? {};
  const seen = {
    label,
    phase: s.phase,
    ...('currentStep' in expected ? { currentStep: s.currentStep } : {}),
    ...(expected.steps ? { steps: (s.steps ?? []).map((st) => `${st.name}:${st.phase}`) } : {}),
    ...(expected.fromVersion ? { fromVersion: s.fromVersion } : {}),
    ...(expected.toVersion ? { toVersion: s.toVersion } : {}),
  };
  const want = {
    label,
    phase: expected.phase,
    ...('currentStep' in expected ? { currentStep: expected.currentStep } : {}),
    ...(expected.steps ? { steps: expected.steps } : {}),
    ...(expected.fromVersion ? { fromVersion: expected.fromVersion } : {}),
    ...(expected.toVersion ? { toVersion: expected.toVersion } : {}),
  };
  expect(seen).toEqual(want);
  if (expected.progress !== undefined) {
    const [min, max] = Array.isArray(expected.progress)
      ? expected.progress
      : [expected.progress, expected.progress];
    expect({
      label,
      progress: s.progress,
      inRange: (s.progress ?? -1) >= min && (s.progress ?? -1) <= max,
    }).toEqual({
      label,
      progress: s.progress,
      inRange: true,
    });
  }
  if (expected.message) expect(s.message ?? '').toMatch(expected.message);
  if (expected.progressingReason)
    expect({ label, reason: condition(watch, 'Progressing')?.reason }).toEqual({
      label,
      reason: expected.progressingReason,
    });
}

// ------------------------------------------------------------------ docs/reference.md#conditions table

export type Row = 'Idle' | 'Running' | 'Paused' | 'Succeeded' | 'Failed' | 'Cancelled';

/** The docs/reference.md#conditions row for an upgrade phase (Pending shares Running's row). */
export function rowOfPhase(phase: string | undefined): Row | undefined {
  if (phase === 'Pending') return 'Running';
  return (['Idle', 'Running', 'Paused', 'Succeeded', 'Failed', 'Cancelled'] as const).find(
    (r) => r === phase,
  );
}

const TABLE: Record<Row, Record<'Ready' | 'Progressing' | 'Stalled', string>> = {
  Idle: { Ready: 'True/NoUpgradeInProgress', Progressing: 'False', Stalled: 'False' },
  Running: { Ready: 'True/UpgradeInProgress', Progressing: 'True', Stalled: 'False' },
  Paused: { Ready: 'False/UpgradePaused', Progressing: 'False/UpgradePaused', Stalled: 'False' },
  Succeeded: { Ready: 'True/UpgradeSucceeded', Progressing: 'False', Stalled: 'False' },
  Failed: { Ready: 'False/UpgradeFailed', Progressing: 'False', Stalled: 'True/UpgradeFailed' },
  Cancelled: { Ready: 'True/UpgradeCancelled', Progressing: 'False', Stalled: 'False' },
};

/**
 * The conditions of a successfully polled status against its docs/reference.md#conditions row: "True/Reason" cells
 * must match exactly, bare "True"/"False" cells only in status. Synced must be True, and every
 * condition must carry the generation the status was computed for (status.observedGeneration).
 * Returns a list of mismatches (empty = the row holds).
 */
export function rowMismatches(watch: ClusterUpgradeWatch, row: Row): string[] {
  const problems: string[] = [];
  const want = { ...TABLE[row], Synced: 'True' };
  for (const [type, cell] of Object.entries(want)) {
    const c = condition(watch, type);
    const [status, reason] = cell.split('/');
    if (!c) problems.push(`${type} absent`);
    else if (c.status !== status || (reason !== undefined && c.reason !== reason))
      problems.push(`${type}=${c.status}/${c.reason}, want ${cell}`);
    else if (c.observedGeneration !== watch.status?.observedGeneration)
      problems.push(
        `${type}.observedGeneration=${c.observedGeneration}, want ${watch.status?.observedGeneration}`,
      );
  }
  return problems;
}

// ------------------------------------------------------------------ recording every version

export interface RecordedVersion {
  at: number;
  type: string;
  name: string;
  resourceVersion: string;
  object: ClusterUpgradeWatch;
}

/**
 * Watches the CRs of a test space (server-side watch, reconnecting from the last
 * resourceVersion) and keeps every version: status writes = resourceVersion changes.
 */
export class WatchRecorder {
  readonly versions: RecordedVersion[] = [];
  private watch: CollectionWatch | undefined;

  constructor(private readonly space: TestSpace) {}

  async start(): Promise<void> {
    this.watch = await watchCollection<ClusterUpgradeWatch>(this.space.kc, collection(this.space), {
      onObject: (type, object) => this.push(type, object),
    });
  }

  stop(): void {
    void this.watch?.stop();
  }

  of(name: string): RecordedVersion[] {
    return this.versions.filter((v) => v.name === name);
  }

  /** Versions of `name` after time `since` (ms epoch) whose resourceVersion changed. */
  writesSince(name: string, since: number): RecordedVersion[] {
    return this.of(name).filter((v) => v.at >= since && v.type === 'MODIFIED');
  }

  private push(type: string, object: ClusterUpgradeWatch): void {
    const rv = object.metadata?.resourceVersion ?? '';
    this.versions.push({ at: Date.now(), type, name: object.metadata.name, resourceVersion: rv, object });
  }
}

// ------------------------------------------------------------------ Events

export interface EventSummary {
  reason: string;
  type: string;
  message: string;
  count: number;
}

/** core/v1 Events about `name`, in creation order (name suffix = creation nanos, hex). */
export async function eventsFor(space: TestSpace, name: string): Promise<EventSummary[]> {
  const list = await kubeOk(
    space.kc,
    'GET',
    `/api/v1/namespaces/${space.namespace}/events?fieldSelector=${encodeURIComponent(`involvedObject.name=${name},involvedObject.kind=${KIND}`)}`,
  );
  const items: any[] = list.items ?? [];
  const key = (e: any): bigint => {
    const suffix =
      String(e.metadata?.name ?? '')
        .split('.')
        .pop() ?? '';
    return /^[0-9a-f]+$/.test(suffix) ? BigInt(`0x${suffix}`) : 0n;
  };
  // firstTimestamp has one-second resolution; the recorder's names carry creation nanos.
  items.sort((a, b) => {
    const ka = key(a);
    const kb = key(b);
    if (ka !== 0n && kb !== 0n && ka !== kb) return ka < kb ? -1 : 1;
    const ta = Date.parse(a.firstTimestamp ?? a.eventTime ?? a.metadata?.creationTimestamp ?? 0);
    const tb = Date.parse(b.firstTimestamp ?? b.eventTime ?? b.metadata?.creationTimestamp ?? 0);
    return ta - tb;
  });
  return items.map((e) => ({
    reason: e.reason,
    type: e.type,
    message: e.message ?? '',
    count: e.count ?? 1,
  }));
}

// ------------------------------------------------------------------ kubectl

/** The pinned kubectl of scripts/tools/install-kubectl.sh; throws (test failure) when absent. */
export function kubectlPath(): string {
  return cachedToolPath('kubectl', 'scripts/tools/install-kubectl.sh');
}

export function runCommand(
  command: string,
  args: string[],
  timeoutMs = 30_000,
  env?: NodeJS.ProcessEnv,
): Promise<{ code: number | null; stdout: string; stderr: string }> {
  return new Promise((resolve, reject) => {
    const child = spawn(command, args, { stdio: ['ignore', 'pipe', 'pipe'], ...(env ? { env } : {}) });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (c: Buffer) => (stdout += c.toString()));
    child.stderr.on('data', (c: Buffer) => (stderr += c.toString()));
    const timer = setTimeout(() => child.kill('SIGKILL'), timeoutMs);
    child.on('error', reject);
    child.on('close', (code) => {
      clearTimeout(timer);
      resolve({ code, stdout, stderr });
    });
  });
}

// ------------------------------------------------------------------ building dist/

function newestMtime(dir: string): number {
  let newest = 0;
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) newest = Math.max(newest, newestMtime(path));
    else if (entry.name.endsWith('.ts')) newest = Math.max(newest, statSync(path).mtimeMs);
  }
  return newest;
}

export const DIST_MAIN = join(ROOT, 'dist/main.js');

/**
 * `npm run build` (tsc -p tsconfig.build.json) when dist/main.js is missing or older than any
 * src/*.ts; a lock directory keeps two jest runs from building at once.
 */
export async function ensureOperatorBuilt(): Promise<void> {
  const stale = (): boolean =>
    !existsSync(DIST_MAIN) || statSync(DIST_MAIN).mtimeMs < newestMtime(join(ROOT, 'src'));
  if (!stale()) return;
  const lock = join(tmpdir(), 'upgradewatch-operator-build.lock');
  const deadline = Date.now() + 180_000;
  for (;;) {
    try {
      mkdirSync(lock);
      break;
    } catch {
      try {
        if (Date.now() - statSync(lock).mtimeMs > 120_000) rmdirSync(lock);
      } catch {
        // gone meanwhile
      }
      if (Date.now() > deadline) throw new Error(`could not take the build lock ${lock}`);
      await sleep(500);
    }
  }
  try {
    if (!stale()) return;
    const tsc = join(ROOT, 'node_modules/typescript/bin/tsc');
    const result = await runCommand(
      process.execPath,
      [tsc, '-p', join(ROOT, 'tsconfig.build.json')],
      170_000,
    );
    if (!existsSync(DIST_MAIN)) throw new Error(`build failed:\n${result.stdout}\n${result.stderr}`);
    if (result.code !== 0)
      process.stderr.write(
        `tsc reported errors (dist/ was still emitted):\n${result.stdout.slice(0, 2000)}\n`,
      );
    const now = new Date();
    utimesSync(DIST_MAIN, now, now);
  } finally {
    rmdirSync(lock);
  }
}

// ------------------------------------------------------------------ the operator as a child process

export interface LogLine {
  level?: string;
  msg?: string;
  [key: string]: unknown;
}

export interface OperatorProcessOptions {
  kubeconfig: string;
  selector?: string;
  namespace?: string;
  /** More flags, e.g. ['--status-heartbeat', '3s']. */
  args?: string[];
  /** Pass --allow-custom-endpoints (default true: the tests' endpoint is the simulator). */
  allowCustomEndpoints?: boolean;
  /** Name shown in logs dumps. */
  name?: string;
  /** Wait for the "upgradewatch started" line (default true). */
  waitStarted?: boolean;
}

const running = new Set<OperatorProcess>();

export class OperatorProcess {
  readonly lines: LogLine[] = [];
  readonly raw: string[] = [];
  metricsUrl = '';
  probeUrl = '';
  exit: { code: number | null; signal: NodeJS.Signals | null } | undefined;
  readonly exited: Promise<{ code: number | null; signal: NodeJS.Signals | null }>;
  private readonly child: ChildProcess;

  private constructor(
    readonly name: string,
    args: string[],
  ) {
    this.child = spawn(process.execPath, [DIST_MAIN, ...args], {
      cwd: ROOT,
      env: { ...process.env, KUBECONFIG: '', NODE_OPTIONS: '' },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    running.add(this);
    const onLine = (line: string): void => {
      if (!line.trim()) return;
      this.raw.push(line);
      try {
        this.lines.push(JSON.parse(line) as LogLine);
      } catch {
        this.lines.push({ msg: line, level: 'raw' });
      }
    };
    let out = '';
    this.child.stdout?.setEncoding('utf8').on('data', (chunk: string) => {
      out += chunk;
      let i: number;
      while ((i = out.indexOf('\n')) >= 0) {
        onLine(out.slice(0, i));
        out = out.slice(i + 1);
      }
    });
    let err = '';
    this.child.stderr?.setEncoding('utf8').on('data', (chunk: string) => {
      err += chunk;
      let i: number;
      while ((i = err.indexOf('\n')) >= 0) {
        onLine(`[stderr] ${err.slice(0, i)}`);
        err = err.slice(i + 1);
      }
    });
    this.exited = new Promise((resolve) => {
      this.child.on('exit', (code, signal) => {
        this.exit = { code, signal };
        running.delete(this);
        resolve({ code, signal });
      });
    });
  }

  get pid(): number {
    return this.child.pid as number;
  }

  static async start(opts: OperatorProcessOptions): Promise<OperatorProcess> {
    const args = [
      '--kubeconfig',
      opts.kubeconfig,
      ...(opts.allowCustomEndpoints === false ? [] : ['--allow-custom-endpoints']),
      '--metrics-bind-address',
      '127.0.0.1:0',
      '--health-probe-bind-address',
      '127.0.0.1:0',
      ...(opts.selector ? ['--selector', opts.selector] : []),
      ...(opts.namespace ? ['--namespace', opts.namespace] : []),
      ...(opts.args ?? []),
    ];
    const op = new OperatorProcess(opts.name ?? 'operator', args);
    if (opts.waitStarted ?? true) {
      const started = await op.waitForLog(
        (l) => l.msg === 'upgradewatch started',
        30_000,
        'the "upgradewatch started" log line',
      );
      op.metricsUrl = String(started.metrics ?? '');
      op.probeUrl = String(started.probes ?? '');
    }
    return op;
  }

  async waitForLog(
    predicate: (line: LogLine) => boolean,
    timeoutMs: number,
    what = 'a log line',
  ): Promise<LogLine> {
    return eventually(
      `${this.name}: ${what}`,
      () => {
        const found = this.lines.find(predicate);
        if (found) return found;
        if (this.exit)
          throw new Error(`${this.name} exited (${JSON.stringify(this.exit)}):\n${this.logTail()}`);
        return undefined;
      },
      timeoutMs,
      50,
    );
  }

  async metrics(): Promise<string> {
    if (!this.metricsUrl) throw new Error(`${this.name} has no metrics URL`);
    const res = await fetch(`${this.metricsUrl}/metrics`);
    return res.text();
  }

  signal(signal: NodeJS.Signals): void {
    if (!this.exit) this.child.kill(signal);
  }

  /** SIGTERM, then SIGKILL after `graceMs`. */
  async stop(graceMs = 12_000): Promise<void> {
    if (this.exit) return;
    this.signal('SIGTERM');
    const timer = setTimeout(() => this.signal('SIGKILL'), graceMs);
    await this.exited;
    clearTimeout(timer);
  }

  logTail(lines = 150): string {
    return this.raw.slice(-lines).join('\n');
  }
}

export async function stopAllOperators(): Promise<void> {
  await Promise.all([...running].map((op) => op.stop(5_000)));
}

process.once('exit', () => {
  for (const op of running) op.signal('SIGKILL');
});

/** Runs `body`; on failure appends the named log tails to the error message. */
export async function withLogs(
  sources: () => Array<{ name: string; tail(): string }>,
  body: () => Promise<void>,
): Promise<void> {
  try {
    await body();
  } catch (error) {
    const logs = sources()
      .map((s) => `\n----- ${s.name} logs (tail) -----\n${s.tail()}`)
      .join('');
    if (error instanceof Error) {
      error.message += logs;
      throw error;
    }
    throw new Error(`${String(error)}${logs}`);
  }
}

/** A pino destination that keeps lines in memory (in-process operators). */
export class CapturedLog extends Writable {
  readonly raw: string[] = [];
  override _write(chunk: Buffer | string, _encoding: BufferEncoding, callback: () => void): void {
    for (const line of chunk.toString().split('\n')) if (line.trim()) this.raw.push(line);
    callback();
  }
  tail(lines = 150): string {
    return this.raw.slice(-lines).join('\n');
  }
}

// ------------------------------------------------------------------ Prometheus text

export { parseMetrics, type Sample };

/** Sum of the samples named `name` whose labels include `labels`. */
export function metricSum(text: string, name: string, labels: Record<string, string> = {}): number {
  return parseMetrics(text)
    .filter((s) => s.name === name && Object.entries(labels).every(([k, v]) => s.labels[k] === v))
    .reduce((sum, s) => sum + s.value, 0);
}

export function hasSeries(text: string, name: string, labels: Record<string, string>): boolean {
  return parseMetrics(text).some(
    (s) => s.name === name && Object.entries(labels).every(([k, v]) => s.labels[k] === v),
  );
}

// ------------------------------------------------------------------ simulator credentials + specs

/** Keys the simulator accepts (fake; the simulator only listens on loopback). */
export function alibabaKey(n: number): SimCredential {
  return {
    accessKeyId: `LTAI5tOpTestKey${String(n).padStart(5, '0')}`,
    accessKeySecret: `op-test-alibaba-secret-${n}-x9Qm2`,
  };
}

export function huaweiKey(n: number): SimCredential {
  return {
    accessKeyId: `HPUAOPTESTKEY${String(n).padStart(7, '0')}`,
    accessKeySecret: `opTestHuaweiSecret${n}Zk3PqL8vR2tY6wN0`,
  };
}

export function awsKey(n: number): SimCredential {
  return {
    accessKeyId: `AKIAOPTESTKEY${String(n).padStart(7, '0')}`,
    accessKeySecret: `opTestAwsSecret${n}/Hq4Jw8Kd2Lp6Mx0Nz3Rb`,
  };
}

/** Google service account `n` of the GoogleGKE sample project (a fresh RSA key per call). */
export function googleServiceAccount(n: number): SampleCredential {
  return googleServiceAccountCredential(
    `op-test-${n}`,
    SAMPLES[GOOGLE_GKE].spec.projectID ?? 'demo-project-1',
  );
}

/** Entra app `n` in the test tenant. */
export function azureApp(n: number): SampleCredential {
  return entraAppCredential(
    '11111111-2222-4333-8444-555555555555',
    `00000000-0000-4000-9000-${String(n).padStart(12, '0')}`,
    `opTestAzureSecret~${n}.Zk3PqL8vR2tY6wN0`,
  );
}

/** The project of the samples that live in one (src/providers/samples.ts). */
export { SAMPLE_PROJECT_ID as PROJECT_ID } from '../../src/providers/huawei-cce/sample.js';
/** Where the simulator serves a cluster of a provider (putCluster's region and project). */
export { simPlacement } from '../../src/providers/samples.js';

export function mean(values: number[]): number {
  return values.reduce((a, b) => a + b, 0) / Math.max(1, values.length);
}

export function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  const mid = Math.floor(sorted.length / 2);
  return sorted.length % 2 ? sorted[mid]! : (sorted[mid - 1]! + sorted[mid]!) / 2;
}

// ------------------------------------------------------------------ `kubectl wait` rules

/**
 * `kubectl wait --for=<forArg>` on a CR, run by the pinned kubectl exactly as users run it.
 * Resolves when the rule holds within `timeoutMs`; rejects otherwise, and when kubectl is not
 * installed (no stand-in: a test that promises kubectl tests kubectl).
 */
export async function kubectlWait(
  space: TestSpace,
  kubeconfigPath: string,
  name: string,
  forArg: string,
  timeoutMs = 20_000,
): Promise<void> {
  const res = await runCommand(
    kubectlPath(),
    [
      '--kubeconfig',
      kubeconfigPath,
      '-n',
      space.namespace,
      'wait',
      `--for=${forArg}`,
      `clusterupgradewatches.upgradewatch.io/${name}`,
      `--timeout=${Math.ceil(timeoutMs / 1000)}s`,
    ],
    timeoutMs + 10_000,
  );
  if (res.code !== 0)
    throw new Error(`kubectl wait --for=${forArg} ${name} failed (${res.code}): ${res.stderr.trim()}`);
}
