// Writes status with a JSON merge patch (RFC 7386) to the `/status` subresource.
//
// The patch holds only what changed between the status the reconciler read and the one it
// computed; members that disappeared are sent as `null` (merge patches merge nested objects,
// so a stale key in `providerStatus` or `nodes` would otherwise live forever). Arrays
// (`conditions`, `steps`) are replaced whole, which is what we want. The patch carries
// `metadata.resourceVersion`, so a write based on a stale read fails with 409 instead of
// nulling the wrong members. Conflict (409) and gone (404) are results, never exceptions; every
// attempt is counted for `upgradewatch_status_updates_total{result}`.

import { setHeaderOptions } from '@kubernetes/client-node';
import { GROUP, PLURAL, VERSION, type ClusterUpgradeWatchStatus } from '../api/types.js';
import { apiErrorCode, describeApiError } from '../runtime/kube-errors.js';
import { canonicalJson } from './status.js';

export type StatusUpdateResult = 'success' | 'conflict' | 'notFound' | 'error';

type StatusWriteResult =
  | { result: 'success'; resourceVersion?: string }
  | { result: 'conflict' | 'notFound' | 'error'; message: string };

interface StatusWriteRequest {
  namespace: string;
  name: string;
  /** resourceVersion the previous status was read at; the write fails with 409 if it moved on. */
  resourceVersion?: string;
  previous: ClusterUpgradeWatchStatus | undefined;
  next: ClusterUpgradeWatchStatus;
}

export type StatusWriter = (request: StatusWriteRequest) => Promise<StatusWriteResult>;

/** Sends a merge-patch body to `/status`; resolves to the patched object. */
type StatusPatcher = (
  namespace: string,
  name: string,
  body: Record<string, unknown>,
) => Promise<{ metadata?: { resourceVersion?: string } } | undefined | unknown>;

const UNCHANGED = Symbol('unchanged');

function isObject(value: unknown): value is Record<string, unknown> {
  return value !== null && typeof value === 'object' && !Array.isArray(value);
}

function present(value: unknown): boolean {
  return value !== undefined && value !== null;
}

function diff(previous: unknown, next: unknown): unknown {
  if (isObject(previous) && isObject(next)) {
    const out: Record<string, unknown> = {};
    for (const [key, value] of Object.entries(next)) {
      if (!present(value)) continue;
      const d = present(previous[key]) ? diff(previous[key], value) : value;
      if (d !== UNCHANGED) out[key] = d;
    }
    for (const [key, value] of Object.entries(previous)) {
      if (present(value) && !present(next[key])) out[key] = null;
    }
    return Object.keys(out).length > 0 ? out : UNCHANGED;
  }
  return canonicalJson(previous) === canonicalJson(next) ? UNCHANGED : next;
}

/** The RFC 7386 merge patch that turns `previous` into `next` (an empty object when equal). */
export function mergePatch(
  previous: ClusterUpgradeWatchStatus | undefined,
  next: ClusterUpgradeWatchStatus,
): Record<string, unknown> {
  const d = diff(previous ?? {}, next);
  return d === UNCHANGED ? {} : (JSON.parse(JSON.stringify(d)) as Record<string, unknown>);
}

export function createStatusWriter(deps: {
  patch: StatusPatcher;
  onResult?: (result: StatusUpdateResult) => void;
}): StatusWriter {
  return async (request) => {
    if (!request.next.conditions?.length || !request.next.phase) {
      // Never write an empty or wiped status: a bug upstream must not erase what users see.
      deps.onResult?.('error');
      return { result: 'error', message: 'refusing to write a status without phase and conditions' };
    }
    const body: Record<string, unknown> = { status: mergePatch(request.previous, request.next) };
    if (request.resourceVersion) body.metadata = { resourceVersion: request.resourceVersion };
    let outcome: StatusWriteResult;
    try {
      const patched = await deps.patch(request.namespace, request.name, body);
      const resourceVersion =
        isObject(patched) && isObject(patched.metadata) ? patched.metadata.resourceVersion : undefined;
      outcome =
        typeof resourceVersion === 'string' ? { result: 'success', resourceVersion } : { result: 'success' };
    } catch (error) {
      const code = apiErrorCode(error);
      const result = code === 409 ? 'conflict' : code === 404 ? 'notFound' : 'error';
      outcome = {
        result,
        message: `status update of ${request.namespace}/${request.name} failed: ${describeApiError(error)}`,
      };
    }
    deps.onResult?.(outcome.result);
    return outcome;
  };
}

/** The minimal part of client-node 2's CustomObjectsApi the writer needs. */
export interface CustomObjectsStatusApi {
  patchNamespacedCustomObjectStatus(
    param: {
      group: string;
      version: string;
      namespace: string;
      plural: string;
      name: string;
      body: unknown;
      fieldManager?: string;
    },
    options?: ReturnType<typeof setHeaderOptions>,
  ): Promise<unknown>;
}

const FIELD_MANAGER = 'upgradewatch';

/** StatusPatcher over client-node 2, sending `application/merge-patch+json`. */
export function kubeStatusPatcher(api: CustomObjectsStatusApi): StatusPatcher {
  const options = setHeaderOptions('Content-Type', 'application/merge-patch+json');
  return (namespace, name, body) =>
    api.patchNamespacedCustomObjectStatus(
      { group: GROUP, version: VERSION, namespace, plural: PLURAL, name, body, fieldManager: FIELD_MANAGER },
      options,
    );
}
