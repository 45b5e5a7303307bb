// What a provider IS, as pure data: the facts the API layer (zod rules, CEL rules, runtime
// defaults) and the endpoint rules read. See docs/design-decisions.md "Provider descriptor".
//
// Layering (no import cycles): a provider folder's `descriptor.ts` imports only types and
// constants (names, endpoint hosts, signing algorithm names) — never a client — so
// src/api/schema.ts can read every descriptor through ../descriptors.ts while the clients
// themselves import PATTERNS from src/api/schema.ts. ../registry.ts then joins each descriptor
// with the behaviour (credentials scheme, keyless exchange, connect) into a ProviderFamily.

import type { ClusterUpgradeWatchSpec, WorkloadIdentity } from '../../api/types.js';
import type { Cloud, ProviderName } from '../names.js';

/** Optional spec fields whose use depends on the provider, in the order the CRD rules list them. */
export const OPTIONAL_SPEC_FIELDS = [
  'projectID',
  'components',
  'actionMode',
  'taskID',
  'nodegroups',
  'subscriptionID',
  'resourceGroup',
] as const;
export type OptionalSpecField = (typeof OPTIONAL_SPEC_FIELDS)[number];

/** spec.workloadIdentity fields whose use depends on the provider, in the CRD rules' order. */
export const IDENTITY_FIELDS = [
  'roleARN',
  'oidcProviderARN',
  'idpID',
  'tenantID',
  'clientID',
  'poolProvider',
  'audience',
] as const;
export type IdentityField = (typeof IDENTITY_FIELDS)[number] & keyof WorkloadIdentity;

/** Shared fields whose accepted shape may differ by provider (a CEL rule per distinct shape). */
export const SHAPED_FIELDS = ['clusterID', 'workloadIdentity.roleARN'] as const;
export type ShapedField = (typeof SHAPED_FIELDS)[number];

/** A provider's own shape of a shared field; a provider without one gets src/api's default shape. */
export interface FieldShape {
  /** RE2/ECMAScript pattern, anchored. */
  pattern: string;
  maxLength: number;
  /** What a valid value looks like, for the message, e.g. `arn:aws:iam::<account-id>:role/<role-name>`. */
  looksLike: string;
}

/** Fields a provider requires (must be set) and allows (may be set; a superset of required). */
export interface FieldUse<Field extends string> {
  required: readonly Field[];
  allowed: readonly Field[];
}

export interface ProviderDescriptor {
  name: ProviderName;
  cloud: Cloud;
  /** spec.projectID / components / actionMode / taskID / nodegroups / subscriptionID / resourceGroup. */
  specFields: FieldUse<OptionalSpecField>;
  /** Whether spec.workloadIdentity (keyless credentials) works for it; when false its family has no
   *  keyless exchange and a CRD/zod rule forbids workloadIdentity (docs/reference.md#planned-not-built-yet). */
  supportsKeyless: boolean;
  /** spec.workloadIdentity.roleARN / … / audience (when keyless is used). */
  identityFields: FieldUse<IdentityField>;
  /** Values the operator fills in when the spec leaves them unset (the CRD has no default for them). */
  runtimeDefaults: Readonly<Partial<Pick<ClusterUpgradeWatchSpec, OptionalSpecField>>>;
  /** Default base URL for a spec's region, e.g. `https://cs.cn-hangzhou.aliyuncs.com`. */
  defaultBaseUrl(spec: Pick<ClusterUpgradeWatchSpec, 'region'>): string;
  /** Registrable domains a `spec.endpoint` must sit under without --allow-custom-endpoints. */
  allowedDomains: readonly string[];
  /** The request-signing or token scheme, by name (docs, metrics and logs only). */
  signing: string;
  /** Shapes of shared fields that differ from the default (EKS cluster names allow `_`). */
  shapes?: Readonly<Partial<Record<ShapedField, FieldShape>>>;
}
