// The CRD ships in three places: crds/ (the source of truth), the Helm chart and the kustomize
// base. docs/reference.md#custom-resource wants them byte-identical; `npm run generate:crd`
// writes all three (src/api/crd-files.ts).
import { readdirSync, readFileSync } from 'node:fs';
import { GENERATE_COMMAND } from '../../../src/api/crd.js';
import { staleCrdFiles } from '../../../src/api/crd-files.js';
import { REPO, repoPath } from './support.js';

const SOURCE_DIR = 'crds';
const COPIES = ['charts/upgradewatch/crds', 'deploy/crds'];

function yamlFiles(dir: string): string[] {
  return readdirSync(repoPath(dir))
    .filter((f) => f.endsWith('.yaml'))
    .sort();
}

describe('CRD copies', () => {
  const sources = yamlFiles(SOURCE_DIR);

  it('crds/ holds the ClusterUpgradeWatch CRD', () => {
    expect(sources).toContain('upgradewatch.io_clusterupgradewatches.yaml');
  });

  it.each(COPIES)('%s holds exactly the CRDs of crds/', (dir) => {
    expect(yamlFiles(dir)).toEqual(sources);
  });

  it.each(COPIES.flatMap((dir) => sources.map((file) => [dir, file] as const)))(
    `%s/%s is byte-identical to crds/ (run ${GENERATE_COMMAND})`,
    (dir, file) => {
      const copy = readFileSync(repoPath(dir, file));
      const source = readFileSync(repoPath(SOURCE_DIR, file));
      expect(copy.equals(source)).toBe(true);
    },
  );

  it(`${GENERATE_COMMAND} -- --check agrees`, () => {
    expect(staleCrdFiles(REPO)).toEqual([]);
  });
});
