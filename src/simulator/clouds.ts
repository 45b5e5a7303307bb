// Loads the per-cloud modules lazily (so the core builds and tests without them) and checks
// that what they export really is a SimCloud.

import { CLOUDS, type Cloud } from '../providers/names.js';
import type { SimCloud } from './types.js';

export interface CloudModuleRef {
  /** Import specifier relative to this file, e.g. `./alibaba/index.js`. */
  specifier: string;
  /** The named export holding the SimCloud. */
  exportName: string;
}

/** The module of every cloud (../providers/names.ts CLOUDS): a new cloud must name one here. */
export const CLOUD_MODULES: Readonly<Record<Cloud, CloudModuleRef>> = {
  alibaba: { specifier: './alibaba/index.js', exportName: 'alibabaCloud' },
  huawei: { specifier: './huawei/index.js', exportName: 'huaweiCloud' },
  aws: { specifier: './aws/index.js', exportName: 'awsCloud' },
  google: { specifier: './google/index.js', exportName: 'googleCloud' },
  azure: { specifier: './azure/index.js', exportName: 'azureCloud' },
};

/** The modules the simulator mounts by default: every cloud's, in CLOUDS order. */
export const DEFAULT_CLOUD_MODULES: readonly CloudModuleRef[] = CLOUDS.map((cloud) => CLOUD_MODULES[cloud]);

function isCloud(value: unknown): value is Cloud {
  return (CLOUDS as readonly unknown[]).includes(value);
}

export function isSimCloud(value: unknown): value is SimCloud {
  if (typeof value !== 'object' || value === null) return false;
  const cloud = value as Record<string, unknown>;
  return (
    isCloud(cloud.name) &&
    ['route', 'authenticate', 'respond', 'faultReply'].every((method) => typeof cloud[method] === 'function')
  );
}

export async function loadCloudModules(
  refs: readonly CloudModuleRef[] = DEFAULT_CLOUD_MODULES,
): Promise<SimCloud[]> {
  const clouds: SimCloud[] = [];
  for (const ref of refs) {
    let module: Record<string, unknown>;
    try {
      module = (await import(ref.specifier)) as Record<string, unknown>;
    } catch (error) {
      const detail = error instanceof Error ? error.message : String(error);
      throw new Error(`simulator cloud module ${ref.specifier} could not be loaded: ${detail}`);
    }
    const cloud = module[ref.exportName];
    if (!isSimCloud(cloud)) {
      throw new Error(
        `simulator cloud module ${ref.specifier} does not export a SimCloud named ${ref.exportName}`,
      );
    }
    clouds.push(cloud);
  }
  return clouds;
}
