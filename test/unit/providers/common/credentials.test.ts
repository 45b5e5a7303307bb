import {
  ACCESS_KEY_SCHEME,
  CLIENT_SECRET_SCHEME,
  orAccessToken,
  publicIdentity,
  secretValues,
  SERVICE_ACCOUNT_KEY_SCHEME,
  type Credentials,
  type CredentialScheme,
} from '../../../../src/providers/common/credentials.js';
import { defineFamily } from '../../../../src/providers/common/provider.js';
import { descriptors } from '../../../../src/providers/descriptors.js';
import { alibabaKeyless } from '../../../../src/providers/alibaba-common/sts.js';

const ACCESS_KEY: Credentials = { accessKeyId: 'AKID', accessKeySecret: 'sk', securityToken: 'tok' };
const SA_KEY: Credentials = { serviceAccountKey: '{"private_key":"pk"}' };
const CLIENT_SECRET: Credentials = { tenantID: 't', clientID: 'c', clientSecret: 'cs' };

/** Credentials as decoded Secret data (every field a string). */
function secretData(credentials: Credentials): Record<string, string> {
  return Object.fromEntries(
    Object.entries(credentials).filter((entry): entry is [string, string] => typeof entry[1] === 'string'),
  );
}

describe('credential schemes', () => {
  const cases = [
    // why: the shape Alibaba, Huawei (and AWS) read; the token is optional
    ['access keys', ACCESS_KEY_SCHEME, ['accessKeyId', 'accessKeySecret'], ['securityToken'], ACCESS_KEY],
    // why: Google's JSON key is one Secret key
    ['service account key', SERVICE_ACCOUNT_KEY_SCHEME, ['serviceAccountKey'], [], SA_KEY],
    // why: Azure's application is three Secret keys of the same names
    ['client secret', CLIENT_SECRET_SCHEME, ['tenantID', 'clientID', 'clientSecret'], [], CLIENT_SECRET],
  ] as const;

  it.each(cases)('%s: names its Secret keys', (_why, scheme, required, optional) => {
    expect(scheme.requiredKeys).toEqual(required);
    expect(scheme.optionalKeys).toEqual(optional);
  });

  it.each(cases)('%s: builds its credentials from exactly its keys', (_why, scheme, _r, _o, credentials) => {
    expect(scheme.fromSecret({ ...secretData(credentials), unrelated: 'x' })).toEqual(credentials);
  });

  it.each(cases)('%s: recognises its own shape and no other', (_why, scheme, _r, _o, own) => {
    for (const other of [ACCESS_KEY, SA_KEY, CLIENT_SECRET]) expect(scheme.is(other)).toBe(other === own);
  });

  it.each([
    ['the client-secret scheme', CLIENT_SECRET_SCHEME, CLIENT_SECRET],
    ['the service-account-key scheme', SERVICE_ACCOUNT_KEY_SCHEME, SA_KEY],
  ] as const)(
    'orAccessToken(%s) also accepts a keyless access token, and nothing else new',
    (_why, scheme, own) => {
      const keyless = orAccessToken(scheme as CredentialScheme);
      expect(keyless.is({ accessToken: 'ya29.x' })).toBe(true);
      expect(keyless.is(own)).toBe(true);
      expect(keyless.is(ACCESS_KEY)).toBe(false);
      expect(keyless.is({ accessToken: '' })).toBe(false);
      expect(scheme.is({ accessToken: 'ya29.x' })).toBe(false);
    },
  );

  it('reads an access key without the optional token', () => {
    expect(ACCESS_KEY_SCHEME.fromSecret({ accessKeyId: 'a', accessKeySecret: 'b' })).toEqual({
      accessKeyId: 'a',
      accessKeySecret: 'b',
    });
  });
});

describe('secretValues and publicIdentity', () => {
  it.each([
    ['access keys: the id identifies, secret and token are secret', ACCESS_KEY, ['sk', 'tok'], 'AKID'],
    ['a JSON key is all secret', SA_KEY, ['{"private_key":"pk"}'], ''],
    ['tenant and client identify, the client secret is secret', CLIENT_SECRET, ['cs'], 't/c'],
    [
      'a keyless access token is all secret (redacted like any key)',
      { accessToken: 'ya29.x' },
      ['ya29.x'],
      '',
    ],
  ] as const)('%s', (_why, credentials, secrets, identity) => {
    expect(secretValues(credentials)).toEqual(secrets);
    expect(publicIdentity(credentials)).toBe(identity);
  });
});

describe('defineFamily', () => {
  const family = defineFamily(descriptors.AlibabaACK, {
    credentials: ACCESS_KEY_SCHEME,
    keyless: alibabaKeyless,
    connect: () => ({ observe: async () => ({ ok: true, observation: { phase: 'Idle' } }) }),
  });
  const params = {
    spec: { provider: 'AlibabaACK', region: 'cn-hangzhou', clusterID: 'c' },
    baseUrl: 'https://cs.cn-hangzhou.aliyuncs.com',
    transport: async () => ({ status: 200, headers: {}, body: '{}' }),
  } as const;

  it('connects with credentials of its own scheme', async () => {
    expect(await family.connect({ ...params, credentials: ACCESS_KEY }).observe()).toEqual({
      ok: true,
      observation: { phase: 'Idle' },
    });
  });

  it('answers AuthFailed, naming the keys and no value, for credentials of another shape', async () => {
    const result = await family.connect({ ...params, credentials: CLIENT_SECRET }).observe();
    expect(result).toEqual({
      ok: false,
      error: {
        class: 'AuthFailed',
        message: 'AlibabaACK needs accessKey credentials (accessKeyId, accessKeySecret)',
      },
    });
  });
});
