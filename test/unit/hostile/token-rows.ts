// What each catalogue row must give when it is played against a bearer family's TOKEN endpoint
// (the token targets of ./bearer-targets.ts: the row answers the token POST, the API answers
// well). A token reply is three fields (RFC 6749 §5.1: `access_token`, `token_type` Bearer,
// `expires_in` seconds), read by src/providers/cloud-common/oauth-token.ts through the same
// request pipeline and error table as the API. So:
//
// - an error status is classified as the API's would be (5xx ServerError, 403 AuthFailed, 429
//   Throttled), a transport failure is the same NetworkError, a redirect is never followed;
// - a 2xx body that is not a usable token is InvalidResponse, never an exception, never a token
//   sent on that cannot be one;
// - a usable token (unknown fields, odd labels, padding) gives the API's good answer: the baseline.
//
// Each entry says why. The table covers exactly the catalogue's rows (./catalogue.test.ts).

import type { Expected } from './catalogue.js';

type TokenRow = readonly [expected: Expected, why: string];

const NOT_A_TOKEN = 'a 2xx body that is not a JSON token reply: no token, InvalidResponse';
const SAME_TRANSPORT = 'the transport fails the token POST exactly as it fails a GET';
const CAPPED = 'the 5 MiB cap applies to a token reply as to any other';
const UNKNOWN_FIELD =
  'the field is unknown to a token reply (only access_token, token_type, expires_in are read)';
const NOT_BEARER =
  'token_type must be Bearer (compared case-insensitively, RFC 6749 §5.1): any other value is a token the client cannot use';
const NO_REDIRECT = 'a token POST carries the client secret or the signed assertion: never re-sent anywhere';
const NOT_A_TOKEN_STRING =
  'an access_token must be a b64token (RFC 6750 §2.1) of sane length: anything else would go into the Authorization header of every API call';

export const TOKEN_ROWS: Readonly<Record<string, TokenRow>> = {
  // ---- A. Not JSON, or JSON in the wrong wrapping ----
  'html-200': ['InvalidResponse', NOT_A_TOKEN],
  'html-502': ['ServerError', 'a 5xx from the token endpoint is a ServerError: retried, not an auth failure'],
  'html-labelled-json': ['InvalidResponse', NOT_A_TOKEN],
  'xml-200': ['InvalidResponse', NOT_A_TOKEN],
  'truncated-json': ['InvalidResponse', NOT_A_TOKEN],
  'short-body-then-close': ['NetworkError', SAME_TRANSPORT],
  'content-length-smaller-than-body': ['NetworkError', SAME_TRANSPORT],
  'empty-200': ['InvalidResponse', NOT_A_TOKEN],
  'no-content-204': ['InvalidResponse', NOT_A_TOKEN],
  'json-labelled-html': [
    'Observation',
    'the body, not its label, decides: a good token in text/html is a good token',
  ],
  'json-without-content-type': ['Observation', 'the same without any Content-Type'],
  'bom-prefixed-json': ['Observation', 'a UTF-8 BOM before a good token is ignored'],
  'utf16-json': ['InvalidResponse', NOT_A_TOKEN],
  'invalid-utf8-inside-strings': ['InvalidResponse', NOT_A_TOKEN_STRING],
  'invalid-utf8-structure': ['InvalidResponse', NOT_A_TOKEN],
  'nul-bytes': ['InvalidResponse', NOT_A_TOKEN],

  // ---- B. Size ----
  'huge-50MiB-with-length': ['InvalidResponse', CAPPED],
  'huge-50MiB-chunked': ['InvalidResponse', CAPPED],
  'over-cap-6MiB-with-length': ['InvalidResponse', CAPPED],
  'over-cap-6MiB-chunked': ['InvalidResponse', CAPPED],
  'under-cap-valid': ['Observation', 'a good token padded to 4.9 MiB is still a good token'],
  'gzip-bomb': ['InvalidResponse', CAPPED],
  'deflate-bomb': ['InvalidResponse', CAPPED],
  'brotli-bomb': ['InvalidResponse', CAPPED],
  'corrupt-gzip': ['NetworkError', SAME_TRANSPORT],
  'huge-header': ['NetworkError', SAME_TRANSPORT],

  // ---- C. JSON structure and types ----
  'deep-array-root-100k': ['InvalidResponse', NOT_A_TOKEN],
  'deep-object-unknown-field-100k': ['Observation', `${UNKNOWN_FIELD}; it is passed over, never walked`],
  'deep-object-in-status-field': ['InvalidResponse', `${NOT_BEARER} (here: 100 000 nested objects)`],
  'deep-json-inside-string': ['InvalidResponse', `${NOT_BEARER} (here: a deep JSON text)`],
  'numbers-for-strings': ['InvalidResponse', 'access_token and token_type are strings; numbers are no token'],
  'booleans-for-strings': ['InvalidResponse', 'the same with booleans'],
  'strings-for-arrays': ['Observation', 'a token reply has no arrays: the good token stands'],
  'objects-for-lists': ['Observation', 'a token reply has no arrays: the good token stands'],
  'null-everywhere': [
    'InvalidResponse',
    'a token reply with null fields carries no token (the fields are required)',
  ],
  'null-objects': ['Observation', 'a token reply has no nested objects: the good token stands'],
  'null-root': ['InvalidResponse', NOT_A_TOKEN],
  'empty-array-root': ['InvalidResponse', NOT_A_TOKEN],
  'string-root': ['InvalidResponse', NOT_A_TOKEN],
  'number-root': ['InvalidResponse', NOT_A_TOKEN],
  'empty-object-root': [
    'InvalidResponse',
    'unlike an API, {} is no answer from a token endpoint: the token is required',
  ],
  'proto-keys': [
    'Observation',
    '__proto__ / constructor keys are unknown fields: no pollution, the token stands',
  ],
  'proto-enum-values': ['InvalidResponse', `${NOT_BEARER} (here: "__proto__")`],
  'constructor-enum-value': ['InvalidResponse', `${NOT_BEARER} (here: "constructor")`],
  'duplicate-keys': ['Observation', 'JSON.parse keeps the last of each key: the good token'],
  'status-wrong-type': ['InvalidResponse', `${NOT_BEARER} (here: a number)`],
  'status-case-and-whitespace': [
    'InvalidResponse',
    'token_type is case-insensitive but not trimmed: "  bEARER\\t" is not the Bearer type',
  ],
  'unknown-status': [
    'InvalidResponse',
    `${NOT_BEARER} (here: "Exploding", as a "mac" or "DPoP" type would be)`,
  ],

  // ---- D. Slow and broken connections ----
  'slow-drip-past-timeout': ['NetworkError', `${SAME_TRANSPORT}: the whole-request deadline`],
  'headers-then-hang': ['NetworkError', `${SAME_TRANSPORT}: the whole-request deadline`],
  'silent-server': ['NetworkError', `${SAME_TRANSPORT}: the whole-request deadline`],
  'reset-mid-body': ['NetworkError', SAME_TRANSPORT],
  'close-before-headers': ['NetworkError', SAME_TRANSPORT],
  'garbage-status-line': ['NetworkError', SAME_TRANSPORT],
  'not-http': ['NetworkError', SAME_TRANSPORT],

  // ---- E. Redirects ----
  'redirect-302-elsewhere': ['InvalidResponse', NO_REDIRECT],
  'redirect-307-elsewhere': ['InvalidResponse', `${NO_REDIRECT} (307 would re-POST the form)`],
  'redirect-301-metadata': ['InvalidResponse', NO_REDIRECT],
  'redirect-303-same-host': ['InvalidResponse', `${NO_REDIRECT}, not even to the same host`],
  'location-on-200': ['Observation', 'a Location header on a good token reply changes nothing'],

  // ---- F. Valid-but-weird values ----
  'progress-150': ['Observation', UNKNOWN_FIELD],
  'progress-negative': ['Observation', UNKNOWN_FIELD],
  'progress-nan': ['Observation', UNKNOWN_FIELD],
  'progress-infinity-string': ['Observation', UNKNOWN_FIELD],
  'progress-overflow-string': ['Observation', UNKNOWN_FIELD],
  'progress-max-number': ['Observation', UNKNOWN_FIELD],
  'progress-overflow-literal': ['Observation', UNKNOWN_FIELD],
  'progress-object': ['Observation', UNKNOWN_FIELD],
  'times-year-9999': ['InvalidResponse', 'expires_in is a number of seconds, not a date'],
  'times-year-0': ['InvalidResponse', 'expires_in is a number of seconds, not a date'],
  'times-garbage': ['InvalidResponse', 'expires_in is a number of seconds, not a date'],
  'times-epoch-out-of-range': [
    'InvalidResponse',
    'expires_in of 10^20 s is past the largest exact integer: no lifetime the cache could keep, so no token',
  ],
  'many-10000': ['Observation', `${UNKNOWN_FIELD}: a 10 000-entry scope list is not read`],
  'enormous-text': ['InvalidResponse', `${NOT_A_TOKEN_STRING} (here: 512 KiB)`],
  'control-characters': ['InvalidResponse', `${NOT_A_TOKEN_STRING} (here: terminal escapes, CR, NUL)`],
  'line-forging-text': ['InvalidResponse', `${NOT_A_TOKEN_STRING} (here: CR/LF that would forge a header)`],

  // ---- G. Hostile error replies ----
  'error-huge-message': ['ServerError', 'a 500 from the token endpoint: ServerError, its texts bounded'],
  'error-line-forging': ['ServerError', 'the same, its message forging a line'],
  'error-control-characters': ['ServerError', 'the same, its message and request id full of escapes'],
  'error-echoes-request': [
    'AuthFailed',
    'a 403 invalid_client echoing the token request (its form: client_secret, assertion): AuthFailed, every secret masked',
  ],
  'retry-after-absurd': ['Throttled', 'a 429 from the token endpoint is Throttled, its Retry-After capped'],
};
