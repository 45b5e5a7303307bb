// The command line of `npm run bench` (docs/benchmarks.md, "How to run"): flags → BenchOptions.
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { formatDuration, parseDuration } from '../api/duration.js';
import { REFRESH_BEFORE_EXPIRY_MS } from '../credentials/temporary-cache.js';

export const ROOT = fileURLToPath(new URL('../../', import.meta.url));

/**
 * The operator runs as shipped: the image (Dockerfile) and the chart (heapLimitMiB) start it
 * with this V8 heap limit, and so does the bench unless --node-options says otherwise.
 */
export const SHIPPED_NODE_OPTIONS = '--max-old-space-size=256 --max-semi-space-size=4';

/** Tenants a default run spreads its watches over (never more than its credentials). */
const DEFAULT_NAMESPACES = 50;

export interface BenchOptions {
  watches: number;
  durationMs: number;
  pollIntervalMs: number;
  credentials: number;
  /**
   * --namespaces K: the watches live in K namespaces (tenants), each holding its own
   * credentials' Secrets; 1 = every watch in one namespace, as before this flag.
   */
  namespaces: number;
  cloudQps: number;
  maxConcurrentPolls?: number;
  logLevel: string;
  outDir: string;
  /** --cpu-prof DIR: run the operator with `node --cpu-prof` writing its profile into DIR. */
  cpuProfDir?: string;
  /** --node-options "…": node flags for the operator process; default SHIPPED_NODE_OPTIONS, "" for none. */
  nodeOptions?: string;
  /** --heap-snapshot DIR: write a heap snapshot of the operator into DIR at the end of the window. */
  heapSnapshotDir?: string;
  /**
   * --keyless-service-accounts S: the watches use spec.workloadIdentity over S ServiceAccounts
   * (in place of S Secrets: `credentials` is S) and the report counts the keyless exchanges.
   */
  keylessServiceAccounts?: number;
  /** --credential-lifetime L (keyless only): the lifetime of the simulator's temporary keys. */
  credentialLifetimeMs?: number;
}

/** The default --credential-lifetime: with the operator's 5-minute margin, a refresh every ~5 min. */
export const DEFAULT_CREDENTIAL_LIFETIME_MS = 10 * 60_000;

export const USAGE =
  'usage: npm run bench -- --watches N --duration D --poll-interval P [--credentials K] [--namespaces T] [--cloud-qps Q] [--max-concurrent-polls M] [--log-level L] [--out-dir DIR] [--node-options "FLAGS"] [--cpu-prof DIR] [--heap-snapshot DIR] [--keyless-service-accounts S [--credential-lifetime L]]';

const KNOWN_FLAGS = [
  'watches',
  'duration',
  'poll-interval',
  'credentials',
  'namespaces',
  'cloud-qps',
  'max-concurrent-polls',
  'log-level',
  'out-dir',
  'cpu-prof',
  'heap-snapshot',
  'node-options',
  'keyless-service-accounts',
  'credential-lifetime',
];

/** A duration flag, in the CRD's grammar (src/api/duration.ts): `30s`, `2m`, `1h30m`. */
function durationFlag(text: string): number {
  const ms = parseDuration(text);
  if (ms === undefined) throw new Error(`not a duration: ${text} (use e.g. 30s, 2m)`);
  return ms;
}

/** The operator must log at info or below: its "upgradewatch started" line names the metrics URL. */
function logLevel(level: string): string {
  if (!['trace', 'debug', 'info'].includes(level))
    throw new Error('--log-level must be trace, debug or info');
  return level;
}

function flagValues(argv: string[]): Map<string, string> {
  const values = new Map<string, string>();
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i]!;
    if (!arg.startsWith('--')) throw new Error(`unexpected argument ${arg}`);
    const [key, inline] = arg.slice(2).split('=', 2) as [string, string | undefined];
    const value = inline ?? argv[++i];
    if (value === undefined) throw new Error(`--${key} needs a value`);
    values.set(key, value);
  }
  for (const key of values.keys()) if (!KNOWN_FLAGS.includes(key)) throw new Error(`unknown flag --${key}`);
  return values;
}

export function parseOptions(argv: string[]): BenchOptions {
  const values = flagValues(argv);
  const int = (key: string, fallback: number): number => {
    const v = values.get(key);
    if (v === undefined) return fallback;
    const n = Number(v);
    if (!Number.isInteger(n) || n < 1) throw new Error(`--${key} must be a positive integer`);
    return n;
  };
  const watches = int('watches', 100);
  const pollIntervalMs = durationFlag(values.get('poll-interval') ?? '30s');
  if (pollIntervalMs < 5000) throw new Error('--poll-interval must be at least 5s (the CRD minimum)');
  const keyless = keylessOptions(values, int);
  const credentials = keyless
    ? Math.min(keyless.keylessServiceAccounts, watches)
    : Math.min(int('credentials', Math.min(50, watches)), watches);
  const namespaces = int('namespaces', Math.min(DEFAULT_NAMESPACES, credentials));
  // A tenant's watches use its own Secrets, so every namespace needs a credential of its own.
  if (namespaces > credentials)
    throw new Error(`--namespaces (${namespaces}) may not exceed the credentials (${credentials})`);
  const mcp = values.get('max-concurrent-polls');
  const nodeOptions = (values.get('node-options') ?? SHIPPED_NODE_OPTIONS).trim();
  return {
    watches,
    durationMs: durationFlag(values.get('duration') ?? '2m'),
    pollIntervalMs,
    credentials,
    namespaces,
    cloudQps: int('cloud-qps', 10),
    ...(mcp !== undefined ? { maxConcurrentPolls: int('max-concurrent-polls', 16) } : {}),
    logLevel: logLevel(values.get('log-level') ?? 'info'),
    outDir: values.get('out-dir') ?? join(ROOT, 'bench/results'),
    ...(values.has('cpu-prof') ? { cpuProfDir: values.get('cpu-prof') as string } : {}),
    ...(values.has('heap-snapshot') ? { heapSnapshotDir: values.get('heap-snapshot') as string } : {}),
    ...(nodeOptions ? { nodeOptions } : {}),
    ...keyless,
  };
}

/** --keyless-service-accounts S and --credential-lifetime L: S ServiceAccounts replace the Secrets. */
function keylessOptions(
  values: Map<string, string>,
  int: (key: string, fallback: number) => number,
): Required<Pick<BenchOptions, 'keylessServiceAccounts' | 'credentialLifetimeMs'>> | undefined {
  if (!values.has('keyless-service-accounts')) {
    if (values.has('credential-lifetime'))
      throw new Error('--credential-lifetime needs --keyless-service-accounts');
    return undefined;
  }
  if (values.has('credentials'))
    throw new Error('--keyless-service-accounts S replaces --credentials: give only one');
  const credentialLifetimeMs = values.has('credential-lifetime')
    ? durationFlag(values.get('credential-lifetime')!)
    : DEFAULT_CREDENTIAL_LIFETIME_MS;
  // Keys that live no longer than the refresh margin would be exchanged again on every poll.
  if (credentialLifetimeMs <= REFRESH_BEFORE_EXPIRY_MS)
    throw new Error(
      `--credential-lifetime must be longer than the operator's refresh margin (${formatDuration(REFRESH_BEFORE_EXPIRY_MS)})`,
    );
  return { keylessServiceAccounts: int('keyless-service-accounts', 50), credentialLifetimeMs };
}
