// Defaults and limits of the ClusterUpgradeWatch spec (docs/reference.md#spec-fields).
//
// `pollInterval`, `idlePollInterval` and `suspend` are defaulted by the CRD itself (OpenAPI
// `default`), so every stored object carries them; `specSchema` applies the same defaults so
// the operator sees identical values even for objects from an older CRD.
//
// Provider-specific optional fields (e.g. an `actionMode`) have NO schema default on purpose: a
// CRD default would put them on every object and trip the "only allowed when provider is …"
// rules. The operator applies each provider descriptor's `runtimeDefaults` instead (see
// `applyRuntimeDefaults`).

import { descriptors } from '../providers/descriptors.js';
import { parseDuration } from './duration.js';
import type { ClusterUpgradeWatchSpec } from './types.js';

export const DEFAULT_POLL_INTERVAL = '30s';
export const DEFAULT_IDLE_POLL_INTERVAL = '5m';
export const DEFAULT_SUSPEND = false;

/** Lower bounds, enforced by CEL in the CRD and by zod in the operator. */
export const MIN_POLL_INTERVAL = '5s';
export const MIN_IDLE_POLL_INTERVAL = '30s';

/** A validated spec with every default filled in. */
export type ResolvedSpec = ClusterUpgradeWatchSpec &
  Required<Pick<ClusterUpgradeWatchSpec, 'pollInterval' | 'idlePollInterval' | 'suspend'>>;

/** Defaults the CRD does not apply: the provider descriptor's `runtimeDefaults` for unset fields. */
export function applyRuntimeDefaults(spec: ResolvedSpec): ResolvedSpec {
  const missing = Object.entries(descriptors[spec.provider].runtimeDefaults).filter(
    ([field]) => spec[field as keyof ResolvedSpec] === undefined,
  );
  return missing.length === 0 ? spec : { ...spec, ...Object.fromEntries(missing) };
}

export interface PollIntervals {
  /** Requeue delay while an upgrade is active (Pending/Running/Paused). */
  activeMs: number;
  /** Requeue delay when idle or terminal. */
  idleMs: number;
}

/** Poll intervals of a validated spec, in milliseconds: a value that cannot have passed
 *  validation falls back to its default, and neither goes below its minimum. */
export function pollIntervalsMs(spec: ResolvedSpec): PollIntervals {
  const ms = (text: string, fallback: string, min: string): number =>
    Math.max(mustParse(min), parseDuration(text) ?? mustParse(fallback));
  return {
    activeMs: ms(spec.pollInterval, DEFAULT_POLL_INTERVAL, MIN_POLL_INTERVAL),
    idleMs: ms(spec.idlePollInterval, DEFAULT_IDLE_POLL_INTERVAL, MIN_IDLE_POLL_INTERVAL),
  };
}

function mustParse(text: string): number {
  const ms = parseDuration(text);
  if (ms === undefined) throw new Error(`built-in duration ${text} does not parse`);
  return ms;
}
