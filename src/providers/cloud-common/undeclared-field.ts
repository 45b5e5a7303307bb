// Reading a field the typed shapes do not declare yet. The Google and Azure credentials
// (`serviceAccountKey`; `tenantID`, `clientID`, `clientSecret`) are not in `Credentials`, and the
// AKS spec fields (`subscriptionID`, `resourceGroup`) are not in ClusterUpgradeWatchSpec, until
// the registry step adds them; each provider reads them through one typed accessor built on
// this, so registration swaps one function body for a field access.

import { nonEmpty } from '../common/normalize-helpers.js';

/** A non-blank string field of `value` that its type does not name, or undefined. */
export function undeclaredString(value: object, field: string): string | undefined {
  return Object.hasOwn(value, field) ? nonEmpty((value as Record<string, unknown>)[field]) : undefined;
}
