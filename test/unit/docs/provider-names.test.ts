// One home per provider (docs/architecture.md#provider-descriptor): outside src/providers/, no
// source file names a provider literally. Everything else reaches a provider through the
// registry (src/providers/names.ts, descriptors, families, samples), so adding one is one folder
// and one registry line, and the compiler lists the rest.

import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';
import { PROVIDERS } from '../../../src/providers/names.js';

const SRC = fileURLToPath(new URL('../../../src/', import.meta.url));

function walk(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const path = join(dir, name);
    if (statSync(path).isDirectory()) return walk(path);
    return name.endsWith('.ts') ? [path] : [];
  });
}

/** Every `file:line: name` where a provider name appears as a whole word. */
function literalNames(files: readonly string[]): string[] {
  const word = new RegExp(`\\b(${PROVIDERS.join('|')})\\b`);
  return files.flatMap((file) =>
    readFileSync(file, 'utf8')
      .split('\n')
      .flatMap((line, index) => {
        const match = word.exec(line);
        return match ? [`${relative(SRC, file)}:${index + 1}: ${match[1]}`] : [];
      }),
  );
}

const all = walk(SRC);
const outside = all.filter((file) => !relative(SRC, file).startsWith('providers/'));

describe('provider names live in src/providers/ only', () => {
  it('finds the names where they belong (guards against a pattern that matches nothing)', () => {
    expect(literalNames(all).length).toBeGreaterThanOrEqual(PROVIDERS.length);
    expect(outside.length).toBeGreaterThan(100);
  });

  it('no file outside src/providers/ names a provider literally', () => {
    expect(literalNames(outside)).toEqual([]);
  });
});
