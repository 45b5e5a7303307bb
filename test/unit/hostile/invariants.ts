// What must hold for *every* answer a provider client gives, however hostile the cloud: an
// Observation that is plain, shallow, bounded data fit for a status subresource, or a CloudError
// whose texts are bounded and printable. Used by the catalogue on every row.

import { MAX_MESSAGE_LENGTH, type Observation } from '../../../src/api/types.js';
import {
  describeCloudError,
  PERMANENT_ERROR_CLASSES,
  TRANSIENT_ERROR_CLASSES,
  type CloudError,
} from '../../../src/providers/common/errors.js';
import { expectValidObservation } from '../providers/alibaba-common/valid-observation.js';

/** C0 controls (tab, CR and LF included), DEL, C1 controls (ESC, CSI 0x9b, BEL, NUL…), U+2028/2029
 *  and format characters (bidi overrides, zero-width): none may reach status or Events. */
// eslint-disable-next-line no-control-regex
export const CONTROL_CHARACTERS = /[\u0000-\u001f\u007f-\u009f\u2028\u2029\p{Cf}]/u;

/** Status objects are read by kubectl and dashboards: nothing deeper than this is ever needed. */
export const MAX_OBSERVATION_DEPTH = 16;
/** A request id is a UUID-ish token; anything longer is junk a cloud (or an attacker) sent. */
export const MAX_REQUEST_ID_LENGTH = 256;

interface Leaf {
  path: string;
  value: unknown;
}

/** Every string (keys included) and the maximum depth, without recursion (input may be deep). */
function walk(root: unknown): { strings: Leaf[]; depth: number } {
  const strings: Leaf[] = [];
  let depth = 0;
  const stack: Array<{ value: unknown; path: string; level: number }> = [
    { value: root, path: '$', level: 0 },
  ];
  while (stack.length > 0) {
    const { value, path, level } = stack.pop()!;
    depth = Math.max(depth, level);
    if (level > MAX_OBSERVATION_DEPTH) continue; // reported through `depth`
    if (typeof value === 'string') strings.push({ path, value });
    else if (Array.isArray(value))
      value.forEach((item, i) => stack.push({ value: item, path: `${path}[${i}]`, level: level + 1 }));
    else if (value !== null && typeof value === 'object') {
      for (const [key, item] of Object.entries(value)) {
        strings.push({ path: `${path}{key}`, value: key });
        stack.push({ value: item, path: `${path}.${key.slice(0, 40)}`, level: level + 1 });
      }
    }
  }
  return { strings, depth };
}

function badStrings(leaves: Leaf[]): string[] {
  const bad: string[] = [];
  for (const { path, value } of leaves) {
    const text = value as string;
    if (text.length > MAX_MESSAGE_LENGTH) bad.push(`${path}: ${text.length} chars`);
    const control = CONTROL_CHARACTERS.exec(text);
    if (control)
      bad.push(`${path}: control character U+${control[0].charCodeAt(0).toString(16).padStart(4, '0')}`);
  }
  return bad;
}

/** Well inside etcd's 1.5 MiB object limit, with room for spec, metadata and conditions. */
export const MAX_OBSERVATION_JSON_BYTES = 1024 * 1024;

/** docs/reference.md#status-fields validity plus: every string ≤ 1024 chars and printable, shallow, small, JSON round-trips. */
export function expectBoundedObservation(observation: Observation): void {
  const { strings, depth } = walk(observation);
  expect(depth).toBeLessThanOrEqual(MAX_OBSERVATION_DEPTH);
  expect(Buffer.byteLength(JSON.stringify(observation))).toBeLessThanOrEqual(MAX_OBSERVATION_JSON_BYTES);
  expect(badStrings(strings)).toEqual([]);
  expectValidObservation(observation);
}

/** A classified error with bounded, printable, secret-free-by-shape texts. */
export function expectBoundedError(error: CloudError): void {
  expect([...TRANSIENT_ERROR_CLASSES, ...PERMANENT_ERROR_CLASSES]).toContain(error.class);
  expect(typeof error.message).toBe('string');
  expect(error.message.length).toBeGreaterThan(0);
  const texts: Leaf[] = [{ path: 'message', value: error.message }];
  if (error.code !== undefined) texts.push({ path: 'code', value: error.code });
  expect(badStrings(texts)).toEqual([]);
  if (error.requestId !== undefined) {
    expect(error.requestId.length).toBeLessThanOrEqual(MAX_REQUEST_ID_LENGTH);
    expect(error.requestId).not.toMatch(CONTROL_CHARACTERS);
  }
  expect(describeCloudError(error).length).toBeLessThanOrEqual(
    MAX_MESSAGE_LENGTH + MAX_REQUEST_ID_LENGTH + 20,
  );
  if (error.class === 'Throttled' && error.retryAfterMs !== undefined) {
    expect(Number.isFinite(error.retryAfterMs)).toBe(true);
    expect(error.retryAfterMs).toBeGreaterThanOrEqual(0);
  }
}

/** Whichever a poll gave, an Observation or a classified error, it is bounded (see above). */
export function expectBoundedResult(
  result: { ok: true; observation: Observation } | { ok: false; error: CloudError },
): void {
  if (result.ok) expectBoundedObservation(result.observation);
  else expectBoundedError(result.error);
}

/** Nothing was added to Object.prototype (a polluted prototype shows up on every object). */
export function expectNoPrototypePollution(): void {
  const probe: Record<string, unknown> = {};
  expect(probe.polluted).toBeUndefined();
  expect(Object.keys(Object.prototype)).toEqual([]);
  expect(Object.getOwnPropertyNames(Object.prototype)).not.toContain('polluted');
  expect(({} as { constructor: unknown }).constructor).toBe(Object);
}
