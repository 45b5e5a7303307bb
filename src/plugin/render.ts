// Text of `kubectl upgradewatch status` and `history` (pure): views in, lines out. Durations
// and ages use kubectl's AGE format; the progress bar and the column layout are the demo's (src/demo/table.ts).

import { alignColumns, humanAge, progressBar } from '../demo/table.js';
import type { HistoryView, WatchView } from './view.js';

const BAR_WIDTH = 20;

function versions(view: { fromVersion?: string; toVersion?: string }): string {
  if (view.fromVersion && view.toVersion) return `${view.fromVersion} -> ${view.toVersion}`;
  if (view.toVersion) return `-> ${view.toVersion}`;
  return view.fromVersion ?? '';
}

function sinceLastSync(view: WatchView): string {
  if (view.sinceLastSyncMs === undefined) return 'never';
  return `${humanAge(view.sinceLastSyncMs)} ago`;
}

function stepLines(view: WatchView): string[] {
  if (view.steps.length === 0) return [];
  const rows = view.steps.map((step) => [
    step.name,
    step.phase,
    step.durationMs === undefined ? '' : humanAge(step.durationMs),
    step.message ?? '',
  ]);
  return ['  Steps:', ...alignColumns(rows).map((line) => `    ${line}`)];
}

function detailLines(view: WatchView): string[] {
  const lines: string[] = [];
  if (view.nodes) {
    const current = view.nodes.current.length > 0 ? `, now: ${view.nodes.current.join(', ')}` : '';
    lines.push(`  Nodes:       ${view.nodes.completed}/${view.nodes.total} done${current}`);
  }
  if (view.components.length > 0) {
    const rows = view.components.map((c) => [c.name, c.phase, c.version ?? '']);
    lines.push('  Components:', ...alignColumns(rows).map((line) => `    ${line}`));
  }
  if (view.unhealthyConditions.length > 0) {
    lines.push('  Not healthy:');
    for (const c of view.unhealthyConditions)
      lines.push(`    ${c.type}=${c.status} ${c.reason}${c.message ? `: ${c.message}` : ''}`);
  }
  return lines;
}

/** The block of one watch. */
export function renderWatch(view: WatchView): string[] {
  const phase = view.phase || '(no status yet)';
  const bar = progressBar(view.progress, BAR_WIDTH);
  const lines = [
    `${view.namespace}/${view.name}   ${view.provider}   cluster ${view.cluster}`,
    `  Phase:       ${[phase, bar, versions(view)].filter(Boolean).join('   ')}`,
  ];
  if (view.currentStep) lines.push(`  Step:        ${view.currentStep}`);
  lines.push(...stepLines(view), ...detailLines(view));
  if (view.message) lines.push(`  Message:     ${view.message}`);
  if (view.lastResult) lines.push(`  Last result: ${view.lastResult}`);
  lines.push(`  Last sync:   ${sinceLastSync(view)}`);
  return lines;
}

/** Every watch, sorted by namespace then name, a blank line between blocks. */
export function renderStatus(views: readonly WatchView[], where: string): string[] {
  if (views.length === 0) return [`No ClusterUpgradeWatches found ${where}.`];
  const sorted = [...views].sort(
    (a, b) => a.namespace.localeCompare(b.namespace) || a.name.localeCompare(b.name),
  );
  return sorted.flatMap((view, i) => (i === 0 ? renderWatch(view) : ['', ...renderWatch(view)]));
}

export function renderHistory(view: HistoryView): string[] {
  if (view.history.length === 0) return [`${view.namespace}/${view.name}: no finished upgrade recorded yet.`];
  const rows = view.history.map((e) => [
    e.upgradeID ?? '',
    e.phase,
    e.fromVersion ?? '',
    e.toVersion ?? '',
    e.startTime ?? '',
    e.completionTime ?? '',
    e.durationMs === undefined ? '' : humanAge(e.durationMs),
    e.message ?? '',
  ]);
  return alignColumns([
    ['UPGRADE ID', 'RESULT', 'FROM', 'TO', 'STARTED', 'FINISHED', 'DURATION', 'MESSAGE'],
    ...rows,
  ]);
}
