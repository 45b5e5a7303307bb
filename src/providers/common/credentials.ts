// The shapes of cloud credentials, and how each is read from a Secret (docs/reference.md#security).
//
// A family names one CredentialScheme: which `Secret.data` keys it needs (required / optional),
// how the decoded values become its credentials, and how to recognise them again. The operator
// side (credentials/secret-reader.ts, the keyless exchange, the log redactor) only ever sees the
// `Credentials` union, so a new shape is one more member here and one more scheme, not a
// controller change.

/** AccessKey/SecretKey pairs (Alibaba, Huawei; AWS uses the same shape). */
export interface AccessKeyCredentials {
  accessKeyId: string;
  accessKeySecret: string;
  /** STS / temporary-credential token. */
  securityToken?: string;
}

/** A Google service account JSON key, as stored in the Secret key `serviceAccountKey`. */
export interface ServiceAccountKeyCredentials {
  serviceAccountKey: string;
}

/** An Entra ID (Azure) application with a client secret. */
export interface ClientSecretCredentials {
  tenantID: string;
  clientID: string;
  clientSecret: string;
}

/**
 * A bearer access token obtained by a keyless exchange (Entra workload identity federation,
 * Google STS): used as is until the exchange's expiry. Never read from a Secret.
 */
export interface AccessTokenCredentials {
  accessToken: string;
}

type AnyCredentialField =
  | keyof AccessKeyCredentials
  | keyof ServiceAccountKeyCredentials
  | keyof ClientSecretCredentials
  | keyof AccessTokenCredentials;
/** `T`, with every other shape's fields marked absent: a field of the union can be read directly. */
type Only<T> = T & { [Field in Exclude<AnyCredentialField, keyof T>]?: never };

export type Credentials =
  | Only<AccessKeyCredentials>
  | Only<ServiceAccountKeyCredentials>
  | Only<ClientSecretCredentials>
  | Only<AccessTokenCredentials>;

/** Credential fields that identify rather than authenticate: never registered for redaction. */
const PUBLIC_FIELDS: ReadonlySet<string> = new Set(['accessKeyId', 'tenantID', 'clientID']);

/** The identifying (not secret) part of `credentials`, e.g. the AccessKeyId; '' when none. */
export function publicIdentity(credentials: Credentials): string {
  return Object.entries(credentials)
    .filter(([field]) => PUBLIC_FIELDS.has(field))
    .map(([, value]) => String(value))
    .join('/');
}

/** The values of `credentials` that must never reach a log, Event, status, metric or error. */
export function secretValues(credentials: Credentials): string[] {
  return Object.entries(credentials)
    .filter(([field, value]) => !PUBLIC_FIELDS.has(field) && typeof value === 'string' && value !== '')
    .map(([, value]) => String(value));
}

export interface CredentialScheme<C extends Credentials = Credentials> {
  /** A readable name, e.g. for cache keys and docs: `accessKey`. */
  name: string;
  /** `Secret.data` keys that must be present and non-empty, in the order messages name them. */
  requiredKeys: readonly string[];
  /** `Secret.data` keys read when present. */
  optionalKeys: readonly string[];
  /** Credentials from decoded, trimmed Secret values; every required key is present. */
  fromSecret(values: Readonly<Record<string, string>>): C;
  /** True when `credentials` are of this scheme's shape. */
  is(credentials: Credentials): credentials is C;
}

type Fields<Required extends string, Optional extends string> = Record<Required, string> &
  Partial<Record<Optional, string>>;

function defineScheme<Required extends string, Optional extends string = never>(
  name: string,
  requiredKeys: readonly Required[],
  optionalKeys: readonly Optional[] = [],
): CredentialScheme<Fields<Required, Optional> & Credentials> {
  type C = Fields<Required, Optional> & Credentials;
  return {
    name,
    requiredKeys,
    optionalKeys,
    fromSecret(values) {
      const out: Record<string, string> = {};
      for (const key of [...requiredKeys, ...optionalKeys]) {
        const value = values[key];
        if (value !== undefined) out[key] = value;
      }
      return out as C;
    },
    is(credentials): credentials is C {
      const fields: Record<string, unknown> = { ...credentials };
      return requiredKeys.every((key) => typeof fields[key] === 'string');
    },
  };
}

/** Secret keys `accessKeyId`, `accessKeySecret` and optional `securityToken`. */
export const ACCESS_KEY_SCHEME: CredentialScheme<AccessKeyCredentials> = defineScheme(
  'accessKey',
  ['accessKeyId', 'accessKeySecret'],
  ['securityToken'],
);

/** Secret key `serviceAccountKey` (the JSON key file's text). */
export const SERVICE_ACCOUNT_KEY_SCHEME: CredentialScheme<ServiceAccountKeyCredentials> = defineScheme(
  'serviceAccountKey',
  ['serviceAccountKey'],
);

/** Secret keys `tenantID`, `clientID` and `clientSecret`. */
export const CLIENT_SECRET_SCHEME: CredentialScheme<ClientSecretCredentials> = defineScheme('clientSecret', [
  'tenantID',
  'clientID',
  'clientSecret',
]);

/** True for a keyless exchange's bearer token (AccessTokenCredentials). */
export function isAccessToken(credentials: Credentials): credentials is Only<AccessTokenCredentials> {
  return typeof credentials.accessToken === 'string' && credentials.accessToken !== '';
}

/**
 * `scheme` for a bearer cloud with a keyless exchange: a Secret still gives `scheme`'s
 * credentials, and the exchange's AccessTokenCredentials are accepted too.
 */
export function orAccessToken<C extends Credentials>(
  scheme: CredentialScheme<C>,
): CredentialScheme<C | Only<AccessTokenCredentials>> {
  return {
    ...scheme,
    is: (credentials): credentials is C | Only<AccessTokenCredentials> =>
      isAccessToken(credentials) || scheme.is(credentials),
  };
}
