// The small pure helpers every provider's normalizer shares: text, enum tables, undefined-free
// records, step counting, and the last touch of an Observation.

import { MAX_MESSAGE_LENGTH, type Observation, type Phase, type Step } from '../../api/types.js';
import { trimMessage } from './classify.js';
import { settleProgress } from './progress.js';

/** A non-empty trimmed string, or undefined. */
export function nonEmpty(value: unknown): string | undefined {
  if (typeof value !== 'string') return undefined;
  const trimmed = value.trim();
  return trimmed === '' ? undefined : trimmed;
}

/** Non-blank provider text, trimmed to the status message limit. */
export function textValue(value: string | null | undefined): string | undefined {
  const text = nonEmpty(value);
  return text === undefined ? undefined : trimMessage(text, MAX_MESSAGE_LENGTH);
}

/** Lower-cased, trimmed enum value; undefined for absent or blank. */
export function enumValue(value: string | null | undefined): string | undefined {
  return nonEmpty(value)?.toLowerCase();
}

/**
 * Case-insensitive enum lookup (keys compared as `enumValue` reads them) that cannot be fooled
 * by `constructor` / `__proto__`: only the table's own keys are known.
 */
export function enumLookup<T>(table: Readonly<Record<string, T>>): (raw: unknown) => T | undefined {
  const map = new Map(Object.entries(table).map(([key, value]) => [key.toLowerCase(), value]));
  return (raw) => {
    const key = typeof raw === 'string' ? enumValue(raw) : undefined;
    return key === undefined ? undefined : map.get(key);
  };
}

const TERMINAL_PHASES: readonly Phase[] = ['Succeeded', 'Failed', 'Cancelled'];

export function isTerminal(phase: Phase): boolean {
  return TERMINAL_PHASES.includes(phase);
}

/** Drop keys whose value is undefined, so status diffs and JSON patches stay clean. */
export function compact<T extends object>(value: T): T {
  return Object.fromEntries(Object.entries(value).filter(([, v]) => v !== undefined)) as T;
}

/** Steps counted as done for progress. */
export function finishedSteps(steps: readonly Step[]): number {
  return steps.filter((s) => s.phase === 'Succeeded').length;
}

/** Build the final Observation: trims the message, drops undefined keys, Succeeded ⇒ 100. */
export function finishObservation(observation: Observation): Observation {
  const result: Observation = { ...observation };
  const progress = settleProgress(result.progress, result.phase);
  if (progress !== undefined) result.progress = progress;
  if (result.message !== undefined) result.message = trimMessage(result.message, MAX_MESSAGE_LENGTH);
  return compact(result);
}
