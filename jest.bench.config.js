// `npm run bench:operator`: the operator's wall-clock figures (bench/operator/*.bench.ts) on the
// shared control plane. Measurements, not tests: never part of `npm test`. One worker.
import { integrationProject, shared } from './jest.config.js';

export default {
  ...integrationProject,
  ...shared,
  displayName: 'bench-operator',
  rootDir: '.',
  testMatch: ['<rootDir>/bench/operator/**/*.bench.ts'],
  maxWorkers: 1,
  testTimeout: 600_000,
};
