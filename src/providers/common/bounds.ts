// Size and hygiene limits on everything a provider client hands upward, applied once at the
// client boundary (each family's `connect`) so no normalizer has to remember them:
//
// - Observation: every string (keys too) trimmed to 1024 characters with control characters
//   removed; lists and maps cut to MAX_LIST_ENTRIES; nesting cut at MAX_DEPTH. A status must fit
//   an etcd object (1.5 MiB) and a terminal; a cloud sending 10 000 steps of 1 MiB names, or a
//   100 000-level JSON document inside a string (CSS `migrateParam`), must cost neither.
// - CloudError: message trimmed and scrubbed of the request's secrets (a gateway echoing the
//   signed request back must not put the signature or token in a condition), request id and
//   code cut to MAX_TOKEN_LENGTH printable characters.
// Found by the hostile-response catalogue in test/unit/hostile (see docs/reliability.md).

import { MAX_MESSAGE_LENGTH, type Observation } from '../../api/types.js';
import { trimMessage, UNSAFE_TEXT_CHARACTERS } from './classify.js';
import type { CloudError } from './errors.js';
import { secretValues, type Credentials } from './credentials.js';
import type { ConnectParams, ExternalClient } from './provider.js';

/** Entries kept in any list or map of an Observation (steps, components, nodes, providerStatus). */
const MAX_LIST_ENTRIES = 100;
/** Nesting kept below the Observation's root; deeper values are dropped. */
const MAX_DEPTH = 8;
/** Request ids and error codes are short tokens; anything longer is junk. */
const MAX_TOKEN_LENGTH = 128;

const MIN_SECRET_LENGTH = 4;

function boundValue(value: unknown, depth: number): unknown {
  if (typeof value === 'string') return trimMessage(value, MAX_MESSAGE_LENGTH);
  if (value === null || typeof value !== 'object') return value;
  if (depth >= MAX_DEPTH) return undefined;
  if (Array.isArray(value)) {
    return value
      .slice(0, MAX_LIST_ENTRIES)
      .map((item) => boundValue(item, depth + 1))
      .filter((item) => item !== undefined);
  }
  const out: Record<string, unknown> = {};
  let kept = 0;
  for (const [key, item] of Object.entries(value)) {
    if (kept >= MAX_LIST_ENTRIES) break;
    const bounded = boundValue(item, depth + 1);
    if (bounded === undefined) continue;
    // defineProperty: a key named "__proto__" stays a plain own key.
    Object.defineProperty(out, trimMessage(key, MAX_MESSAGE_LENGTH), {
      value: bounded,
      enumerable: true,
      writable: true,
      configurable: true,
    });
    kept += 1;
  }
  return out;
}

function boundObservation(observation: Observation): Observation {
  return boundValue(observation, 0) as Observation;
}

/** Printable, at most MAX_TOKEN_LENGTH characters; undefined when nothing is left. */
function cleanToken(value: string | undefined): string | undefined {
  if (value === undefined) return undefined;
  const clean = value.replace(UNSAFE_TEXT_CHARACTERS, '').trim();
  if (clean === '') return undefined;
  return clean.length > MAX_TOKEN_LENGTH ? `${clean.slice(0, MAX_TOKEN_LENGTH - 1)}…` : clean;
}

/** Replace every occurrence of the given secrets with `mask`; values shorter than four
 *  characters are left alone (they would shred ordinary text). */
export function scrubSecrets(text: string, secrets: readonly (string | undefined)[], mask = '***'): string {
  let out = text;
  for (const secret of secrets) {
    if (secret && secret.length >= MIN_SECRET_LENGTH) out = out.split(secret).join(mask);
  }
  return out;
}

function boundCloudError(error: CloudError, secrets: readonly (string | undefined)[] = []): CloudError {
  const bounded: CloudError = {
    ...error,
    message: trimMessage(scrubSecrets(error.message, secrets), MAX_MESSAGE_LENGTH),
  };
  const requestId = cleanToken(error.requestId);
  const code = cleanToken(error.code);
  if (requestId === undefined) delete bounded.requestId;
  else bounded.requestId = scrubSecrets(requestId, secrets);
  if (code === undefined) delete bounded.code;
  else bounded.code = scrubSecrets(code, secrets);
  if (bounded.message === '') bounded.message = `${error.class} (no details)`;
  return bounded;
}

/** A family's `connect` whose clients return bounded Observations and CloudErrors. */
export function boundedConnect<C extends Credentials>(connect: (params: ConnectParams<C>) => ExternalClient) {
  return (params: ConnectParams<C>): ExternalClient => {
    const client = connect(params);
    const secrets = secretValues(params.credentials);
    return {
      async observe(signal) {
        const result = await client.observe(signal);
        return result.ok
          ? { ok: true, observation: boundObservation(result.observation) }
          : { ok: false, error: boundCloudError(result.error, secrets) };
      },
    };
  };
}
