// deploy/krew/upgradewatch.yaml: a krew Plugin whose version and bin match the package's
// `kubectl-upgradewatch` bin, so `kubectl upgradewatch` runs the same program npm installs.
import { parse } from 'yaml';
import { readRepoFile } from './support.js';

const manifest = parse(readRepoFile('deploy/krew/upgradewatch.yaml')) as {
  kind: string;
  metadata: { name: string };
  spec: { version: string; platforms: Array<{ bin: string; uri: string; sha256: string }> };
};
const pkg = JSON.parse(readRepoFile('package.json')) as { version: string; bin: Record<string, string> };

describe('krew manifest', () => {
  it('names the plugin upgradewatch (kubectl upgradewatch ...) at the package version', () => {
    expect(manifest.kind).toBe('Plugin');
    expect(manifest.metadata.name).toBe('upgradewatch');
    expect(manifest.spec.version).toBe(`v${pkg.version}`);
  });

  it('runs the package’s kubectl-upgradewatch bin on every platform', () => {
    expect(pkg.bin['kubectl-upgradewatch']).toBe('dist/plugin/cli.js');
    for (const platform of manifest.spec.platforms) {
      expect(platform.bin).toBe(pkg.bin['kubectl-upgradewatch']);
      expect(platform.uri).toContain(`/v${pkg.version}/upgradewatch-${pkg.version}.tgz`);
      expect(platform.sha256).toMatch(/^[0-9a-f]{64}$/);
    }
  });
});
