// The Kubernetes half of the keyless exchange (docs/reference.md#security): read the watch's
// ServiceAccount (its uid keys the cache, and a deleted one revokes at once) and mint a short
// token for it with TokenRequest (`POST /api/v1/namespaces/{ns}/serviceaccounts/{sa}/token`,
// RBAC `serviceaccounts/token` create). The token is a secret: it never leaves this process
// except in the exchange request, and is handed to `onSecret` for the log redactor first.

import { apiErrorCode, describeApiError } from '../runtime/kube-errors.js';
import type { CloudError } from '../providers/common/errors.js';
import type { CredentialsFailure } from './types.js';

const TOKEN_EXPIRATION_SECONDS = 3600;

/** The part of client-node 1.x's CoreV1Api this module uses. */
export interface ServiceAccountApi {
  readNamespacedServiceAccount(param: {
    name: string;
    namespace: string;
  }): Promise<{ metadata?: { uid?: string } }>;
  createNamespacedServiceAccountToken(param: {
    name: string;
    namespace: string;
    body: { spec: { audiences: string[]; expirationSeconds?: number } };
  }): Promise<{ status?: { token?: string; expirationTimestamp?: Date | string } }>;
}

export type ServiceAccountLookup = { ok: true; uid: string } | { ok: false; error: CredentialsFailure };

type TokenResult = { ok: true; token: string } | { ok: false; error: CredentialsFailure };

function kubeFailure(what: string, error: unknown): CloudError {
  const code = apiErrorCode(error);
  const message = `${what} failed: ${describeApiError(error)}`;
  if (code === 429) return { class: 'Throttled', message, httpStatus: code };
  if (code !== undefined && code >= 500) return { class: 'ServerError', message, httpStatus: code };
  if (code !== undefined) return { class: 'InvalidResponse', message, httpStatus: code };
  return { class: 'NetworkError', message };
}

function missingRbac(verb: string, resource: string, namespace: string): CredentialsFailure {
  return {
    class: 'CredentialsNotFound',
    message:
      `the operator may not ${verb} ${resource} in namespace ${namespace}: ` +
      `grant it RBAC "${verb}" on "${resource}" (chart value rbac.serviceAccountTokens)`,
  };
}

/** A failed ServiceAccount read or TokenRequest: 404 and 403 mean no usable identity. */
function accountFailure(
  error: unknown,
  ref: { namespace: string; name: string },
  denied: { verb: string; resource: string; what: string },
): CredentialsFailure {
  const code = apiErrorCode(error);
  if (code === 404) {
    return { class: 'CredentialsNotFound', message: `ServiceAccount ${ref.namespace}/${ref.name} not found` };
  }
  if (code === 403) return missingRbac(denied.verb, denied.resource, ref.namespace);
  return kubeFailure(`${denied.what} ${ref.namespace}/${ref.name}`, error);
}

export async function lookupServiceAccount(
  api: ServiceAccountApi,
  namespace: string,
  name: string,
): Promise<ServiceAccountLookup> {
  try {
    const account = await api.readNamespacedServiceAccount({ name, namespace });
    const uid = account.metadata?.uid;
    return uid
      ? { ok: true, uid }
      : {
          ok: false,
          error: { class: 'InvalidResponse', message: `ServiceAccount ${namespace}/${name} has no uid` },
        };
  } catch (error) {
    const denied = { verb: 'get', resource: 'serviceaccounts', what: 'reading ServiceAccount' };
    return { ok: false, error: accountFailure(error, { namespace, name }, denied) };
  }
}

export async function requestServiceAccountToken(
  api: ServiceAccountApi,
  request: { namespace: string; name: string; audience: string },
): Promise<TokenResult> {
  const { namespace, name, audience } = request;
  try {
    const response = await api.createNamespacedServiceAccountToken({
      name,
      namespace,
      body: { spec: { audiences: [audience], expirationSeconds: TOKEN_EXPIRATION_SECONDS } },
    });
    const token = response.status?.token;
    if (!token) {
      return {
        ok: false,
        error: {
          class: 'InvalidResponse',
          message: `TokenRequest for ${namespace}/${name} returned no token`,
        },
      };
    }
    return { ok: true, token };
  } catch (error) {
    const denied = {
      verb: 'create',
      resource: 'serviceaccounts/token',
      what: 'TokenRequest for ServiceAccount',
    };
    return { ok: false, error: accountFailure(error, { namespace, name }, denied) };
  }
}
