import { PROVIDERS } from '../../../src/api/types.js';
import { families } from '../../../src/providers/registry.js';

describe('provider registry', () => {
  it.each(PROVIDERS.map((p) => [p]))('%s is registered under its own name', (provider) => {
    expect(families[provider].name).toBe(provider);
  });
});
