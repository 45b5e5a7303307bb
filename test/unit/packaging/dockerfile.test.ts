// The Dockerfile, linted by reading (there is no Docker engine on the build machines):
// Node 24 base images with a pinned tag, a non-root numeric USER, production mode, the
// built entrypoint, and a .dockerignore that keeps the context small but complete.
import { existsSync, readFileSync } from 'node:fs';
import { dockerInstructions, dockerStages, type DockerInstruction } from '../../helpers/shipped-pod.js';
import { readRepoFile, repoPath } from './support.js';

const all = dockerInstructions(readRepoFile('Dockerfile'));
const argDefaults = new Map(
  all
    .filter((i) => i.op === 'ARG' && i.args.includes('='))
    .map((i) => {
      const [name = '', value = ''] = i.args.split('=');
      return [name, value] as const;
    }),
);
const expand = (s: string) => s.replace(/\$\{(\w+)\}|\$(\w+)/g, (_m, a, b) => argDefaults.get(a ?? b) ?? '');
const stages = dockerStages(all);
const runtime = stages.at(-1) ?? [];
const build = stages[0] ?? [];

describe('Dockerfile', () => {
  it('is multi-stage', () => {
    expect(stages.length).toBeGreaterThanOrEqual(2);
  });

  it('builds and runs on Node.js 24 images with an explicit, non-latest tag', () => {
    for (const stage of stages) {
      const image = expand((stage[0] as DockerInstruction).args.split(/\s+/)[0] ?? '');
      expect(image).toMatch(/^(node:24[-.\w]*|gcr\.io\/distroless\/nodejs24[-\w]*:[-.\w]+)$/);
      expect(image).not.toMatch(/:latest$/);
    }
  });

  it('installs with npm ci, builds, and prunes devDependencies in the build stage', () => {
    const runs = build
      .filter((i) => i.op === 'RUN')
      .map((i) => i.args)
      .join(' && ');
    expect(runs).toMatch(/npm ci\b/);
    expect(runs).toMatch(/npm run build\b/);
    expect(runs).toMatch(/npm prune --omit=dev\b/);
  });

  it('runs as a numeric non-root user (65532) so runAsNonRoot can be verified', () => {
    const users = runtime.filter((i) => i.op === 'USER');
    expect(users.at(-1)?.args).toBe('65532:65532');
  });

  it('sets NODE_ENV=production in the runtime stage', () => {
    const env = runtime
      .filter((i) => i.op === 'ENV')
      .map((i) => i.args)
      .join(' ');
    expect(env).toMatch(/NODE_ENV=production/);
  });

  it('starts the compiled operator, the bin of package.json', () => {
    const entrypoint = runtime.filter((i) => i.op === 'ENTRYPOINT').at(-1);
    expect(JSON.parse(entrypoint?.args ?? 'null')).toEqual(['node', 'dist/main.js']);
    const pkg = JSON.parse(readRepoFile('package.json')) as { bin: Record<string, string> };
    expect(pkg.bin.upgradewatch).toBe('dist/main.js');
  });

  it('copies only files that exist and that .dockerignore does not exclude', () => {
    const ignored = readFileSync(repoPath('.dockerignore'), 'utf8')
      .split('\n')
      .map((l) => l.trim())
      .filter((l) => l && !l.startsWith('#'));
    const sources = build
      .filter((i) => i.op === 'COPY' && !i.args.includes('--from'))
      .flatMap((i) => i.args.split(/\s+/).slice(0, -1));
    expect(sources).toEqual(expect.arrayContaining(['package.json', 'package-lock.json', 'src']));
    for (const source of sources) {
      expect([source, existsSync(repoPath(source))]).toEqual([source, true]);
      expect(ignored).not.toContain(source);
    }
  });

  it('keeps node_modules, dist, tests and git out of the build context', () => {
    const ignored = readFileSync(repoPath('.dockerignore'), 'utf8').split('\n');
    expect(ignored).toEqual(expect.arrayContaining(['node_modules', 'dist', 'test', '.git']));
  });
});
