// What the EKS client remembers between polls (the reconciler connects afresh for every poll, so
// this lives in the provider family, not in a client):
//
// - terminal updates by id: an update that is Successful, Failed or Cancelled never changes, so
//   it is described once and never again;
// - per followed resource (the cluster, each named node group) its newest VersionUpdate as last
//   seen, so a resource not listed on a steady poll still has its step;
// - per watch, which node group a steady poll lists next (round robin; the turn passes only
//   once that group was listed).
//
// Bounded: the oldest entries go first once a map is full. Keys carry the base URL and the
// cluster name; update ids are UUIDs that only a successful ListUpdates with the watch's own
// credentials hands out.

import type { EksUpdate } from './schema.js';
import { updateStepPhase } from './normalize.js';

export const MAX_REMEMBERED_UPDATES = 20_000;
export const MAX_REMEMBERED_RESOURCES = 10_000;

function remember<V>(map: Map<string, V>, key: string, value: V, max: number): void {
  map.delete(key);
  map.set(key, value);
  while (map.size > max) {
    const oldest = map.keys().next().value as string;
    map.delete(oldest);
  }
}

/** Whether an update can still change: InProgress, or a status the model does not know. */
export function isTerminalUpdate(update: EksUpdate): boolean {
  const phase = updateStepPhase(update.status);
  return phase === 'Succeeded' || phase === 'Failed' || phase === 'Cancelled';
}

export class EksUpdateMemory {
  private readonly terminal = new Map<string, EksUpdate>();
  /** Resource key → its newest VersionUpdate as last listed; null = it has none. */
  private readonly newest = new Map<string, EksUpdate | null>();
  private readonly rotation = new Map<string, number>();

  constructor(
    private readonly maxUpdates = MAX_REMEMBERED_UPDATES,
    private readonly maxResources = MAX_REMEMBERED_RESOURCES,
  ) {}

  terminalUpdate(resource: string, id: string): EksUpdate | undefined {
    return this.terminal.get(`${resource}\n${id}`);
  }

  /** Keeps the update only when it is terminal (anything else must be described again). */
  noteUpdate(resource: string, id: string, update: EksUpdate): void {
    if (isTerminalUpdate(update)) remember(this.terminal, `${resource}\n${id}`, update, this.maxUpdates);
  }

  newestUpdate(resource: string): EksUpdate | null | undefined {
    return this.newest.get(resource);
  }

  noteNewest(resource: string, update: EksUpdate | undefined): void {
    remember(this.newest, resource, update ?? null, this.maxResources);
  }

  /** Every resource listed before, and none with an update that can still change. */
  steady(resources: readonly string[]): boolean {
    return resources.every((resource) => {
      const update = this.newest.get(resource);
      return update === null || (update !== undefined && isTerminalUpdate(update));
    });
  }

  /** The index (0..count-1) of the node group whose turn it is on a steady poll. */
  turnInRotation(watch: string, count: number): number {
    return (this.rotation.get(watch) ?? 0) % count;
  }

  /** The poll that listed the node group whose turn it was succeeded: the next steady poll lists
   *  the next one. A poll cut or failed keeps the turn, so a group whose listing needs a
   *  follow-up request is not skipped for ever. */
  passTurn(watch: string, count: number): void {
    remember(this.rotation, watch, (this.turnInRotation(watch, count) + 1) % count, this.maxResources);
  }
}
