// Small pure helpers the Alibaba normalizers share: enum matching, text, progress.

import { MAX_MESSAGE_LENGTH, type Phase, type Step } from '../../api/types.js';
import { trimMessage } from '../common/classify.js';

/** Lower-cased, trimmed enum value; undefined for absent or blank. */
export function enumValue(value: string | null | undefined): string | undefined {
  if (typeof value !== 'string') return undefined;
  const trimmed = value.trim().toLowerCase();
  return trimmed === '' ? undefined : trimmed;
}

/** Non-blank provider text, trimmed to the status message limit. */
export function textValue(value: string | null | undefined): string | undefined {
  if (typeof value !== 'string' || value.trim() === '') return undefined;
  return trimMessage(value.trim(), MAX_MESSAGE_LENGTH);
}

export const TERMINAL_PHASES: readonly Phase[] = ['Succeeded', 'Failed', 'Cancelled'];

export function isTerminal(phase: Phase): boolean {
  return TERMINAL_PHASES.includes(phase);
}

/** Copy of a record without undefined values (status stays free of `key: undefined`). */
export function defined<T extends Record<string, unknown>>(record: T): Partial<T> {
  return Object.fromEntries(Object.entries(record).filter(([, v]) => v !== undefined)) as Partial<T>;
}

/** Steps counted as done for progress. */
export function finishedSteps(steps: readonly Step[]): number {
  return steps.filter((s) => s.phase === 'Succeeded').length;
}

/** Table lookup that only sees the table's own keys (`__proto__`, `constructor` are just unknown). */
export function lookup<V>(table: Readonly<Record<string, V>>, key: string | undefined): V | undefined {
  return key !== undefined && Object.hasOwn(table, key) ? table[key] : undefined;
}
