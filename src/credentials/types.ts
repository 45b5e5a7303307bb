// Shapes shared by the credentials port and the keyless exchange (docs/reference.md#security).
// Every failure is classified once, here at the credentials boundary: CredentialsNotFound (no
// ServiceAccount, no Secret, or no RBAC to mint a token) or one of the cloud error classes the
// reconciler already knows (AuthFailed when the STS/IAM refuses the token or role; the
// transient classes when it is throttled, failing or unreachable).

import type { Credentials } from '../providers/common/credentials.js';
import type { CloudError } from '../providers/common/errors.js';
import type { TemporaryCredentials } from '../providers/common/keyless.js';

export type CredentialsFailure = { class: 'CredentialsNotFound'; message: string } | CloudError;

export type ExchangeResult =
  { ok: true; value: TemporaryCredentials } | { ok: false; error: CredentialsFailure };

/**
 * What the reconciler gets, whatever the source. `fingerprint` identifies the source (a Secret's
 * values, or a workload identity's configuration and ServiceAccount uid): it changes when the
 * user rotates or re-points credentials — the reconciler then polls at once — but not when
 * temporary keys are merely refreshed.
 */
export type CredentialsLookup =
  | { ok: true; credentials: Credentials; fingerprint: string; expiresAt?: Date }
  | { ok: false; error: CredentialsFailure; fingerprint: string };
