// `npm run test:unit [paths…]`: the unit project alone, so positional path filters work.
import { shared, unitProject } from './jest.config.js';

export default { ...unitProject, ...shared, rootDir: '.' };
