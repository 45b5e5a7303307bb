// The catalogue of hostile or broken cloud replies. Each row says WHY it exists: the failure it
// stands for (a proxy's HTML page, a gateway cutting a body, a compromised or buggy endpoint
// feeding poison). Every row is played against every target of ./targets.ts through the real
// axios transport, and must end as the row's expected outcome — a classified CloudError or a
// valid Observation — never an exception and never a hang (./catalogue.test.ts).

import type { ObserveResult } from '../../../src/providers/common/provider.js';
import type { CloudError } from '../../../src/providers/common/errors.js';
import type { Observation } from '../../../src/api/types.js';
import type { HostileServer, ReceivedRequest, ScriptedReply } from '../../helpers/hostile-server.js';
import { AZURE_AKS, GOOGLE_GKE } from '../../../src/providers/names.js';
import { KNOWN_SECRETS, pathOf, type HostileTarget } from './targets.js';

type Json = Record<string, unknown>;
export type Expected = 'Observation' | CloudError['class'];

export interface Assets {
  gzipBomb: Buffer;
  deflateBomb: Buffer;
  brotliBomb: Buffer;
}

export interface ReplyContext {
  target: HostileTarget;
  request: ReceivedRequest;
  /** Request path without the query. */
  path: string;
  /** A fresh copy of the good reply for this path. */
  good(): Json;
  /** A second server: where redirects point. It must never be contacted. */
  elsewhere: HostileServer;
  assets: Assets;
}

export interface CheckContext {
  target: HostileTarget;
  /** What the good replies normalize to. */
  baseline: Observation;
  elsewhere: HostileServer;
  server: HostileServer;
}

export interface HostileCase {
  id: string;
  why: string;
  reply(ctx: ReplyContext): ScriptedReply;
  expect: Expected | ((target: HostileTarget) => Expected);
  /** Transport deadline for the row (default: DEFAULT_TIMEOUT_MS). */
  timeoutMs?: number;
  /** The row must be over within this long (default: the hang limit of ./run.ts). */
  withinMs?: number;
  /** Row-specific assertions on top of the invariants every row gets. */
  check?(result: ObserveResult, ctx: CheckContext): void;
}

export const DEFAULT_TIMEOUT_MS = 5_000;
/** Rows that must hit the deadline use a short one, so the suite does not wait 10 s per row. */
export const SHORT_TIMEOUT_MS = 300;

const MiB = 1024 * 1024;

// ---- reply builders ----

function json(doc: unknown, headers: Record<string, string> = {}, status = 200): ScriptedReply {
  return { status, headers: { 'content-type': 'application/json', ...headers }, body: JSON.stringify(doc) };
}
function text(body: string | Buffer, contentType: string, status = 200): ScriptedReply {
  return { status, headers: { 'content-type': contentType }, body };
}
/** The good reply with a mutation applied. */
function mutated(ctx: ReplyContext, mutate: (doc: Json) => void): ScriptedReply {
  const doc = ctx.good();
  mutate(doc);
  return json(doc);
}

// ---- deep transformations (iterative where depth could be large) ----

function mapLeaves(value: unknown, fn: (leaf: unknown) => unknown): unknown {
  if (Array.isArray(value)) return value.map((item) => mapLeaves(item, fn));
  if (value !== null && typeof value === 'object') {
    return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, mapLeaves(v, fn)]));
  }
  return fn(value);
}
function mapArrays(value: unknown, fn: (array: unknown[]) => unknown): unknown {
  if (Array.isArray(value)) return fn(value.map((item) => mapArrays(item, fn)));
  if (value !== null && typeof value === 'object') {
    return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, mapArrays(v, fn)]));
  }
  return value;
}
/** Every non-root object value replaced by null. */
function nullObjects(root: Json): Json {
  return Object.fromEntries(
    Object.entries(root).map(([k, v]) => [
      k,
      v !== null && typeof v === 'object' && !Array.isArray(v) ? null : v,
    ]),
  );
}
const deepText = (open: string, close: string, levels: number, inner = '1'): string =>
  open.repeat(levels) + inner + close.repeat(levels);

/** Serialize with the JSON of `raw` spliced in place of a marker string (for literals JSON.stringify cannot write). */
function spliced(doc: unknown, marker: string, raw: string): string {
  return JSON.stringify(doc).split(JSON.stringify(marker)).join(raw);
}

// ---- row checks ----

function observation(result: ObserveResult): Observation {
  if (!result.ok)
    throw new Error(`expected an observation, got ${result.error.class}: ${result.error.message}`);
  return result.observation;
}
function error(result: ObserveResult): CloudError {
  if (result.ok) throw new Error(`expected an error, got phase ${result.observation.phase}`);
  return result.error;
}
const sameAsBaseline = (result: ObserveResult, ctx: CheckContext): void => {
  expect(observation(result)).toEqual(ctx.baseline);
};
const nothingElsewhere = (_result: ObserveResult, ctx: CheckContext): void => {
  expect(ctx.elsewhere.requests).toHaveLength(0);
};
const messageWithoutBody = (result: ObserveResult): void => {
  expect(error(result).message).not.toMatch(/<html|<body|<\?xml/i);
};
const timesUnset = (result: ObserveResult): void => {
  const obs = observation(result);
  expect(obs.startTime).toBeUndefined();
  expect(obs.completionTime).toBeUndefined();
  for (const step of obs.steps ?? []) {
    expect(step.startTime).toBeUndefined();
    expect(step.completionTime).toBeUndefined();
  }
  for (const component of obs.components ?? []) {
    expect(component.startTime).toBeUndefined();
    expect(component.completionTime).toBeUndefined();
  }
};
/** Where the target reads a progress field (CCE's task, GKE's running stage), a clamped value
 *  counts as a whole unit or as none of one (HostileTarget.clampedProgress); elsewhere the field
 *  is unknown and changes nothing. */
const clampedProgress =
  (as: 'whole' | 'none') =>
  (result: ObserveResult, ctx: CheckContext): void => {
    if (ctx.target.readsProgressField)
      expect(observation(result).progress).toBe(ctx.target.clampedProgress![as]);
    else sameAsBaseline(result, ctx);
  };
const phaseIs =
  (phase: Observation['phase']) =>
  (result: ObserveResult): void => {
    expect(observation(result).phase).toBe(phase);
  };
const hasNoText =
  (...needles: string[]) =>
  (result: ObserveResult): void => {
    const shown = JSON.stringify(result);
    for (const needle of needles) expect(shown).not.toContain(needle);
  };

/** Which targets keep the good answer when arrays are turned into something else. */
const HAS_NO_ARRAYS = (t: HostileTarget): boolean =>
  t.label === 'AlibabaACK' || t.label === 'AlibabaACKAddons';
/** Targets whose timestamp fields accept epoch numbers (the Huawei schemas, EKS's restJson1) as well as strings. */
const NUMERIC_TIMES = (t: HostileTarget): boolean =>
  t.provider === 'HuaweiCCE' || t.provider === 'HuaweiCSS' || t.provider === 'AWSEKS';
/** Targets whose client reads no timestamp at all: a time field is unknown and harmless. */
const NO_TIMES = (t: HostileTarget): boolean => t.label === 'AlibabaACK' || t.provider === AZURE_AKS;

/** One error body every cloud reads: Alibaba's code/message/requestId, Huawei's error_code /
 *  error_msg / request_id, and the nested `error` of Google (status) and Azure (code). */
function errorBody(status: 403 | 500, message: string, requestId: string): Json {
  const denied = status === 403;
  return {
    code: denied ? 'Forbidden.RAM' : 'InternalError',
    message,
    requestId,
    error_code: denied ? 'APIG.0301' : 'CCE.01500001',
    error_msg: message,
    request_id: requestId,
    error: {
      code: denied ? 'AuthorizationFailed' : 'InternalServerError',
      status: denied ? 'PERMISSION_DENIED' : 'INTERNAL',
      message,
    },
  };
}

const NGINX_502 =
  '<html>\r\n<head><title>502 Bad Gateway</title></head>\r\n<body>\r\n<center><h1>502 Bad Gateway</h1></center>\r\n<hr><center>nginx</center>\r\n</body>\r\n</html>\r\n';
const LOGIN_PAGE =
  '<!DOCTYPE html><html><head><title>Sign in</title></head><body><form action="/login">Captive portal: please sign in</form></body></html>';
/** A fake second line, a bidi override that reverses "exe.txt", and zero-width characters. */
const LINE_FORGING_TEXT =
  'ok\r\nWarning  PollFailed  AuthFailed\u2028forged\u2029line\tcol \u202etxt.exe\u202c z\u200bw\u200d\ufeff';
const ANSI_TEXT = '\u001b[31mred\u001b[0m \u001b]0;pwned\u0007 \r\u0008back \u0000nul \u009b2J tab\there';

export const CATALOGUE: readonly HostileCase[] = [
  // ---- A. Not JSON, or JSON in the wrong wrapping ----
  {
    id: 'html-200',
    why: 'a captive portal or misrouted proxy answers 200 with an HTML login page',
    reply: () => text(LOGIN_PAGE, 'text/html'),
    expect: 'InvalidResponse',
    check: messageWithoutBody,
  },
  {
    id: 'html-502',
    why: 'a load balancer in front of the API fails with its own HTML error page (5xx ⇒ ServerError, docs/reference.md#error-classes)',
    reply: () => text(NGINX_502, 'text/html', 502),
    expect: 'ServerError',
    check: messageWithoutBody,
  },
  {
    id: 'html-labelled-json',
    why: 'HTML served with Content-Type application/json: the body, not the label, decides',
    reply: () => text(NGINX_502, 'application/json'),
    expect: 'InvalidResponse',
  },
  {
    id: 'xml-200',
    why: 'an XML-speaking gateway (or the wrong API version) answers 200 with XML',
    reply: () =>
      text('<?xml version="1.0"?><Response><Status>running</Status></Response>', 'application/xml'),
    expect: 'InvalidResponse',
    check: messageWithoutBody,
  },
  {
    id: 'truncated-json',
    why: 'a gateway cut the body in half but fixed up Content-Length: syntactically broken JSON',
    reply: (ctx) => {
      const body = JSON.stringify(ctx.good());
      return text(body.slice(0, Math.floor(body.length / 2)), 'application/json');
    },
    expect: 'InvalidResponse',
  },
  {
    id: 'short-body-then-close',
    why: 'Content-Length promises more than arrives before the connection closes (FIN): incomplete',
    reply: () => ({
      delivery: {
        kind: 'raw',
        bytes:
          'HTTP/1.1 200 OK\r\nContent-Type: application/json\r\nContent-Length: 4000\r\n\r\n{"status":"runn',
      },
    }),
    expect: 'NetworkError',
  },
  {
    id: 'content-length-smaller-than-body',
    why: 'Content-Length shorter than the body: the bytes after it are not a valid HTTP message, so the exchange fails',
    reply: (ctx) => {
      const body = JSON.stringify(ctx.good());
      return {
        delivery: {
          kind: 'raw',
          bytes: `HTTP/1.1 200 OK\r\nContent-Type: application/json\r\nContent-Length: 10\r\nConnection: close\r\n\r\n${body}`,
        },
      };
    },
    expect: 'NetworkError',
  },
  {
    id: 'empty-200',
    why: 'an empty 200 (a proxy swallowing the body) is not "no upgrade", it is no answer',
    reply: () => ({
      status: 200,
      headers: { 'content-type': 'application/json', 'content-length': '0' },
      body: '',
    }),
    expect: 'InvalidResponse',
  },
  {
    id: 'no-content-204',
    why: '204 No Content is a success status with nothing to normalize',
    reply: () => ({ status: 204, headers: {} }),
    expect: 'InvalidResponse',
  },
  {
    id: 'json-labelled-html',
    why: 'valid JSON with Content-Type text/html: accepted — clouds mislabel bodies, the parser and schema decide',
    reply: (ctx) => ({ ...json(ctx.good()), headers: { 'content-type': 'text/html; charset=gbk' } }),
    expect: 'Observation',
    check: sameAsBaseline,
  },
  {
    id: 'json-without-content-type',
    why: 'no Content-Type at all: accepted for the same reason',
    reply: (ctx) => ({ status: 200, headers: {}, body: JSON.stringify(ctx.good()) }),
    expect: 'Observation',
    check: sameAsBaseline,
  },
  {
    id: 'bom-prefixed-json',
    why: 'a UTF-8 byte-order mark before the JSON: ignored (RFC 8259 §8.1 allows it; axios strips it)',
    reply: (ctx) =>
      text(
        Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf]), Buffer.from(JSON.stringify(ctx.good()))]),
        'application/json',
      ),
    expect: 'Observation',
    check: sameAsBaseline,
  },
  {
    id: 'utf16-json',
    why: 'JSON in UTF-16LE: not the UTF-8 JSON requires, so not JSON',
    reply: (ctx) =>
      text(
        Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from(JSON.stringify(ctx.good()), 'utf16le')]),
        'application/json; charset=utf-16',
      ),
    expect: 'InvalidResponse',
  },
  {
    id: 'invalid-utf8-inside-strings',
    why: 'invalid UTF-8 bytes inside string values decode to U+FFFD and the rest of the answer stands',
    reply: (ctx) => {
      const doc = ctx.good();
      ctx.target.setText(doc, ctx.path, 'MARK');
      const body = JSON.stringify(doc).split('MARK').join('\uFFFF');
      const bytes = Buffer.from(body, 'utf8');
      const marker = Buffer.from('\uFFFF', 'utf8');
      const parts: Buffer[] = [];
      let from = 0;
      for (let at = bytes.indexOf(marker); at >= 0; at = bytes.indexOf(marker, from)) {
        parts.push(bytes.subarray(from, at), Buffer.from([0xc3, 0x28, 0xff, 0xfe, 0xed, 0xa0, 0x80]));
        from = at + marker.length;
      }
      parts.push(bytes.subarray(from));
      return text(Buffer.concat(parts), 'application/json');
    },
    expect: 'Observation',
  },
  {
    id: 'invalid-utf8-structure',
    why: 'raw 0xFF bytes where JSON syntax belongs',
    reply: () => text(Buffer.from([0x7b, 0xff, 0xfe, 0x3a, 0x31, 0x7d]), 'application/json'),
    expect: 'InvalidResponse',
  },
  {
    id: 'nul-bytes',
    why: 'NUL bytes (a zero-filled buffer from a crashed backend) are not JSON',
    reply: () => text(Buffer.alloc(4096), 'application/json'),
    expect: 'InvalidResponse',
  },

  // ---- B. Size ----
  {
    id: 'huge-50MiB-with-length',
    why: 'a 50 MiB body announced by Content-Length: rejected at the 5 MiB cap, not buffered',
    reply: () => ({
      headers: { 'content-type': 'application/json', 'content-length': String(50 * MiB) },
      delivery: { kind: 'stream', chunk: Buffer.alloc(MiB, 0x20), repeat: 50 },
    }),
    expect: 'InvalidResponse',
  },
  {
    id: 'huge-50MiB-chunked',
    why: 'the same 50 MiB without Content-Length (chunked): the cap must count bytes as they come',
    reply: () => ({
      headers: { 'content-type': 'application/json' },
      delivery: { kind: 'stream', chunk: Buffer.alloc(MiB, 0x20), repeat: 50, prefix: '{"a":"' },
    }),
    expect: 'InvalidResponse',
  },
  {
    id: 'over-cap-6MiB-with-length',
    why: 'just over the 5 MiB cap (6 MiB, Content-Length): the cap is a hard line',
    reply: () => ({
      headers: { 'content-type': 'application/json', 'content-length': String(6 * MiB) },
      delivery: { kind: 'stream', chunk: Buffer.alloc(MiB, 0x20), repeat: 6 },
    }),
    expect: 'InvalidResponse',
  },
  {
    id: 'over-cap-6MiB-chunked',
    why: 'just over the cap without Content-Length, and otherwise valid JSON (whitespace padding)',
    reply: (ctx) => ({
      headers: { 'content-type': 'application/json' },
      delivery: {
        kind: 'stream',
        chunk: Buffer.alloc(MiB, 0x20),
        repeat: 6,
        suffix: JSON.stringify(ctx.good()),
      },
    }),
    expect: 'InvalidResponse',
  },
  {
    id: 'under-cap-valid',
    why: 'control row: a valid answer padded to 4.9 MiB is still accepted — the cap is not over-eager',
    reply: (ctx) => ({
      headers: { 'content-type': 'application/json' },
      delivery: {
        kind: 'stream',
        chunk: Buffer.alloc(MiB / 10, 0x20),
        repeat: 49,
        suffix: JSON.stringify(ctx.good()),
      },
    }),
    expect: 'Observation',
    check: sameAsBaseline,
  },
  {
    id: 'gzip-bomb',
    why: '~60 KiB of gzip that inflates to 60 MiB: the cap applies to inflated bytes',
    reply: (ctx) => ({
      headers: { 'content-type': 'application/json', 'content-encoding': 'gzip' },
      body: ctx.assets.gzipBomb,
    }),
    expect: 'InvalidResponse',
  },
  {
    id: 'deflate-bomb',
    why: 'the same bomb as Content-Encoding: deflate',
    reply: (ctx) => ({
      headers: { 'content-type': 'application/json', 'content-encoding': 'deflate' },
      body: ctx.assets.deflateBomb,
    }),
    expect: 'InvalidResponse',
  },
  {
    id: 'brotli-bomb',
    why: 'the same bomb as Content-Encoding: br',
    reply: (ctx) => ({
      headers: { 'content-type': 'application/json', 'content-encoding': 'br' },
      body: ctx.assets.brotliBomb,
    }),
    expect: 'InvalidResponse',
  },
  {
    id: 'corrupt-gzip',
    why: 'Content-Encoding: gzip on a plain body: the decoder fails; reported as a (transient) NetworkError',
    reply: (ctx) => ({
      headers: { 'content-type': 'application/json', 'content-encoding': 'gzip' },
      body: JSON.stringify(ctx.good()),
    }),
    expect: 'NetworkError',
  },
  {
    id: 'huge-header',
    why: 'a 64 KiB response header overflows the HTTP parser limit',
    reply: (ctx) => ({
      ...json(ctx.good()),
      headers: { 'content-type': 'application/json', 'x-junk': 'j'.repeat(64 * 1024) },
    }),
    expect: 'NetworkError',
  },

  // ---- C. JSON structure and types ----
  {
    id: 'deep-array-root-100k',
    why: '100 000 nested arrays: a recursive parser or schema walk would overflow the stack',
    reply: () => text(deepText('[', ']', 100_000), 'application/json'),
    expect: 'InvalidResponse',
  },
  {
    id: 'deep-object-unknown-field-100k',
    why: '100 000 nested objects under an unknown key: passed through untouched, never walked',
    reply: (ctx) => {
      const body = JSON.stringify(ctx.good());
      return text(`${body.slice(0, -1)},"deep":${deepText('{"a":', '}', 100_000)}}`, 'application/json');
    },
    expect: 'Observation',
    check: (result, ctx) => {
      // Addons reads every top-level key as a component: "deep" is one more, with no task.
      if (ctx.target.provider === 'AlibabaACKAddons')
        expect(observation(result).phase).toBe(ctx.baseline.phase);
      else sameAsBaseline(result, ctx);
    },
  },
  {
    id: 'deep-object-in-status-field',
    why: 'the status enum replaced by 100 000 nested objects: a type error, found without recursion trouble',
    reply: (ctx) => {
      const doc = ctx.good();
      ctx.target.setStatus(doc, ctx.path, 'MARK');
      return text(spliced(doc, 'MARK', deepText('{"a":', '}', 100_000)), 'application/json');
    },
    expect: 'InvalidResponse',
  },
  {
    id: 'deep-json-inside-string',
    why: 'a 100 000-level JSON document inside a string: CSS parses migrateParam / finalAzInfoMap, the others keep it as raw status text',
    reply: (ctx) => {
      const deep = deepText('{"a":', '}', 100_000);
      const doc = ctx.good();
      const details = doc.detailList as Json[] | undefined;
      if (details) {
        for (const detail of details) {
          detail.migrateParam = deep;
          detail.finalAzInfoMap = deep;
        }
      } else {
        ctx.target.setStatus(doc, ctx.path, deep);
      }
      return json(doc);
    },
    expect: 'Observation',
    check: (result) => {
      expect(() => JSON.stringify(observation(result))).not.toThrow();
    },
  },
  {
    id: 'numbers-for-strings',
    why: 'every string value is a number: a typed schema rejects it instead of normalizing garbage',
    reply: (ctx) => json(mapLeaves(ctx.good(), (leaf) => (typeof leaf === 'string' ? 42 : leaf))),
    expect: 'InvalidResponse',
  },
  {
    id: 'booleans-for-strings',
    why: 'every string value is a boolean',
    reply: (ctx) => json(mapLeaves(ctx.good(), (leaf) => (typeof leaf === 'string' ? true : leaf))),
    expect: 'InvalidResponse',
  },
  {
    id: 'strings-for-arrays',
    why: 'every array is a comma-joined string (targets without arrays keep their answer)',
    reply: (ctx) => json(mapArrays(ctx.good(), (array) => array.map(String).join(','))),
    expect: (t) => (HAS_NO_ARRAYS(t) ? 'Observation' : 'InvalidResponse'),
    check: (result, ctx) => {
      if (result.ok) sameAsBaseline(result, ctx);
    },
  },
  {
    id: 'objects-for-lists',
    why: 'every array is an index-keyed object; CCE documents `items` as array *or* object, so it reads one object with no uid, phase or points: no workflow',
    reply: (ctx) =>
      json(mapArrays(ctx.good(), (array) => Object.fromEntries(array.map((item, i) => [String(i), item])))),
    expect: (t) => (HAS_NO_ARRAYS(t) || t.provider === 'HuaweiCCE' ? 'Observation' : 'InvalidResponse'),
    check: (result, ctx) => {
      if (ctx.target.provider === 'HuaweiCCE') phaseIs('Idle')(result);
      else if (result.ok) sameAsBaseline(result, ctx);
    },
  },
  {
    id: 'null-everywhere',
    why: 'every leaf null: all fields are optional (SDK models), so this is a valid answer that says nothing',
    reply: (ctx) => json(mapLeaves(ctx.good(), () => null)),
    expect: 'Observation',
    check: (result, ctx) => {
      // Nothing known: never a made-up Running/Succeeded. GetUpgradeStatus with no fields is Idle,
      // and so is an EKS ListUpdates whose ids are all null (the SDK drops them: no update) and a
      // GKE operation with no type or target (not this cluster's upgrade); a CCE workflow whose
      // points say nothing and that has no phase exists but has not started. An AKS cluster
      // with a null provisioningState is Unknown (its state is not known).
      const expected =
        ctx.target.label === 'AlibabaACK' ||
        ctx.target.provider === 'AlibabaACKAddons' ||
        ctx.target.provider === 'AWSEKS' ||
        ctx.target.provider === GOOGLE_GKE
          ? 'Idle'
          : ctx.target.provider === 'HuaweiCCE'
            ? 'Pending'
            : 'Unknown';
      expect(observation(result).phase).toBe(expected);
      expect(observation(result).progress ?? 0).toBe(0);
    },
  },
  {
    id: 'null-objects',
    why: 'every nested object null (upgrade_task: null, status: null); an add-on entry that is null is not an add-on, so it is skipped',
    reply: (ctx) => json(nullObjects(ctx.good())),
    expect: 'Observation',
    check: (result, ctx) => {
      if (ctx.target.provider === 'AlibabaACKAddons') phaseIs('Idle')(result);
    },
  },
  {
    id: 'null-root',
    why: 'the body is the JSON literal null',
    reply: () => text('null', 'application/json'),
    expect: 'InvalidResponse',
  },
  {
    id: 'empty-array-root',
    why: 'the body is [] — not the object every API documents',
    reply: () => text('[]', 'application/json'),
    expect: 'InvalidResponse',
  },
  {
    id: 'string-root',
    why: 'the body is a JSON string',
    reply: () => text('"string"', 'application/json'),
    expect: 'InvalidResponse',
  },
  {
    id: 'number-root',
    why: 'the body is a JSON number',
    reply: () => text('42', 'application/json'),
    expect: 'InvalidResponse',
  },
  {
    id: 'empty-object-root',
    why: '{}: valid but says nothing — Idle where the API means "nothing ran", Unknown for a named task or an AKS cluster without a provisioningState',
    reply: () => text('{}', 'application/json'),
    expect: 'Observation',
    check: (result, ctx) => {
      const named = ctx.target.label === 'AlibabaACK (taskID)' || ctx.target.provider === AZURE_AKS;
      expect(observation(result).phase).toBe(named ? 'Unknown' : 'Idle');
    },
  },
  {
    id: 'proto-keys',
    why: '__proto__ / constructor / prototype keys at every level: no prototype pollution, answer unchanged',
    reply: (ctx) => {
      const poison =
        '{"__proto__":{"polluted":"yes"},"constructor":{"prototype":{"polluted":"yes"}},"prototype":{"polluted":"yes"},';
      const body = JSON.stringify(ctx.good()).replace(/\{(?=")/g, poison);
      return text(body, 'application/json');
    },
    expect: 'Observation',
    check: (result, ctx) => {
      expect(observation(result).phase).toBe(ctx.baseline.phase);
      expect(observation(result).progress).toBe(ctx.baseline.progress);
    },
  },
  {
    id: 'proto-enum-values',
    why: 'status "__proto__": an enum table lookup must not find Object.prototype',
    reply: (ctx) => mutated(ctx, (doc) => ctx.target.setStatus(doc, ctx.path, '__proto__')),
    expect: 'Observation',
    check: phaseIs('Unknown'),
  },
  {
    id: 'constructor-enum-value',
    why: 'status "constructor" / "toString": same, for the other inherited names',
    reply: (ctx) => mutated(ctx, (doc) => ctx.target.setStatus(doc, ctx.path, 'constructor')),
    expect: 'Observation',
    check: phaseIs('Unknown'),
  },
  {
    id: 'duplicate-keys',
    why: 'every key twice, garbage first: JSON.parse keeps the last, so the answer is the good one (documented)',
    reply: (ctx) => {
      const bad = ctx.good();
      ctx.target.setStatus(bad, ctx.path, 'garbage-first');
      const first = JSON.stringify(bad).slice(1, -1);
      const last = JSON.stringify(ctx.good()).slice(1, -1);
      return text(`{${first},${last}}`, 'application/json');
    },
    expect: 'Observation',
    check: sameAsBaseline,
  },
  {
    id: 'status-wrong-type',
    why: 'the status enum is a number',
    reply: (ctx) => mutated(ctx, (doc) => ctx.target.setStatus(doc, ctx.path, 12345)),
    expect: 'InvalidResponse',
  },
  {
    id: 'status-case-and-whitespace',
    why: 'valid-but-weird: an enum in odd case with padding still matches (docs/reference.md#timestamps: case-insensitive)',
    reply: (ctx) =>
      mutated(ctx, (doc) => {
        const value = statusOf(ctx.good(), ctx);
        if (typeof value === 'string') ctx.target.setStatus(doc, ctx.path, `  ${swapCase(value)}\t`);
      }),
    expect: 'Observation',
    check: (result, ctx) => phaseIs(ctx.baseline.phase)(result),
  },
  {
    id: 'unknown-status',
    why: 'an enum value nobody documented: phase Unknown with the raw value kept (docs/reference.md#timestamps)',
    reply: (ctx) => mutated(ctx, (doc) => ctx.target.setStatus(doc, ctx.path, 'Exploding')),
    expect: 'Observation',
    check: (result) => {
      expect(observation(result).phase).toBe('Unknown');
      expect(JSON.stringify(observation(result).providerStatus)).toContain('Exploding');
    },
  },

  // ---- D. Slow and broken connections ----
  {
    id: 'slow-drip-past-timeout',
    why: 'one byte every 50 ms for ever: never idle, so only a whole-request deadline stops it',
    reply: () => ({
      headers: { 'content-type': 'application/json' },
      delivery: { kind: 'drip', prefix: '{"status":', chunk: ' ', everyMs: 50 },
    }),
    timeoutMs: SHORT_TIMEOUT_MS,
    withinMs: SHORT_TIMEOUT_MS + 2_000,
    expect: 'NetworkError',
    check: (result) => expect(error(result).message).toMatch(/timeout/i),
  },
  {
    id: 'headers-then-hang',
    why: 'status line and headers, then silence with the connection open',
    reply: () => ({
      headers: { 'content-type': 'application/json' },
      delivery: { kind: 'hang', prefix: '{' },
    }),
    timeoutMs: SHORT_TIMEOUT_MS,
    withinMs: SHORT_TIMEOUT_MS + 2_000,
    expect: 'NetworkError',
    check: (result) => expect(error(result).message).toMatch(/timeout/i),
  },
  {
    id: 'silent-server',
    why: 'the connection is accepted and the request read, but nothing ever comes back',
    reply: () => ({ delivery: { kind: 'silent' } }),
    timeoutMs: SHORT_TIMEOUT_MS,
    withinMs: SHORT_TIMEOUT_MS + 2_000,
    expect: 'NetworkError',
    check: (result) => expect(error(result).message).toMatch(/timeout/i),
  },
  {
    id: 'reset-mid-body',
    why: 'TCP reset half-way through the body: a network failure, not an oversized or invalid body',
    reply: (ctx) => ({
      headers: { 'content-type': 'application/json', 'content-length': '100000' },
      body: JSON.stringify(ctx.good()),
      delivery: { kind: 'reset', afterBytes: 20 },
    }),
    expect: 'NetworkError',
  },
  {
    id: 'close-before-headers',
    why: 'the server closes the connection without a byte of response',
    reply: () => ({ delivery: { kind: 'close-early' } }),
    expect: 'NetworkError',
  },
  {
    id: 'garbage-status-line',
    why: 'a status line that is not HTTP ("HTTP/1.1 2OO OK")',
    reply: () => ({ delivery: { kind: 'raw', bytes: 'HTTP/1.1 2OO OK\r\nContent-Length: 2\r\n\r\n{}' } }),
    expect: 'NetworkError',
  },
  {
    id: 'not-http',
    why: 'something else listens on the port (an SSH banner)',
    reply: () => ({ delivery: { kind: 'raw', bytes: 'SSH-2.0-OpenSSH_9.6\r\n' } }),
    expect: 'NetworkError',
  },

  // ---- E. Redirects: signed requests must never follow one ----
  {
    id: 'redirect-302-elsewhere',
    why: '302 to another host: following it would hand a signed request to that host',
    reply: (ctx) => ({ status: 302, headers: { location: `${ctx.elsewhere.origin}/steal` } }),
    expect: 'InvalidResponse',
    check: nothingElsewhere,
  },
  {
    id: 'redirect-307-elsewhere',
    why: '307 (method and headers preserved by followers) to another host',
    reply: (ctx) => ({ status: 307, headers: { location: `${ctx.elsewhere.origin}${ctx.request.url}` } }),
    expect: 'InvalidResponse',
    check: nothingElsewhere,
  },
  {
    id: 'redirect-301-metadata',
    why: '301 to the instance-metadata address',
    reply: () => ({ status: 301, headers: { location: 'http://169.254.169.254/latest/meta-data/' } }),
    expect: 'InvalidResponse',
    check: nothingElsewhere,
  },
  {
    id: 'redirect-303-same-host',
    why: '303 to another path on the same host: not followed either (exactly one request per call)',
    reply: (ctx) =>
      ctx.request.url.startsWith('/elsewhere')
        ? json(ctx.good())
        : { status: 303, headers: { location: '/elsewhere' } },
    expect: 'InvalidResponse',
    check: (_result, ctx) => {
      expect(ctx.server.requests.map((r) => r.url).filter((u) => u.startsWith('/elsewhere'))).toEqual([]);
    },
  },
  {
    id: 'location-on-200',
    why: 'a Location header on a 200 is not a redirect and changes nothing',
    reply: (ctx) => json(ctx.good(), { location: `${ctx.elsewhere.origin}/x` }),
    expect: 'Observation',
    check: (result, ctx) => {
      sameAsBaseline(result, ctx);
      nothingElsewhere(result, ctx);
    },
  },

  // ---- F. Valid-but-weird values: clamped, never trusted ----
  {
    id: 'progress-150',
    why: 'task progress "150.00": clamped to a whole Cluster point (CCE: 3 of 4 points ⇒ 75)',
    reply: (ctx) => mutated(ctx, (doc) => ctx.target.setProgress(doc, ctx.path, '150.00')),
    expect: 'Observation',
    check: clampedProgress('whole'),
  },
  {
    id: 'progress-negative',
    why: 'task progress "-42.5": clamped to 0 — progress never goes below the finished points',
    reply: (ctx) => mutated(ctx, (doc) => ctx.target.setProgress(doc, ctx.path, '-42.5')),
    expect: 'Observation',
    check: clampedProgress('none'),
  },
  {
    id: 'progress-nan',
    why: 'task progress "NaN": no fraction at all, not NaN in status',
    reply: (ctx) => mutated(ctx, (doc) => ctx.target.setProgress(doc, ctx.path, 'NaN')),
    expect: 'Observation',
    check: clampedProgress('none'),
  },
  {
    id: 'progress-infinity-string',
    why: 'task progress "Infinity": not a finite number, so no fraction',
    reply: (ctx) => mutated(ctx, (doc) => ctx.target.setProgress(doc, ctx.path, 'Infinity')),
    expect: 'Observation',
    check: clampedProgress('none'),
  },
  {
    id: 'progress-overflow-string',
    why: 'task progress "1e309" parses to Infinity',
    reply: (ctx) => mutated(ctx, (doc) => ctx.target.setProgress(doc, ctx.path, '1e309')),
    expect: 'Observation',
    check: clampedProgress('none'),
  },
  {
    id: 'progress-max-number',
    why: 'task progress as the largest double: clamped',
    reply: (ctx) => mutated(ctx, (doc) => ctx.target.setProgress(doc, ctx.path, Number.MAX_VALUE)),
    expect: 'Observation',
    check: clampedProgress('whole'),
  },
  {
    id: 'progress-overflow-literal',
    why: 'task progress as the JSON literal 1e400 (Infinity once parsed): a number field that is not a finite number fails the schema',
    reply: (ctx) => {
      const doc = ctx.good();
      ctx.target.setProgress(doc, ctx.path, 'MARK');
      return text(spliced(doc, 'MARK', '1e400'), 'application/json');
    },
    expect: (t) => (t.readsProgressField ? 'InvalidResponse' : 'Observation'),
    check: (result, ctx) => {
      if (result.ok) sameAsBaseline(result, ctx);
    },
  },
  {
    id: 'progress-object',
    why: 'task progress as an object',
    reply: (ctx) => mutated(ctx, (doc) => ctx.target.setProgress(doc, ctx.path, { value: 50 })),
    expect: (t) => (t.readsProgressField ? 'InvalidResponse' : 'Observation'),
    check: (result, ctx) => {
      if (result.ok) sameAsBaseline(result, ctx);
    },
  },
  {
    id: 'times-year-9999',
    why: 'timestamps in year 9999: representable, passed through as RFC 3339',
    reply: (ctx) => mutated(ctx, (doc) => ctx.target.setTimes(doc, ctx.path, '9999-12-31T23:59:59Z')),
    expect: 'Observation',
    check: (result) => {
      const obs = observation(result);
      for (const t of [obs.startTime, ...(obs.steps ?? []).map((s) => s.startTime)]) {
        if (t !== undefined) expect(t).toBe('9999-12-31T23:59:59Z');
      }
    },
  },
  {
    id: 'times-year-0',
    why: 'timestamps in year 0: "unset", never a bogus date',
    reply: (ctx) => mutated(ctx, (doc) => ctx.target.setTimes(doc, ctx.path, '0000-01-01T00:00:00Z')),
    expect: 'Observation',
    check: timesUnset,
  },
  {
    id: 'times-garbage',
    why: 'timestamps that are not times (month 13, hour 99)',
    reply: (ctx) => mutated(ctx, (doc) => ctx.target.setTimes(doc, ctx.path, '2025-13-45T99:99:99Z')),
    expect: 'Observation',
    check: timesUnset,
  },
  {
    id: 'times-epoch-out-of-range',
    why: 'an epoch number (1e20 ms) beyond what a Date can hold: unset, not a RangeError',
    reply: (ctx) => mutated(ctx, (doc) => ctx.target.setTimes(doc, ctx.path, 1e20)),
    // Alibaba's and Google's schemas type timestamps as strings; Huawei's and EKS's accept epoch
    // numbers too; GetUpgradeStatus and AKS read no time at all.
    expect: (t) => (NUMERIC_TIMES(t) || NO_TIMES(t) ? 'Observation' : 'InvalidResponse'),
    check: (result) => {
      if (result.ok) timesUnset(result);
    },
  },
  {
    id: 'many-10000',
    why: '10 000 steps / points / nodes / components: normalized in bounded time, no quadratic blow-up',
    reply: (ctx) => mutated(ctx, (doc) => ctx.target.setMany(doc, ctx.path, 10_000)),
    expect: 'Observation',
    withinMs: 5_000,
    check: (result, ctx) => {
      const obs = observation(result);
      // Lists are cut to MAX_LIST_ENTRIES so the status fits etcd; counts stay true.
      expect(obs.steps?.length ?? 0).toBeLessThanOrEqual(100);
      expect(obs.components?.length ?? 0).toBeLessThanOrEqual(100);
      expect(obs.nodes?.current.length ?? 0).toBeLessThanOrEqual(100);
      if (ctx.target.provider === 'HuaweiCSS')
        expect(obs.nodes).toMatchObject({ total: 10_000, completed: 5_000 });
      if (ctx.target.provider === 'AlibabaACKAddons') expect(obs.components).toHaveLength(100);
      const stepped = ['HuaweiCCE', GOOGLE_GKE, AZURE_AKS] as string[];
      if (ctx.target.label === 'AlibabaACK (taskID)' || stepped.includes(ctx.target.provider)) {
        expect(obs.steps).toHaveLength(100);
      }
    },
  },
  {
    id: 'enormous-text',
    why: 'a 512 KiB message / step name / version (in every text field, under the 5 MiB cap): every string in status is trimmed to 1024',
    reply: (ctx) => mutated(ctx, (doc) => ctx.target.setText(doc, ctx.path, 'A'.repeat(MiB / 2))),
    expect: 'Observation',
  },
  {
    id: 'control-characters',
    why: 'ANSI escapes, OSC title, BEL, CR, backspace, NUL and C1 CSI in provider text: nothing that drives a terminal reaches kubectl',
    reply: (ctx) => mutated(ctx, (doc) => ctx.target.setText(doc, ctx.path, ANSI_TEXT)),
    expect: 'Observation',
  },

  {
    id: 'line-forging-text',
    why: 'CR/LF, tab, U+2028/2029, a bidi override and zero-width characters in provider text: no forged line in Events or conditions, nothing that reads differently from what it is',
    reply: (ctx) => mutated(ctx, (doc) => ctx.target.setText(doc, ctx.path, LINE_FORGING_TEXT)),
    expect: 'Observation',
  },

  // ---- G. Hostile error replies ----
  {
    id: 'error-huge-message',
    why: '500 with a 1 MiB error message and a 100 KiB request id: both bounded',
    reply: () => json(errorBody(500, 'M'.repeat(MiB), 'R'.repeat(100 * 1024)), {}, 500),
    expect: 'ServerError',
  },
  {
    id: 'error-line-forging',
    why: 'an error message that forges a second Event line and hides text behind a bidi override',
    reply: () => json(errorBody(500, LINE_FORGING_TEXT, 'req\u2028forged'), {}, 500),
    expect: 'ServerError',
  },
  {
    id: 'error-control-characters',
    why: 'an error message and request id full of terminal escapes',
    reply: () => json(errorBody(500, ANSI_TEXT, `\u001b[2J${'r'.repeat(10)}`), {}, 500),
    expect: 'ServerError',
  },
  {
    id: 'error-echoes-request',
    why: "a 403 that echoes the whole signed request (Authorization, token, a token request's form) back in its message",
    reply: (ctx) => {
      const echoed = `${JSON.stringify(ctx.request.headers)} ${ctx.request.body}`;
      // A token endpoint answers OAuth2's error shape (RFC 6749 §5.2), the APIs their own.
      if (ctx.target.playsTokenEndpoint) {
        return json({ error: 'invalid_client', error_description: `denied: ${echoed}` }, {}, 403);
      }
      return json(errorBody(403, `denied: ${echoed}`, 'req-1'), {}, 403);
    },
    expect: 'AuthFailed',
    check: (result) => {
      hasNoText(...KNOWN_SECRETS)(result);
      // Masked (`Bearer ***`) is fine; a signature, token or assertion left standing is not.
      expect(JSON.stringify(result)).not.toMatch(
        /Signature=[0-9a-f]{16}|Bearer (?!\*\*\*)|assertion=(?!\*\*\*)/,
      );
    },
  },
  {
    id: 'retry-after-absurd',
    why: '429 with Retry-After of 10^20 seconds: honoured only up to a sane cap, so polling resumes',
    reply: () => ({
      status: 429,
      headers: { 'content-type': 'application/json', 'retry-after': '100000000000000000000' },
      body: '{"code":"Throttling.User","message":"slow down"}',
    }),
    expect: 'Throttled',
    check: (result) => {
      const e = error(result);
      expect(e.class === 'Throttled' ? e.retryAfterMs : undefined).toBeLessThanOrEqual(60 * 60_000);
    },
  },
];

function swapCase(value: string): string {
  return [...value].map((c) => (c === c.toUpperCase() ? c.toLowerCase() : c.toUpperCase())).join('');
}

/** The good value of the field a target's setStatus writes (found by diffing a marked copy). */
function statusOf(good: Json, ctx: ReplyContext): unknown {
  const marked = ctx.good();
  ctx.target.setStatus(marked, ctx.path, '\u0000MARK');
  const found: unknown[] = [];
  const visit = (a: unknown, b: unknown): void => {
    if (b === '\u0000MARK') {
      found.push(a);
      return;
    }
    if (a !== null && typeof a === 'object' && b !== null && typeof b === 'object') {
      for (const key of Object.keys(b)) visit((a as Json)[key], (b as Json)[key]);
    }
  };
  visit(good, marked);
  return found[0];
}

/** For a request path the catalogue test sees. */
export function requestPath(request: ReceivedRequest): string {
  return pathOf(request.url);
}
