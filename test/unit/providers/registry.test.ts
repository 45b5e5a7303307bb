// What a provider must supply. The compiler checks the shape (`Record<ProviderName, …>` in
// src/providers/registry.ts and descriptors.ts, every ProviderDescriptor field required); this
// test states the rules a type cannot: names match, lists are non-empty and consistent.
import { PROVIDERS } from '../../../src/api/types.js';
import {
  IDENTITY_FIELDS,
  OPTIONAL_SPEC_FIELDS,
  type ProviderDescriptor,
} from '../../../src/providers/common/descriptor.js';
import { descriptors } from '../../../src/providers/descriptors.js';
import { PROVIDER_CLOUD } from '../../../src/providers/names.js';
import type { ProviderFamily } from '../../../src/providers/common/provider.js';
import { families } from '../../../src/providers/registry.js';

/** Every field a registry entry must have; a new descriptor field is added here too. */
const FAMILY_FIELDS: ReadonlyArray<keyof ProviderFamily> = [
  'name',
  'cloud',
  'specFields',
  'identityFields',
  'runtimeDefaults',
  'defaultBaseUrl',
  'allowedDomains',
  'signing',
  'supportsKeyless',
  'credentials',
  'connect',
];

const entries = PROVIDERS.map((name) => [name, families[name]] as const);
/** The families with a keyless exchange (descriptor `supportsKeyless`). */
const keylessEntries = entries.flatMap(([name, family]) =>
  family.keyless ? [[name, family, family.keyless] as const] : [],
);

describe('provider registry', () => {
  it('holds exactly the providers of names.ts, in that order', () => {
    expect(Object.keys(families)).toEqual([...PROVIDERS]);
    expect(Object.keys(descriptors)).toEqual([...PROVIDERS]);
  });

  it.each(PROVIDERS.map((p) => [p]))('%s is registered under its own name', (provider) => {
    expect(families[provider].name).toBe(provider);
  });

  it('names are unique', () => {
    expect(new Set(PROVIDERS.map((p) => families[p].name)).size).toBe(PROVIDERS.length);
  });

  it.each(entries)('%s supplies every descriptor and behaviour field', (_name, family) => {
    for (const field of FAMILY_FIELDS) expect(family[field]).toBeDefined();
  });

  it.each(entries)('%s carries the facts of its descriptor unchanged', (name, family) => {
    const descriptor: ProviderDescriptor = descriptors[name];
    for (const field of Object.keys(descriptor) as (keyof ProviderDescriptor)[]) {
      expect(family[field]).toBe(descriptor[field]);
    }
  });

  it.each(entries)('%s belongs to the cloud names.ts gives it', (name, family) => {
    expect(family.cloud).toBe(PROVIDER_CLOUD[name]);
  });

  it.each(entries)('%s has a non-empty list of allowed endpoint domains, in lower case', (_n, family) => {
    expect(family.allowedDomains.length).toBeGreaterThan(0);
    for (const domain of family.allowedDomains) expect(domain).toMatch(/^[a-z0-9-]+(\.[a-z0-9-]+)+$/);
  });

  it.each(entries)('%s defaults to an https base URL under one of its allowed domains', (_n, family) => {
    const url = new URL(family.defaultBaseUrl({ region: 'eu-west-1' }));
    expect(url.protocol).toBe('https:');
    expect(family.allowedDomains.some((d) => url.hostname === d || url.hostname.endsWith(`.${d}`))).toBe(
      true,
    );
  });

  it.each(entries)('%s names its signing scheme', (_n, family) => {
    expect(family.signing).toMatch(/\S/);
  });

  it.each(entries)('%s requires only fields it allows, and only known ones', (_n, family) => {
    for (const [use, known] of [
      [family.specFields, OPTIONAL_SPEC_FIELDS],
      [family.identityFields, IDENTITY_FIELDS],
    ] as const) {
      for (const field of use.required) expect(use.allowed).toContain(field);
      for (const field of use.allowed) expect(known).toContain(field);
    }
  });

  it.each(entries)('%s only defaults fields it allows', (_n, family) => {
    for (const field of Object.keys(family.runtimeDefaults)) {
      expect(family.specFields.allowed).toContain(field);
    }
  });

  it.each(entries)('%s reads its credentials from named Secret keys', (_n, family) => {
    expect(family.credentials.requiredKeys.length).toBeGreaterThan(0);
    expect(family.credentials.name).toMatch(/\S/);
  });

  it.each(entries)('%s has a keyless exchange exactly when its descriptor says so', (_n, family) => {
    expect(family.keyless !== undefined).toBe(family.supportsKeyless);
  });

  it.each(keylessEntries)(
    '%s exchanges keyless tokens at an https origin of its own domains',
    (_n, family, keyless) => {
      const origin = new URL(keyless.origin('eu-west-1'));
      expect(origin.protocol).toBe('https:');
      const host = origin.hostname;
      // Entra's login host is itself an allowed domain; the others are regional subdomains.
      expect(family.allowedDomains.some((d) => host === d || host.endsWith(`.${d}`))).toBe(true);
    },
  );

  it.each(keylessEntries)('%s needs an audience unless its exchange has a default', (_n, family, keyless) => {
    // The keyless source refuses a watch with neither (docs/reference.md#security).
    const required = family.identityFields.required.includes('audience');
    expect(required || keyless.defaultAudience !== undefined).toBe(true);
  });
});
