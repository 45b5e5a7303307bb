// OpenAPI v3 schema building blocks of the generated CRD (src/api/crd.ts): the shape of a
// schema node and the few constructors every field uses, so a field is one line of intent.

/** One node of a CRD's `openAPIV3Schema` (the keywords this CRD uses; key order = YAML order). */
export interface OpenApiSchema {
  type?: 'object' | 'array' | 'string' | 'integer' | 'boolean';
  format?: string;
  description?: string;
  required?: string[];
  enum?: readonly (string | boolean | number)[];
  default?: string | boolean | number;
  minimum?: number;
  maximum?: number;
  minLength?: number;
  maxLength?: number;
  minItems?: number;
  maxItems?: number;
  pattern?: string;
  'x-kubernetes-list-type'?: 'atomic' | 'set' | 'map';
  'x-kubernetes-list-map-keys'?: string[];
  'x-kubernetes-preserve-unknown-fields'?: boolean;
  'x-kubernetes-validations'?: CelValidation[];
  items?: OpenApiSchema;
  properties?: Record<string, OpenApiSchema>;
}

/** One entry of `x-kubernetes-validations`. */
export interface CelValidation {
  rule: string;
  message: string;
  fieldPath?: string;
  reason?: string;
}

/** Keywords of a node besides its type; `undefined` values are dropped (YAML has no "unset"). */
type Keywords = Omit<OpenApiSchema, 'type'>;

function node(type: OpenApiSchema['type'], keywords: Keywords): OpenApiSchema {
  const out: OpenApiSchema = { type };
  for (const [key, value] of Object.entries(keywords) as [keyof Keywords, unknown][]) {
    if (value !== undefined) (out as Record<string, unknown>)[key] = value;
  }
  return out;
}

export const string = (keywords: Keywords = {}): OpenApiSchema => node('string', keywords);
export const integer = (keywords: Keywords = {}): OpenApiSchema => node('integer', keywords);
export const boolean = (keywords: Keywords = {}): OpenApiSchema => node('boolean', keywords);
export const array = (items: OpenApiSchema, keywords: Keywords = {}): OpenApiSchema =>
  node('array', { ...keywords, items });

/** A timestamp (RFC 3339), as metav1.Time is written. */
export const dateTime = (description?: string): OpenApiSchema => string({ format: 'date-time', description });

/** An enum of strings; `as const` tuples pass through as a fresh array. */
export const stringEnum = (values: readonly string[], keywords: Keywords = {}): OpenApiSchema =>
  string({ ...keywords, enum: [...values] });

/**
 * An object; `required` lists the property names that must be set. Properties are written
 * after the other keywords so the YAML reads top-down; a free-form object has none.
 */
export function object(
  properties: Record<string, OpenApiSchema>,
  keywords: Keywords & { required?: string[] } = {},
): OpenApiSchema {
  const { required, ...rest } = keywords;
  return node('object', {
    ...rest,
    ...(required && required.length > 0 ? { required } : {}),
    ...(Object.keys(properties).length > 0 ? { properties } : {}),
  });
}

/** A CEL rule as the CRD writes it: the rule, then its message. */
export function celRule(rule: { rule: string; message: string }): CelValidation {
  return { rule: rule.rule, message: rule.message };
}
