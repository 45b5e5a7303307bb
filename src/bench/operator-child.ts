// The operator under test as a child process (`node dist/main.js`, as shipped unless
// --node-options says otherwise), its /metrics scrapes and its heap snapshot on demand.
import { spawn } from 'node:child_process';
import { readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';
import type { MemorySample } from './memory-trend.js';
import { ROOT, type BenchOptions } from './options.js';
import { parseMetrics } from './kube.js';
import { mib } from './proc.js';

const sleep = (ms: number): Promise<void> => new Promise((r) => setTimeout(r, ms));

/** SIGUSR2 makes the operator (started with --heapsnapshot-signal) write a snapshot; wait for it. */
export async function heapSnapshot(pid: number, dir: string): Promise<void> {
  const files = () => readdirSync(dir).filter((f) => f.endsWith('.heapsnapshot'));
  const before = new Set(files());
  process.kill(pid, 'SIGUSR2');
  let size = -1;
  for (let i = 0; i < 600; i++) {
    await sleep(1000);
    const fresh = files().find((f) => !before.has(f));
    if (!fresh) continue;
    const now = statSync(join(dir, fresh)).size;
    if (now > 0 && now === size) return;
    size = now;
  }
}

export interface OperatorScrape {
  /** V8 heap used and committed (total); null when not exposed. */
  heap: { used: number; total: number } | null;
  /** upgradewatch_status_updates_total and upgradewatch_reconcile_total by result. */
  statusUpdates: Record<string, number>;
  reconciles: Record<string, number>;
}

/** A memory sample: RSS read at `atSeconds`, heap from a scrape (null when the scrape failed). */
export function memorySample(atSeconds: number, rss: number, scrape: OperatorScrape | null): MemorySample {
  const heap = scrape?.heap ?? null;
  return {
    atSeconds,
    rssMiB: mib(rss),
    heapMiB: heap === null ? null : mib(heap.used),
    heapTotalMiB: heap === null ? null : mib(heap.total),
  };
}

/** One scrape of the operator's /metrics (null when it fails). */
export async function scrapeOperator(metricsUrl: string): Promise<OperatorScrape | null> {
  try {
    const res = await fetch(`${metricsUrl}/metrics`, { signal: AbortSignal.timeout(10_000) });
    const out: OperatorScrape = { heap: null, statusUpdates: {}, reconciles: {} };
    let used: number | undefined;
    let total: number | undefined;
    for (const sample of parseMetrics(await res.text())) {
      const result = sample.labels.result ?? '?';
      if (sample.name === 'nodejs_heap_size_used_bytes') used = sample.value;
      else if (sample.name === 'nodejs_heap_size_total_bytes') total = sample.value;
      else if (sample.name === 'upgradewatch_status_updates_total') out.statusUpdates[result] = sample.value;
      else if (sample.name === 'upgradewatch_reconcile_total') out.reconciles[result] = sample.value;
    }
    if (used !== undefined && total !== undefined) out.heap = { used, total };
    return out;
  } catch {
    return null;
  }
}

export interface OperatorChild {
  pid: number;
  metricsUrl: string;
  tail(): string;
  /** Warning and error log lines so far, counted by message. */
  warnings(): Record<string, number>;
  stop(): Promise<void>;
}

/**
 * Starts the operator on `kubeconfig`, limited to `namespace` (the one-namespace bench) or
 * across all namespaces (undefined: the multi-tenant bench, as a cluster-wide install runs).
 */
/** Long because the child's flags are listed one by one, each with the bench option it follows. */
export async function startOperator(
  kubeconfig: string,
  opts: BenchOptions,
  namespace: string | undefined,
): Promise<OperatorChild> {
  const args = [
    ...(opts.nodeOptions ? opts.nodeOptions.split(/\s+/) : []),
    ...(opts.cpuProfDir ? ['--cpu-prof', '--cpu-prof-dir', opts.cpuProfDir] : []),
    ...(opts.heapSnapshotDir
      ? ['--heapsnapshot-signal=SIGUSR2', '--diagnostic-dir', opts.heapSnapshotDir]
      : []),
    join(ROOT, 'dist/main.js'),
    '--kubeconfig',
    kubeconfig,
    ...(namespace === undefined ? [] : ['--namespace', namespace]),
    '--allow-custom-endpoints',
    '--metrics-bind-address',
    '127.0.0.1:0',
    '--health-probe-bind-address',
    '127.0.0.1:0',
    '--cloud-qps',
    String(opts.cloudQps),
    '--log-level',
    opts.logLevel,
    ...(opts.maxConcurrentPolls ? ['--max-concurrent-polls', String(opts.maxConcurrentPolls)] : []),
  ];
  const child = spawn(process.execPath, args, {
    cwd: ROOT,
    env: { ...process.env, KUBECONFIG: '', NODE_OPTIONS: '' },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  const lines: string[] = [];
  let metricsUrl = '';
  let quiet = false;
  const warningCounts = new Map<string, number>();
  let exited = false;
  const exitedP = new Promise<void>((r) => child.on('exit', () => ((exited = true), r())));
  const onData = (prefix: string) => {
    let buf = '';
    return (chunk: string) => {
      buf += chunk;
      let i: number;
      while ((i = buf.indexOf('\n')) >= 0) {
        const line = buf.slice(0, i);
        buf = buf.slice(i + 1);
        if (!metricsUrl && line.includes('upgradewatch started')) {
          try {
            metricsUrl = String((JSON.parse(line) as { metrics?: string }).metrics ?? '');
          } catch {
            // not JSON
          }
        }
        const warning = /"level":(40|50|60)|"level":"(warn|error|fatal)"/.test(line);
        if (warning) {
          // Counted by message shape: object names and numbers folded, so one cause is one row.
          const msg = (/"msg":"([^"]{0,160})/.exec(line)?.[1] ?? '(unparsed)').replace(/\d+/g, '#');
          warningCounts.set(msg, (warningCounts.get(msg) ?? 0) + 1);
        }
        if (quiet && !warning && !prefix) continue;
        lines.push(prefix + line);
        if (lines.length > 300) lines.shift();
      }
    };
  };
  child.stdout.setEncoding('utf8').on('data', onData(''));
  child.stderr.setEncoding('utf8').on('data', onData('[stderr] '));
  const deadline = Date.now() + 60_000;
  while (!metricsUrl) {
    if (exited || Date.now() > deadline)
      throw new Error(`the operator did not start:\n${lines.slice(-50).join('\n')}`);
    await sleep(50);
  }
  // From here on keep only warnings and errors (for the tail shown when something is missing).
  quiet = true;
  return {
    pid: child.pid as number,
    metricsUrl,
    tail: () => lines.slice(-60).join('\n'),
    warnings: () => Object.fromEntries(warningCounts),
    async stop() {
      if (exited) return;
      child.kill('SIGTERM');
      const timer = setTimeout(() => child.kill('SIGKILL'), 10_000);
      await exitedP;
      clearTimeout(timer);
    },
  };
}
