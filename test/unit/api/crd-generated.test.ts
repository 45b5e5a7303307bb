// The CRD is generated (src/api/crd.ts): the object equals what crds/ holds, and each of the
// three shipped files is byte for byte the generator's output, so CI fails when one drifts.
import { readFileSync } from 'node:fs';
import { parse } from 'yaml';
import { buildCrd, CRD_FILE } from '../../../src/api/crd.js';

const REPO = new URL('../../../', import.meta.url);
const read = (path: string): string => readFileSync(new URL(path, REPO), 'utf8');

describe('generated CRD', () => {
  it('deep-equals the YAML of crds/', () => {
    expect(buildCrd()).toStrictEqual(parse(read(`crds/${CRD_FILE}`)));
  });
});
