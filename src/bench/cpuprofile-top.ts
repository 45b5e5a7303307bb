// `node dist/bench/cpuprofile-top.js FILE.cpuprofile [--from S] [--to S] [--top N]`: where a V8
// CPU profile of the operator (bench --cpu-prof DIR) spends its self time, by function and by
// package, over a slice of the run (seconds from the profile's start, e.g. the cold start).
// docs/benchmarks.md quotes its output; profiles themselves are too large to commit.
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

export interface CpuProfile {
  nodes: { id: number; callFrame: { functionName: string; url: string; lineNumber: number } }[];
  startTime: number;
  samples: number[];
  /** Microseconds since the previous sample (the first: since startTime). */
  timeDeltas: number[];
}

interface SelfTime {
  name: string;
  ms: number;
  share: number;
}

interface ProfileSummary {
  /** Sampled time in the slice, and the part that was not idle. */
  totalMs: number;
  busyMs: number;
  byFunction: SelfTime[];
  byPackage: SelfTime[];
}

/** node_modules/<package>, node:<module>, the project's own dist/<file>, or V8's (program)/(garbage collector). */
export function packageOf(url: string, functionName: string): string {
  if (!url) return functionName.startsWith('(') ? functionName : '(native)';
  const module = /node_modules\/((?:@[^/]+\/)?[^/]+)/.exec(url);
  if (module) return module[1]!;
  if (url.startsWith('node:')) return url.replace(/^node:(internal\/)?/, 'node:').split('/')[0]!;
  const own = /\/dist\/(.+)$/.exec(url);
  return own ? `upgradewatch ${own[1]}` : url;
}

function ranked(totals: Map<string, number>, busyMs: number, top: number): SelfTime[] {
  return [...totals]
    .sort((a, b) => b[1] - a[1])
    .slice(0, top)
    .map(([name, us]) => ({
      name,
      ms: Math.round(us / 1000),
      share: Math.round((us / 10 / busyMs) * 10) / 10,
    }));
}

/** Self time by function and by package of the samples taken between fromS and toS. */
export function summarize(profile: CpuProfile, fromS = 0, toS = Infinity, top = 25): ProfileSummary {
  const byId = new Map(profile.nodes.map((n) => [n.id, n.callFrame]));
  const byFunction = new Map<string, number>();
  const byPackage = new Map<string, number>();
  let at = 0;
  let totalUs = 0;
  let idleUs = 0;
  profile.samples.forEach((id, i) => {
    const delta = profile.timeDeltas[i] ?? 0;
    at += delta;
    if (at < fromS * 1e6 || at > toS * 1e6) return;
    const frame = byId.get(id);
    if (!frame) return;
    totalUs += delta;
    if (frame.functionName === '(idle)') {
      idleUs += delta;
      return;
    }
    const file = frame.url.replace(/^.*\/(node_modules|dist)\//, '$1/');
    const fn = `${frame.functionName || '(anonymous)'} ${file}:${frame.lineNumber + 1}`;
    byFunction.set(fn, (byFunction.get(fn) ?? 0) + delta);
    const pkg = packageOf(frame.url, frame.functionName);
    byPackage.set(pkg, (byPackage.get(pkg) ?? 0) + delta);
  });
  const busyMs = (totalUs - idleUs) / 1000;
  return {
    totalMs: Math.round(totalUs / 1000),
    busyMs: Math.round(busyMs),
    byFunction: ranked(byFunction, busyMs, top),
    byPackage: ranked(byPackage, busyMs, top),
  };
}

function main(argv: string[]): void {
  const file = argv[0];
  if (!file) throw new Error('usage: cpuprofile-top FILE.cpuprofile [--from S] [--to S] [--top N]');
  const flag = (name: string): number | undefined => {
    const i = argv.indexOf(`--${name}`);
    return i < 0 ? undefined : Number(argv[i + 1]);
  };
  const profile = JSON.parse(readFileSync(file, 'utf8')) as CpuProfile;
  const s = summarize(profile, flag('from') ?? 0, flag('to') ?? Infinity, flag('top') ?? 25);
  const lines = [
    `sampled ${s.totalMs} ms, busy ${s.busyMs} ms (shares are % of busy)`,
    '',
    'self time by package:',
  ];
  for (const p of s.byPackage)
    lines.push(`${String(p.share).padStart(6)} %  ${String(p.ms).padStart(7)} ms  ${p.name}`);
  lines.push('', 'self time by function:');
  for (const f of s.byFunction)
    lines.push(`${String(f.share).padStart(6)} %  ${String(f.ms).padStart(7)} ms  ${f.name}`);
  process.stdout.write(`${lines.join('\n')}\n`);
}

if (process.argv[1] && fileURLToPath(import.meta.url) === process.argv[1]) main(process.argv.slice(2));
