// deploy/samples/: every provider of the registry ships a sample watch, so a provider added
// without one fails here. Name rule: the provider's cloud, then the rest of its name in kebab
// case, each capitalised word or acronym one part (AlibabaACKAddons → alibaba-ack-addons.yaml,
// AWSEKS → aws-eks.yaml), which is also its folder under src/providers/. The file's spec must pass the operator's parseSpec and watch the same cluster
// as the provider's sample in src/providers/samples.ts (provider, region, clusterID).
import { parse } from 'yaml';
import { parseSpec } from '../../../src/api/schema.js';
import { PROVIDER_CLOUD, PROVIDERS } from '../../../src/providers/names.js';
import { SAMPLES } from '../../../src/providers/samples.js';
import { parseYamlStream, readRepoFile } from './support.js';

/** `AlibabaACKAddons` of cloud `alibaba` → `alibaba-ack-addons`. */
function kebab(name: string, cloud: string): string {
  const rest = name.toLowerCase().startsWith(cloud) ? name.slice(cloud.length) : name;
  const parts = (rest.match(/[A-Z]+(?![a-z])|[A-Z][a-z0-9]*/g) ?? []).map((part) => part.toLowerCase());
  return [cloud, ...parts].join('-');
}

describe('the sample file name rule', () => {
  it.each([
    ['a word and an acronym', 'HuaweiCCE', 'huawei', 'huawei-cce'],
    ['an acronym between two words', 'AlibabaACKAddons', 'alibaba', 'alibaba-ack-addons'],
    ['a three-letter cloud word', 'AwsEKS', 'aws', 'aws-eks'],
    ['an acronym cloud glued to an acronym service', 'AWSEKS', 'aws', 'aws-eks'],
  ])('%s: %s → %s', (_why, name, cloud, file) => {
    expect(kebab(name, cloud)).toBe(file);
  });
});

describe.each(PROVIDERS.map((provider) => [provider, `${kebab(provider, PROVIDER_CLOUD[provider])}.yaml`]))(
  'the %s sample, deploy/samples/%s',
  (provider, file) => {
    const objects = parseYamlStream(readRepoFile('deploy/samples', file));
    const watch = objects.find((o) => o.kind === 'ClusterUpgradeWatch') as unknown as
      { spec: unknown } | undefined;

    it('is a ClusterUpgradeWatch the operator accepts (zod parseSpec)', () => {
      expect(watch).toBeDefined();
      expect(parseSpec(watch?.spec)).toMatchObject({ ok: true });
    });

    it("watches the provider sample's cluster (provider, region, clusterID)", () => {
      const { region, clusterID } = SAMPLES[provider].spec;
      expect(watch?.spec).toMatchObject({ provider, region, clusterID });
    });

    it('is listed in deploy/samples/kustomization.yaml, so `kubectl apply -k` ships it', () => {
      const kustomization = parse(readRepoFile('deploy/samples', 'kustomization.yaml')) as {
        resources: string[];
      };
      expect(kustomization.resources).toContain(file);
    });
  },
);
