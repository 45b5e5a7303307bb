// Public surface of the ClusterUpgradeWatch API package: types, zod schemas, defaults, durations.
export * from './types.js';
export * from './schema.js';
export * from './defaults.js';
export * from './duration.js';
