// Provider name → family. Each family lives in its own folder.
// (Filled in as the provider folders land.)
import type { ProviderName } from '../api/types.js';
import type { ProviderFamily } from './common/provider.js';

export const families: Partial<Record<ProviderName, ProviderFamily>> = {};
