// The layering of docs/architecture.md#layers, enforced: every relative import in src/ goes from a
// layer to one the table allows. The operator's run path never imports a tool (simulator, control
// plane, devkit, demo, bench, plugin); tools may use every layer.

import { readdirSync, readFileSync, statSync } from 'node:fs';
import { dirname, join, relative, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

const SRC = fileURLToPath(new URL('../../../src/', import.meta.url));

type Layer =
  'facts' | 'api' | 'signing' | 'runtime' | 'providers' | 'credentials' | 'controller' | 'wiring' | 'tool';

/** The table of docs/architecture.md#layers: which layers each layer may import. */
const ALLOWED: Readonly<Record<Layer, readonly Layer[]>> = {
  facts: ['signing'],
  api: ['facts'],
  signing: [],
  runtime: ['facts', 'api'],
  providers: ['facts', 'api', 'signing', 'runtime'],
  credentials: ['facts', 'api', 'runtime', 'providers'],
  controller: ['facts', 'api', 'runtime', 'providers', 'credentials'],
  wiring: ['facts', 'api', 'signing', 'runtime', 'providers', 'credentials', 'controller'],
  tool: ['facts', 'api', 'signing', 'runtime', 'providers', 'credentials', 'controller', 'wiring', 'tool'],
};

/** Type-only imports a layer may make of a layer that imports it: types vanish at run time. */
const TYPE_ONLY: Readonly<Partial<Record<Layer, readonly Layer[]>>> = {
  facts: ['api'],
};

/** Single edges the table does not cover, each with its reason. */
const EXCEPTIONS: ReadonlyArray<{ from: RegExp; to: RegExp; why: string }> = [
  {
    from: /^signing\//,
    to: /^providers\/common\/time\.ts$/,
    why: 'signers format their timestamps with the one formatTime the providers use',
  },
];

/** Pure provider facts (no client code): the registry line and the leaf modules it reads. */
const FACTS = [
  /^providers\/names\.ts$/,
  /^providers\/descriptors\.ts$/,
  /^providers\/[^/]+\/descriptor\.ts$/,
  /^providers\/[^/]+\/endpoints?\.ts$/,
  /^providers\/[^/]+\/facts\.ts$/,
];

/** Provider samples: scripted simulator states for the demo, bench and tests, never the operator. */
const SAMPLES = [
  /^providers\/samples\.ts$/,
  /^providers\/sample-credentials\.ts$/,
  /^providers\/[^/]+\/sample\.ts$/,
];

function layerOf(path: string): Layer {
  if (FACTS.some((pattern) => pattern.test(path))) return 'facts';
  if (SAMPLES.some((pattern) => pattern.test(path))) return 'tool';
  const top = path.split('/')[0] ?? '';
  switch (top) {
    case 'api':
    case 'signing':
    case 'runtime':
    case 'providers':
    case 'credentials':
    case 'controller':
      return top;
    case 'operator.ts':
    case 'main.ts':
    case 'config.ts':
      return 'wiring';
    default:
      return 'tool';
  }
}

function walk(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const path = join(dir, name);
    if (statSync(path).isDirectory()) return walk(path);
    return name.endsWith('.ts') ? [path] : [];
  });
}

const IMPORT = /(?:^|\n)\s*(import|export)\s(type\s)?[^;]*?from\s+'(\.{1,2}\/[^']+)'/g;

interface Edge {
  from: string;
  to: string;
  typeOnly: boolean;
}

function edgesOf(file: string): Edge[] {
  const from = relative(SRC, file);
  const text = readFileSync(file, 'utf8');
  return [...text.matchAll(IMPORT)].map((match) => ({
    from,
    to: relative(SRC, resolve(dirname(file), match[3]!)).replace(/\.js$/, '.ts'),
    typeOnly: match[2] !== undefined,
  }));
}

function allowed(edge: Edge): boolean {
  const from = layerOf(edge.from);
  const to = layerOf(edge.to);
  if (from === to) return true;
  if (ALLOWED[from].includes(to)) return true;
  if (edge.typeOnly && TYPE_ONLY[from]?.includes(to)) return true;
  return EXCEPTIONS.some((e) => e.from.test(edge.from) && e.to.test(edge.to));
}

const edges = walk(SRC).flatMap(edgesOf);

describe('docs/architecture.md#layers', () => {
  it('reads a real tree (guards against a walk or pattern that finds nothing)', () => {
    expect(edges.length).toBeGreaterThan(500);
    expect(edges).toContainEqual({ from: 'operator.ts', to: 'controller/index.ts', typeOnly: false });
  });

  // Why each case: the classifier is what the whole check rests on.
  it.each([
    ['providers/names.ts', 'facts'],
    ['providers/huawei-cce/descriptor.ts', 'facts'],
    ['providers/huawei-common/endpoints.ts', 'facts'],
    ['providers/huawei-cce/sample.ts', 'tool'],
    ['providers/huawei-cce/client.ts', 'providers'],
    ['api/schema.ts', 'api'],
    ['operator.ts', 'wiring'],
    ['simulator/alibaba/routes.ts', 'tool'],
    ['devkit/kube-rest.ts', 'tool'],
  ])('%s is in layer %s', (path, layer) => {
    expect(layerOf(path)).toBe(layer);
  });

  it('the operator never imports a tool, and no layer imports one above it', () => {
    const broken = edges.filter((edge) => !allowed(edge)).map((e) => `${e.from} → ${e.to}`);
    expect(broken).toEqual([]);
  });
});
