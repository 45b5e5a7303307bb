// What the integration tests wait for on a watch: Synced True, Synced False for a named reason,
// or a phase reached while Synced.
import type { ClusterUpgradeWatch } from '../../src/api/types.js';
import { condition } from './operator-harness.js';

export const synced = (w: ClusterUpgradeWatch): boolean => condition(w, 'Synced')?.status === 'True';

export const syncedReason =
  (reason: string) =>
  (w: ClusterUpgradeWatch): boolean =>
    condition(w, 'Synced')?.status === 'False' && condition(w, 'Synced')?.reason === reason;

export const phase =
  (want: string) =>
  (w: ClusterUpgradeWatch): boolean =>
    w.status?.phase === want && synced(w);
