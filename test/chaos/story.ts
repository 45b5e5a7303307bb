// A watch that missed its final truth, told from the run's own records: each status it showed
// (seconds since the run started, phase, progress, target version, Synced reason), how the cloud
// answered its cluster, and what the replicas logged about it. A failure seen once on a CI
// machine is then understood from the report alone, without a second run.
import type { ClusterUpgradeWatch } from '../../src/api/types.js';
import type { CounterReport } from '../../src/simulator/index.js';
import type { Violation } from './invariants.js';
import { keyOf } from './verify.js';
import type { ChaosWorld } from './world.js';

export interface WatchStory {
  subject: string;
  /** Each status change the recorder saw: `+12s Running 33% from 1.33.2 →1.34.1 Synced=Synced`. */
  statuses: string[];
  /** The cloud's answers to requests naming the watch's cluster, by outcome. */
  cloudAnswers: Record<string, number>;
  /** The replicas' log lines naming the watch (at most the last 20). */
  logs: string[];
}

const MAX_LOG_LINES = 20;

/** One status as a story line; `atMs` and `startedAtMs` are epoch milliseconds. */
export function statusLine(object: ClusterUpgradeWatch, atMs: number, startedAtMs: number): string {
  const s = object.status ?? {};
  const synced = s.conditions?.find((c) => c.type === 'Synced');
  return [
    `+${Math.round((atMs - startedAtMs) / 1000)}s`,
    s.phase ?? '(no phase)',
    ...(s.progress !== undefined ? [`${s.progress}%`] : []),
    ...(s.fromVersion !== undefined ? [`from ${s.fromVersion}`] : []),
    ...(s.toVersion !== undefined ? [`→${s.toVersion}`] : []),
    ...(synced ? [`Synced=${synced.reason}`] : []),
  ].join(' ');
}

/** The stories of the watches named by a finalTruth violation. */
export function storiesOf(
  world: ChaosWorld,
  counters: CounterReport,
  violations: readonly Violation[],
  startedAt: Date,
): WatchStory[] {
  const subjects = new Set(violations.filter((v) => v.invariant === 'finalTruth').map((v) => v.subject));
  return world.fleet.watches
    .filter((watch) => subjects.has(keyOf(world, watch.name, watch.cloud)))
    .map((watch) => {
      const subject = keyOf(world, watch.name, watch.cloud);
      const statuses = world.recorder
        .history(subject)
        .filter((version) => version.statusChanged)
        .map((version) => statusLine(version.object, version.at, startedAt.getTime()));
      const cloudAnswers: Record<string, number> = {};
      for (const entry of counters.entries.filter((e) => e.clusterID === watch.clusterID))
        for (const [outcome, n] of Object.entries(entry.outcomes))
          cloudAnswers[`${entry.operation} ${outcome}`] =
            (cloudAnswers[`${entry.operation} ${outcome}`] ?? 0) + n;
      const logs = world.replicas.all.flatMap((replica) =>
        replica.proc.lines
          .filter((line) => line.name === watch.name)
          .map((line) => {
            const at =
              typeof line.time === 'number'
                ? `+${Math.round((line.time - startedAt.getTime()) / 1000)}s `
                : '';
            return `${at}${replica.name} ${String(line.msg)}`;
          }),
      );
      return { subject, statuses, cloudAnswers, logs: logs.slice(-MAX_LOG_LINES) };
    });
}

/** Lines for the one-screen summary. */
export function storyLines(stories: readonly WatchStory[]): string[] {
  return stories.flatMap((story) => [
    `  story of ${story.subject}:`,
    `    statuses: ${story.statuses.join(' | ') || '(none recorded)'}`,
    `    cloud: ${
      Object.entries(story.cloudAnswers)
        .map(([what, n]) => `${what} ${n}`)
        .join(', ') || '(no request named its cluster)'
    }`,
    ...story.logs.map((line) => `    log: ${line}`),
  ]);
}
