// The keyless figures of a bench run (--keyless-service-accounts; docs/benchmarks.md, "Keyless
// exchanges"): how many exchanges the operator made for temporary keys, against the ideal.
//
// One exchange = one set of temporary keys issued: an ok `AssumeRoleWithOIDC` (Alibaba), or an ok
// `CreateTemporaryAccessKeyByToken` (Huawei, the second step after `CreateTokenWithIdToken`).
// The operator reuses keys until REFRESH_BEFORE_EXPIRY_MS before they expire, so each cache entry
// (identity: namespace, ServiceAccount, role or IdP, audience) is exchanged once per
// (lifetime − margin), not once per lifetime: that is the ideal the ratio is taken against. The
// issue's ideal (identities ÷ lifetime) is reported too; the two differ by lifetime ÷ (lifetime −
// margin), 1.09 at the 1 h lifetime clouds issue by default.
import { OPERATIONS as ALIBABA_OPERATIONS } from '../simulator/alibaba/routes.js';
import { OPERATIONS as HUAWEI_OPERATIONS } from '../simulator/huawei/routes.js';
import type { CounterReport } from '../simulator/index.js';
import { round } from './proc.js';

/** The simulator operations of a keyless exchange (counted under a provider, with no cluster). */
const EXCHANGE_OPERATIONS: readonly string[] = [
  ALIBABA_OPERATIONS.assumeRoleWithOidc,
  HUAWEI_OPERATIONS.idToken,
  HUAWEI_OPERATIONS.securityToken,
];

/** The operations whose ok answer issues temporary keys: one each per exchange. */
const ISSUING_OPERATIONS: readonly string[] = [
  ALIBABA_OPERATIONS.assumeRoleWithOidc,
  HUAWEI_OPERATIONS.securityToken,
];

export function isExchangeOperation(operation: string): boolean {
  return EXCHANGE_OPERATIONS.includes(operation);
}

interface ExchangeCounts {
  /** Temporary keys issued (ok answers of the issuing operations). */
  exchanges: number;
  /** Every exchange request by operation, whatever its outcome. */
  requestsByOperation: Record<string, number>;
  /** Exchange requests with a non-ok outcome (each retried by the operator). */
  failed: number;
}

export function exchangeCounts(counters: Pick<CounterReport, 'entries'>): ExchangeCounts {
  const requestsByOperation: Record<string, number> = {};
  let exchanges = 0;
  let failed = 0;
  for (const e of counters.entries) {
    if (!isExchangeOperation(e.operation)) continue;
    requestsByOperation[e.operation] = (requestsByOperation[e.operation] ?? 0) + e.count;
    if (ISSUING_OPERATIONS.includes(e.operation)) exchanges += e.outcomes.ok ?? 0;
    for (const [outcome, n] of Object.entries(e.outcomes)) if (outcome !== 'ok') failed += n;
  }
  return { exchanges, requestsByOperation, failed };
}

export interface KeylessFigures {
  serviceAccounts: number;
  /** Operator cache entries: one per ServiceAccount, each serving one cloud. */
  identities: number;
  credentialLifetimeSeconds: number;
  refreshMarginSeconds: number;
  /** lifetime − margin: how often one identity is exchanged in the steady state. */
  refreshPeriodSeconds: number;
  windowSeconds: number;
  /** Exchanges from the simulator's start until the window: the first keys of every identity. */
  coldStartExchanges: number;
  windowExchanges: number;
  windowRequestsByOperation: Record<string, number>;
  windowFailedRequests: number;
  exchangesPerHour: number;
  /** identities × 1 h ÷ (lifetime − margin). */
  idealPerHour: number;
  /** identities × window ÷ (lifetime − margin). */
  idealInWindow: number;
  /** exchangesPerHour ÷ idealPerHour: the target is ≤ 1.1. */
  ratio: number | null;
  /** The ideal, identities × 1 h ÷ lifetime, and the ratio to it. */
  perLifetimeIdealPerHour: number;
  ratioToPerLifetimeIdeal: number | null;
}

interface KeylessInput {
  serviceAccounts: number;
  identities: number;
  credentialLifetimeMs: number;
  refreshMarginMs: number;
  windowMs: number;
  coldStart: Pick<CounterReport, 'entries'>;
  window: Pick<CounterReport, 'entries'>;
}

const HOUR_MS = 3_600_000;

export function keylessFigures(input: KeylessInput): KeylessFigures {
  const periodMs = input.credentialLifetimeMs - input.refreshMarginMs;
  const cold = exchangeCounts(input.coldStart);
  const win = exchangeCounts(input.window);
  const exchangesPerHour = input.windowMs > 0 ? (win.exchanges * HOUR_MS) / input.windowMs : 0;
  const idealPerHour = (input.identities * HOUR_MS) / periodMs;
  const perLifetimeIdealPerHour = (input.identities * HOUR_MS) / input.credentialLifetimeMs;
  const ratioOf = (ideal: number) =>
    ideal > 0 && input.windowMs > 0 ? round(exchangesPerHour / ideal, 3) : null;
  return {
    serviceAccounts: input.serviceAccounts,
    identities: input.identities,
    credentialLifetimeSeconds: input.credentialLifetimeMs / 1000,
    refreshMarginSeconds: input.refreshMarginMs / 1000,
    refreshPeriodSeconds: periodMs / 1000,
    windowSeconds: round(input.windowMs / 1000, 1),
    coldStartExchanges: cold.exchanges,
    windowExchanges: win.exchanges,
    windowRequestsByOperation: win.requestsByOperation,
    windowFailedRequests: win.failed,
    exchangesPerHour: round(exchangesPerHour, 1),
    idealPerHour: round(idealPerHour, 1),
    idealInWindow: round((input.identities * input.windowMs) / periodMs, 1),
    ratio: ratioOf(idealPerHour),
    perLifetimeIdealPerHour: round(perLifetimeIdealPerHour, 1),
    ratioToPerLifetimeIdeal: ratioOf(perLifetimeIdealPerHour),
  };
}
