// zod schemas of the ClusterUpgradeWatch spec and status: the operator's runtime twin of the
// CRD's OpenAPI schema + CEL rules in crds/upgradewatch.io_clusterupgradewatches.yaml.
//
// One source of truth: the patterns, limits, CEL rules and messages below are the ones written
// in the CRD. test/unit/api/crd-consistency.test.ts proves the YAML carries exactly these
// values, and test/integration/crd.test.ts proves the real kube-apiserver and `parseSpec` accept
// and reject the same fixtures (test/fixtures/specs.ts) with the same message fragments.
// Error texts follow the apiserver's `field: Kind: detail` style so a user sees the same words
// from `kubectl apply` and from the `InvalidSpec` condition.
//
// Longer than the ~300-line house limit on purpose: it is the one zod twin of the whole CRD
// (spec, cross-field rules, apiserver-style messages, status), and the CRD generator and the
// consistency test read it as one module. The provider-specific rules are not written here:
// they derive from src/providers/descriptors.ts.

import { isIPv6 } from 'node:net';
import { z } from 'zod';
import {
  DEFAULT_IDLE_POLL_INTERVAL,
  DEFAULT_POLL_INTERVAL,
  DEFAULT_SUSPEND,
  MIN_IDLE_POLL_INTERVAL,
  MIN_POLL_INTERVAL,
  applyRuntimeDefaults,
  type ResolvedSpec,
} from './defaults.js';
import { DURATION_PATTERN, parseDuration } from './duration.js';
import {
  HISTORY_PHASES,
  MAX_HISTORY,
  MAX_MESSAGE_LENGTH,
  PHASES,
  PROVIDERS,
  STEP_PHASES,
  type ClusterUpgradeWatchSpec,
  type ClusterUpgradeWatchStatus,
  type ProviderName,
  type WorkloadIdentity,
} from './types.js';
import {
  IDENTITY_FIELDS,
  OPTIONAL_SPEC_FIELDS,
  SHAPED_FIELDS,
  type FieldShape,
  type FieldUse,
  type OptionalSpecField,
  type ProviderDescriptor,
  type ShapedField,
} from '../providers/common/descriptor.js';
import { descriptorList } from '../providers/descriptors.js';

export const ACTION_MODES = ['Upgrading', 'AZMigration'] as const;

/** OpenAPI `pattern`s of the spec (Go RE2 and ECMAScript read them alike). */
export const PATTERNS = {
  region: '^[a-z0-9-]{2,32}$',
  /** clusterID, projectID and taskID: they are pasted into request paths. */
  cloudID: '^[A-Za-z0-9-]{1,64}$',
  /**
   * clusterID's structural pattern: every provider's shape (cloudID, or the descriptor's
   * `shapes.clusterID`) lies inside it; CLUSTER_ID_RULES narrow it per provider.
   */
  clusterID: '^[A-Za-z0-9_-]{1,100}$',
  /** EKS managed node group names (nodegroups[]). */
  nodegroup: '^[0-9A-Za-z][A-Za-z0-9_-]{0,62}$',
  /** Add-on names go into a JSON-array query string: no quotes, commas or spaces. */
  component: '^[A-Za-z0-9._-]+$',
  /** A Secret name (Kubernetes DNS subdomain). */
  dnsSubdomain: '^[a-z0-9]([-a-z0-9]*[a-z0-9])?(\\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*$',
  duration: DURATION_PATTERN,
  /** workloadIdentity.roleARN, checked by a CEL rule: `acs:ram::<account-id>:role/<role-name>`. */
  roleARN: '^acs:ram::[0-9]{1,32}:role/[A-Za-z0-9._-]{1,64}$',
  /** workloadIdentity.oidcProviderARN: `acs:ram::<account-id>:oidc-provider/<name>`. */
  oidcProviderARN: '^acs:ram::[0-9]{1,32}:oidc-provider/[A-Za-z0-9._-]{1,128}$',
  /** workloadIdentity.idpID: a Huawei IAM identity provider name. */
  idpID: '^[A-Za-z0-9_-]{1,64}$',
  /** workloadIdentity.tenantID: an Entra tenant GUID or verified domain (it goes into the token URL path). */
  tenantID: '^[A-Za-z0-9][A-Za-z0-9.-]{0,127}$',
  /** workloadIdentity.clientID: an Entra application (client) id, a GUID. */
  clientID: '^[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}$',
  /** workloadIdentity.poolProvider: a Google workload identity pool provider's full resource name. */
  poolProvider:
    '^//iam\\.googleapis\\.com/projects/[0-9]{1,20}/locations/global/workloadIdentityPools/[a-z0-9-]{4,32}/providers/[a-z0-9-]{4,32}$',
  /** spec.subscriptionID: an Azure subscription GUID (it goes into the ARM request path). */
  subscriptionID: '^[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}$',
  /** spec.resourceGroup: ARM's resource-group rule (no trailing period). */
  resourceGroup: String.raw`^[-\w.()]{0,89}[-\w()]$`,
  /**
   * spec.endpoint, checked inside the CEL rule (for a readable message). A conservative URL
   * grammar on which Go's url.ParseRequestURI (CEL isURL) and this module cannot disagree:
   * lower-case http(s)://, optional user-info, an ASCII host name or [IPv6] literal, an optional
   * port of up to 5 digits, then a path/query without spaces, control characters or broken
   * %-escapes. (No fragment after the host: Go refuses `https://x#y`.)
   */
  endpoint: String.raw`^https?://(([A-Za-z0-9._~!$&()*+,;=:-]|%[0-9A-Fa-f]{2})*@)?(\[[0-9A-Fa-f:.]+\]|[A-Za-z0-9._~-]+)(:[0-9]{0,5})?([/?]([^\x00-\x20\x7f%]|%[0-9A-Fa-f]{2})*)?$`,
} as const;

/** maxLength / maxItems of the spec; they also bound the CEL cost estimate. */
export const LIMITS = {
  region: 32,
  cloudID: 64,
  clusterID: 100,
  nodegroupsMax: 30,
  nodegroupName: 63,
  componentsMin: 1,
  componentsMax: 50,
  componentName: 64,
  endpoint: 512,
  secretName: 253,
  duration: 32,
  arn: 256,
  idpID: 64,
  tenantID: 128,
  clientID: 36,
  poolProvider: 160,
  audience: 256,
  subscriptionID: 36,
  resourceGroup: 90,
} as const;

/**
 * What a shared field accepts for a provider whose descriptor has no `shapes` entry for it
 * (docs/reference.md#validation-rules). The CRD's structural schema admits the union of all
 * shapes; a generated CEL rule per distinct shape narrows it per provider.
 */
const DEFAULT_SHAPES: Readonly<Record<ShapedField, FieldShape>> = {
  clusterID: { pattern: PATTERNS.cloudID, maxLength: LIMITS.cloudID, looksLike: 'letters, digits and -' },
  'workloadIdentity.roleARN': {
    pattern: PATTERNS.roleARN,
    maxLength: LIMITS.arn,
    looksLike: 'acs:ram::<account-id>:role/<role-name>',
  },
};

/** The providers that may set `field` (every provider for a top-level required field). */
function mayUse(descriptor: ProviderDescriptor, field: ShapedField): boolean {
  const [, identityField] = field.split('.');
  return identityField === undefined || descriptor.identityFields.allowed.some((f) => f === identityField);
}

/** The distinct shapes of `field`, each with the providers (in PROVIDERS order) that use it. */
function shapeGroups(field: ShapedField): { shape: FieldShape; providers: ProviderName[] }[] {
  const groups = new Map<string, { shape: FieldShape; providers: ProviderName[] }>();
  for (const descriptor of descriptorList().filter((d) => mayUse(d, field))) {
    const shape = descriptor.shapes?.[field] ?? DEFAULT_SHAPES[field];
    const key = `${shape.pattern}\n${shape.maxLength}`;
    const group = groups.get(key) ?? { shape, providers: [] };
    group.providers.push(descriptor.name);
    groups.set(key, group);
  }
  return [...groups.values()];
}

const roleARNShapes = shapeGroups('workloadIdentity.roleARN').map((group) => group.shape);

/** Texts of the field-level CEL rules (identical in the CRD). */
export const MESSAGES = {
  pollIntervalMin: `pollInterval must be at least ${MIN_POLL_INTERVAL}`,
  idlePollIntervalMin: `idlePollInterval must be at least ${MIN_IDLE_POLL_INTERVAL}`,
  endpointURL:
    'endpoint must be an http:// or https:// URL with an ASCII host name or [IPv6] address, ' +
    'an optional port up to 65535 and no spaces',
  roleARN: `roleARN must look like ${roleARNShapes.map((shape) => shape.looksLike).join(' or ')}`,
  oidcProviderARN: 'oidcProviderARN must look like acs:ram::<account-id>:oidc-provider/<provider-name>',
} as const;

/** CEL rules under spec.workloadIdentity's properties (the ARN shapes, with readable messages). */
export const WORKLOAD_IDENTITY_FIELD_RULES = {
  /** Any provider's role shape; the spec-level shape rules then hold each provider to its own. */
  roleARN: {
    rule: roleARNShapes.map((shape) => `self.matches(r'${shape.pattern}')`).join(' || '),
    message: MESSAGES.roleARN,
  },
  oidcProviderARN: { rule: `self.matches('${PATTERNS.oidcProviderARN}')`, message: MESSAGES.oidcProviderARN },
} as const;

/**
 * Field-level CEL rules, as written in the CRD under the named spec property. The duration
 * rules first re-check the pattern: the apiserver runs CEL even after a pattern failure, and
 * `duration('abc')` would add a cryptic "type conversion error" next to the pattern message.
 * The endpoint rule checks PATTERNS.endpoint (as a CEL raw string), then CEL's own URL
 * parser, then the port range; `isEndpointURL` is its JS twin.
 */
export const FIELD_RULES = {
  pollInterval: {
    rule: `!self.matches('${DURATION_PATTERN}') || duration(self) >= duration('${MIN_POLL_INTERVAL}')`,
    message: MESSAGES.pollIntervalMin,
  },
  idlePollInterval: {
    rule: `!self.matches('${DURATION_PATTERN}') || duration(self) >= duration('${MIN_IDLE_POLL_INTERVAL}')`,
    message: MESSAGES.idlePollIntervalMin,
  },
  endpoint: {
    rule:
      `self.matches(r'${PATTERNS.endpoint}') && isURL(self) && url(self).getScheme() in ['http', 'https'] && ` +
      "url(self).getHostname() != '' && (url(self).getPort() == '' || int(url(self).getPort()) <= 65535)",
    message: MESSAGES.endpointURL,
  },
} as const;

/** The spec fields a cross-field rule can name: a top-level field or a workloadIdentity field. */
export type RuleField =
  | OptionalSpecField
  | 'clusterID'
  | 'credentialsRef'
  | 'workloadIdentity'
  | `workloadIdentity.${keyof WorkloadIdentity}`;

export interface CrossFieldRule {
  /** The field the error names (`fieldPath: .<field>` in the CRD). */
  field: RuleField;
  reason: 'FieldValueRequired' | 'FieldValueForbidden' | 'FieldValueInvalid';
  /** The CEL expression in the CRD's spec-level `x-kubernetes-validations`. */
  rule: string;
  message: string;
  /** The same rule in JS, for a spec whose provider is known: true when the spec breaks it. */
  violated(spec: SpecView): boolean;
}

/** A spec as read loosely (any field may be missing or malformed) with a known provider. */
export interface SpecView {
  provider: ProviderName;
  [field: string]: unknown;
}

function celList(providers: readonly ProviderName[]): string {
  return providers.length === 1
    ? `== '${providers[0]}'`
    : `in [${providers.map((p) => `'${p}'`).join(', ')}]`;
}

function providerWords(providers: readonly ProviderName[]): string {
  return providers.join(' or ');
}

/** `field` must be set for `providers` (and is optional for the others). */
function requiredFor(field: OptionalSpecField, providers: readonly ProviderName[]): CrossFieldRule {
  const list = celList(providers);
  return {
    field,
    reason: 'FieldValueRequired',
    rule: list.startsWith('==')
      ? `self.provider != '${providers[0]}' || has(self.${field})`
      : `!(self.provider ${list}) || has(self.${field})`,
    message: `${field} is required when provider is ${providerWords(providers)}`,
    violated: (spec) => providers.includes(spec.provider) && spec[field] === undefined,
  };
}

/** Only `providers` may set `field`. */
function onlyFor(field: OptionalSpecField, providers: readonly ProviderName[]): CrossFieldRule {
  return {
    field,
    reason: 'FieldValueForbidden',
    rule: `self.provider ${celList(providers)} || !has(self.${field})`,
    message: `${field} is only allowed when provider is ${providerWords(providers)}`,
    violated: (spec) => !providers.includes(spec.provider) && spec[field] !== undefined,
  };
}

function identityField(spec: SpecView, field: keyof WorkloadIdentity): unknown {
  const identity = spec.workloadIdentity;
  return isRecord(identity) ? identity[field] : undefined;
}

/** workloadIdentity.`field` must be set for `providers` when workloadIdentity is used. */
function identityRequiredFor(
  field: keyof WorkloadIdentity,
  providers: readonly ProviderName[],
): CrossFieldRule {
  return {
    field: `workloadIdentity.${field}`,
    reason: 'FieldValueRequired',
    rule: `!has(self.workloadIdentity) || !(self.provider ${celList(providers)}) || has(self.workloadIdentity.${field})`,
    message: `workloadIdentity.${field} is required when provider is ${providerWords(providers)}`,
    violated: (spec) =>
      isRecord(spec.workloadIdentity) &&
      providers.includes(spec.provider) &&
      identityField(spec, field) === undefined,
  };
}

/** Only `providers` may set workloadIdentity.`field`. */
function identityOnlyFor(field: keyof WorkloadIdentity, providers: readonly ProviderName[]): CrossFieldRule {
  return {
    field: `workloadIdentity.${field}`,
    reason: 'FieldValueForbidden',
    rule: `!has(self.workloadIdentity) || self.provider ${celList(providers)} || !has(self.workloadIdentity.${field})`,
    message: `workloadIdentity.${field} is only allowed when provider is ${providerWords(providers)}`,
    violated: (spec) => !providers.includes(spec.provider) && identityField(spec, field) !== undefined,
  };
}

/** The value at `field` (`a` or `a.b`) of a loosely read spec. */
function valueAt(spec: SpecView, field: RuleField): unknown {
  const [head, leaf] = field.split('.') as [string, string | undefined];
  if (leaf === undefined) return spec[head];
  const parent = spec[head];
  return isRecord(parent) ? parent[leaf] : undefined;
}

/**
 * The per-provider rules of a shaped field: for each group of providers sharing a shape that is
 * narrower than the structural schema, a length rule and a pattern rule (messages in the
 * apiserver's words, so a too-long 64-character cloud ID reads as it did before one provider widened
 * the field).
 */
function shapeRules(field: ShapedField, structuralMaxLength: number): CrossFieldRule[] {
  const [head, leaf] = field.split('.') as [string, string | undefined];
  const guard = leaf === undefined ? '' : `!has(self.${head}) || !has(self.${field}) || `;
  return shapeGroups(field).flatMap(({ shape, providers }) => {
    const only = `${guard}!(self.provider ${celList(providers)}) || `;
    const applies = (spec: SpecView): string | undefined => {
      const value = valueAt(spec, field);
      return providers.includes(spec.provider) && typeof value === 'string' ? value : undefined;
    };
    const regex = re(shape.pattern);
    const when = `when provider is ${providerWords(providers)}`;
    const length: CrossFieldRule = {
      field,
      reason: 'FieldValueInvalid',
      rule: `${only}self.${field}.size() <= ${shape.maxLength}`,
      message: `Too long: may not be more than ${shape.maxLength} bytes ${when}`,
      violated: (spec) => (applies(spec)?.length ?? 0) > shape.maxLength,
    };
    const pattern: CrossFieldRule = {
      field,
      reason: 'FieldValueInvalid',
      rule: `${only}self.${field}.matches(r'${shape.pattern}')`,
      message: `should match '${shape.pattern}' (${shape.looksLike}) ${when}`,
      violated: (spec) => {
        const value = applies(spec);
        return value !== undefined && !regex.test(value);
      },
    };
    return shape.maxLength < structuralMaxLength ? [length, pattern] : [pattern];
  });
}

/** The providers (in PROVIDERS order) whose descriptor lists `field` in `pick(descriptor)`. */
function providersWith<Field extends string>(
  pick: (descriptor: ProviderDescriptor) => readonly Field[],
  field: Field,
): ProviderName[] {
  return descriptorList()
    .filter((descriptor) => pick(descriptor).includes(field))
    .map((descriptor) => descriptor.name);
}

/**
 * The "required" and "only for" rules of one field, from the descriptors: required when some
 * provider requires it; restricted when not every provider that can set it (`among`) allows it.
 */
function fieldUseRules<Field extends string>(
  field: Field,
  uses: (descriptor: ProviderDescriptor) => FieldUse<Field>,
  required: (field: Field, providers: readonly ProviderName[]) => CrossFieldRule,
  onlyAllowed: (field: Field, providers: readonly ProviderName[]) => CrossFieldRule,
  among: readonly ProviderName[] = PROVIDERS,
): CrossFieldRule[] {
  const requiredBy = providersWith((d) => uses(d).required, field);
  const allowedBy = providersWith((d) => uses(d).allowed, field);
  return [
    ...(requiredBy.length > 0 ? [required(field, requiredBy)] : []),
    ...(allowedBy.length < among.length ? [onlyAllowed(field, allowedBy)] : []),
  ];
}

/** The providers with a keyless exchange; workloadIdentity is forbidden for the others. */
function keylessProviders(): ProviderName[] {
  return descriptorList()
    .filter((descriptor) => descriptor.supportsKeyless)
    .map((descriptor) => descriptor.name);
}

/** workloadIdentity only for providers with a keyless exchange (none when every provider has one). */
function keylessRules(): CrossFieldRule[] {
  const keyless = keylessProviders();
  if (keyless.length === PROVIDERS.length) return [];
  return [
    {
      field: 'workloadIdentity',
      reason: 'FieldValueForbidden',
      rule: `self.provider ${celList(keyless)} || !has(self.workloadIdentity)`,
      message: `workloadIdentity is only allowed when provider is ${providerWords(keyless)} (use credentialsRef)`,
      violated: (spec) => !keyless.includes(spec.provider) && spec.workloadIdentity !== undefined,
    },
  ];
}

/**
 * Which provider may or must set which optional field, derived from the provider descriptors
 * (src/providers/descriptors.ts): e.g. `taskID` only where there is a task to follow, since
 * silently ignoring it would mislead. `actionMode` has no CRD default (see ./defaults.ts).
 * Exactly one credentials source: a Secret (`credentialsRef`) or keyless `workloadIdentity`
 * (docs/reference.md#spec-fields), with the identity fields each cloud needs.
 */
export const CROSS_FIELD_RULES: readonly CrossFieldRule[] = [
  ...OPTIONAL_SPEC_FIELDS.flatMap((field) => fieldUseRules(field, (d) => d.specFields, requiredFor, onlyFor)),
  {
    field: 'credentialsRef',
    reason: 'FieldValueRequired',
    rule: 'has(self.credentialsRef) || has(self.workloadIdentity)',
    message: 'one of credentialsRef and workloadIdentity is required',
    violated: (spec) => spec.credentialsRef === undefined && spec.workloadIdentity === undefined,
  },
  {
    field: 'workloadIdentity',
    reason: 'FieldValueForbidden',
    rule: '!has(self.credentialsRef) || !has(self.workloadIdentity)',
    message: 'workloadIdentity and credentialsRef are mutually exclusive: set exactly one',
    violated: (spec) => spec.credentialsRef !== undefined && spec.workloadIdentity !== undefined,
  },
  ...keylessRules(),
  ...IDENTITY_FIELDS.flatMap((field) =>
    // Only among keyless providers: the others cannot set workloadIdentity at all (keylessRules).
    fieldUseRules(field, (d) => d.identityFields, identityRequiredFor, identityOnlyFor, keylessProviders()),
  ),
  ...SHAPED_FIELDS.flatMap((field) =>
    shapeRules(field, field === 'clusterID' ? LIMITS.clusterID : LIMITS.arn),
  ),
];

// ---------------------------------------------------------------------------------------------
// spec

function re(pattern: string): RegExp {
  return new RegExp(pattern);
}

const cloudID = z.string().max(LIMITS.cloudID).regex(re(PATTERNS.cloudID));

function durationField(defaultValue: string, min: string, message: string) {
  const minMs = parseDuration(min) ?? 0;
  return z
    .string()
    .max(LIMITS.duration)
    .regex(re(PATTERNS.duration))
    .check((ctx) => {
      const ms = parseDuration(ctx.value);
      // An unparseable value already failed the pattern; report only that.
      if (ms !== undefined && ms < minMs) {
        ctx.issues.push({ code: 'custom', input: ctx.value, message: invalid(ctx.value, message) });
      }
    })
    .default(defaultValue);
}

const ENDPOINT_RE = new RegExp(PATTERNS.endpoint);

/**
 * The CRD's endpoint rule in JS (see FIELD_RULES.endpoint). Deliberately not `new URL()`: the
 * WHATWG parser trims spaces, reads `https:///x` and backslashes as `https://x` and refuses
 * hosts like 999.1.1.1 that Go accepts; the shared pattern decides instead.
 */
export function isEndpointURL(text: string): boolean {
  const match = ENDPOINT_RE.exec(text);
  if (!match) return false;
  const host = match[3] ?? '';
  const port = (match[4] ?? ':').slice(1);
  if (host.startsWith('[') && !isIPv6(host.slice(1, -1))) return false;
  return port === '' || Number(port) <= 65535;
}

/** `x-kubernetes-list-type: set` in the CRD: duplicates are rejected, not merged. */
function uniqueItems(ctx: z.core.ParsePayload<string[]>): void {
  const seen = new Set<string>();
  ctx.value.forEach((name, index) => {
    if (seen.has(name)) {
      ctx.issues.push({
        code: 'custom',
        input: name,
        path: [index],
        message: `Duplicate value: ${quote(name)}`,
      });
    }
    seen.add(name);
  });
}

const nodegroups = z
  .array(z.string().max(LIMITS.nodegroupName).regex(re(PATTERNS.nodegroup)))
  .max(LIMITS.nodegroupsMax)
  .check(uniqueItems);

const components = z
  .array(z.string().min(1).max(LIMITS.componentName).regex(re(PATTERNS.component)))
  .min(LIMITS.componentsMin)
  .max(LIMITS.componentsMax)
  .check(uniqueItems);

function arnField(patterns: readonly string[], message: string) {
  const shapes = patterns.map(re);
  return z
    .string()
    .max(LIMITS.arn)
    .check((ctx) => {
      if (!shapes.some((shape) => shape.test(ctx.value))) {
        ctx.issues.push({ code: 'custom', input: ctx.value, message: invalid(ctx.value, message) });
      }
    });
}

const workloadIdentity = z.object({
  serviceAccountName: z.string().max(LIMITS.secretName).regex(re(PATTERNS.dnsSubdomain)),
  roleARN: arnField(
    roleARNShapes.map((shape) => shape.pattern),
    MESSAGES.roleARN,
  ).optional(),
  oidcProviderARN: arnField([PATTERNS.oidcProviderARN], MESSAGES.oidcProviderARN).optional(),
  idpID: z.string().max(LIMITS.idpID).regex(re(PATTERNS.idpID)).optional(),
  tenantID: z.string().max(LIMITS.tenantID).regex(re(PATTERNS.tenantID)).optional(),
  clientID: z.string().max(LIMITS.clientID).regex(re(PATTERNS.clientID)).optional(),
  poolProvider: z.string().max(LIMITS.poolProvider).regex(re(PATTERNS.poolProvider)).optional(),
  audience: z.string().min(1).max(LIMITS.audience).optional(),
});

const specObject = z.object({
  provider: z.enum(PROVIDERS),
  region: z.string().max(LIMITS.region).regex(re(PATTERNS.region)),
  // The shape (pattern, length) is each provider's own: the clusterID rules of CROSS_FIELD_RULES.
  // The CRD's structural pattern (PATTERNS.clusterID) is their union, so zod leaves it out
  // rather than report a second, wider pattern for the same value.
  clusterID: z.string().max(LIMITS.clusterID),
  projectID: cloudID.optional(),
  taskID: cloudID.optional(),
  subscriptionID: z.string().max(LIMITS.subscriptionID).regex(re(PATTERNS.subscriptionID)).optional(),
  resourceGroup: z.string().max(LIMITS.resourceGroup).regex(re(PATTERNS.resourceGroup)).optional(),
  components: components.optional(),
  actionMode: z.enum(ACTION_MODES).optional(),
  nodegroups: nodegroups.optional(),
  endpoint: z
    .string()
    .max(LIMITS.endpoint)
    .check((ctx) => {
      if (!isEndpointURL(ctx.value)) {
        ctx.issues.push({
          code: 'custom',
          input: ctx.value,
          message: invalid(ctx.value, MESSAGES.endpointURL),
        });
      }
    })
    .optional(),
  credentialsRef: z
    .object({
      name: z.string().max(LIMITS.secretName).regex(re(PATTERNS.dnsSubdomain)),
    })
    .optional(),
  workloadIdentity: workloadIdentity.optional(),
  pollInterval: durationField(DEFAULT_POLL_INTERVAL, MIN_POLL_INTERVAL, MESSAGES.pollIntervalMin),
  idlePollInterval: durationField(
    DEFAULT_IDLE_POLL_INTERVAL,
    MIN_IDLE_POLL_INTERVAL,
    MESSAGES.idlePollIntervalMin,
  ),
  suspend: z.boolean().default(DEFAULT_SUSPEND),
});

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function isProvider(value: unknown): value is ProviderName {
  return (PROVIDERS as readonly unknown[]).includes(value);
}

/**
 * The spec: fields, CRD defaults (pollInterval, idlePollInterval, suspend) and the cross-field
 * rules. Unknown fields are dropped, as the apiserver prunes them. The cross-field rules run
 * even when a field is malformed (as CEL does), but not when the provider itself is unknown.
 */
export const specSchema = specObject.superRefine(
  (value, ctx) => {
    const spec: unknown = value;
    if (!isRecord(spec) || !isProvider(spec.provider)) return;
    const view: SpecView = { ...spec, provider: spec.provider };
    for (const rule of CROSS_FIELD_RULES) {
      if (!rule.violated(view)) continue;
      const kind = REASON_WORDS[rule.reason] ?? `Invalid value: ${quote(valueAt(view, rule.field))}`;
      ctx.addIssue({ code: 'custom', path: rule.field.split('.'), message: `${kind}: ${rule.message}` });
    }
  },
  { when: (payload) => isRecord(payload.value) },
);

const REASON_WORDS: Partial<Record<CrossFieldRule['reason'], string>> = {
  FieldValueRequired: 'Required value',
  FieldValueForbidden: 'Forbidden',
};

export type ParseSpecResult = { ok: true; spec: ResolvedSpec } | { ok: false; message: string };

/**
 * Validate a CR's `spec` (as read from the API) into a spec with every default applied,
 * or a message for the `InvalidSpec` condition, e.g.
 * `invalid spec: spec.projectID: Required value: projectID is required when provider is …`.
 */
export function parseSpec(input: unknown): ParseSpecResult {
  const result = specSchema.safeParse(dropNulls(input), { reportInput: true });
  if (!result.success) {
    return { ok: false, message: `invalid spec: ${result.error.issues.map(formatIssue).join('; ')}` };
  }
  const spec: ResolvedSpec = result.data;
  return { ok: true, spec: applyRuntimeDefaults(spec) };
}

/**
 * The apiserver drops `null` from fields that are not `nullable` before defaulting and
 * validation (`projectID: null` means "unset"); do the same so both judge alike.
 */
function dropNulls(input: unknown): unknown {
  if (Array.isArray(input)) return input.map(dropNulls);
  if (!isRecord(input)) return input;
  const out: Record<string, unknown> = {};
  for (const [key, value] of Object.entries(input)) {
    if (value !== null) out[key] = dropNulls(value);
  }
  return out;
}

// ---------------------------------------------------------------------------------------------
// messages in the apiserver's words

function quote(value: unknown): string {
  return typeof value === 'string' ? JSON.stringify(value) : String(value);
}

function invalid(value: unknown, detail: string): string {
  return `Invalid value: ${quote(value)}: ${detail}`;
}

function fieldPath(path: readonly PropertyKey[]): string {
  let out = 'spec';
  for (const key of path) out += typeof key === 'number' ? `[${key}]` : `.${String(key)}`;
  return out;
}

const TYPE_NAMES: Record<string, string> = { int: 'integer' };

function formatIssue(issue: z.core.$ZodIssue): string {
  const where = fieldPath(issue.path);
  switch (issue.code) {
    case 'invalid_type':
    case 'invalid_value':
      if (issue.input === undefined) return `${where}: Required value`;
      break;
    default:
      break;
  }
  switch (issue.code) {
    case 'invalid_type':
      return `${where}: ${invalid(jsonType(issue.input), `must be of type ${TYPE_NAMES[issue.expected] ?? issue.expected}`)}`;
    case 'invalid_value':
      return `${where}: Unsupported value: ${quote(issue.input)}: supported values: ${issue.values.map(quote).join(', ')}`;
    case 'invalid_format':
      return `${where}: ${invalid(issue.input, issue.pattern ? `should match '${regexSource(issue.pattern)}'` : `must be a ${issue.format}`)}`;
    case 'too_big':
      if (issue.origin === 'array')
        return `${where}: Too many: ${arrayLength(issue.input)}: must have at most ${issue.maximum} items`;
      return `${where}: Too long: may not be more than ${issue.maximum} bytes`;
    case 'too_small':
      if (issue.origin === 'array')
        return `${where}: ${invalid(arrayLength(issue.input), `should have at least ${issue.minimum} items`)}`;
      return `${where}: ${invalid(issue.input, `should be at least ${issue.minimum} chars long`)}`;
    default:
      return `${where}: ${issue.message}`;
  }
}

/** zod reports `/^a$/`; the apiserver quotes the bare pattern `^a$`. */
function regexSource(pattern: string): string {
  const match = /^\/(.*)\/[a-z]*$/s.exec(pattern);
  return match?.[1] ?? pattern;
}

function arrayLength(input: unknown): string {
  return Array.isArray(input) ? String(input.length) : '?';
}

function jsonType(value: unknown): string {
  if (value === null) return 'null';
  if (Array.isArray(value)) return 'array';
  return typeof value === 'number' && Number.isInteger(value) ? 'integer' : typeof value;
}

// ---------------------------------------------------------------------------------------------
// status

const time = z.string();

/**
 * metav1.Condition's patterns, as in the CRD. A condition reason must match `reason` (CamelCase,
 * no spaces or dashes), or the apiserver refuses the whole status write.
 */
export const CONDITION_PATTERNS = {
  type: '^([a-z0-9]([-a-z0-9]*[a-z0-9])?(\\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*/)?(([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9])$',
  reason: '^[A-Za-z]([A-Za-z0-9_,:]*[A-Za-z0-9_])?$',
} as const;

export const conditionSchema = z.object({
  type: z.string().max(316).regex(re(CONDITION_PATTERNS.type)),
  status: z.enum(['True', 'False', 'Unknown']),
  reason: z.string().min(1).max(1024).regex(re(CONDITION_PATTERNS.reason)),
  message: z.string().max(32768),
  lastTransitionTime: time,
  observedGeneration: z.number().int().min(0).optional(),
});

export const stepSchema = z.object({
  name: z.string(),
  phase: z.enum(STEP_PHASES),
  startTime: time.optional(),
  completionTime: time.optional(),
  message: z.string().optional(),
});

export const componentStatusSchema = z.object({
  name: z.string(),
  version: z.string().optional(),
  phase: z.enum(PHASES),
  readyToUpgrade: z.boolean().optional(),
  startTime: time.optional(),
  completionTime: time.optional(),
});

export const historyEntrySchema = z.object({
  upgradeID: z.string().optional(),
  fromVersion: z.string().optional(),
  toVersion: z.string().optional(),
  phase: z.enum(HISTORY_PHASES),
  startTime: time.optional(),
  completionTime: time.optional(),
  message: z.string().max(MAX_MESSAGE_LENGTH).optional(),
});

export const statusSchema = z.object({
  observedGeneration: z.number().int().min(0).optional(),
  phase: z.enum(PHASES).optional(),
  progress: z.number().int().min(0).max(100).optional(),
  currentStep: z.string().optional(),
  steps: z.array(stepSchema).optional(),
  fromVersion: z.string().optional(),
  toVersion: z.string().optional(),
  upgradeID: z.string().optional(),
  startTime: time.optional(),
  completionTime: time.optional(),
  nodes: z
    .object({
      total: z.number().int().min(0),
      completed: z.number().int().min(0),
      current: z.array(z.string()),
    })
    .optional(),
  components: z.array(componentStatusSchema).optional(),
  message: z.string().max(MAX_MESSAGE_LENGTH).optional(),
  providerStatus: z.record(z.string(), z.unknown()).optional(),
  lastSyncTime: time.optional(),
  conditions: z.array(conditionSchema).optional(),
  history: z.array(historyEntrySchema).max(MAX_HISTORY).optional(),
});

// Compile-time proof that the schemas produce the shared types in ./types.ts.
type Assignable<From, To> = [From] extends [To] ? true : never;
const _specMatchesType: Assignable<z.output<typeof specSchema>, ClusterUpgradeWatchSpec> = true;
const _statusMatchesType: Assignable<z.output<typeof statusSchema>, ClusterUpgradeWatchStatus> = true;
void _specMatchesType;
void _statusMatchesType;
