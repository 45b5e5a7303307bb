// Checks that a scenario fits the demo's watches (every sample's cluster is simulated) and picks
// the access key each vendor's Secret gets. Pure: works on a parsed scenario.

import type { Scenario } from '../simulator/index.js';
import type { AccessKey, CloudVendor, DemoSample } from './samples.js';

export class DemoSetupError extends Error {
  override readonly name = 'DemoSetupError';
}

/** Alibaba Cloud AccessKey ids start with `LTAI` (STS ones with `STS.`); anything else is Huawei's. */
function looksAlibaba(accessKeyId: string): boolean {
  return accessKeyId.startsWith('LTAI') || accessKeyId.startsWith('STS.');
}

function toKey(credential: Scenario['credentials'][number]): AccessKey {
  return {
    accessKeyId: credential.accessKeyId,
    accessKeySecret: credential.accessKeySecret,
    ...(credential.securityToken ? { securityToken: credential.securityToken } : {}),
  };
}

/** One access key per vendor: the first `LTAI…`/`STS.…` key for Alibaba, the first other key for Huawei. */
export function pickAccessKeys(
  scenario: Scenario,
  source: string,
): Record<'alibaba' | 'huawei', AccessKey> & Partial<Record<CloudVendor, AccessKey>> {
  const alibaba = scenario.credentials.find((c) => looksAlibaba(c.accessKeyId));
  const huawei = scenario.credentials.find((c) => !looksAlibaba(c.accessKeyId));
  const missing = [
    alibaba ? undefined : 'an Alibaba key (accessKeyId starting with LTAI or STS.)',
    huawei ? undefined : 'a Huawei key (any other accessKeyId)',
  ].filter((m): m is string => m !== undefined);
  if (!alibaba || !huawei) throw new DemoSetupError(`${source}: credentials lack ${missing.join(' and ')}`);
  return { alibaba: toKey(alibaba), huawei: toKey(huawei) };
}

/** Throws naming every sample whose (provider, clusterID[, projectID]) the scenario does not simulate. */
export function checkSamplesCovered(
  scenario: Scenario,
  samples: readonly DemoSample[],
  source: string,
): void {
  const missing = samples.filter(
    (sample) =>
      !scenario.clusters.some(
        (cluster) =>
          cluster.provider === sample.spec.provider &&
          cluster.clusterID === sample.spec.clusterID &&
          (cluster.projectID === undefined || cluster.projectID === sample.spec.projectID),
      ),
  );
  if (missing.length > 0) {
    const list = missing.map((s) => `${s.name} (${s.spec.provider} ${s.spec.clusterID})`).join(', ');
    throw new DemoSetupError(
      `${source} does not simulate the cluster of: ${list}. Keep those clusters in the scenario ` +
        'or change the watches in src/demo/samples.ts.',
    );
  }
}
