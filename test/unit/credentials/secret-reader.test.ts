import {
  createCredentialsReader,
  credentialsFromSecretData,
  CREDENTIALS_LABEL,
  kubeSecretSource,
  type SecretSource,
} from '../../../src/credentials/secret-reader.js';
import {
  ACCESS_KEY_SCHEME,
  CLIENT_SECRET_SCHEME,
  SERVICE_ACCOUNT_KEY_SCHEME,
  type CredentialScheme,
} from '../../../src/providers/common/credentials.js';

const b64 = (text: string): string => Buffer.from(text, 'utf8').toString('base64');
const SECRET = 'sEcReT-value-0123456789';

/** Accepted: the access key id exactly; refused: a message containing `detail`. */
function idOrMessage(ok: boolean, detail: string): unknown {
  return ok ? detail : expect.stringContaining(detail);
}

describe('credentialsFromSecretData', () => {
  const cases: Array<[why: string, data: Record<string, string> | undefined, ok: boolean, detail: string]> = [
    ['both required keys', { accessKeyId: b64('AKID'), accessKeySecret: b64(SECRET) }, true, 'AKID'],
    [
      'a trailing newline from `echo` is trimmed',
      { accessKeyId: b64('AKID\n'), accessKeySecret: b64(`${SECRET}\n`) },
      true,
      'AKID',
    ],
    ['missing secret names the key', { accessKeyId: b64('AKID') }, false, 'accessKeySecret'],
    [
      'empty id names the key',
      { accessKeyId: b64('  '), accessKeySecret: b64(SECRET) },
      false,
      'accessKeyId',
    ],
    ['an empty Secret names both keys', {}, false, 'accessKeyId or accessKeySecret'],
  ];
  it.each(cases)('%s', (_why, data, ok, detail) => {
    const result = credentialsFromSecretData('ns/creds', data, ACCESS_KEY_SCHEME);
    expect(result.ok).toBe(ok);
    // Accepted: the access key id exactly; refused: a message naming what is missing.
    expect(result.ok ? result.credentials.accessKeyId : result.message).toEqual(idOrMessage(ok, detail));
    expect(JSON.stringify(result.ok ? { ...result, credentials: undefined } : result)).not.toContain(SECRET);
  });

  it('an optional securityToken is read; the fingerprint changes with any value', () => {
    const read = (data: Record<string, string>) => credentialsFromSecretData('ns/c', data, ACCESS_KEY_SCHEME);
    const plain = read({ accessKeyId: b64('A'), accessKeySecret: b64(SECRET) });
    const sts = read({
      accessKeyId: b64('A'),
      accessKeySecret: b64(SECRET),
      securityToken: b64('tok'),
    });
    const rotated = read({
      accessKeyId: b64('A'),
      accessKeySecret: b64(`${SECRET}x`),
    });
    if (!plain.ok || !sts.ok || !rotated.ok) throw new Error('expected ok');
    expect(sts.credentials.securityToken).toBe('tok');
    expect(new Set([plain.fingerprint, sts.fingerprint, rotated.fingerprint]).size).toBe(3);
    expect(plain.fingerprint).toMatch(/^[0-9a-f]{16}$/);
    expect(plain.fingerprint).not.toContain(SECRET);
  });
});

describe('createCredentialsReader', () => {
  function setup(initial: Record<string, string> | undefined) {
    let data = initial;
    let reads = 0;
    let now = Date.parse('2025-01-01T00:00:00Z');
    const readSecret: SecretSource = async () => {
      reads += 1;
      return data;
    };
    const reader = createCredentialsReader({ readSecret, clock: { now: () => new Date(now) } });
    return {
      reader,
      reads: () => reads,
      advance: (ms: number) => (now += ms),
      set: (d: Record<string, string> | undefined) => (data = d),
    };
  }

  it('caches a good Secret for under 30 s, so a rotation is seen within a minute', async () => {
    const s = setup({ accessKeyId: b64('A'), accessKeySecret: b64('one-secret') });
    const first = await s.reader.read('ns', 'c', ACCESS_KEY_SCHEME);
    s.set({ accessKeyId: b64('A'), accessKeySecret: b64('two-secret') });
    s.advance(29_000);
    expect(await s.reader.read('ns', 'c', ACCESS_KEY_SCHEME)).toEqual(first);
    expect(s.reads()).toBe(1);
    s.advance(1_000);
    const rotated = await s.reader.read('ns', 'c', ACCESS_KEY_SCHEME);
    expect(rotated.ok && first.ok && rotated.fingerprint !== first.fingerprint).toBe(true);
    expect(s.reads()).toBe(2);
  });

  it('does not cache a missing Secret: creating it is noticed at the next check', async () => {
    const s = setup(undefined);
    expect(await s.reader.read('ns', 'c', ACCESS_KEY_SCHEME)).toEqual({
      ok: false,
      message: 'Secret ns/c not found',
    });
    s.set({ accessKeyId: b64('A'), accessKeySecret: b64('one-secret') });
    expect((await s.reader.read('ns', 'c', ACCESS_KEY_SCHEME)).ok).toBe(true);
  });

  it('an API failure becomes a message with the HTTP code only, never the response body', async () => {
    const reader = createCredentialsReader({
      readSecret: async () => {
        throw Object.assign(new Error(`HTTP-Code: 403 Body: {"data":"${SECRET}"}`), { code: 403 });
      },
      clock: { now: () => new Date() },
    });
    const result = await reader.read('ns', 'c', ACCESS_KEY_SCHEME);
    expect(result).toEqual({ ok: false, message: 'Secret ns/c could not be read: HTTP 403' });
  });
});

describe('kubeSecretSource', () => {
  it('maps 404 to undefined and passes the name and namespace', async () => {
    const calls: unknown[] = [];
    const source = kubeSecretSource({
      readNamespacedSecret: async (param) => {
        calls.push(param);
        throw Object.assign(new Error('not found'), { code: 404 });
      },
    });
    expect(await source('team-a', 'creds')).toBeUndefined();
    expect(calls).toEqual([{ name: 'creds', namespace: 'team-a' }]);
  });

  it('rethrows other failures', async () => {
    const source = kubeSecretSource({
      readNamespacedSecret: async () => {
        throw Object.assign(new Error('forbidden'), { code: 403 });
      },
    });
    await expect(source('a', 'b')).rejects.toMatchObject({ code: 403 });
  });

  it('returns the data map', async () => {
    const source = kubeSecretSource({
      readNamespacedSecret: async () => ({ data: { accessKeyId: 'QQ==' } }),
    });
    expect(await source('a', 'b')).toEqual({ accessKeyId: 'QQ==' });
  });

  const labelled = (labels: Record<string, string> | undefined) => async () => ({
    data: { accessKeyId: 'QQ==' },
    ...(labels ? { metadata: { labels } } : {}),
  });
  it.each([
    ['no labels at all: refused', undefined, false],
    [
      'the label with another value: refused (only "true" opts a Secret in)',
      { [CREDENTIALS_LABEL]: 'yes' },
      false,
    ],
    ['another label only: refused', { app: 'db' }, false],
    ['labelled upgradewatch.io/credentials: "true": used', { [CREDENTIALS_LABEL]: 'true' }, true],
  ])('with requireLabel, %s', async (_why, labels, usable) => {
    const reader = createCredentialsReader({
      readSecret: kubeSecretSource({ readNamespacedSecret: labelled(labels) }, { requireLabel: true }),
      clock: { now: () => new Date(0) },
    });
    const result = await reader.read('team-a', 'db-password', ACCESS_KEY_SCHEME);
    // Usable: no refusal for the label (whatever else the reader says); refused: exactly this text.
    const labelRefusal = result.ok
      ? undefined
      : /Secret team-a\/db-password may not be used: it lacks the label [A-Za-z0-9./-]+/.exec(
          result.message,
        )?.[0];
    expect(labelRefusal).toBe(
      usable
        ? undefined
        : `Secret team-a/db-password may not be used: it lacks the label ${CREDENTIALS_LABEL}`,
    );
  });

  it('without requireLabel an unlabelled Secret is used (the default)', async () => {
    const source = kubeSecretSource({ readNamespacedSecret: labelled(undefined) });
    expect(await source('a', 'b')).toEqual({ accessKeyId: 'QQ==' });
  });
});

describe('createCredentialsReader onCredentials', () => {
  it('reports each fresh read so main.ts can register the values with the log redactor', async () => {
    const seen: string[] = [];
    const reader = createCredentialsReader({
      readSecret: async () => ({
        accessKeyId: b64('AK'),
        accessKeySecret: b64(SECRET),
        securityToken: b64('tok-123456'),
      }),
      clock: { now: () => new Date('2025-01-01T00:00:00Z') },
      onCredentials: (c) => seen.push(c.accessKeySecret ?? '', c.securityToken ?? ''),
    });
    await reader.read('ns', 'creds', ACCESS_KEY_SCHEME);
    await reader.read('ns', 'creds', ACCESS_KEY_SCHEME); // cached: no second report
    expect(seen).toEqual([SECRET, 'tok-123456']);
  });
});

describe('credentials of other schemes (the family decides the Secret keys)', () => {
  const KEY = '{"type":"service_account","private_key":"-----BEGIN PRIVATE KEY-----x"}';

  const cases: Array<[why: string, scheme: CredentialScheme, data: Record<string, string>, message: string]> =
    [
      [
        'a JSON key missing',
        SERVICE_ACCOUNT_KEY_SCHEME,
        {},
        'Secret ns/c has no non-empty serviceAccountKey',
      ],
      [
        'an application missing two of its keys: both named, in the scheme order',
        CLIENT_SECRET_SCHEME,
        { clientID: b64('app') },
        'Secret ns/c has no non-empty tenantID or clientSecret',
      ],
    ];
  it.each(cases)('%s', (_why, scheme, data, message) => {
    expect(credentialsFromSecretData('ns/c', data, scheme)).toEqual({ ok: false, message });
  });

  it('reads a JSON key; the fingerprint covers it and never shows it', () => {
    const first = credentialsFromSecretData(
      'ns/c',
      { serviceAccountKey: b64(KEY) },
      SERVICE_ACCOUNT_KEY_SCHEME,
    );
    const rotated = credentialsFromSecretData(
      'ns/c',
      { serviceAccountKey: b64(`${KEY}y`) },
      SERVICE_ACCOUNT_KEY_SCHEME,
    );
    if (!first.ok || !rotated.ok) throw new Error('expected ok');
    expect(first.credentials).toEqual({ serviceAccountKey: KEY });
    expect(first.fingerprint).not.toBe(rotated.fingerprint);
    expect(first.fingerprint).not.toContain('private_key');
  });

  it('the fingerprint changes with every value of an application, the identifying ones too', () => {
    const data = { tenantID: b64('t'), clientID: b64('c'), clientSecret: b64(SECRET) };
    const prints = [
      data,
      { ...data, tenantID: b64('t2') },
      { ...data, clientID: b64('c2') },
      { ...data, clientSecret: b64('s2') },
    ].map((d) => {
      const result = credentialsFromSecretData('ns/c', d, CLIENT_SECRET_SCHEME);
      if (!result.ok) throw new Error('expected ok');
      return result.fingerprint;
    });
    expect(new Set(prints).size).toBe(4);
  });

  it('one Secret read under two schemes is cached per scheme', async () => {
    let reads = 0;
    const reader = createCredentialsReader({
      readSecret: async () => {
        reads += 1;
        return { accessKeyId: b64('AK'), accessKeySecret: b64(SECRET), serviceAccountKey: b64(KEY) };
      },
      clock: { now: () => new Date(0) },
    });
    const keys = await reader.read('ns', 'c', ACCESS_KEY_SCHEME);
    const json = await reader.read('ns', 'c', SERVICE_ACCOUNT_KEY_SCHEME);
    expect(keys.ok && keys.credentials).toEqual({ accessKeyId: 'AK', accessKeySecret: SECRET });
    expect(json.ok && json.credentials).toEqual({ serviceAccountKey: KEY });
    await reader.read('ns', 'c', ACCESS_KEY_SCHEME);
    await reader.read('ns', 'c', SERVICE_ACCOUNT_KEY_SCHEME);
    expect(reads).toBe(2);
  });
});
