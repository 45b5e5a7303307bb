// Checks that a scenario fits the demo's watches (every sample's cluster is simulated) and picks
// the access key each vendor's Secret gets. Pure: works on a parsed scenario.

import type { Scenario } from '../simulator/index.js';
import type { AccessKey, CloudVendor, DemoSample } from './samples.js';

class DemoSetupError extends Error {
  override readonly name = 'DemoSetupError';
}

/** Alibaba Cloud AccessKey ids start with `LTAI` (STS ones with `STS.`). */
function looksAlibaba(accessKeyId: string): boolean {
  return accessKeyId.startsWith('LTAI') || accessKeyId.startsWith('STS.');
}

/** AWS access key ids start with `AKIA` (temporary ones with `ASIA`). */
function looksAws(accessKeyId: string): boolean {
  return accessKeyId.startsWith('AKIA') || accessKeyId.startsWith('ASIA');
}

function toKey(credential: Scenario['credentials'][number]): AccessKey {
  return {
    accessKeyId: credential.accessKeyId,
    accessKeySecret: credential.accessKeySecret,
    ...(credential.securityToken ? { securityToken: credential.securityToken } : {}),
  };
}

/**
 * One access key per vendor that the scenario declares keys for: the first `LTAI…`/`STS.…` key
 * for Alibaba, the first `AKIA…`/`ASIA…` key for AWS, the first other key for Huawei. Google and
 * Azure credentials are generated at each start instead (demoGeneratedCredentials).
 */
export function pickAccessKeys(
  scenario: Scenario,
  source: string,
): Record<'alibaba' | 'huawei' | 'aws', AccessKey> & Partial<Record<CloudVendor, AccessKey>> {
  const alibaba = scenario.credentials.find((c) => looksAlibaba(c.accessKeyId));
  const aws = scenario.credentials.find((c) => looksAws(c.accessKeyId));
  const huawei = scenario.credentials.find((c) => !looksAlibaba(c.accessKeyId) && !looksAws(c.accessKeyId));
  const missing = [
    alibaba ? undefined : 'an Alibaba key (accessKeyId starting with LTAI or STS.)',
    huawei ? undefined : 'a Huawei key (any other accessKeyId)',
    aws ? undefined : 'an AWS key (accessKeyId starting with AKIA or ASIA)',
  ].filter((m): m is string => m !== undefined);
  if (!alibaba || !huawei || !aws) {
    throw new DemoSetupError(`${source}: credentials lack ${missing.join(' and ')}`);
  }
  return { alibaba: toKey(alibaba), huawei: toKey(huawei), aws: toKey(aws) };
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
