// The demo's live table: the columns of `kubectl get cuw -A` (the CRD's printer columns) with a
// text progress bar in PROGRESS. Pure functions: objects in, lines out.

import type { ClusterUpgradeWatch } from '../api/types.js';

export interface WatchRow {
  namespace: string;
  name: string;
  provider: string;
  cluster: string;
  /** '' while the operator has not written a status yet. */
  phase: string;
  progress?: number;
  step: string;
  ready: string;
  /** Milliseconds since creation; undefined when the server sent no creationTimestamp. */
  ageMs?: number;
}

const COLUMNS = [
  'NAMESPACE',
  'NAME',
  'PROVIDER',
  'CLUSTER',
  'PHASE',
  'PROGRESS',
  'STEP',
  'READY',
  'AGE',
] as const;

const BAR_WIDTH = 10;

/** `[#####-----]  50%`; '' when there is no progress figure (as kubectl prints nothing). */
export function progressBar(progress: number | undefined, width = BAR_WIDTH): string {
  if (progress === undefined || !Number.isFinite(progress)) return '';
  const pct = Math.min(100, Math.max(0, Math.round(progress)));
  const filled = Math.round((pct / 100) * width);
  return `[${'#'.repeat(filled)}${'-'.repeat(width - filled)}] ${String(pct).padStart(3)}%`;
}

/** kubectl's AGE format (apimachinery `duration.HumanDuration`): 45s, 2m5s, 12m, 3h4m, 2d3h… */
export function humanAge(ms: number): string {
  const seconds = Math.floor(ms / 1000);
  if (seconds < -1) return '<invalid>';
  if (seconds < 0) return '0s';
  if (seconds < 120) return `${seconds}s`;
  const minutes = Math.floor(seconds / 60);
  if (minutes < 10) return seconds % 60 === 0 ? `${minutes}m` : `${minutes}m${seconds % 60}s`;
  if (minutes < 180) return `${minutes}m`;
  const hours = Math.floor(minutes / 60);
  if (hours < 8) return minutes % 60 === 0 ? `${hours}h` : `${hours}h${minutes % 60}m`;
  if (hours < 48) return `${hours}h`;
  if (hours < 24 * 8) return hours % 24 === 0 ? `${hours / 24}d` : `${Math.floor(hours / 24)}d${hours % 24}h`;
  const days = Math.floor(hours / 24);
  if (hours < 24 * 365 * 2) return `${days}d`;
  if (hours < 24 * 365 * 8)
    return days % 365 === 0 ? `${days / 365}y` : `${Math.floor(days / 365)}y${days % 365}d`;
  return `${Math.floor(days / 365)}y`;
}

export function rowOf(watch: ClusterUpgradeWatch, now: Date): WatchRow {
  const status = watch.status;
  const ready = status?.conditions?.find((c) => c.type === 'Ready')?.status ?? '';
  const created = watch.metadata.creationTimestamp
    ? Date.parse(watch.metadata.creationTimestamp)
    : Number.NaN;
  return {
    namespace: watch.metadata.namespace,
    name: watch.metadata.name,
    provider: watch.spec.provider,
    cluster: watch.spec.clusterID,
    phase: status?.phase ?? '',
    ...(typeof status?.progress === 'number' ? { progress: status.progress } : {}),
    step: status?.currentStep ?? '',
    ready,
    ...(Number.isFinite(created) ? { ageMs: now.getTime() - created } : {}),
  };
}

/** Rows sorted like kubectl: by namespace, then name. */
function sortRows(rows: readonly WatchRow[]): WatchRow[] {
  return [...rows].sort((a, b) => a.namespace.localeCompare(b.namespace) || a.name.localeCompare(b.name));
}

function cells(row: WatchRow, withAge: boolean): string[] {
  return [
    row.namespace,
    row.name,
    row.provider,
    row.cluster,
    row.phase,
    progressBar(row.progress),
    row.step,
    row.ready,
    withAge && row.ageMs !== undefined ? humanAge(row.ageMs) : '',
  ];
}

interface FormatOptions {
  /** Leave AGE blank (to compare two tables for a change other than time passing). */
  withoutAge?: boolean;
  /** Cut every line to this many characters (a terminal's width), marking the cut with `…`. */
  maxWidth?: number;
}

/** Left-aligned columns three spaces apart, like kubectl get (the demo and the kubectl plugin). */
export function alignColumns(rows: readonly (readonly string[])[]): string[] {
  const count = Math.max(0, ...rows.map((r) => r.length));
  const widths = Array.from({ length: count }, (_, col) => Math.max(...rows.map((r) => r[col]?.length ?? 0)));
  return rows.map((row) =>
    row
      .map((cell, col) => (col === row.length - 1 ? cell : cell.padEnd(widths[col] ?? 0)))
      .join('   ')
      .trimEnd(),
  );
}

/** kubectl-style columns: left-aligned, three spaces apart, header first. */
export function formatTable(rows: readonly WatchRow[], options: FormatOptions = {}): string[] {
  const table = [[...COLUMNS] as string[], ...sortRows(rows).map((row) => cells(row, !options.withoutAge))];
  const max = options.maxWidth;
  return alignColumns(table).map((text) =>
    max !== undefined && max > 1 && text.length > max ? `${text.slice(0, max - 1)}…` : text,
  );
}
