// The tools cache lookup the integration tests use for kubectl (test/helpers/tools.ts): the
// pinned build in the cache or a failure naming the installer, never whatever is on PATH.
import { chmodSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { delimiter, join } from 'node:path';
import { cachedToolPath, toolsBinDir } from '../../helpers/tools.js';

const saved = { bin: process.env.UPGRADEWATCH_TOOLS_BIN, path: process.env.PATH };
let empty: string;
let stocked: string;

beforeAll(() => {
  empty = mkdtempSync(join(tmpdir(), 'uw-tools-empty-'));
  stocked = mkdtempSync(join(tmpdir(), 'uw-tools-stocked-'));
  writeFileSync(join(stocked, 'kubectl'), '#!/bin/sh\n');
  chmodSync(join(stocked, 'kubectl'), 0o755);
});

afterEach(() => {
  for (const [key, value] of [
    ['UPGRADEWATCH_TOOLS_BIN', saved.bin],
    ['PATH', saved.path],
  ] as const) {
    if (value === undefined) delete process.env[key];
    else process.env[key] = value;
  }
});

afterAll(() => {
  rmSync(empty, { recursive: true, force: true });
  rmSync(stocked, { recursive: true, force: true });
});

it('UPGRADEWATCH_TOOLS_BIN names the tools dir (as scripts/tools/lib.sh does)', () => {
  process.env.UPGRADEWATCH_TOOLS_BIN = empty;
  expect(toolsBinDir()).toBe(empty);
});

it('finds the installed tool in the cache', () => {
  process.env.UPGRADEWATCH_TOOLS_BIN = stocked;
  expect(cachedToolPath('kubectl', 'scripts/tools/install-kubectl.sh')).toBe(join(stocked, 'kubectl'));
});

it('a tool missing from the cache fails with the installer, even when PATH has one', () => {
  process.env.UPGRADEWATCH_TOOLS_BIN = empty;
  process.env.PATH = [stocked, saved.path].join(delimiter); // a kubectl on PATH is not the pinned one
  expect(() => cachedToolPath('kubectl', 'scripts/tools/install-kubectl.sh')).toThrow(
    new Error(
      `kubectl is not installed at ${join(empty, 'kubectl')}: run scripts/setup.sh (or bash scripts/tools/install-kubectl.sh)`,
    ),
  );
});
