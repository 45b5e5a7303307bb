// What `kubectl upgradewatch status` shows of one ClusterUpgradeWatch (pure): the text renderer
// draws it and `-o json` prints it, so both carry the same data.

import type { ClusterUpgradeWatch, Condition, HistoryEntry } from '../api/types.js';
import { ConditionType } from '../controller/reasons.js';

interface StepView {
  name: string;
  phase: string;
  /** Milliseconds from start to completion (or to now while it runs); absent without a start. */
  durationMs?: number;
  message?: string;
}

interface ComponentView {
  name: string;
  phase: string;
  version?: string;
}

interface ConditionView {
  type: string;
  status: string;
  reason: string;
  message: string;
}

export interface WatchView {
  namespace: string;
  name: string;
  provider: string;
  cluster: string;
  /** '' until the operator has written a status. */
  phase: string;
  progress?: number;
  currentStep?: string;
  fromVersion?: string;
  toVersion?: string;
  message?: string;
  steps: StepView[];
  nodes?: { total: number; completed: number; current: string[] };
  components: ComponentView[];
  /** Every condition that is not in its healthy state. */
  unhealthyConditions: ConditionView[];
  lastSyncTime?: string;
  /** Milliseconds since lastSyncTime. */
  sinceLastSyncMs?: number;
  lastResult?: string;
}

/**
 * The healthy status of each condition type (docs/reference.md#conditions): Ready and Synced
 * True, Stalled False. Progressing is True or False by design and is never a problem.
 */
const HEALTHY: Readonly<Record<string, string>> = {
  [ConditionType.Ready]: 'True',
  [ConditionType.Synced]: 'True',
  [ConditionType.Stalled]: 'False',
};

function isUnhealthy(condition: Condition): boolean {
  const healthy = HEALTHY[condition.type];
  return healthy !== undefined && condition.status !== healthy;
}

function millisBetween(from: string | undefined, to: string | undefined, now: Date): number | undefined {
  const start = from ? Date.parse(from) : Number.NaN;
  if (!Number.isFinite(start)) return undefined;
  const end = to ? Date.parse(to) : now.getTime();
  return Number.isFinite(end) ? Math.max(0, end - start) : undefined;
}

function defined<T extends object>(value: T): T {
  return Object.fromEntries(Object.entries(value).filter(([, v]) => v !== undefined)) as T;
}

export function viewOf(watch: ClusterUpgradeWatch, now: Date): WatchView {
  const status = watch.status ?? {};
  return defined<WatchView>({
    namespace: watch.metadata.namespace,
    name: watch.metadata.name,
    provider: watch.spec.provider,
    cluster: watch.spec.clusterID,
    phase: status.phase ?? '',
    progress: status.progress,
    currentStep: status.currentStep,
    fromVersion: status.fromVersion,
    toVersion: status.toVersion,
    message: status.message,
    steps: (status.steps ?? []).map((step) =>
      defined<StepView>({
        name: step.name,
        phase: step.phase,
        durationMs:
          step.phase === 'Pending' ? undefined : millisBetween(step.startTime, step.completionTime, now),
        message: step.message,
      }),
    ),
    nodes: status.nodes,
    components: (status.components ?? []).map((c) =>
      defined<ComponentView>({ name: c.name, phase: c.phase, version: c.version }),
    ),
    unhealthyConditions: (status.conditions ?? [])
      .filter(isUnhealthy)
      .map((c) => ({ type: c.type, status: c.status, reason: c.reason, message: c.message })),
    lastSyncTime: status.lastSyncTime,
    sinceLastSyncMs: millisBetween(status.lastSyncTime, undefined, now),
    lastResult: status.history?.[0]?.phase,
  });
}

export interface HistoryView {
  namespace: string;
  name: string;
  history: Array<HistoryEntry & { durationMs?: number }>;
}

export function historyViewOf(watch: ClusterUpgradeWatch, now: Date): HistoryView {
  return {
    namespace: watch.metadata.namespace,
    name: watch.metadata.name,
    history: (watch.status?.history ?? []).map((entry) =>
      defined({
        ...entry,
        durationMs: entry.completionTime
          ? millisBetween(entry.startTime, entry.completionTime, now)
          : undefined,
      }),
    ),
  };
}
