// Secret hygiene: find known secret values in anything the operator emits (observations,
// errors, condition messages, log lines, Event texts, metrics). A secret that leaks is rarely
// verbatim for long: it shows up base64-encoded (a Secret's `data`, a Basic header), URL-encoded
// (a query string), JSON-escaped (a log line) or hex-dumped (a Buffer). Every such form is looked
// for, and base64 at each of the three byte alignments, so a secret embedded in a longer base64
// string is still found.

import { expect } from '@jest/globals';

export interface SecretHit {
  /** Index into `texts`. */
  text: number;
  /** Index into `secrets`. */
  secret: number;
  /** Which encoding of the secret matched, e.g. `raw`, `base64@1`, `url`. */
  form: string;
  /** Character offset of the match in the text. */
  at: number;
}

/** Shorter values would match innocent text by chance; a test using one is a broken test. */
export const MIN_SCANNABLE_SECRET_LENGTH = 6;
/** An aligned base64 fragment shorter than this could appear by chance. */
const MIN_FRAGMENT_LENGTH = 8;

interface Needle {
  form: string;
  value: string;
  caseInsensitive?: boolean;
}

/** The base64 characters that depend on `secret` alone when it starts `offset` bytes into a 3-byte group. */
function alignedBase64(secret: Buffer, offset: number, alphabet: 'base64' | 'base64url'): string {
  const padded = Buffer.concat([Buffer.alloc(offset), secret]);
  const encoded = padded.toString(alphabet).replace(/=+$/, '');
  const first = Math.ceil((8 * offset) / 6);
  const end = Math.floor((8 * padded.length) / 6);
  return encoded.slice(first, end);
}

function needlesFor(secret: string): Needle[] {
  const bytes = Buffer.from(secret, 'utf8');
  const needles: Needle[] = [{ form: 'raw', value: secret }];
  const add = (form: string, value: string, caseInsensitive = false): void => {
    if (value.length === 0 || needles.some((n) => n.value === value)) return;
    needles.push({ form, value, ...(caseInsensitive ? { caseInsensitive } : {}) });
  };
  add('json-escaped', JSON.stringify(secret).slice(1, -1));
  add('url', encodeURIComponent(secret), true); // %2F and %2f are the same byte
  add('form-url', encodeURIComponent(secret).replace(/%20/g, '+'), true);
  add('hex', bytes.toString('hex'), true);
  // Whole-value base64 (with its padding) and the alignment-independent fragments.
  add('base64', bytes.toString('base64'));
  add('base64url', bytes.toString('base64url'));
  for (const alphabet of ['base64', 'base64url'] as const) {
    for (const offset of [0, 1, 2]) {
      const fragment = alignedBase64(bytes, offset, alphabet);
      if (fragment.length >= MIN_FRAGMENT_LENGTH) add(`${alphabet}@${offset}`, fragment);
    }
  }
  return needles;
}

/**
 * Every place a secret (or an encoding of it) occurs in the texts. An empty array means clean.
 * Throws for a secret too short to scan for meaningfully.
 */
export function scanForSecrets(texts: readonly string[], secrets: readonly string[]): SecretHit[] {
  const hits: SecretHit[] = [];
  secrets.forEach((secret, secretIndex) => {
    if (secret.length < MIN_SCANNABLE_SECRET_LENGTH) {
      throw new Error(
        `secret #${secretIndex} is shorter than ${MIN_SCANNABLE_SECRET_LENGTH} characters; use a distinctive test value`,
      );
    }
    const needles = needlesFor(secret);
    texts.forEach((text, textIndex) => {
      const lower = text.toLowerCase();
      for (const needle of needles) {
        const haystack = needle.caseInsensitive ? lower : text;
        const value = needle.caseInsensitive ? needle.value.toLowerCase() : needle.value;
        let at = haystack.indexOf(value);
        while (at >= 0) {
          hits.push({ text: textIndex, secret: secretIndex, form: needle.form, at });
          at = haystack.indexOf(value, at + 1);
        }
      }
    });
  });
  return hits;
}

/** The encodings looked for, for a test's own assertions and for docs. */
export function secretForms(secret: string): string[] {
  return needlesFor(secret).map((n) => n.form);
}

/**
 * Flattens whatever a component emitted into texts to scan: strings as they are, errors as
 * name + message + stack + own properties, everything else as JSON (cycles and BigInts tolerated).
 */
export function textsOf(...values: unknown[]): string[] {
  const out: string[] = [];
  for (const value of values) {
    if (typeof value === 'string') {
      out.push(value);
    } else if (value instanceof Error) {
      out.push(`${value.name}: ${value.message}`, value.stack ?? '', safeJson({ ...value }));
    } else {
      out.push(safeJson(value));
    }
  }
  return out;
}

function safeJson(value: unknown): string {
  const seen = new WeakSet<object>();
  try {
    return (
      JSON.stringify(value, (_key, item: unknown) => {
        if (typeof item === 'bigint') return item.toString();
        if (typeof item === 'object' && item !== null) {
          if (seen.has(item)) return '[Circular]';
          seen.add(item);
        }
        return item;
      }) ?? String(value)
    );
  } catch {
    return String(value);
  }
}

/** A one-line description of hits for an assertion message (no secret values in it). */
export function describeHits(hits: readonly SecretHit[], labels: readonly string[] = []): string {
  return hits
    .map((h) => `${labels[h.text] ?? `text #${h.text}`}: secret #${h.secret} as ${h.form} at ${h.at}`)
    .join('; ');
}

/**
 * Asserts that no form of any of `secrets` occurs in `texts`, and that this check could have
 * failed: there are secrets and text to scan, and the scanner finds every secret in a control
 * text that carries it base64-encoded inside a JSON-escaped line.
 */
export function expectNoSecretLeak(texts: readonly string[], secrets: readonly string[]): void {
  expect(secrets.length).toBeGreaterThan(0);
  expect(texts.join('').length).toBeGreaterThan(0);
  const controls = secrets.map((secret) =>
    JSON.stringify({ leaked: Buffer.from(secret).toString('base64') }),
  );
  const found = new Set(scanForSecrets(controls, secrets).map((hit) => hit.secret));
  expect(found.size).toBe(secrets.length);
  expect(describeHits(scanForSecrets(texts, secrets))).toBe('');
}
