// LeaseStore over a real coordination.k8s.io/v1 Lease (client-node 2 CoordinationV1Api).
// Times are written as V1MicroTime (six fractional digits, which the apiserver's MicroTime
// parser needs); the client hands them back as strings or Dates, both accepted.
import { CoordinationV1Api, V1MicroTime, type KubeConfig, type V1Lease } from '@kubernetes/client-node';
import { makeKeepAliveApiClient, type SharedAgentPool } from './kube-api-client.js';
import type { LeaseRecord, LeaseStore, StoredLease } from './leader-election.js';

function toDate(value: unknown): Date | undefined {
  if (value === undefined || value === null || value === '') return undefined;
  const date = new Date(value as string | Date);
  return Number.isNaN(date.getTime()) ? undefined : date;
}

function fromLease(lease: V1Lease): StoredLease {
  const spec = lease.spec ?? {};
  const acquireTime = toDate(spec.acquireTime);
  const renewTime = toDate(spec.renewTime);
  return {
    resourceVersion: lease.metadata?.resourceVersion ?? '',
    record: {
      holderIdentity: spec.holderIdentity ?? '',
      leaseDurationSeconds: spec.leaseDurationSeconds ?? 0,
      leaseTransitions: spec.leaseTransitions ?? 0,
      ...(acquireTime ? { acquireTime } : {}),
      ...(renewTime ? { renewTime } : {}),
    },
  };
}

function toLease(namespace: string, name: string, record: LeaseRecord, resourceVersion?: string): V1Lease {
  return {
    apiVersion: 'coordination.k8s.io/v1',
    kind: 'Lease',
    metadata: { name, namespace, ...(resourceVersion ? { resourceVersion } : {}) },
    spec: {
      holderIdentity: record.holderIdentity,
      leaseDurationSeconds: record.leaseDurationSeconds,
      leaseTransitions: record.leaseTransitions,
      ...(record.acquireTime ? { acquireTime: new V1MicroTime(record.acquireTime.getTime()) } : {}),
      ...(record.renewTime ? { renewTime: new V1MicroTime(record.renewTime.getTime()) } : {}),
    },
  };
}

function statusCode(err: unknown): number | undefined {
  const code = (err as { code?: unknown } | null)?.code;
  return typeof code === 'number' ? code : undefined;
}

/**
 * The Lease `name` in `namespace` (the operator's own namespace). With `agents`, renewals (every
 * 2 s) reuse a keep-alive connection instead of a TLS handshake each.
 */
export function kubeLeaseStore(
  kubeConfig: KubeConfig,
  namespace: string,
  name: string,
  agents?: SharedAgentPool,
): LeaseStore {
  const api = makeKeepAliveApiClient(kubeConfig, CoordinationV1Api, agents);
  return {
    async get() {
      try {
        return fromLease(await api.readNamespacedLease({ name, namespace }));
      } catch (err) {
        if (statusCode(err) === 404) return null;
        throw err;
      }
    },
    async create(record) {
      return fromLease(
        await api.createNamespacedLease({ namespace, body: toLease(namespace, name, record) }),
      );
    },
    async update(record, resourceVersion) {
      const body = toLease(namespace, name, record, resourceVersion);
      return fromLease(await api.replaceNamespacedLease({ name, namespace, body }));
    },
  };
}
