// Jest runs TypeScript as native ESM (client-node 1.x is ESM-only): ts-jest transpiles each file
// (isolatedModules, no type-check here),
// node runs with --experimental-vm-modules (see package.json scripts). `tsc --noEmit` type-checks.
const transform = {
  '^.+\\.ts$': ['ts-jest', { useESM: true, tsconfig: 'tsconfig.json', diagnostics: false }],
};
const common = {
  extensionsToTreatAsEsm: ['.ts'],
  moduleNameMapper: { '^(\\.{1,2}/.*)\\.js$': '$1' },
  transform,
  testEnvironment: 'node',
};
export const unitProject = {
  ...common,
  displayName: 'unit',
  testMatch: ['<rootDir>/test/unit/**/*.test.ts'],
};
export const integrationProject = {
  ...common,
  displayName: 'integration',
  testMatch: ['<rootDir>/test/integration/**/*.test.ts'],
  globalSetup: '<rootDir>/test/helpers/controlplane-global-setup.ts',
  globalTeardown: '<rootDir>/test/helpers/controlplane-global-teardown.ts',
};
export const shared = {
  coverageProvider: 'v8',
  reporters: ['default', '<rootDir>/test/helpers/summary-reporter.cjs'],
};
export default { projects: [unitProject, integrationProject], ...shared };
