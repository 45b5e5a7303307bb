// Admission of a due poll: a cloud token, a concurrency slot, and a slot of the watch's
// namespace — without ever waiting (docs/reliability.md#8-multi-tenancy, "Fair scheduling").
//
// Reserve-then-requeue: a poll whose bucket is empty reserves the next token and its reconcile
// returns "come back when it is due"; the worker is free at once for other tenants. When the
// reconcile comes back the reservation is used, so the bucket's rate holds and reservations are
// served in order. A poll that has its token but finds every slot (or its namespace's share of
// them) taken keeps the token and is retried shortly. Follow-up requests of an admitted poll
// (the CCE task read, CSS pages) take their token at once without waiting: the bucket may go
// briefly into debt, and the next poll on that credential waits for it to be paid.

import type { SemaphorePort, TokenReserverPort } from './ports.js';

/** How long a poll that has its token waits before asking for a slot again (plus jitter). */
export const SLOT_RETRY_MS = 500;

export type Admission = { admitted: true; release: () => void } | { admitted: false; retryInMs: number };

export interface PollAdmission {
  /** Admits the poll of object `uid` in `namespace` on token bucket `bucket`, or says when to retry. */
  admit(uid: string, namespace: string, bucket: string): Admission;
  /** Takes a token for a follow-up request of an admitted poll (never waits). */
  takeFollowUp(bucket: string): void;
  /** The object is gone: drop its reservation. */
  forget(uid: string): void;
}

export interface PollAdmissionDeps {
  rateLimiter: TokenReserverPort;
  slots: SemaphorePort;
  /** Polls of one namespace in flight at most (--max-concurrent-polls-per-namespace); 0 = no cap. */
  maxPerNamespace: number;
  now(): number;
  /** [0, 1), for jitter. */
  random(): number;
}

export function createPollAdmission(deps: PollAdmissionDeps): PollAdmission {
  /** Reserved tokens not used yet: uid → bucket and when the token is due. */
  const reservations = new Map<string, { bucket: string; dueAt: number }>();
  const inFlightByNamespace = new Map<string, number>();

  const retrySlot = (): Admission => ({
    admitted: false,
    retryInMs: Math.round(SLOT_RETRY_MS * (1 + deps.random())),
  });

  function admit(uid: string, namespace: string, bucket: string): Admission {
    const now = deps.now();
    let reservation = reservations.get(uid);
    if (reservation === undefined || reservation.bucket !== bucket) {
      reservation = { bucket, dueAt: now + deps.rateLimiter.reserve(bucket) };
      reservations.set(uid, reservation);
    }
    if (now < reservation.dueAt) return { admitted: false, retryInMs: reservation.dueAt - now };

    const inNamespace = inFlightByNamespace.get(namespace) ?? 0;
    if (deps.maxPerNamespace > 0 && inNamespace >= deps.maxPerNamespace) return retrySlot();
    const releaseSlot = deps.slots.tryAcquire();
    if (!releaseSlot) return retrySlot();

    reservations.delete(uid);
    inFlightByNamespace.set(namespace, inNamespace + 1);
    let released = false;
    const release = (): void => {
      if (released) return;
      released = true;
      releaseSlot();
      const left = (inFlightByNamespace.get(namespace) ?? 1) - 1;
      if (left > 0) inFlightByNamespace.set(namespace, left);
      else inFlightByNamespace.delete(namespace);
    };
    return { admitted: true, release };
  }

  return {
    admit,
    takeFollowUp: (bucket) => void deps.rateLimiter.reserve(bucket),
    forget: (uid) => void reservations.delete(uid),
  };
}
