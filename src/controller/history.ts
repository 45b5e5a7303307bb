// status.history[]: the finished upgrades of one watch, newest first (pure).
//
// See docs/reference.md#status-fields. The status itself is the memory: the next history is a
// function of the history already stored and the status just computed, nothing else. So an
// operator restart, a leader change or a replayed watch event (which all recompute from the
// stored status) cannot add, duplicate or drop an entry, and an error outcome — which keeps the
// last observation — finds its upgrade already recorded.
//
// Rules:
// - an entry is added when the computed phase is Succeeded, Failed or Cancelled and no entry
//   with the same identity is stored; an entry, once written, is never changed or removed
//   except by falling off the end (at most MAX_HISTORY entries are kept);
// - identity is the cloud's upgradeID; a provider that reports none (AlibabaACKAddons) is
//   identified by the upgrade's startTime; with neither, nothing can be told apart and nothing
//   is recorded (recording it would repeat it on every poll).

import type { ClusterUpgradeWatchStatus, HistoryEntry, HistoryPhase } from '../api/types.js';
import { HISTORY_PHASES, MAX_HISTORY } from '../api/types.js';
import { trimText } from './text.js';

/** True for the phases an upgrade ends in, the ones history records. */
export function isHistoryPhase(phase: string | undefined): phase is HistoryPhase {
  return (HISTORY_PHASES as readonly string[]).includes(phase ?? '');
}

/** What makes two history entries the same upgrade; undefined when nothing can tell it apart. */
export function historyKey(entry: {
  upgradeID?: string | undefined;
  startTime?: string | undefined;
}): string | undefined {
  if (entry.upgradeID) return `id:${entry.upgradeID}`;
  if (entry.startTime) return `start:${entry.startTime}`;
  return undefined;
}

/** The entry the status describes, when it describes a finished, identifiable upgrade. */
export function historyEntryOf(status: ClusterUpgradeWatchStatus): HistoryEntry | undefined {
  if (!isHistoryPhase(status.phase)) return undefined;
  if (historyKey(status) === undefined) return undefined;
  const entry: HistoryEntry = { phase: status.phase };
  if (status.upgradeID) entry.upgradeID = status.upgradeID;
  if (status.fromVersion) entry.fromVersion = status.fromVersion;
  if (status.toVersion) entry.toVersion = status.toVersion;
  if (status.startTime) entry.startTime = status.startTime;
  if (status.completionTime) entry.completionTime = status.completionTime;
  if (status.message) entry.message = trimText(status.message);
  return entry;
}

/**
 * The history to store with `next`: `previous` unchanged, or with the upgrade `next` describes
 * put first when it has just finished and is not there yet; never more than MAX_HISTORY.
 */
export function nextHistory(
  previous: readonly HistoryEntry[] | undefined,
  next: ClusterUpgradeWatchStatus,
): HistoryEntry[] {
  const kept = [...(previous ?? [])];
  const entry = historyEntryOf(next);
  const key = entry && historyKey(entry);
  const known = key !== undefined && kept.some((stored) => historyKey(stored) === key);
  const out = entry && !known ? [entry, ...kept] : kept;
  return out.slice(0, MAX_HISTORY);
}
