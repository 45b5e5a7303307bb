// Duration strings of the CR spec (`pollInterval`, `idlePollInterval`) and of duration flags.
//
// Grammar: the Gateway API duration format (GEP-2257), a strict subset of Go's
// `time.ParseDuration`: one to four groups of 1-5 digits, each followed by `h`, `m`, `s` or `ms`
// (`30s`, `2m`, `1h30m`, `500ms`, `1h0m0s`). No sign, no fractions, no `us`/`ns`. Every string
// it accepts means the same to Go (and so to CEL's `duration()` in the CRD) as it does here, and
// the largest value (4 × 99999h) stays far inside CEL's duration range, so the CRD's pattern,
// its CEL minimum rules and this parser can never disagree.

/** The CRD `pattern` for duration fields; keep byte-identical with crds/. */
export const DURATION_PATTERN = '^([0-9]{1,5}(h|m|s|ms)){1,4}$';

const DURATION_RE = new RegExp(DURATION_PATTERN);
const GROUP_RE = /([0-9]{1,5})(h|ms|m|s)/g;

const UNIT_MS: Record<string, number> = { h: 3_600_000, m: 60_000, s: 1_000, ms: 1 };

/**
 * Milliseconds in a duration string, or `undefined` when it does not follow the grammar above.
 * Repeated units add up, as in Go (`1m1m` = 2m).
 */
export function parseDuration(text: string): number | undefined {
  if (!DURATION_RE.test(text)) return undefined;
  let total = 0;
  for (const [, digits, unit] of text.matchAll(GROUP_RE)) {
    total += Number(digits) * (UNIT_MS[unit ?? ''] ?? Number.NaN);
  }
  return Number.isFinite(total) ? total : undefined;
}

/** How a message names the grammar, with examples. */
export const DURATION_HINT = 'a duration like "500ms", "20s", "2m", "1h" or "1m30s"';

/** The inverse of parseDuration for whole milliseconds: 20000 → "20s", 1500 → "1500ms". */
export function formatDuration(ms: number): string {
  if (ms % 3_600_000 === 0 && ms > 0) return `${ms / 3_600_000}h`;
  if (ms % 60_000 === 0 && ms > 0) return `${ms / 60_000}m`;
  if (ms % 1000 === 0) return `${ms / 1000}s`;
  return `${ms}ms`;
}
