// What the bench reads of a process from Linux's /proc (CPU ticks, RSS), and the rounding and
// percentile helpers its figures share.
import { readFileSync } from 'node:fs';

const CLK_TCK = 100; // Linux USER_HZ

export const round = (x: number, digits = 2): number => Math.round(x * 10 ** digits) / 10 ** digits;

export const mib = (bytes: number): number => round(bytes / 1024 / 1024, 1);

export function percentile(values: number[], p: number): number | null {
  if (values.length === 0) return null;
  const sorted = [...values].sort((a, b) => a - b);
  const rank = Math.ceil((p / 100) * sorted.length) - 1;
  return sorted[Math.min(sorted.length - 1, Math.max(0, rank))]!;
}

function cpuTicks(pid: number): number {
  const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
  const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
  // fields[0] is state (field 3); utime/stime are fields 14/15.
  return Number(fields[11]) + Number(fields[12]);
}

/** CPU ticks of each named process (0 for one that is gone). */
export function cpuTicksOf(pids: Record<string, number | undefined>): Record<string, number> {
  const out: Record<string, number> = {};
  for (const [name, pid] of Object.entries(pids)) {
    try {
      out[name] = pid === undefined ? 0 : cpuTicks(pid);
    } catch {
      out[name] = 0;
    }
  }
  return out;
}

/** % of one core each process used between two cpuTicksOf snapshots `ms` apart. */
export function cpuShares(
  before: Record<string, number>,
  after: Record<string, number>,
  ms: number,
): Record<string, number> {
  const out: Record<string, number> = {};
  for (const name of Object.keys(after))
    out[name] = round((((after[name] ?? 0) - (before[name] ?? 0)) / CLK_TCK / (ms / 1000)) * 100, 1);
  return out;
}

/** CPU seconds each process used between two cpuTicksOf snapshots (load-independent, unlike %). */
export function cpuSeconds(
  before: Record<string, number>,
  after: Record<string, number>,
): Record<string, number> {
  const out: Record<string, number> = {};
  for (const name of Object.keys(after))
    out[name] = round(((after[name] ?? 0) - (before[name] ?? 0)) / CLK_TCK, 2);
  return out;
}

export function rssBytes(pid: number): number {
  const m = /VmRSS:\s+(\d+) kB/.exec(readFileSync(`/proc/${pid}/status`, 'utf8'));
  return m ? Number(m[1]) * 1024 : 0;
}

/** The machine's load averages (1, 5, 15 min) from /proc/loadavg: how idle a run's machine was. */
export function loadAverage(): [number, number, number] {
  const [one, five, fifteen] = readFileSync('/proc/loadavg', 'utf8').split(' ').map(Number);
  return [one ?? 0, five ?? 0, fifteen ?? 0];
}
