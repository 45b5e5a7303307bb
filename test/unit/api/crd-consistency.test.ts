// The CRD YAML and the zod schema are two spellings of one contract. This suite proves the YAML
// carries exactly the names, patterns, limits, defaults, enums and CEL rules of src/api; the
// integration test (test/integration/crd.test.ts) then proves the apiserver judges alike.
import { readFileSync } from 'node:fs';
import { parseAllDocuments } from 'yaml';
import {
  DEFAULT_IDLE_POLL_INTERVAL,
  DEFAULT_POLL_INTERVAL,
  DEFAULT_SUSPEND,
} from '../../../src/api/defaults.js';
import {
  ACTION_MODES,
  CONDITION_PATTERNS,
  CROSS_FIELD_RULES,
  FIELD_RULES,
  LIMITS,
  historyEntrySchema,
  PATTERNS,
  WORKLOAD_IDENTITY_FIELD_RULES,
  specSchema,
  statusSchema,
} from '../../../src/api/schema.js';
import {
  GROUP,
  HISTORY_PHASES,
  KIND,
  MAX_HISTORY,
  MAX_MESSAGE_LENGTH,
  PHASES,
  PLURAL,
  PROVIDERS,
  STEP_PHASES,
  VERSION,
} from '../../../src/api/types.js';

interface Schema {
  type?: string;
  properties?: Record<string, Schema>;
  items?: Schema;
  required?: string[];
  enum?: unknown[];
  pattern?: string;
  maxLength?: number;
  minLength?: number;
  maxItems?: number;
  minItems?: number;
  default?: unknown;
  'x-kubernetes-validations'?: Array<Record<string, string>>;
  'x-kubernetes-list-type'?: string;
  'x-kubernetes-list-map-keys'?: string[];
  'x-kubernetes-preserve-unknown-fields'?: boolean;
  [key: string]: unknown;
}

const CRD_PATH = new URL('../../../crds/upgradewatch.io_clusterupgradewatches.yaml', import.meta.url);
const docs = parseAllDocuments(readFileSync(CRD_PATH, 'utf8'));
// eslint-disable-next-line @typescript-eslint/no-explicit-any
const crd = docs[0]?.toJS() as any;
const version = crd.spec.versions[0];
const root = version.schema.openAPIV3Schema as Schema;
const spec = root.properties!.spec!;
const status = root.properties!.status!;
const prop = (name: string): Schema => spec.properties![name]!;

describe('CRD YAML', () => {
  it('is one YAML document without parse errors or warnings', () => {
    expect(docs).toHaveLength(1);
    expect(docs[0]!.errors).toEqual([]);
    expect(docs[0]!.warnings).toEqual([]);
  });

  it('names the resource as the reference says', () => {
    expect(crd.apiVersion).toBe('apiextensions.k8s.io/v1');
    expect(crd.kind).toBe('CustomResourceDefinition');
    expect(crd.metadata.name).toBe(`${PLURAL}.${GROUP}`);
    expect(crd.spec.group).toBe(GROUP);
    expect(crd.spec.scope).toBe('Namespaced');
    expect(crd.spec.names).toEqual({
      kind: KIND,
      listKind: `${KIND}List`,
      plural: PLURAL,
      singular: 'clusterupgradewatch',
      shortNames: ['cuw'],
      categories: ['upgradewatch'],
    });
    expect(crd.spec.versions).toHaveLength(1);
    expect(version).toMatchObject({
      name: VERSION,
      served: true,
      storage: true,
      subresources: { status: {} },
    });
  });

  it('has the documented printer columns, priority-1 ones last', () => {
    const columns = version.additionalPrinterColumns.map((c: Record<string, unknown>) => ({
      name: c.name,
      type: c.type,
      jsonPath: c.jsonPath,
      priority: c.priority ?? 0,
    }));
    expect(columns).toEqual([
      { name: 'Provider', type: 'string', jsonPath: '.spec.provider', priority: 0 },
      { name: 'Cluster', type: 'string', jsonPath: '.spec.clusterID', priority: 0 },
      { name: 'Phase', type: 'string', jsonPath: '.status.phase', priority: 0 },
      { name: 'Progress', type: 'integer', jsonPath: '.status.progress', priority: 0 },
      { name: 'Step', type: 'string', jsonPath: '.status.currentStep', priority: 0 },
      {
        name: 'Ready',
        type: 'string',
        jsonPath: '.status.conditions[?(@.type=="Ready")].status',
        priority: 0,
      },
      { name: 'Age', type: 'date', jsonPath: '.metadata.creationTimestamp', priority: 0 },
      { name: 'Target', type: 'string', jsonPath: '.status.toVersion', priority: 1 },
      { name: 'Message', type: 'string', jsonPath: '.status.message', priority: 1 },
      { name: 'Last Sync', type: 'date', jsonPath: '.status.lastSyncTime', priority: 1 },
      { name: 'Last Result', type: 'string', jsonPath: '.status.history[0].phase', priority: 1 },
    ]);
  });
});

describe('CRD spec schema = zod specSchema', () => {
  it('has the same fields', () => {
    expect(Object.keys(spec.properties!).sort()).toEqual(Object.keys(specSchema.shape).sort());
  });

  it('requires the same fields (defaulted fields are optional on input)', () => {
    const zodRequired = Object.entries(specSchema.shape)
      .filter(([, field]) => !field.safeParse(undefined).success)
      .map(([name]) => name);
    expect([...spec.required!].sort()).toEqual(zodRequired.sort());
    expect(prop('credentialsRef').required).toEqual(['name']);
  });

  it('has the same enums', () => {
    expect(prop('provider').enum).toEqual([...PROVIDERS]);
    expect(prop('actionMode').enum).toEqual([...ACTION_MODES]);
  });

  it('has the same patterns and limits', () => {
    expect(prop('region')).toMatchObject({ pattern: PATTERNS.region, maxLength: LIMITS.region });
    for (const id of ['projectID', 'taskID']) {
      expect(prop(id)).toMatchObject({ pattern: PATTERNS.cloudID, maxLength: LIMITS.cloudID });
    }
    // clusterID: the union of the providers' shapes (each narrowed by a CROSS_FIELD_RULES rule).
    expect(prop('clusterID')).toMatchObject({ pattern: PATTERNS.clusterID, maxLength: LIMITS.clusterID });
    expect(prop('nodegroups')).toMatchObject({
      maxItems: LIMITS.nodegroupsMax,
      'x-kubernetes-list-type': 'set',
      items: { type: 'string', maxLength: LIMITS.nodegroupName, pattern: PATTERNS.nodegroup },
    });
    expect(prop('components')).toMatchObject({
      minItems: LIMITS.componentsMin,
      maxItems: LIMITS.componentsMax,
      'x-kubernetes-list-type': 'set',
      items: { type: 'string', minLength: 1, maxLength: LIMITS.componentName, pattern: PATTERNS.component },
    });
    expect(prop('endpoint').maxLength).toBe(LIMITS.endpoint);
    expect(prop('credentialsRef').properties!.name).toMatchObject({
      pattern: PATTERNS.dnsSubdomain,
      maxLength: LIMITS.secretName,
    });
    for (const d of ['pollInterval', 'idlePollInterval']) {
      expect(prop(d)).toMatchObject({ pattern: PATTERNS.duration, maxLength: LIMITS.duration });
    }
  });

  it('has the same defaults, and none for actionMode (it is HuaweiCSS-only)', () => {
    expect(prop('pollInterval').default).toBe(DEFAULT_POLL_INTERVAL);
    expect(prop('idlePollInterval').default).toBe(DEFAULT_IDLE_POLL_INTERVAL);
    expect(prop('suspend').default).toBe(DEFAULT_SUSPEND);
    expect(prop('actionMode')).not.toHaveProperty('default');
    const defaulted = Object.entries(spec.properties!)
      .filter(([, s]) => 'default' in s)
      .map(([n]) => n);
    expect(defaulted.sort()).toEqual(['idlePollInterval', 'pollInterval', 'suspend']);
  });

  it('has exactly the cross-field CEL rules that zod enforces', () => {
    expect(spec['x-kubernetes-validations']).toEqual(
      CROSS_FIELD_RULES.map((r) => ({
        rule: r.rule,
        message: r.message,
        fieldPath: `.${r.field}`,
        reason: r.reason,
      })),
    );
  });

  it('has exactly the field-level CEL rules that zod enforces', () => {
    const withRules = Object.entries(spec.properties!)
      .filter(([, s]) => s['x-kubernetes-validations'])
      .map(([name, s]) => [name, s['x-kubernetes-validations']]);
    expect(Object.fromEntries(withRules)).toEqual(
      Object.fromEntries(
        Object.entries(FIELD_RULES).map(([name, r]) => [name, [{ rule: r.rule, message: r.message }]]),
      ),
    );
  });

  it('has the workloadIdentity fields, limits and ARN rules that zod enforces', () => {
    const identity = prop('workloadIdentity');
    const zodIdentity = specSchema.shape.workloadIdentity.unwrap();
    expect(Object.keys(identity.properties!).sort()).toEqual(Object.keys(zodIdentity.shape).sort());
    expect(identity.required).toEqual(['serviceAccountName']);
    const p = identity.properties!;
    expect(p.serviceAccountName).toMatchObject({
      pattern: PATTERNS.dnsSubdomain,
      maxLength: LIMITS.secretName,
    });
    expect(p.idpID).toMatchObject({ pattern: PATTERNS.idpID, maxLength: LIMITS.idpID });
    expect(p.audience).toMatchObject({ minLength: 1, maxLength: LIMITS.audience });
    for (const arn of ['roleARN', 'oidcProviderARN'] as const) {
      expect(p[arn]!.maxLength).toBe(LIMITS.arn);
      const { rule, message } = WORKLOAD_IDENTITY_FIELD_RULES[arn];
      expect(p[arn]!['x-kubernetes-validations']).toEqual([{ rule, message }]);
      // The message names the field, as kubectl users see it without the path.
      expect(message.startsWith(`${arn} must`)).toBe(true);
    }
  });

  it('bounds every string and array, so the CEL cost estimate stays small', () => {
    const unbounded: string[] = [];
    const walk = (s: Schema, path: string): void => {
      if (s.type === 'string' && s.maxLength === undefined && s.enum === undefined) unbounded.push(path);
      if (s.type === 'array' && s.maxItems === undefined) unbounded.push(path);
      for (const [name, child] of Object.entries(s.properties ?? {})) walk(child, `${path}.${name}`);
      if (s.items) walk(s.items, `${path}[]`);
    };
    walk(spec, 'spec');
    expect(unbounded).toEqual([]);
  });
});

describe('CRD status schema = zod statusSchema', () => {
  it('has the same fields', () => {
    expect(Object.keys(status.properties!).sort()).toEqual(Object.keys(statusSchema.shape).sort());
  });

  it('has the same enums and limits', () => {
    const p = status.properties!;
    expect(p.phase!.enum).toEqual([...PHASES]);
    expect(p.steps!.items!.properties!.phase!.enum).toEqual([...STEP_PHASES]);
    expect(p.components!.items!.properties!.phase!.enum).toEqual([...PHASES]);
    expect(p.progress).toMatchObject({ type: 'integer', minimum: 0, maximum: 100 });
    expect(p.message!.maxLength).toBe(MAX_MESSAGE_LENGTH);
  });

  it('has metav1.Condition conditions, merged by type', () => {
    const conditions = status.properties!.conditions!;
    expect(conditions['x-kubernetes-list-type']).toBe('map');
    expect(conditions['x-kubernetes-list-map-keys']).toEqual(['type']);
    const item = conditions.items!;
    expect([...item.required!].sort()).toEqual(['lastTransitionTime', 'message', 'reason', 'status', 'type']);
    expect(item.properties!.status!.enum).toEqual(['True', 'False', 'Unknown']);
    expect(item.properties!.type!.pattern).toBe(CONDITION_PATTERNS.type);
    expect(item.properties!.reason!.pattern).toBe(CONDITION_PATTERNS.reason);
    expect(item.properties!.observedGeneration).toMatchObject({ type: 'integer', format: 'int64' });
  });

  it('has a bounded, atomic history with the same fields, phases and limits as historyEntrySchema', () => {
    const history = status.properties!.history!;
    expect(history).toMatchObject({
      type: 'array',
      maxItems: MAX_HISTORY,
      'x-kubernetes-list-type': 'atomic',
    });
    const item = history.items!;
    expect(Object.keys(item.properties!).sort()).toEqual(Object.keys(historyEntrySchema.shape).sort());
    expect(item.required).toEqual(['phase']);
    expect(item.properties!.phase!.enum).toEqual([...HISTORY_PHASES]);
    expect(item.properties!.message!.maxLength).toBe(MAX_MESSAGE_LENGTH);
  });

  it('keeps providerStatus free-form', () => {
    expect(status.properties!.providerStatus).toMatchObject({
      type: 'object',
      'x-kubernetes-preserve-unknown-fields': true,
    });
  });
});
