// `--once`: done when every demo watch shows the phase its scenario story ends in. Pure.

import type { DemoSample } from './samples.js';
import type { WatchRow } from './table.js';

interface Laggard {
  name: string;
  /** '' when the watch has no status yet; 'missing' when the object is gone. */
  phase: string;
  want: string;
}

/** The samples not (yet) in their scripted final phase, in sample order; [] when all are. */
export function laggards(
  samples: readonly DemoSample[],
  rows: readonly WatchRow[],
  namespace: string,
): Laggard[] {
  const byName = new Map(rows.filter((r) => r.namespace === namespace).map((r) => [r.name, r]));
  return samples.flatMap((sample) => {
    const row = byName.get(sample.name);
    const phase = row ? row.phase : 'missing';
    return phase === sample.finalPhase ? [] : [{ name: sample.name, phase, want: sample.finalPhase }];
  });
}

/** `ns/a is Running (want Succeeded), ns/b has no status yet (want Failed)`. */
export function describeLaggards(list: readonly Laggard[], namespace: string): string {
  return list
    .map((l) => {
      const now =
        l.phase === '' ? 'has no status yet' : l.phase === 'missing' ? 'does not exist' : `is ${l.phase}`;
      return `${namespace}/${l.name} ${now} (want ${l.want})`;
    })
    .join(', ');
}
