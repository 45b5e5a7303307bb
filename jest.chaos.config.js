// `npm run test:chaos`: the FULL chaos profile (test/chaos/*.test.ts). It starts a control plane
// of its own (it restarts kube-apiserver), so no shared one; one worker; up to an hour.
import { integrationProject, shared } from './jest.config.js';

const { globalSetup: _setup, globalTeardown: _teardown, ...project } = integrationProject;

export default {
  ...project,
  ...shared,
  displayName: 'chaos',
  rootDir: '.',
  testMatch: ['<rootDir>/test/chaos/**/*.test.ts'],
  maxWorkers: 1,
  testTimeout: 60 * 60_000,
};
