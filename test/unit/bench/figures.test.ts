// The bench's write and lag figures (docs/benchmarks.md, "What one run does"): totals, and the
// per-provider counts that say which provider an idle write or a missed change belongs to.
import type { WatchPlan } from '../../../src/bench/fleet.js';
import { writeAndLagFigures } from '../../../src/bench/figures.js';
import type { CrRecorder } from '../../../src/bench/kube.js';
import type { WindowRaw } from '../../../src/bench/window.js';
import { AWS_EKS, AZURE_AKS } from '../../../src/providers/names.js';

const HOUR = 3_600_000;

function plan(name: string, provider: WatchPlan['provider'], changeAtMs?: number): WatchPlan {
  return {
    name,
    namespace: 'n',
    provider,
    clusterID: `c-${name}`,
    secret: 's',
    ...(changeAtMs !== undefined ? { changeAtMs } : {}),
  };
}

describe('bench writeAndLagFigures', () => {
  it('counts idle writes and missed changes in total and by provider', () => {
    const writes: Record<string, { writes: number[]; changedAt?: number }> = {
      idleEks: { writes: [10, 20] }, // two writes of an unchanged watch: churn to explain
      idleAks: { writes: [] },
      seenAks: { writes: [1_010], changedAt: 1_010 }, // shown 10 ms after the change
      missedEks: { writes: [] }, // never shown
    };
    const recorder = { record: (name: string) => writes[name]! } as unknown as CrRecorder;
    const raw = {
      windowStart: 0,
      windowEnd: HOUR,
      lagDeadline: HOUR,
      changedAt: new Map([
        ['seenAks', 1_000],
        ['missedEks', 1_000],
      ]),
    } as unknown as WindowRaw;
    const figures = writeAndLagFigures(
      [
        plan('idleEks', AWS_EKS),
        plan('idleAks', AZURE_AKS),
        plan('seenAks', AZURE_AKS, 1_000),
        plan('missedEks', AWS_EKS, 1_000),
      ],
      recorder,
      raw,
    );
    expect(figures.writes).toEqual({
      changes: 2,
      perChange: 0.5,
      idleWatches: 2,
      idlePerWatchPerHour: 1,
      idleWritesByProvider: { [AWS_EKS]: 2 },
    });
    expect(figures.lagSeconds).toMatchObject({ samples: 1, missed: 1, missedByProvider: { [AWS_EKS]: 1 } });
  });
});
