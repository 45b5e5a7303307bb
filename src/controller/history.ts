// status.history[]: the finished upgrades of one watch, newest first (pure).
//
// See docs/reference.md#status-fields. The status itself is the memory: the next history is a
// function of the history already stored and the status just computed, nothing else. So an
// operator restart, a leader change or a replayed watch event (which all recompute from the
// stored status) cannot add, duplicate or drop an entry, and an error outcome — which keeps the
// last observation — finds its upgrade already recorded.
//
// Rules:
// - an entry is added when the computed phase is Succeeded, Failed or Cancelled and the upgrade
//   is not recorded yet; an entry, once written, is never changed or removed except by falling
//   off the end (at most MAX_HISTORY entries are kept);
// - "recorded yet" is decided by identity: the cloud's upgradeID, else (add-on upgrades) the
//   upgrade's startTime. With neither (an ACK cluster upgrade without a task id), the stored
//   phase decides: the upgrade is recorded when the status moves into its end phase from any
//   other phase, so the same finished upgrade seen again (next poll, restart, replayed event)
//   adds nothing.

import type { ClusterUpgradeWatchStatus, HistoryEntry, HistoryPhase } from '../api/types.js';
import { HISTORY_PHASES, MAX_HISTORY } from '../api/types.js';
import { trimText } from './text.js';

/** True for the phases an upgrade ends in, the ones history records. */
function isHistoryPhase(phase: string | undefined): phase is HistoryPhase {
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

/** The entry the status describes, when it describes a finished upgrade. */
export function historyEntryOf(status: ClusterUpgradeWatchStatus): HistoryEntry | undefined {
  if (!isHistoryPhase(status.phase)) return undefined;
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
 * The history to store with `next`, computed from the stored status `previous`: its history
 * unchanged, or with the upgrade `next` describes put first when it has just finished and is
 * not recorded yet; never more than MAX_HISTORY.
 */
export function nextHistory(
  previous: ClusterUpgradeWatchStatus | undefined,
  next: ClusterUpgradeWatchStatus,
): HistoryEntry[] {
  const kept = [...(previous?.history ?? [])];
  const entry = historyEntryOf(next);
  const out = entry && !isRecorded(entry, kept, previous?.phase) ? [entry, ...kept] : kept;
  return out.slice(0, MAX_HISTORY);
}

function isRecorded(
  entry: HistoryEntry,
  history: readonly HistoryEntry[],
  previousPhase: string | undefined,
): boolean {
  const key = historyKey(entry);
  if (key !== undefined) return history.some((stored) => historyKey(stored) === key);
  return previousPhase === entry.phase;
}
