import { apiErrorCode, describeApiError } from '../../../src/runtime/kube-errors.js';

describe('describeApiError', () => {
  const refused = Object.assign(new Error('connect ECONNREFUSED 127.0.0.1:6443'), { code: 'ECONNREFUSED' });
  it.each([
    ['an API answer is named by its status only (never the body)', { code: 409, body: 'secret' }, 'HTTP 409'],
    [
      "undici's network failure keeps its cause (else every outage reads 'fetch failed')",
      new TypeError('fetch failed', { cause: refused }),
      'TypeError: fetch failed (connect ECONNREFUSED 127.0.0.1:6443)',
    ],
    ['a plain Error is its message', new Error('boom'), 'boom'],
    ['an abort names its class', new DOMException('aborted', 'AbortError'), 'AbortError: aborted'],
    ['anything else is stringified', 'odd', 'odd'],
  ])('%s', (_why, error, expected) => {
    expect(describeApiError(error)).toBe(expected);
  });

  it('reads only numeric codes as HTTP statuses (a string code is a socket error)', () => {
    expect(apiErrorCode(refused)).toBeUndefined();
    expect(apiErrorCode({ code: 404 })).toBe(404);
    // An aborted undici request: DOMException's legacy code 20 (ABORT_ERR) is not HTTP 20.
    expect(apiErrorCode(new DOMException('aborted', 'AbortError'))).toBeUndefined();
  });
});
