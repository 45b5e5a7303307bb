// Watches driven by an in-process operator on a virtual clock (test/helpers/operator-inprocess.ts):
// create them, move virtual time until they show what a test waits for, delete them afterwards
// (an earlier test's watches would keep polling and skew the next test's request counts).
import type { ClusterUpgradeWatch } from '../../src/api/types.js';
import { createWatch, deleteWatch, getWatch, type TestSpace, type WatchSpec } from './operator-harness.js';
import type { InProcessOperator } from './operator-inprocess.js';

export interface VirtualWatches {
  create(name: string, spec: WatchSpec): Promise<void>;
  /** Deletes every watch `create` made, then lets the operator settle for one step. */
  deleteAll(): Promise<void>;
  /** Advances virtual time until every named watch satisfies `predicate` (or `maxMs` passes). */
  advanceUntil(
    names: string[],
    what: string,
    predicate: (watch: ClusterUpgradeWatch) => boolean,
    maxMs: number,
    stepMs?: number,
  ): Promise<ClusterUpgradeWatch[]>;
}

export function virtualWatches(space: TestSpace, operator: () => InProcessOperator): VirtualWatches {
  const created: string[] = [];
  return {
    async create(name, spec) {
      await createWatch(space, name, spec);
      created.push(name);
    },
    async deleteAll() {
      await Promise.all(created.splice(0).map((name) => deleteWatch(space, name)));
      await operator().advance(5_000, 5_000);
    },
    async advanceUntil(names, what, predicate, maxMs, stepMs = 5_000) {
      for (let moved = 0; ; moved += stepMs) {
        const seen = await Promise.all(names.map((name) => getWatch(space, name)));
        if (seen.every((w) => w && predicate(w))) return seen as ClusterUpgradeWatch[];
        if (moved >= maxMs) {
          const status = seen.map((w) => ({ name: w?.metadata.name, status: w?.status }));
          throw new Error(`${what}: not reached in ${maxMs} virtual ms\n${JSON.stringify(status, null, 1)}`);
        }
        await operator().advance(stepMs, stepMs);
      }
    },
  };
}
