import { packageOf, summarize, type CpuProfile } from '../../../src/bench/cpuprofile-top.js';

const frame = (id: number, functionName: string, url: string) => ({
  id,
  callFrame: { functionName, url, lineNumber: 9 },
});

// Four frames, sampled every 1 ms: idle at first, then undici twice, our reconciler, GC.
const profile: CpuProfile = {
  nodes: [
    frame(1, '(idle)', ''),
    frame(2, 'fetch', 'file:///app/node_modules/undici/lib/web/fetch/index.js'),
    frame(3, 'reconcileWatch', 'file:///app/dist/controller/reconciler.js'),
    frame(4, '(garbage collector)', ''),
  ],
  startTime: 0,
  samples: [1, 1, 2, 2, 3, 4],
  timeDeltas: [1000, 1000, 1000, 1000, 1000, 1000],
};

describe('packageOf', () => {
  it.each([
    // why: dependencies are summed per package, scoped ones with their scope
    ['file:///a/node_modules/@kubernetes/client-node/dist/x.js', 'f', '@kubernetes/client-node'],
    ['file:///a/node_modules/undici/lib/x.js', 'f', 'undici'],
    // why: Node's internals per module, without the internal/ prefix
    ['node:internal/http2/core', 'f', 'node:http2'],
    // why: the project's own code per file, to find the module to fix
    ['file:///a/dist/controller/status.js', 'f', 'upgradewatch controller/status.js'],
    // why: V8's pseudo-frames keep their names; other frames without a URL are native code
    ['', '(garbage collector)', '(garbage collector)'],
    ['', 'writeLatin1String', '(native)'],
  ])('%s %s → %s', (url, fn, want) => {
    expect(packageOf(url, fn)).toBe(want);
  });
});

describe('summarize', () => {
  it('sums self time by package and function, without idle', () => {
    const s = summarize(profile);
    expect(s).toMatchObject({ totalMs: 6, busyMs: 4 });
    expect(s.byPackage).toEqual([
      { name: 'undici', ms: 2, share: 50 },
      { name: 'upgradewatch controller/reconciler.js', ms: 1, share: 25 },
      { name: '(garbage collector)', ms: 1, share: 25 },
    ]);
    expect(s.byFunction[0]).toEqual({
      name: 'fetch node_modules/undici/lib/web/fetch/index.js:10',
      ms: 2,
      share: 50,
    });
  });

  it('keeps only the samples of the slice (e.g. the cold start)', () => {
    // Samples at 1..6 ms; 4.5–6 ms holds the reconciler and GC samples only.
    const s = summarize(profile, 0.0045, 0.006);
    expect(s.byPackage.map((p) => p.name)).toEqual([
      'upgradewatch controller/reconciler.js',
      '(garbage collector)',
    ]);
  });
});
