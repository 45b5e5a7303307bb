// The secret-scan helper must find a secret in every form a leak takes, or a clean scan means
// nothing. Each row plants the secret in one encoding inside ordinary text.

import { describeHits, scanForSecrets, secretForms, textsOf } from '../../helpers/secret-scan.js';

const SECRET = 'hostile-secret-Zq9xV2mK7pL4';
const TRICKY = 'p@ss/wörd+with space&"quote"';

const b64 = (text: string, encoding: 'base64' | 'base64url' = 'base64'): string =>
  Buffer.from(text, 'utf8').toString(encoding);

describe('scanForSecrets finds every encoding', () => {
  const planted: Array<[why: string, secret: string, text: string, form: string]> = [
    ['verbatim in a log line', SECRET, `{"msg":"auth ${SECRET} failed"}`, 'raw'],
    ['JSON-escaped inside a log line', TRICKY, JSON.stringify({ msg: TRICKY }), 'json-escaped'],
    ['URL-encoded in a query string', TRICKY, `GET /x?sk=${encodeURIComponent(TRICKY)}`, 'url'],
    [
      'URL-encoded with lower-case hex',
      TRICKY,
      `q=${encodeURIComponent(TRICKY).replace(/%[0-9A-F]{2}/g, (m) => m.toLowerCase())}`,
      'url',
    ],
    [
      'form-encoded (+ for space)',
      TRICKY,
      `body=${encodeURIComponent(TRICKY).replace(/%20/g, '+')}`,
      'form-url',
    ],
    ['base64 on its own (Secret.data)', SECRET, `accessKeySecret: ${b64(SECRET)}`, 'base64'],
    ['base64url on its own', TRICKY, `token=${b64(TRICKY, 'base64url')}`, 'base64url'],
    ['hex-dumped', SECRET, `<Buffer ${Buffer.from(SECRET).toString('hex')}>`, 'hex'],
    ['base64 of "id:secret" (a Basic header), offset 1', SECRET, `Basic ${b64(`a:${SECRET}`)}`, 'base64@2'],
    ['base64 inside a longer value, offset 1', SECRET, b64(`x${SECRET}tail`), 'base64@1'],
    ['base64 inside a longer value, offset 2', SECRET, b64(`xy${SECRET}tail`), 'base64@2'],
    // At offset 0 a 27-byte secret encodes exactly like the whole value, so either form names it;
    // likewise base64url equals base64 where neither '+' nor '/' occurs.
    ['base64 inside a longer value, offset 0', SECRET, b64(`xyz${SECRET}tail`), 'base64'],
    ['base64url inside a longer value', TRICKY, b64(`{"k":"${TRICKY}"}`, 'base64url'), 'base64'],
  ];

  it.each(planted)('%s', (_why, secret, text, form) => {
    const hits = scanForSecrets(['nothing here', text], [secret]);
    expect(hits.length).toBeGreaterThan(0);
    expect(hits.every((h) => h.text === 1 && h.secret === 0)).toBe(true);
    expect(hits.map((h) => h.form).some((f) => f.startsWith(form))).toBe(true);
  });
});

describe('scanForSecrets stays quiet on clean text', () => {
  it('finds nothing in text without the secret or its encodings', () => {
    const texts = [
      'poll failed: InvalidResponse (request id 1F2E)',
      b64('a completely different value of similar length'),
      encodeURIComponent('other/value with space'),
      SECRET.slice(0, 10), // a prefix alone is not the secret
    ];
    expect(scanForSecrets(texts, [SECRET, TRICKY])).toEqual([]);
  });

  it('refuses secrets too short to scan for meaningfully', () => {
    expect(() => scanForSecrets(['x'], ['abc'])).toThrow(/shorter than/);
  });

  it('reports every occurrence with its position, and describes hits without the value', () => {
    const hits = scanForSecrets([`${SECRET} and ${SECRET}`], [SECRET]);
    expect(hits.filter((h) => h.form === 'raw').map((h) => h.at)).toEqual([0, SECRET.length + 5]);
    const description = describeHits(hits, ['status']);
    expect(description).toContain('status: secret #0 as raw at 0');
    expect(description).not.toContain(SECRET);
  });

  it('lists the forms it looks for', () => {
    expect(secretForms(TRICKY)).toEqual(
      expect.arrayContaining([
        'raw',
        'json-escaped',
        'url',
        'form-url',
        'hex',
        'base64',
        'base64url',
        'base64@0',
        'base64@1',
        'base64@2',
      ]),
    );
  });
});

describe('textsOf flattens what components emit', () => {
  it('keeps strings, serializes objects (cycles tolerated) and errors with their own fields', () => {
    const cyclic: Record<string, unknown> = { a: SECRET };
    cyclic.self = cyclic;
    const error = Object.assign(new Error('boom'), { config: { headers: { authorization: SECRET } } });
    const texts = textsOf('plain', cyclic, error, 12n as unknown);
    expect(texts[0]).toBe('plain');
    expect(scanForSecrets([texts[1]!], [SECRET])).not.toEqual([]);
    expect(scanForSecrets(texts.slice(2), [SECRET])).not.toEqual([]);
    expect(texts.at(-1)).toBe('"12"');
  });
});
