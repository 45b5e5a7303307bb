// GKE upgrade versions (docs/providers-next.md#google-gke, mapping choice 6). `Operation` carries
// no version, so the client reads the cluster (`projects.locations.clusters.get`) — only when it
// adds information: once when an upgrade operation is first seen still running (the version the
// upgraded part runs before), once when it is DONE (the version it runs after). The reads are
// remembered per watch (the family's poll memory); every poll in between reports them again.
// Pure functions: which version an operation moves, when a read is due, what the reads mean.

import type { Observation, Phase } from '../../api/types.js';
import { nonEmpty } from '../common/normalize-helpers.js';
import { isMasterUpgrade, targetNodePool } from './normalize.js';
import type { GkeCluster, GkeOperation } from './schema.js';

/** One read of the cluster: `version` is absent when the cluster did not name one. */
interface VersionRead {
  version?: string;
}

/** The cluster reads made for one upgrade operation (by its name). */
export interface VersionReads {
  operation: string;
  /** Read while the operation was still running: the part's version before the upgrade. */
  atStart?: VersionRead;
  /** Read once the operation was DONE: the part's version after it. */
  atEnd?: VersionRead;
}

export type ReadMoment = 'start' | 'end';

/** A cluster read this poll should make: for which operation, as which moment. */
export interface ReadDue {
  operation: string;
  moment: ReadMoment;
}

/** Operation.status DONE: finished, whether it succeeded, failed or was cancelled. */
export function operationDone(operation: GkeOperation): boolean {
  return nonEmpty(operation.status)?.toUpperCase() === 'DONE';
}

/**
 * The version of the part an upgrade operation moves: the control plane's
 * `currentMasterVersion` for UPGRADE_MASTER; for UPGRADE_NODES the `version` of the node pool
 * its `targetLink` names, else (no pool named) the deprecated `currentNodeVersion`, the minimum
 * over all nodes. A named pool the cluster no longer has gives no version.
 */
export function partVersion(cluster: GkeCluster, operation: GkeOperation): string | undefined {
  if (isMasterUpgrade(operation)) return nonEmpty(cluster.currentMasterVersion);
  const pool = targetNodePool(operation);
  if (pool === undefined) return nonEmpty(cluster.currentNodeVersion);
  return nonEmpty((cluster.nodePools ?? []).find((p) => p.name === pool)?.version);
}

/** Whether this poll should read the cluster for `operation` (undefined: nothing new to learn). */
export function readDue(reads: VersionReads | undefined, operation: GkeOperation): ReadDue | undefined {
  const name = nonEmpty(operation.name);
  if (name === undefined) return undefined; // nothing to remember it by: no read at all
  const done = operationDone(operation);
  if (reads?.operation !== name) return { operation: name, moment: done ? 'end' : 'start' };
  return done && reads.atEnd === undefined ? { operation: name, moment: 'end' } : undefined;
}

/** The reads after one more read: a read for another operation starts afresh. */
export function withRead(
  reads: VersionReads | undefined,
  due: ReadDue,
  version: string | undefined,
): VersionReads {
  const kept = reads?.operation === due.operation ? reads : { operation: due.operation };
  const read: VersionRead = version === undefined ? {} : { version };
  return due.moment === 'start' ? { ...kept, atStart: read } : { ...kept, atEnd: read };
}

/**
 * What the reads say for an observation of `upgradeID` in `phase`:
 * - running (only the start read): fromVersion = the version before, no target yet;
 * - Succeeded: toVersion = the version after; fromVersion = the version before when it differs;
 * - Failed / Cancelled: fromVersion = the version before; toVersion only when the part's version
 *   moved (a failed upgrade usually leaves it where it was, which is no target);
 * - first seen already DONE (no start read): toVersion after a success, nothing after a failure.
 */
export function versionsOf(
  reads: VersionReads | undefined,
  upgradeID: string | undefined,
  phase: Phase,
): Pick<Observation, 'fromVersion' | 'toVersion'> {
  if (reads === undefined || reads.operation !== upgradeID) return {};
  const before = reads.atStart?.version;
  if (reads.atEnd === undefined) return before === undefined ? {} : { fromVersion: before };
  const after = reads.atEnd.version;
  const from = before !== undefined && before !== after ? { fromVersion: before } : {};
  if (phase === 'Succeeded') return { ...from, ...(after !== undefined ? { toVersion: after } : {}) };
  const moved = before !== undefined && after !== undefined && after !== before;
  return {
    ...(before !== undefined ? { fromVersion: before } : {}),
    ...(moved ? { toVersion: after } : {}),
  };
}
