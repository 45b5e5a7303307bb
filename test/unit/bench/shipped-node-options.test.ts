import { readFileSync } from 'node:fs';
import { parse } from 'yaml';
import { parseOptions, SHIPPED_NODE_OPTIONS } from '../../../src/bench/options.js';

const read = (path: string): string => readFileSync(new URL(`../../../${path}`, import.meta.url), 'utf8');

describe('the bench runs the operator as shipped', () => {
  // The RSS figure in docs/benchmarks.md only means something if the bench starts the
  // operator with the same V8 heap limit as the image, the chart and the kustomize base.
  it('uses the heap limit of the Dockerfile', () => {
    expect(read('Dockerfile')).toContain(`NODE_OPTIONS="${SHIPPED_NODE_OPTIONS}"`);
  });

  it("uses the chart's default heapLimitMiB", () => {
    const values = parse(read('charts/upgradewatch/values.yaml')) as { heapLimitMiB: number };
    expect(SHIPPED_NODE_OPTIONS).toBe(`--max-old-space-size=${values.heapLimitMiB} --max-semi-space-size=4`);
  });

  it('uses the NODE_OPTIONS of the kustomize Deployment', () => {
    expect(read('deploy/manager/deployment.yaml')).toContain(`value: ${SHIPPED_NODE_OPTIONS}`);
  });

  it.each([
    ['no flag: as shipped', [], SHIPPED_NODE_OPTIONS],
    ['an explicit flag wins', ['--node-options', '--max-old-space-size=512'], '--max-old-space-size=512'],
    ['an empty flag runs node with its own defaults', ['--node-options', ''], undefined],
  ])('parseOptions: %s', (_why, argv, expected) => {
    expect(parseOptions(argv as string[]).nodeOptions).toBe(expected);
  });
});
