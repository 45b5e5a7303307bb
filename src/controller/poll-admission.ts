// Admission of a due poll: its cloud tokens, a concurrency slot, and a slot of the watch's
// namespace — without ever waiting (docs/reliability.md#8-multi-tenancy, "Fair scheduling").
//
// Reserve-then-requeue: a poll reserves every token it expects to need (its first request plus
// the follow-ups — the CCE task read, CSS pages — the watch's last poll needed). When they are
// not all free, its reconcile returns "come back when they are due"; the worker is free at once
// for other tenants. When the reconcile comes back the reservation is used, so the bucket's rate
// holds and reservations are served in order. A poll that has its tokens but finds every slot
// (or its namespace's share of them) taken keeps the tokens and is retried shortly.
//
// A poll needing more follow-ups than it reserved takes a further token only if one is free at
// that moment. If none is, the poll is cut: it sends nothing more, gives up its slot, and its
// retry reserves one more token than before. So no slot is ever held while a token is awaited,
// and no bucket goes into debt for a follow-up. Tokens a poll reserved but did not use go back.

import type { SemaphorePort, TokenReserverPort } from './ports.js';

/** How long a poll that has its tokens waits before asking for a slot again (plus jitter). */
export const SLOT_RETRY_MS = 500;

/** An admitted poll: it holds a slot and its reserved tokens until released. */
export interface AdmittedPoll {
  /** Call before each request of the poll. true: send it (its token is taken). false: no token
   *  is free for this follow-up; send nothing more — the poll is cut. */
  takeRequestToken(): boolean;
  /** Ends the poll: frees the slot and gives unused tokens back. A cut poll reserves the tokens
   *  of its retry here and gets the ms until they are due. Further calls do nothing. */
  release(): { cutRetryInMs?: number };
}

type Admission = ({ admitted: true } & AdmittedPoll) | { admitted: false; retryInMs: number };

interface PollAdmission {
  /** Admits the poll of object `uid` in `namespace` on token bucket `bucket`, or says when to retry. */
  admit(uid: string, namespace: string, bucket: string): Admission;
  /** The object is gone: drop its reservation and what was learned about its polls. */
  forget(uid: string): void;
}

interface PollAdmissionDeps {
  rateLimiter: TokenReserverPort;
  slots: SemaphorePort;
  /** Polls of one namespace in flight at most (--max-concurrent-polls-per-namespace); 0 = no cap. */
  maxPerNamespace: number;
  now(): number;
  /** [0, 1), for jitter. */
  random(): number;
}

interface Reservation {
  bucket: string;
  dueAt: number;
  tokens: number;
}

// Long (just over 80 lines) because admit, release and forget share the reservations map of
// this closure; split, they would only pass that state around.
export function createPollAdmission(deps: PollAdmissionDeps): PollAdmission {
  /** Reserved tokens not used yet: uid → bucket, how many, and when the last is due. */
  const reservations = new Map<string, Reservation>();
  /** Requests the object's last poll needed (1 when unknown). */
  const requestsNeeded = new Map<string, number>();
  const inFlightByNamespace = new Map<string, number>();

  const retrySlot = (): Admission => ({
    admitted: false,
    retryInMs: Math.round(SLOT_RETRY_MS * (1 + deps.random())),
  });

  function reserve(uid: string, bucket: string): Reservation {
    const tokens = requestsNeeded.get(uid) ?? 1;
    const reservation = { bucket, tokens, dueAt: deps.now() + deps.rateLimiter.reserve(bucket, tokens) };
    reservations.set(uid, reservation);
    return reservation;
  }

  function admit(uid: string, namespace: string, bucket: string): Admission {
    const now = deps.now();
    let reservation = reservations.get(uid);
    if (reservation !== undefined && reservation.bucket !== bucket) {
      deps.rateLimiter.giveBack(reservation.bucket, reservation.tokens);
      reservation = undefined;
    }
    reservation ??= reserve(uid, bucket);
    if (now < reservation.dueAt) return { admitted: false, retryInMs: reservation.dueAt - now };

    const inNamespace = inFlightByNamespace.get(namespace) ?? 0;
    if (deps.maxPerNamespace > 0 && inNamespace >= deps.maxPerNamespace) return retrySlot();
    const releaseSlot = deps.slots.tryAcquire();
    if (!releaseSlot) return retrySlot();

    reservations.delete(uid);
    inFlightByNamespace.set(namespace, inNamespace + 1);
    return { admitted: true, ...startPoll(uid, namespace, reservation, releaseSlot) };
  }

  function startPoll(
    uid: string,
    namespace: string,
    reservation: Reservation,
    releaseSlot: () => void,
  ): AdmittedPoll {
    const { bucket } = reservation;
    let prepaid = reservation.tokens;
    let sent = 0;
    let cut = false;
    let released = false;
    return {
      takeRequestToken() {
        if (cut || released) return false;
        if (prepaid > 0) prepaid -= 1;
        else if (!deps.rateLimiter.tryTake(bucket)) {
          cut = true;
          return false;
        }
        sent += 1;
        return true;
      },
      release() {
        if (released) return {};
        released = true;
        releaseSlot();
        const left = (inFlightByNamespace.get(namespace) ?? 1) - 1;
        if (left > 0) inFlightByNamespace.set(namespace, left);
        else inFlightByNamespace.delete(namespace);
        if (prepaid > 0) deps.rateLimiter.giveBack(bucket, prepaid);
        requestsNeeded.set(uid, Math.max(1, cut ? sent + 1 : sent));
        if (!cut) return {};
        return { cutRetryInMs: Math.max(0, reserve(uid, bucket).dueAt - deps.now()) };
      },
    };
  }

  return {
    admit,
    forget: (uid) => {
      const reservation = reservations.get(uid);
      if (reservation) deps.rateLimiter.giveBack(reservation.bucket, reservation.tokens);
      reservations.delete(uid);
      requestsNeeded.delete(uid);
    },
  };
}
