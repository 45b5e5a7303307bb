// The spec half of the generated CRD (docs/reference.md#spec-fields): one declaration per spec
// field, built from the same constants the zod twin in ./schema.ts reads (PATTERNS, LIMITS,
// defaults, enums), plus the CEL rules of ./schema.ts (CROSS_FIELD_RULES at spec level,
// FIELD_RULES and WORKLOAD_IDENTITY_FIELD_RULES under their fields). A provider or rule added
// to the registry reaches the CRD through those exports without an edit here.

import {
  ALIBABA_ACK,
  ALIBABA_ACK_ADDONS,
  AWS_EKS,
  AZURE_AKS,
  GOOGLE_GKE,
  HUAWEI_CCE,
  HUAWEI_CSS,
  PROVIDERS,
  type ProviderName,
} from '../providers/names.js';
import {
  boolean,
  array,
  celRule,
  object,
  string,
  stringEnum,
  type CelValidation,
  type OpenApiSchema,
} from './crd-schema.js';
import {
  DEFAULT_IDLE_POLL_INTERVAL,
  DEFAULT_POLL_INTERVAL,
  DEFAULT_SUSPEND,
  MIN_IDLE_POLL_INTERVAL,
  MIN_POLL_INTERVAL,
} from './defaults.js';
import {
  ACTION_MODES,
  CROSS_FIELD_RULES,
  FIELD_RULES,
  LIMITS,
  PATTERNS,
  WORKLOAD_IDENTITY_FIELD_RULES,
} from './schema.js';
import type { ClusterUpgradeWatchSpec, WorkloadIdentity } from './types.js';

/** One spec field of the CRD: its schema, and whether the apiserver requires it. */
interface SpecField {
  schema: OpenApiSchema;
  required?: true;
}

/**
 * What each provider watches, for the `provider` field's description. Keyed by ProviderName, so
 * a provider added to the registry does not compile until it says what it is.
 */
const PROVIDER_SUMMARIES: Record<ProviderName, string> = {
  [ALIBABA_ACK]: 'ACK cluster upgrade',
  [ALIBABA_ACK_ADDONS]: 'ACK add-on (component) upgrades',
  [HUAWEI_CCE]: 'CCE cluster upgrade workflow',
  [HUAWEI_CSS]: 'CSS (Elasticsearch/OpenSearch) cluster upgrade',
  [AWS_EKS]: 'EKS cluster and node group version updates',
  [GOOGLE_GKE]: 'GKE cluster and node-pool upgrade operations',
  [AZURE_AKS]: 'AKS managed cluster and agent-pool upgrade',
};

const providerDescription =
  'Cloud API family. ' + PROVIDERS.map((p) => `${p}: ${PROVIDER_SUMMARIES[p]}`).join('; ') + '.';

const cloudID = (description: string): OpenApiSchema =>
  string({ description, maxLength: LIMITS.cloudID, pattern: PATTERNS.cloudID });

const secretName = (description: string): OpenApiSchema =>
  string({ description, maxLength: LIMITS.secretName, pattern: PATTERNS.dnsSubdomain });

const duration = (description: string, defaultValue: string): OpenApiSchema =>
  string({ description, default: defaultValue, maxLength: LIMITS.duration, pattern: PATTERNS.duration });

/** The workloadIdentity properties; keyed by the TS type so a field cannot be left out. */
const WORKLOAD_IDENTITY_FIELDS: Record<keyof WorkloadIdentity, SpecField> = {
  serviceAccountName: {
    required: true,
    schema: secretName('Name of the ServiceAccount (in this namespace) whose token is exchanged.'),
  },
  roleARN: {
    schema: string({
      description:
        'The role to assume. Alibaba providers (required): a RAM role, e.g. ' +
        `acs:ram::1234567890123456:role/ack-upgrade-reader; ${AWS_EKS} (required): an IAM role, e.g. ` +
        'arn:aws:iam::111122223333:role/eks-upgrade-reader.',
      maxLength: LIMITS.arn,
    }),
  },
  oidcProviderARN: {
    schema: string({
      description: "Alibaba providers only (required), the RAM OIDC provider of the cluster's issuer.",
      maxLength: LIMITS.arn,
    }),
  },
  idpID: {
    schema: string({
      description: "Huawei providers only (required), the IAM identity provider's name.",
      maxLength: LIMITS.idpID,
      pattern: PATTERNS.idpID,
    }),
  },
  tenantID: {
    schema: string({
      description: `${AZURE_AKS} only (required), the Microsoft Entra tenant ID (a GUID or verified domain).`,
      maxLength: LIMITS.tenantID,
      pattern: PATTERNS.tenantID,
    }),
  },
  clientID: {
    schema: string({
      description: `${AZURE_AKS} only (required), the client ID of the app registration or managed identity with the federated credential.`,
      maxLength: LIMITS.clientID,
      pattern: PATTERNS.clientID,
    }),
  },
  poolProvider: {
    schema: string({
      description: `${GOOGLE_GKE} only (required), the workload identity pool provider: //iam.googleapis.com/projects/<number>/locations/global/workloadIdentityPools/<pool>/providers/<provider>.`,
      maxLength: LIMITS.poolProvider,
      pattern: PATTERNS.poolProvider,
    }),
  },
  audience: {
    schema: string({
      description:
        'Token audience. Alibaba: optional, default sts.aliyuncs.com; Huawei: required, ' +
        `the identity provider's client ID; ${AWS_EKS}: optional, default sts.amazonaws.com; ` +
        `${AZURE_AKS}: optional, default api://AzureADTokenExchange; ${GOOGLE_GKE}: optional, default the poolProvider.`,
      minLength: 1,
      maxLength: LIMITS.audience,
    }),
  },
};

/**
 * Every spec field, in the CRD's order; keyed by the TS type so a field added to
 * ClusterUpgradeWatchSpec does not compile until it is declared here.
 */
const SPEC_FIELDS: Record<keyof ClusterUpgradeWatchSpec, SpecField> = {
  provider: { required: true, schema: stringEnum(PROVIDERS, { description: providerDescription }) },
  region: {
    required: true,
    schema: string({
      description: 'Cloud region ID, e.g. cn-hangzhou or ap-southeast-1.',
      maxLength: LIMITS.region,
      pattern: PATTERNS.region,
    }),
  },
  clusterID: {
    required: true,
    schema: string({
      description:
        `The cloud's cluster ID (${AWS_EKS}: the cluster name, which may hold _ and up to ` +
        `${LIMITS.clusterID} characters; the other providers' IDs: ${PATTERNS.cloudID}).`,
      maxLength: LIMITS.clusterID,
      pattern: PATTERNS.clusterID,
    }),
  },
  projectID: {
    schema: cloudID(
      `Huawei Cloud project ID, or the Google Cloud project ID. Required for ${HUAWEI_CCE}, ${HUAWEI_CSS} ` +
        `and ${GOOGLE_GKE}; forbidden otherwise.`,
    ),
  },
  taskID: {
    schema: cloudID(
      `Follow this one task instead of discovering the latest upgrade. ${ALIBABA_ACK}: a ` +
        `DescribeTaskInfo task ID; ${HUAWEI_CCE}: an upgrade task ID; ${GOOGLE_GKE}: an operation name. ` +
        'Only allowed for those providers.',
    ),
  },
  subscriptionID: {
    schema: string({
      description: `Azure subscription ID (a GUID). Required for ${AZURE_AKS}; forbidden otherwise.`,
      maxLength: LIMITS.subscriptionID,
      pattern: PATTERNS.subscriptionID,
    }),
  },
  resourceGroup: {
    schema: string({
      description: `Azure resource group of the managed cluster. Required for ${AZURE_AKS}; forbidden otherwise.`,
      maxLength: LIMITS.resourceGroup,
      pattern: PATTERNS.resourceGroup,
    }),
  },
  components: {
    schema: array(string({ minLength: 1, maxLength: LIMITS.componentName, pattern: PATTERNS.component }), {
      description: `ACK add-on names to watch. Required for ${ALIBABA_ACK_ADDONS}; forbidden otherwise.`,
      minItems: LIMITS.componentsMin,
      maxItems: LIMITS.componentsMax,
      'x-kubernetes-list-type': 'set',
    }),
  },
  actionMode: {
    schema: stringEnum(ACTION_MODES, {
      description:
        `${HUAWEI_CSS} only: which upgrade behaviour to query. The operator uses Upgrading when ` +
        'unset (no schema default, because a default would put the field on objects of every provider).',
    }),
  },
  nodegroups: {
    schema: array(string({ maxLength: LIMITS.nodegroupName, pattern: PATTERNS.nodegroup }), {
      description: `EKS managed node groups followed as further steps. ${AWS_EKS} only.`,
      maxItems: LIMITS.nodegroupsMax,
      'x-kubernetes-list-type': 'set',
    }),
  },
  endpoint: {
    schema: string({
      description:
        "Optional base URL overriding the provider's regional endpoint. The CRD accepts http(s) URLs " +
        'with an ASCII host name or [IPv6] address and an optional port; the operator only uses it ' +
        "when it is https on the provider's own domain without user-info, or when started with " +
        '--allow-custom-endpoints.',
      maxLength: LIMITS.endpoint,
    }),
  },
  credentialsRef: {
    schema: object(
      { name: secretName('Name of the Secret (in this namespace).') },
      {
        description:
          'Secret in the same namespace holding accessKeyId, accessKeySecret and optionally ' +
          'securityToken. Exactly one of credentialsRef and workloadIdentity.',
        required: ['name'],
      },
    ),
  },
  workloadIdentity: {
    schema: objectOf(WORKLOAD_IDENTITY_FIELDS, WORKLOAD_IDENTITY_FIELD_RULES, {
      description:
        "Keyless credentials: the operator mints a token for this ServiceAccount (in the watch's " +
        'namespace) and trades it for temporary keys, via Alibaba Cloud RRSA (AssumeRoleWithOIDC: ' +
        'roleARN, oidcProviderARN), Huawei Cloud OIDC federation (idpID, audience) or AWS STS ' +
        'AssumeRoleWithWebIdentity (roleARN). Exactly one ' +
        'of credentialsRef and workloadIdentity.',
    }),
  },
  pollInterval: {
    schema: duration(
      'Poll period while an upgrade is active. Duration such as 30s, 2m or 1h30m (1-4 groups of up ' +
        `to 5 digits with unit h, m, s or ms); at least ${MIN_POLL_INTERVAL}.`,
      DEFAULT_POLL_INTERVAL,
    ),
  },
  idlePollInterval: {
    schema: duration(
      `Poll period when idle or after the upgrade ended. Same format; at least ${MIN_IDLE_POLL_INTERVAL}.`,
      DEFAULT_IDLE_POLL_INTERVAL,
    ),
  },
  suspend: {
    schema: boolean({
      description: 'When true the operator makes no cloud calls for this object.',
      default: DEFAULT_SUSPEND,
    }),
  },
};

/**
 * An object schema from field declarations, with each field's CEL rules (`rules`, keyed by
 * field name) attached under that field. A rule for an undeclared field is a programming error.
 */
function objectOf(
  fields: Record<string, SpecField>,
  rules: Record<string, { rule: string; message: string }>,
  keywords: { description: string; validations?: CelValidation[] },
): OpenApiSchema {
  const properties: Record<string, OpenApiSchema> = {};
  for (const [name, field] of Object.entries(fields)) properties[name] = { ...field.schema };
  for (const [name, rule] of Object.entries(rules)) {
    const target = properties[name];
    if (!target) throw new Error(`CEL rule for unknown field ${name}`);
    target['x-kubernetes-validations'] = [...(target['x-kubernetes-validations'] ?? []), celRule(rule)];
  }
  return object(properties, {
    description: keywords.description,
    required: Object.entries(fields)
      .filter(([, field]) => field.required)
      .map(([name]) => name),
    'x-kubernetes-validations': keywords.validations,
  });
}

/** `spec`: the fields above, the field-level rules under their fields, the cross-field rules. */
export function crdSpecSchema(): OpenApiSchema {
  return objectOf(SPEC_FIELDS, FIELD_RULES, {
    description: 'Which cluster to watch, with which credentials, how often.',
    validations: CROSS_FIELD_RULES.map((r) => ({
      rule: r.rule,
      message: r.message,
      fieldPath: `.${r.field}`,
      reason: r.reason,
    })),
  });
}
