// Named constants for condition types, condition reasons and Event reasons (docs/reference.md#conditions, docs/reference.md#events).
// Everything user-visible that tools match on (kstatus, Argo CD health.lua, alerts) is spelled
// here once.

import type { PermanentErrorClass, TransientErrorClass } from '../providers/common/errors.js';

export const ConditionType = {
  Ready: 'Ready',
  Progressing: 'Progressing',
  Stalled: 'Stalled',
  Synced: 'Synced',
} as const;
export type ConditionType = (typeof ConditionType)[keyof typeof ConditionType];

/** Fixed order in which conditions are written, so a status diff never sees a reordering. */
export const CONDITION_ORDER: readonly ConditionType[] = ['Ready', 'Progressing', 'Stalled', 'Synced'];

/** Reasons describing the upgrade situation (Ready, and the False rows of Progressing/Stalled). */
export const UpgradeReason = {
  NoUpgradeInProgress: 'NoUpgradeInProgress',
  UpgradeInProgress: 'UpgradeInProgress',
  UpgradePaused: 'UpgradePaused',
  UpgradeSucceeded: 'UpgradeSucceeded',
  UpgradeFailed: 'UpgradeFailed',
  UpgradeCancelled: 'UpgradeCancelled',
  /** The provider reported a value this operator does not map (phase `Unknown`). */
  UnknownPhase: 'UnknownPhase',
} as const;
export type UpgradeReason = (typeof UpgradeReason)[keyof typeof UpgradeReason];

/** Permanent failures: Ready False, Stalled True, Synced False with this reason (docs/reference.md#conditions). */
export const PermanentReason = {
  InvalidSpec: 'InvalidSpec',
  CredentialsNotFound: 'CredentialsNotFound',
  AuthFailed: 'AuthFailed',
  NotFound: 'NotFound',
  ClockSkew: 'ClockSkew',
  /** Any other 4xx: the cloud refuses the request as it stands (docs/reference.md#error-classes). */
  RequestRejected: 'RequestRejected',
} as const satisfies Record<string, string> & Record<PermanentErrorClass, PermanentErrorClass>;
export type PermanentReason = (typeof PermanentReason)[keyof typeof PermanentReason];

/** Transient failures: only Synced goes False with this reason (docs/reference.md#conditions). */
export const TransientReason = {
  Throttled: 'Throttled',
  NetworkError: 'NetworkError',
  ServerError: 'ServerError',
  InvalidResponse: 'InvalidResponse',
} as const satisfies Record<TransientErrorClass, TransientErrorClass>;
export type TransientReason = (typeof TransientReason)[keyof typeof TransientReason];

/** Synced reasons that are neither permanent nor transient errors. */
export const SyncReason = {
  /** Synced True: the last poll succeeded. */
  PollSucceeded: 'PollSucceeded',
  /** Synced False: spec.suspend is true, no cloud calls. */
  Suspended: 'Suspended',
} as const;
export type SyncReason = (typeof SyncReason)[keyof typeof SyncReason];

/** Event reasons (docs/reference.md#events). */
export const EventReason = {
  UpgradeStarted: 'UpgradeStarted',
  StepStarted: 'StepStarted',
  UpgradeSucceeded: 'UpgradeSucceeded',
  UpgradeCancelled: 'UpgradeCancelled',
  UpgradePaused: 'UpgradePaused',
  UpgradeFailed: 'UpgradeFailed',
  PollFailed: 'PollFailed',
  InvalidSpec: 'InvalidSpec',
  CredentialsNotFound: 'CredentialsNotFound',
  AuthFailed: 'AuthFailed',
  RequestRejected: 'RequestRejected',
} as const;
export type EventReason = (typeof EventReason)[keyof typeof EventReason];

export type EventType = 'Normal' | 'Warning';
