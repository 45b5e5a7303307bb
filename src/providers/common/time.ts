// Cloud timestamps in every shape the providers send (docs/reference.md#timestamps), normalized to RFC 3339 UTC
// with second precision (`2023-01-05T02:23:39Z`). Anything unparseable or "unset" → undefined.

const RFC3339 = /^(\d{4})-(\d{2})-(\d{2})[T ](\d{2}):(\d{2}):(\d{2})(\.\d+)?(Z|[+-]\d{2}:?\d{2})?$/i;
// Go's zone abbreviation is letters (`CST`) or, for a zone without one, the numeric offset again
// (`+08`, `-03`, `+0530`): `2024-05-01 16:39:15 +0800 +08` (docs/reference.md#timestamps).
const GO_STYLE =
  /^(\d{4})-(\d{2})-(\d{2}) (\d{2}):(\d{2}):(\d{2})(\.\d+)? ([+-])(\d{2})(\d{2})(?: (?:[A-Za-z]{1,6}|[+-]\d{2}(?:\d{2})?))?$/;
const EPOCH_MS = /^\d{12,14}$/;
const ZERO_TIME_YEAR = 1;

function fromParts(
  year: string,
  month: string,
  day: string,
  hour: string,
  minute: string,
  second: string,
  offsetMinutes: number,
): Date | undefined {
  const [y, mo, d, h, mi, s] = [year, month, day, hour, minute, second].map(Number) as [
    number,
    number,
    number,
    number,
    number,
    number,
  ];
  if (y <= ZERO_TIME_YEAR) return undefined; // Go's zero time means "unset"
  if (mo < 1 || mo > 12 || d < 1 || d > 31 || h > 23 || mi > 59 || s > 60) return undefined;
  // The calendar date is checked as written, before the offset moves it: Feb 31 is no date at
  // any offset (Date.UTC would roll it over to March).
  if (new Date(Date.UTC(y, mo - 1, d)).getUTCDate() !== d) return undefined;
  return new Date(Date.UTC(y, mo - 1, d, h, mi, Math.min(s, 59)) - offsetMinutes * 60_000);
}

function parseOffset(zone: string | undefined): number {
  if (!zone || zone.toUpperCase() === 'Z') return 0;
  const sign = zone.startsWith('-') ? -1 : 1;
  const digits = zone.slice(1).replace(':', '');
  return sign * (Number(digits.slice(0, 2)) * 60 + Number(digits.slice(2, 4)));
}

/** Parse a provider timestamp; returns a Date or undefined for unset/unparseable values. */
export function parseCloudDate(value: unknown): Date | undefined {
  if (typeof value === 'number' && Number.isFinite(value) && value > 0) {
    const date = new Date(value);
    // Past ±8.64e15 ms a Date is invalid, and formatting it would throw a RangeError.
    return Number.isNaN(date.getTime()) ? undefined : date;
  }
  if (typeof value !== 'string') return undefined;
  const text = value.trim();
  if (text === '') return undefined;
  if (EPOCH_MS.test(text)) return new Date(Number(text));
  let date: Date | undefined;
  const go = GO_STYLE.exec(text);
  if (go) {
    const [, y, mo, d, h, mi, s, , sign, oh, om] = go as unknown as string[];
    const offset = (sign === '-' ? -1 : 1) * (Number(oh) * 60 + Number(om));
    date = fromParts(y!, mo!, d!, h!, mi!, s!, offset);
  } else {
    const m = RFC3339.exec(text);
    if (!m) return undefined;
    const [, y, mo, d, h, mi, s, , zone] = m as unknown as (string | undefined)[];
    date = fromParts(y!, mo!, d!, h!, mi!, s!, parseOffset(zone));
  }
  if (!date || Number.isNaN(date.getTime()) || date.getUTCFullYear() < 1970) return undefined;
  return date;
}

/** RFC 3339 UTC with second precision (`2023-01-05T02:23:39Z`): the one time format of status,
 *  Events and cloud timestamps (metav1.Time round-trips it). */
export function formatTime(date: Date): string {
  return date.toISOString().replace(/\.\d{3}Z$/, 'Z');
}

/** Parse and format in one go: the form every normalizer uses. */
export function cloudTime(value: unknown): string | undefined {
  const date = parseCloudDate(value);
  return date ? formatTime(date) : undefined;
}
