// `npm run test:integration [paths…]`: real kube-apiserver + etcd; one worker (one control plane).
import { integrationProject, shared } from './jest.config.js';

export default { ...integrationProject, ...shared, rootDir: '.', maxWorkers: 1, testTimeout: 120_000 };
