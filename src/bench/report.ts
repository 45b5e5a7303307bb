// The markdown table `npm run bench` prints after a run (the rows of docs/benchmarks.md).
import { round } from './proc.js';
import type { KeylessFigures } from './keyless.js';
import type { BenchResult } from './result.js';

/** `; <provider> 3 writes, …` for the providers a per-provider count names (nothing when none). */
function byProvider(counts: Record<string, number> | undefined, what: string): string {
  const entries = Object.entries(counts ?? {});
  return entries.length ? `; ${entries.map(([p, n]) => `${p} ${n} ${what}`).join(', ')}` : '';
}

function keylessRows(k: KeylessFigures): Array<[string, string]> {
  return [
    [
      'keyless: ServiceAccounts (cache entries) / credential lifetime / refresh margin',
      `${k.serviceAccounts} (${k.identities}) / ${k.credentialLifetimeSeconds} s / ${k.refreshMarginSeconds} s (a refresh every ${k.refreshPeriodSeconds} s)`,
    ],
    [
      'keyless exchanges: cold start / window',
      `${k.coldStartExchanges} / ${k.windowExchanges} in ${k.windowSeconds} s (ideal ${k.idealInWindow}; requests ${Object.entries(
        k.windowRequestsByOperation,
      )
        .map(([op, n]) => `${op} ${n}`)
        .join(', ')}; ${k.windowFailedRequests} failed)`,
    ],
    [
      'keyless exchanges / hour ÷ ideal (entries ÷ (lifetime − margin))',
      `${k.exchangesPerHour} ÷ ${k.idealPerHour} = ${k.ratio ?? 'n/a'}; ÷ entries ÷ lifetime (${k.perLifetimeIdealPerHour}) = ${k.ratioToPerLifetimeIdeal ?? 'n/a'}`,
    ],
  ];
}

/** Long because it is one table literal: a row per figure of docs/benchmarks.md, in its order. */
export function markdownTable(r: BenchResult): string {
  const o = r.options;
  const rows: Array<[string, string]> = [
    [
      'watches / credentials / namespaces / pollInterval / window',
      `${o.watches} / ${o.credentials} / ${o.namespaces} / ${o.pollIntervalMs / 1000} s / ${o.durationMs / 1000} s`,
    ],
    [
      'time until every watch has a status',
      r.firstStatus.allSeconds === null
        ? `${r.firstStatus.missing} missing`
        : `${r.firstStatus.allSeconds} s (rate-limit bound ${r.firstStatus.boundSeconds} s, target ≤ ${r.firstStatus.targetSeconds} s; first watch ${r.firstStatus.earliestSeconds ?? '?'} s, half ${r.firstStatus.halfSeconds ?? '?'} s)`,
    ],
    [
      'floor: a bare client, one status PATCH per fresh watch',
      `${r.floor.seconds} s (${r.floor.concurrency} in flight, ${r.floor.errors} errors, ${r.floor.patchBytes} B each); first status ÷ floor = ${r.firstStatusOverFloor ?? 'n/a'}`,
    ],
    [
      'cloud requests / watch / interval',
      `${r.cloud.perWatchPerInterval} (${r.cloud.requests} requests; by provider ${Object.entries(
        r.cloud.perProvider,
      )
        .map(([p, v]) => `${p} ${v}`)
        .join(', ')})`,
    ],
    ['share of failed requests (each retried)', `${round(r.cloud.retryShare * 100, 2)} %`],
    ['status writes / real change', `${r.writes.perChange} (${r.writes.changes} changes)`],
    [
      'status writes / idle watch / hour',
      `${r.writes.idlePerWatchPerHour} (${r.writes.idleWatches} idle watches${byProvider(r.writes.idleWritesByProvider, 'writes')})`,
    ],
    [
      'lag change → status p50 / p99 / max',
      `${r.lagSeconds.p50} / ${r.lagSeconds.p99} / ${r.lagSeconds.max} s (${r.lagSeconds.samples} samples, ${r.lagSeconds.missed} missed${byProvider(r.lagSeconds.missedByProvider, 'missed')})`,
    ],
    ['operator CPU (% of one core)', `${r.operator.cpuPercentOfOneCore} %`],
    ['operator RSS end / max', `${r.operator.rssMiB} / ${r.operator.rssMaxMiB} MiB`],
    ['operator heap used end / max', `${r.operator.heapUsedMiB} / ${r.operator.heapMaxMiB} MiB`],
    ...(r.operator.cpuByProcess
      ? [
          [
            'CPU by process, % of one core (cold start / window)',
            Object.keys(r.operator.cpuByProcess.window)
              .map(
                (name) =>
                  `${name} ${r.operator.cpuByProcess!.coldStart[name]} / ${r.operator.cpuByProcess!.window[name]}`,
              )
              .join(', '),
          ] as [string, string],
        ]
      : []),
    ...(r.operator.coldStartCpuSeconds && r.floor.cpuSeconds
      ? [
          [
            'CPU seconds by process: floor / cold start',
            Object.keys(r.operator.coldStartCpuSeconds)
              .map(
                (name) =>
                  `${name} ${r.floor.cpuSeconds![name] ?? '?'} / ${r.operator.coldStartCpuSeconds![name]}`,
              )
              .join(', '),
          ] as [string, string],
        ]
      : []),
    ...(r.operator.memory
      ? [
          [
            'operator memory over the window (start → end, slope)',
            `RSS ${r.operator.memory.rss.startMiB} → ${r.operator.memory.rss.endMiB} MiB (${r.operator.memory.rss.slopeMiBPerHour} MiB/h); heap used ${r.operator.memory.heap.startMiB} → ${r.operator.memory.heap.endMiB} MiB (${r.operator.memory.heap.slopeMiBPerHour} MiB/h), committed ${r.operator.memory.heapTotal.startMiB} → ${r.operator.memory.heapTotal.endMiB} MiB (${r.operator.memory.heapTotal.slopeMiBPerHour} MiB/h); ${r.operator.memory.samples} samples`,
          ] as [string, string],
        ]
      : []),
    ...(r.keyless ? keylessRows(r.keyless) : []),
    [
      'machine: load average (1 / 5 / 15 min) before → after',
      `${r.machine.loadBefore?.join(' / ') ?? '?'} → ${r.machine.loadAfter?.join(' / ') ?? '?'} (${r.machine.cpus} cores, node ${r.machine.node})`,
    ],
    [
      'kube-apiserver requests in the window',
      Object.entries(r.apiserverRequestsByVerb)
        .map(([v, n]) => `${v} ${n}`)
        .join(', ') || 'none',
    ],
  ];
  const targets = r.targets.map(
    (t) =>
      `| ${t.name} | ${t.target} | ${t.measured} | ${t.met === null ? 'n/a' : t.met ? 'met' : 'MISSED'} |`,
  );
  return [
    `\`${r.commandLine}\``,
    '',
    '| figure | value |',
    '|---|---|',
    ...rows.map(([k, v]) => `| ${k} | ${v} |`),
    '',
    '| target | bound | measured | |',
    '|---|---|---|---|',
    ...targets,
  ].join('\n');
}
