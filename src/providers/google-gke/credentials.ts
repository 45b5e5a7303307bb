// The GoogleGKE credential: the Secret key `serviceAccountKey` holds a service-account JSON key
// (docs/reference.md#provider-googlegke); this parses and checks it once per poll. A keyless
// watch brings the federated access token instead (./sts.ts).

import { parseJsonBody } from '../common/classify.js';
import type { CloudError } from '../common/errors.js';
import { nonEmpty } from '../common/normalize-helpers.js';
import type { Credentials } from '../common/credentials.js';
import { givenTokenOf, type GivenToken } from '../cloud-common/bearer-get.js';
import type { ClusterUpgradeWatchSpec } from '../../api/types.js';
import { credentialFingerprint } from '../cloud-common/token-cache.js';
import { serviceAccountKeySchema, type ServiceAccountKey } from './auth.js';

export const SERVICE_ACCOUNT_KEY = 'serviceAccountKey';

/** A Secret's service-account key, or (keyless) the federated token Google STS gave. */
export type GoogleCredential =
  | { ok: true; key: ServiceAccountKey; fingerprint: string; secrets: string[] }
  | ({ ok: true } & GivenToken)
  | { ok: false; error: CloudError };

export function googleCredentialOf(
  credentials: Credentials,
  spec: Pick<ClusterUpgradeWatchSpec, 'workloadIdentity'> = {},
): GoogleCredential {
  const given = givenTokenOf(credentials, spec);
  if (given) return { ok: true, ...given };
  const text = nonEmpty(credentials.serviceAccountKey);
  const json = text === undefined ? undefined : parseJsonBody(text);
  const parsed = json?.ok ? serviceAccountKeySchema.safeParse(json.value) : undefined;
  if (!parsed?.success) {
    // Which fields are wrong is named; the key's text never is.
    const where = parsed?.error.issues.map((issue) => issue.path.join('.')).join(', ');
    return {
      ok: false,
      error: {
        class: 'AuthFailed',
        message:
          text === undefined
            ? `the Secret has no ${SERVICE_ACCOUNT_KEY}`
            : `${SERVICE_ACCOUNT_KEY} is not a service-account JSON key${where ? ` (${where})` : ''}`,
      },
    };
  }
  const key = parsed.data;
  return {
    ok: true,
    key,
    fingerprint: credentialFingerprint('google', [key.client_email, key.private_key]),
    secrets: [key.private_key, ...(key.private_key_id ? [key.private_key_id] : [])],
  };
}
