import * as simulator from '../../../src/simulator/index.js';
import { BadRequestError, toSimRequest } from '../../../src/simulator/request.js';

describe('toSimRequest', () => {
  it('keeps the raw path and query exactly as signed, and decodes copies', () => {
    const request = toSimRequest(
      {
        method: 'get',
        url: '/clusters/c1/components/upgradestatus?componentIds=%5B%22metrics-server%22%5D&a=1&a=2&flag',
        headers: { Host: '127.0.0.1', 'x-multi': ['a', 'b'], absent: undefined },
      },
      '',
    );
    expect(request).toEqual({
      method: 'GET',
      rawPath: '/clusters/c1/components/upgradestatus',
      path: '/clusters/c1/components/upgradestatus',
      rawQuery: 'componentIds=%5B%22metrics-server%22%5D&a=1&a=2&flag',
      query: { componentIds: '["metrics-server"]', a: '2', flag: '' },
      headers: { host: '127.0.0.1', 'x-multi': 'a, b' },
      body: '',
    });
  });

  it.each([
    ['RFC 3986: "+" is a plus, not a space', '/p?q=a+b', { q: 'a+b' }, '/p'],
    ['%20 is a space', '/p?q=a%20b', { q: 'a b' }, '/p'],
    [
      'absolute-form targets (as proxies send) use their path',
      'http://cs.cn-hangzhou.aliyuncs.com/x/y?z=1',
      { z: '1' },
      '/x/y',
    ],
    ['an absolute-form target without a path is /', 'http://host', {}, '/'],
    ['a fragment is dropped', '/p?q=1#frag', { q: '1' }, '/p'],
    ['encoded path segments are decoded in path only', '/a%2Fb', {}, '/a/b'],
  ])('%s', (_why, url, query, path) => {
    const request = toSimRequest({ url, headers: {} }, '');
    expect(request.query).toEqual(query);
    expect(request.path).toBe(path);
  });

  it.each([
    ['bad escape in the path', '/a%zz'],
    ['bad escape in the query', '/a?q=%E0%A4%A'],
    ['a target that is neither a path nor a URL', '*'],
  ])('refuses %s with BadRequestError', (_why, url) => {
    expect(() => toSimRequest({ url, headers: {} }, '')).toThrow(BadRequestError);
  });
});

describe('public surface (index.ts)', () => {
  it('exports the entry points the demo, bench and tests use', () => {
    expect(typeof simulator.startSimulator).toBe('function');
    expect(typeof simulator.SimAdminClient).toBe('function');
    expect(typeof simulator.loadScenario).toBe('function');
    expect(simulator.FAULT_KINDS).toContain('throttle');
    expect(simulator.STATE_OPERATIONS.HuaweiCCE).toContain('ListUpgradeWorkFlows');
  });
});
