// JSON logs (pino) that never carry secrets. Three layers:
//  1. every logged object is copied with sensitive keys (authorization, *secret, *token,
//     password, signature, cookie, ...) replaced at any depth, and errors reduced to
//     type/message/code/stack/cause (axios errors keep no config, request or headers);
//  2. credential-looking text (Bearer/Basic values, ACS3/SDK-HMAC Authorization values,
//     Signature=...) is masked in every string, the message included;
//  3. secret values registered at runtime (registerSecret) are masked in the final line.
import { pino, type DestinationStream, type Logger } from 'pino';

export type { Logger } from 'pino';

export const LOG_LEVELS = ['trace', 'debug', 'info', 'warn', 'error', 'fatal', 'silent'] as const;
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

/** Secret values known at runtime (access key secrets, tokens), masked in every log line. */
export class SecretRegistry {
  private readonly values = new Set<string>();

  constructor(private readonly maxValues = 1000) {}

  /** Remembers a value to mask; values shorter than 6 characters are ignored (too common). */
  register(value: string | undefined): void {
    if (!value || value.length < 6) return;
    this.values.delete(value);
    this.values.add(value);
    // Keep the newest values only; rotated-away secrets eventually drop out.
    while (this.values.size > this.maxValues) {
      const oldest = this.values.values().next().value as string;
      this.values.delete(oldest);
    }
  }

  /** Masks registered values and credential-looking text in `text`. */
  redact(text: string): string {
    let out = text;
    for (const value of this.values) {
      if (out.includes(value)) out = out.split(value).join(REDACTED);
      const escaped = JSON.stringify(value).slice(1, -1);
      if (escaped !== value && out.includes(escaped)) out = out.split(escaped).join(REDACTED);
    }
    for (const [pattern, replacement] of TEXT_PATTERNS) out = out.replace(pattern, replacement);
    return out;
  }
}

/** The process-wide registry used by createLogger and redactText by default. */
export const defaultSecrets = new SecretRegistry();

export function registerSecret(value: string | undefined): void {
  defaultSecrets.register(value);
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

export interface LoggerOptions {
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
  return pino(
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
      hooks: { streamWrite: redact },
    },
    opts.destination ?? pino.destination({ dest: 1, sync: true }),
  );
}

export function isLogLevel(value: string): value is LogLevel {
  return (LOG_LEVELS as readonly string[]).includes(value);
}
