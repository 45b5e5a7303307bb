// Small pure helpers shared by the Huawei normalizers.

import type { Observation, Phase } from '../../api/types.js';
import { MAX_MESSAGE_LENGTH } from '../../api/types.js';
import { trimMessage } from '../common/classify.js';

/** Case-insensitive enum lookup that cannot be fooled by `constructor` / `__proto__`. */
export function enumLookup<T>(table: Record<string, T>): (raw: unknown) => T | undefined {
  const map = new Map(Object.entries(table).map(([key, value]) => [key.toLowerCase(), value]));
  return (raw) => (typeof raw === 'string' ? map.get(raw.trim().toLowerCase()) : undefined);
}

/** A non-empty trimmed string, or undefined. */
export function nonEmpty(value: unknown): string | undefined {
  if (typeof value !== 'string') return undefined;
  const trimmed = value.trim();
  return trimmed === '' ? undefined : trimmed;
}

/** Drop keys whose value is undefined, so status diffs and JSON patches stay clean. */
export function compact<T extends object>(value: T): T {
  return Object.fromEntries(Object.entries(value).filter(([, v]) => v !== undefined)) as T;
}

/** An integer percentage from a 0..1 ratio; 100 only for Succeeded, per docs/reference.md#progress-rules. */
export function percent(ratio: number, phase: Phase): number {
  if (phase === 'Succeeded') return 100;
  const clamped = Math.min(1, Math.max(0, ratio));
  return Math.min(99, Math.floor(clamped * 100 + 1e-9));
}

/** Build the final Observation: trims the message, drops undefined keys, Succeeded ⇒ 100. */
export function finishObservation(observation: Observation): Observation {
  const result: Observation = { ...observation };
  if (result.phase === 'Succeeded') result.progress = 100;
  if (result.message !== undefined) result.message = trimMessage(result.message, MAX_MESSAGE_LENGTH);
  return compact(result);
}
