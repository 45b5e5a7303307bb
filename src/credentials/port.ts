// The one credentials port the reconciler asks (docs/reference.md#security): whatever the source
// — a Secret (`credentialsRef`) or keyless `workloadIdentity` — it answers Credentials (with an
// expiry for temporary keys), or a classified failure, plus a fingerprint of the source.

import type { ResolvedSpec } from '../api/defaults.js';
import type { CredentialsReader } from './secret-reader.js';
import { families } from '../providers/registry.js';
import type { CredentialsLookup } from './types.js';
import type { WorkloadIdentitySource } from './workload-identity.js';

interface CredentialsRequest {
  namespace: string;
  spec: ResolvedSpec;
  /** The watch's resolved API base URL. */
  baseUrl: string;
}

export type CredentialsPort = (request: CredentialsRequest) => Promise<CredentialsLookup>;

export function createCredentialsPort(deps: {
  secrets: CredentialsReader;
  workloadIdentity?: WorkloadIdentitySource;
}): CredentialsPort {
  return async ({ namespace, spec, baseUrl }) => {
    if (spec.workloadIdentity) {
      if (!deps.workloadIdentity) {
        const message = 'workloadIdentity is not enabled in this operator';
        return { ok: false, fingerprint: '', error: { class: 'CredentialsNotFound', message } };
      }
      return deps.workloadIdentity.get({ namespace, spec, identity: spec.workloadIdentity, baseUrl });
    }
    if (!spec.credentialsRef) {
      const message = 'spec has neither credentialsRef nor workloadIdentity';
      return { ok: false, fingerprint: '', error: { class: 'CredentialsNotFound', message } };
    }
    const scheme = families[spec.provider].credentials;
    const read = await deps.secrets.read(namespace, spec.credentialsRef.name, scheme);
    return read.ok
      ? { ok: true, credentials: read.credentials, fingerprint: read.fingerprint }
      : { ok: false, fingerprint: '', error: { class: 'CredentialsNotFound', message: read.message } };
  };
}
