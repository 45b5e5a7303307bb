// JSON logs (pino) that never carry secrets. Three layers:
//  1. every logged object is copied with sensitive keys (authorization, *secret, *token,
//     password, signature, cookie, ...) replaced at any depth, and errors reduced to
//     type/message/code/stack/cause (axios errors keep no config, request or headers);
//  2. credential-looking text (Bearer/Basic values, ACS3/SDK-HMAC Authorization values,
//     Signature=...) is masked in every string, the message included;
//  3. secret values registered at runtime (registerSecret, per tenant) are masked too.
// All three work on the fields *before* pino serializes them (the message through the
// logMethod hook), never on the finished line: a replacement inside a JSON string cannot
// break the line, whatever a tenant put in its Secret.
import { pino, type DestinationStream, type Logger } from 'pino';

export type { Logger } from 'pino';

const LOG_LEVELS = ['trace', 'debug', 'info', 'warn', 'error', 'fatal', 'silent'] as const;
export type LogLevel = (typeof LOG_LEVELS)[number];

export const REDACTED = '[REDACTED]';

const SENSITIVE_EXACT = new Set([
  'authorization',
  'proxyauthorization',
  'cookie',
  'setcookie',
  'password',
  'passwd',
  'secret',
  'signature',
  'sk',
  'credentials',
]);
const SENSITIVE_SUFFIXES = ['secret', 'token', 'password', 'signature'];

/** True for keys whose values must never be logged (case, "-" and "_" ignored). */
export function isSensitiveKey(key: string): boolean {
  const k = key.toLowerCase().replace(/[-_]/g, '');
  return SENSITIVE_EXACT.has(k) || SENSITIVE_SUFFIXES.some((suffix) => k.endsWith(suffix));
}

const TEXT_PATTERNS: Array<[RegExp, string]> = [
  // Authorization values: "ACS3-HMAC-SHA256 Credential=...,SignedHeaders=...,Signature=..." and
  // "SDK-HMAC-SHA256 Access=..., SignedHeaders=..., Signature=..." up to the end of the value.
  [/\b((?:ACS3|SDK)-HMAC-SHA256)\s+[^"\s][^"]*/g, `$1 ${REDACTED}`],
  [/\b(Bearer|Basic)\s+[A-Za-z0-9._~+/=-]+/g, `$1 ${REDACTED}`],
  [/\b(Signature=)[A-Za-z0-9+/=_-]+/gi, `$1${REDACTED}`],
];

/** Values shorter than this are never registered: too likely to be ordinary text. */
const MIN_KEY_LENGTH = 16;
/** Longer values are not registered either (no cloud key or STS token is this long). */
const MAX_KEY_LENGTH = 16_384;
const KEY_ALPHABET = /^[A-Za-z0-9+/=_.~-]+$/;

/**
 * True for a value that looks like a cloud key or token: at least 16 characters of the base64 /
 * URL-safe alphabet, with an upper-case letter, a lower-case letter and a digit. Kubernetes names
 * (namespaces, objects) are lower case, and JSON punctuation is outside the alphabet, so a tenant
 * cannot register another namespace's name or a fragment such as `"level":"`.
 */
export function looksLikeKey(value: string): boolean {
  return (
    value.length >= MIN_KEY_LENGTH &&
    value.length <= MAX_KEY_LENGTH &&
    KEY_ALPHABET.test(value) &&
    /[A-Z]/.test(value) &&
    /[a-z]/.test(value) &&
    /[0-9]/.test(value)
  );
}

/** How many values one tenant (namespace) may have registered at once; its oldest go first. */
const MAX_SECRETS_PER_TENANT = 32;

/**
 * Secret values known at runtime (access key secrets, tokens), masked in every string field of
 * every log line before it is serialized. Values are kept per tenant (the Secret's namespace):
 * each tenant's list is bounded and a tenant's new values only ever push out its own old ones,
 * so no tenant can evict another's secrets (docs/reliability.md#8-multi-tenancy).
 */
export class SecretRegistry {
  private readonly byTenant = new Map<string, Set<string>>();

  constructor(private readonly maxPerTenant = MAX_SECRETS_PER_TENANT) {}

  /** Remembers a value to mask for `tenant`; values that do not look like keys are ignored. */
  register(value: string | undefined, tenant = ''): void {
    if (!value || !looksLikeKey(value)) return;
    let values = this.byTenant.get(tenant);
    if (!values) {
      values = new Set();
      this.byTenant.set(tenant, values);
    }
    values.delete(value);
    values.add(value);
    // Keep the tenant's newest values only; its rotated-away secrets eventually drop out.
    while (values.size > this.maxPerTenant) values.delete(values.values().next().value as string);
  }

  /** Masks registered values and credential-looking text in one string. */
  redact(text: string): string {
    let out = text;
    for (const values of this.byTenant.values()) {
      for (const value of values) if (out.includes(value)) out = out.split(value).join(REDACTED);
    }
    for (const [pattern, replacement] of TEXT_PATTERNS) out = out.replace(pattern, replacement);
    return out;
  }
}

/** The process-wide registry used by createLogger and redactText by default. */
const defaultSecrets = new SecretRegistry();

export function registerSecret(value: string | undefined, tenant = ''): void {
  defaultSecrets.register(value, tenant);
}

/** Masks registered secret values and credential-looking text. */
export function redactText(text: string): string {
  return defaultSecrets.redact(text);
}

const MAX_DEPTH = 8;
/** Properties of HTTP-client errors that hold requests, headers and sockets. */
const ERROR_SKIP = new Set([
  'config',
  'request',
  'response',
  'agent',
  'socket',
  'headers',
  'stack',
  'message',
]);

/** A JSON-safe copy of `value` with sensitive keys replaced and errors flattened. */
export function redactValue(value: unknown, redact: (s: string) => string = redactText): unknown {
  const seen = new WeakSet<object>();
  const walk = (v: unknown, depth: number): unknown => {
    if (typeof v === 'string') return redact(v);
    if (v === null || typeof v !== 'object') return v;
    if (seen.has(v)) return '[Circular]';
    if (depth >= MAX_DEPTH) return '[Truncated]';
    seen.add(v);
    if (v instanceof Error) return walkError(v, depth);
    if (v instanceof Date) return v.toISOString();
    if (Array.isArray(v)) return v.map((item) => walk(item, depth + 1));
    if (v instanceof Map)
      return walkEntries(
        [...v.entries()].map(([k, x]) => [String(k), x]),
        depth,
      );
    if (Buffer.isBuffer(v)) return `[Buffer ${v.length} bytes]`;
    return walkEntries(Object.entries(v), depth);
  };
  const walkEntries = (entries: Array<[string, unknown]>, depth: number): Record<string, unknown> => {
    const out: Record<string, unknown> = {};
    for (const [key, item] of entries) out[key] = isSensitiveKey(key) ? REDACTED : walk(item, depth + 1);
    return out;
  };
  const walkError = (err: Error, depth: number): Record<string, unknown> => {
    const out: Record<string, unknown> = { type: err.name, message: redact(err.message) };
    for (const [key, item] of Object.entries(err)) {
      if (ERROR_SKIP.has(key) || item === undefined) continue;
      out[key] = isSensitiveKey(key) ? REDACTED : walk(item, depth + 1);
    }
    const status = (err as { response?: { status?: unknown } }).response?.status;
    if (typeof status === 'number') out.httpStatus = status;
    if (err.stack) out.stack = redact(err.stack);
    if (err.cause !== undefined) out.cause = walk(err.cause, depth + 1);
    return out;
  };
  return walk(value, 0);
}

interface LoggerOptions {
  level?: LogLevel;
  /** Where JSON lines go (default stdout). Tests pass a capturing stream. */
  destination?: DestinationStream;
  /** Static fields on every line. */
  base?: Record<string, unknown>;
  secrets?: SecretRegistry;
}

export function createLogger(opts: LoggerOptions = {}): Logger {
  const secrets = opts.secrets ?? defaultSecrets;
  const redact = (s: string): string => secrets.redact(s);
  const logger = pino(
    {
      level: opts.level ?? 'info',
      base: opts.base ?? { name: 'upgradewatch' },
      timestamp: pino.stdTimeFunctions.isoTime,
      formatters: {
        level: (label) => ({ level: label }),
        log: (object) => redactValue(object, redact) as Record<string, unknown>,
        bindings: (bindings) => redactValue(bindings, redact) as Record<string, unknown>,
      },
      // Errors are already flattened (and redacted) by formatters.log; pino's own err
      // serializer would re-wrap them and lose the type and cause.
      serializers: { err: (value: unknown) => value },
      hooks: {
        logMethod(args, method) {
          const clean = args.map((arg: unknown) => (typeof arg === 'string' ? redact(arg) : arg));
          method.apply(this, clean as Parameters<typeof method>);
        },
      },
    },
    opts.destination ?? pino.destination({ dest: 1, sync: true }),
  );
  // A child's bindings skip formatters.bindings (pino resets it for children), so they are
  // redacted here. Children inherit this method (pino builds them with Object.create(parent)).
  const pinoChild = logger.child;
  logger.child = function (this: Logger, bindings, options) {
    return pinoChild.call(this, redactValue(bindings, redact) as typeof bindings, options);
  } as typeof pinoChild;
  return logger;
}

export function isLogLevel(value: string): value is LogLevel {
  return (LOG_LEVELS as readonly string[]).includes(value);
}
