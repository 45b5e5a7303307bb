// Keyless credentials end to end with an injected transport and a fake ServiceAccount API:
// the exact requests of both exchanges, the cache key, revocation by ServiceAccount, and the
// classification of every failure. (The real kube-apiserver and simulator are in
// test/integration; client-node is not mocked there.)
import { applyRuntimeDefaults } from '../../../src/api/defaults.js';
import { parseSpec } from '../../../src/api/schema.js';
import { roleSessionName } from '../../../src/providers/alibaba-common/sts.js';
import type { ServiceAccountApi } from '../../../src/credentials/token-request.js';
import { createWorkloadIdentitySource } from '../../../src/credentials/workload-identity.js';
import type { HttpRequest, HttpResponse } from '../../../src/providers/common/transport.js';
import { TransportError } from '../../../src/providers/common/transport.js';

const ROLE = 'acs:ram::1234567890123456:role/ack-upgrade-reader';
const PROVIDER = 'acs:ram::1234567890123456:oidc-provider/ack-rrsa-c1';
const SA_TOKEN = 'eyJhbGciOiJSUzI1NiJ9.sa-token-payload.signature-part';
const NOW = Date.parse('2026-01-01T00:00:00Z');

function spec(raw: Record<string, unknown>) {
  const parsed = parseSpec(raw);
  if (!parsed.ok) throw new Error(parsed.message);
  return applyRuntimeDefaults(parsed.spec);
}

const alibabaSpec = spec({
  provider: 'AlibabaACK',
  region: 'cn-hangzhou',
  clusterID: 'c1',
  workloadIdentity: { serviceAccountName: 'reader', roleARN: ROLE, oidcProviderARN: PROVIDER },
});
const huaweiSpec = spec({
  provider: 'HuaweiCCE',
  region: 'eu-west-101',
  clusterID: 'c1',
  projectID: 'p1',
  workloadIdentity: { serviceAccountName: 'reader', idpID: 'cce-oidc', audience: 'client-1' },
});

const stsReply = (id: string): HttpResponse => ({
  status: 200,
  headers: {},
  body: JSON.stringify({
    RequestId: 'r1',
    Credentials: {
      AccessKeyId: id,
      AccessKeySecret: 'tmp-secret',
      SecurityToken: 'tmp-token',
      Expiration: '2026-01-01T01:00:00Z',
    },
  }),
});

function world(
  opts: {
    reply?: (request: HttpRequest) => HttpResponse | Promise<HttpResponse>;
    uid?: () => string | undefined;
    tokenError?: number;
  } = {},
) {
  let now = NOW;
  const requests: HttpRequest[] = [];
  const tokenRequests: Array<{
    name: string;
    namespace: string;
    audiences: string[];
    expirationSeconds?: number;
  }> = [];
  const secrets: string[] = [];
  const apiError = (code: number) => Object.assign(new Error(`HTTP ${code}`), { code });
  const api: ServiceAccountApi = {
    readNamespacedServiceAccount: async () => {
      const uid = (opts.uid ?? (() => 'uid-1'))();
      if (uid === undefined) throw apiError(404);
      return { metadata: { uid } };
    },
    createNamespacedServiceAccountToken: async ({ name, namespace, body }) => {
      if (opts.tokenError) throw apiError(opts.tokenError);
      tokenRequests.push({ name, namespace, ...body.spec });
      return { status: { token: SA_TOKEN } };
    },
  };
  const source = createWorkloadIdentitySource({
    serviceAccounts: api,
    transport: async (request) => {
      requests.push(request);
      return (opts.reply ?? (() => stsReply(`STS.${requests.length}`)))(request);
    },
    clock: { now: () => new Date(now) },
    allowCustomEndpoints: false,
    onSecret: (value) => secrets.push(value),
  });
  const get = (s = alibabaSpec, namespace = 'team-a', baseUrl = 'https://cs.cn-hangzhou.aliyuncs.com') =>
    source.get({ namespace, spec: s, identity: s.workloadIdentity!, baseUrl });
  return { source, get, requests, tokenRequests, secrets, advance: (ms: number) => (now += ms) };
}

describe('Alibaba AssumeRoleWithOIDC', () => {
  it('mints a 1 h token for the sts.aliyuncs.com audience and posts the SDK’s form, unsigned', async () => {
    const w = world();
    const result = await w.get();
    expect(result).toMatchObject({
      ok: true,
      credentials: { accessKeyId: 'STS.1', securityToken: 'tmp-token' },
    });
    expect(result.ok && result.expiresAt?.toISOString()).toBe('2026-01-01T01:00:00.000Z');
    expect(w.tokenRequests).toEqual([
      { name: 'reader', namespace: 'team-a', audiences: ['sts.aliyuncs.com'], expirationSeconds: 3600 },
    ]);
    const [request] = w.requests;
    const url = new URL(request!.url);
    expect(request!.method).toBe('POST');
    expect(url.origin).toBe('https://sts.cn-hangzhou.aliyuncs.com');
    expect(Object.fromEntries(url.searchParams)).toEqual({
      Action: 'AssumeRoleWithOIDC',
      Version: '2015-04-01',
      Format: 'JSON',
      Timestamp: '2026-01-01T00:00:00Z',
    });
    expect(request!.headers['content-type']).toBe('application/x-www-form-urlencoded');
    expect(Object.keys(request!.headers).map((h) => h.toLowerCase())).not.toContain('authorization');
    expect(Object.fromEntries(new URLSearchParams(request!.body))).toEqual({
      OIDCProviderArn: PROVIDER,
      OIDCToken: SA_TOKEN,
      RoleArn: ROLE,
      RoleSessionName: 'upgradewatch-team-a-reader',
      DurationSeconds: '3600',
    });
    expect(w.secrets).toEqual(expect.arrayContaining([SA_TOKEN, 'tmp-secret', 'tmp-token']));
  });

  it('trims the RoleSessionName to 64 characters of the allowed set', () => {
    const name = roleSessionName('n'.repeat(63), 's'.repeat(253));
    expect(name).toHaveLength(64);
    expect(name).toMatch(/^upgradewatch-n+-?s*$/);
    expect(roleSessionName('a', 'b/c')).toBe('upgradewatch-a-b-c');
  });

  it('asks once per identity: 20 watches on one ServiceAccount share the keys until 5 min before expiry', async () => {
    const w = world();
    await Promise.all(Array.from({ length: 20 }, () => w.get()));
    expect(w.requests).toHaveLength(1);
    w.advance(54 * 60_000);
    await w.get();
    expect(w.requests).toHaveLength(1);
    w.advance(60_000);
    await w.get();
    expect(w.requests).toHaveLength(2);
  });

  it('keeps identities apart: another namespace or audience is another exchange and fingerprint', async () => {
    const w = world();
    const a = await w.get();
    const b = await w.get(alibabaSpec, 'team-b');
    const other = spec({
      ...alibabaSpec,
      workloadIdentity: { ...alibabaSpec.workloadIdentity, audience: 'other' },
    });
    const c = await w.get(other);
    expect(w.requests).toHaveLength(3);
    expect(new Set([a.fingerprint, b.fingerprint, c.fingerprint]).size).toBe(3);
  });
});

describe('Huawei OIDC federation', () => {
  it('posts the id token with X-Idp-Id, then trades X-Subject-Token for securitytokens on the .eu host', async () => {
    const w = world({
      reply: (request): HttpResponse =>
        request.url.endsWith('/v3.0/OS-AUTH/id-token/tokens')
          ? {
              status: 201,
              headers: { 'x-subject-token': 'federated-token' },
              body: '{"token":{"expires_at":"2026-01-02T00:00:00.000000Z","methods":["mapped"]}}',
            }
          : {
              status: 201,
              headers: {},
              body: JSON.stringify({
                credential: {
                  access: 'HW-AK',
                  secret: 'hw-sk',
                  securitytoken: 'hw-token',
                  expires_at: '2026-01-01T01:00:00.000000Z',
                },
              }),
            },
    });
    const result = await w.get(huaweiSpec);
    expect(result).toMatchObject({
      ok: true,
      credentials: { accessKeyId: 'HW-AK', accessKeySecret: 'hw-sk', securityToken: 'hw-token' },
    });
    expect(result.ok && result.expiresAt?.toISOString()).toBe('2026-01-01T01:00:00.000Z');
    expect(w.tokenRequests[0]!.audiences).toEqual(['client-1']);
    const [federate, keys] = w.requests;
    expect(federate!.url).toBe('https://iam.eu-west-101.myhuaweicloud.eu/v3.0/OS-AUTH/id-token/tokens');
    expect(federate!.headers['x-idp-id']).toBe('cce-oidc');
    expect(JSON.parse(federate!.body!)).toEqual({ auth: { id_token: { id: SA_TOKEN } } });
    expect(keys!.url).toBe('https://iam.eu-west-101.myhuaweicloud.eu/v3.0/OS-CREDENTIAL/securitytokens');
    expect(JSON.parse(keys!.body!)).toEqual({
      auth: { identity: { methods: ['token'], token: { id: 'federated-token', duration_seconds: 3600 } } },
    });
    expect(w.secrets).toEqual(expect.arrayContaining([SA_TOKEN, 'federated-token', 'hw-sk', 'hw-token']));
  });
});

describe('failures, classified once', () => {
  const reply =
    (status: number, body: object, headers: Record<string, string> = {}) =>
    () => ({ status, headers, body: JSON.stringify(body) });
  const cases: Array<[why: string, opts: Parameters<typeof world>[0], cls: string, text: string]> = [
    [
      'a missing ServiceAccount is CredentialsNotFound',
      { uid: () => undefined },
      'CredentialsNotFound',
      'ServiceAccount team-a/reader not found',
    ],
    [
      'TokenRequest forbidden names the RBAC rule',
      { tokenError: 403 },
      'CredentialsNotFound',
      '"create" on "serviceaccounts/token"',
    ],
    [
      'an untrusted sub (STS 400) is AuthFailed',
      { reply: reply(400, { Code: 'AuthenticationFail.NoPermission', Message: 'not trusted' }) },
      'AuthFailed',
      'AuthenticationFail.NoPermission',
    ],
    [
      'an unknown role (STS 404) is AuthFailed, not NotFound',
      { reply: reply(404, { Code: 'EntityNotExist.Role', Message: 'no role' }) },
      'AuthFailed',
      'EntityNotExist.Role',
    ],
    [
      'STS throttling stays transient',
      { reply: reply(400, { Code: 'Throttling.User', Message: 'slow down' }) },
      'Throttled',
      'Throttling.User',
    ],
    [
      'an STS 503 is a ServerError',
      { reply: reply(503, { Code: 'ServiceUnavailable' }) },
      'ServerError',
      'ServiceUnavailable',
    ],
    [
      'no answer is a NetworkError',
      { reply: () => Promise.reject(new TransportError('connect ECONNREFUSED', 'refused')) },
      'NetworkError',
      'refused',
    ],
    [
      'a 200 without Credentials is InvalidResponse',
      { reply: reply(200, { RequestId: 'x' }) },
      'InvalidResponse',
      'no complete credentials',
    ],
  ];
  it.each(cases)('%s', async (_why, opts, cls, text) => {
    const w = world(opts);
    const result = await w.get();
    expect(result).toMatchObject({
      ok: false,
      error: { class: cls, message: expect.stringContaining(text) },
    });
    expect(JSON.stringify(result)).not.toContain(SA_TOKEN);
  });

  it('never echoes the token even when the STS does', async () => {
    const w = world({
      reply: () => ({
        status: 400,
        headers: {},
        body: JSON.stringify({ Code: 'InvalidParameter.OIDCToken', Message: `bad token ${SA_TOKEN}` }),
      }),
    });
    const result = await w.get();
    expect(JSON.stringify(result)).not.toContain(SA_TOKEN);
  });
});

describe('the ServiceAccount as revocation switch', () => {
  it('a recreated ServiceAccount (new uid) never reuses its predecessor’s keys', async () => {
    let uid: string | undefined = 'uid-1';
    const w = world({ uid: () => uid });
    const first = await w.get();
    uid = undefined;
    w.advance(30_000);
    expect(await w.get()).toMatchObject({ ok: false, error: { class: 'CredentialsNotFound' } });
    uid = 'uid-2';
    const again = await w.get();
    expect(again).toMatchObject({ ok: true, credentials: { accessKeyId: 'STS.2' } });
    expect(again.fingerprint).not.toBe(first.fingerprint);
  });

  it('reads the ServiceAccount at most every 30 s while its keys are cached', async () => {
    let reads = 0;
    const w = world({ uid: () => (reads++, 'uid-1') });
    await w.get();
    await w.get();
    w.advance(29_999);
    await w.get();
    expect(reads).toBe(1);
    w.advance(1);
    await w.get();
    expect(reads).toBe(2);
  });
});

const TENANT = '72f988bf-86f1-41af-91ab-2d7cd011db47';
const CLIENT = '11111111-2222-3333-4444-555555555555';
const POOL_PROVIDER =
  '//iam.googleapis.com/projects/123456789012/locations/global/workloadIdentityPools/uw-pool/providers/kube';
const aksSpec = spec({
  provider: 'AzureAKS',
  region: 'westeurope',
  clusterID: 'prod-aks',
  subscriptionID: '00000000-1111-2222-3333-444444444444',
  resourceGroup: 'rg-demo',
  workloadIdentity: { serviceAccountName: 'reader', tenantID: TENANT, clientID: CLIENT },
});
const gkeSpec = spec({
  provider: 'GoogleGKE',
  region: 'us-central1',
  clusterID: 'prod-gke',
  projectID: 'demo-project-1',
  workloadIdentity: { serviceAccountName: 'reader', poolProvider: POOL_PROVIDER },
});
const tokenReply = (token: string): HttpResponse => ({
  status: 200,
  headers: {},
  body: JSON.stringify({ access_token: token, token_type: 'Bearer', expires_in: 3599 }),
});
const oauthError = (status: number, error: string, description: string): HttpResponse => ({
  status,
  headers: {},
  body: JSON.stringify({ error, error_description: description }),
});

describe('bearer clouds: Entra federation and Google STS', () => {
  it.each([
    [
      'Entra: the client-credentials grant with the token as client assertion, audience api://AzureADTokenExchange',
      aksSpec,
      'https://management.azure.com',
      'api://AzureADTokenExchange',
      `https://login.microsoftonline.com/${TENANT}/oauth2/v2.0/token`,
      {
        client_id: CLIENT,
        scope: 'https://management.azure.com/.default',
        client_assertion_type: 'urn:ietf:params:oauth:client-assertion-type:jwt-bearer',
        client_assertion: SA_TOKEN,
        grant_type: 'client_credentials',
      },
    ],
    [
      'Google STS: the token exchange with the pool provider as audience of both the SA token and STS',
      gkeSpec,
      'https://container.googleapis.com',
      POOL_PROVIDER,
      'https://sts.googleapis.com/v1/token',
      {
        grant_type: 'urn:ietf:params:oauth:grant-type:token-exchange',
        audience: POOL_PROVIDER,
        scope: 'https://www.googleapis.com/auth/cloud-platform',
        requested_token_type: 'urn:ietf:params:oauth:token-type:access_token',
        subject_token: SA_TOKEN,
        subject_token_type: 'urn:ietf:params:oauth:token-type:jwt',
      },
    ],
  ])('%s', async (_why, watchSpec, baseUrl, audience, url, form) => {
    const w = world({ reply: () => tokenReply('federated.access-token') });
    const result = await w.get(watchSpec, 'team-a', baseUrl);
    expect(result).toMatchObject({ ok: true, credentials: { accessToken: 'federated.access-token' } });
    // expires_in 3599 s from the injected clock: the cache refreshes 5 min before this.
    expect(result.ok && result.expiresAt?.toISOString()).toBe('2026-01-01T00:59:59.000Z');
    expect(w.tokenRequests).toEqual([
      { name: 'reader', namespace: 'team-a', audiences: [audience], expirationSeconds: 3600 },
    ]);
    expect(w.requests.map((r) => [r.method, r.url])).toEqual([['POST', url]]);
    expect(Object.keys(w.requests[0]!.headers).map((h) => h.toLowerCase())).not.toContain('authorization');
    expect(Object.fromEntries(new URLSearchParams(w.requests[0]!.body))).toEqual(form);
    expect(w.secrets).toEqual(expect.arrayContaining([SA_TOKEN, 'federated.access-token']));
  });

  it.each([
    [
      'Entra: no matching federated identity record (AADSTS70021)',
      aksSpec,
      oauthError(
        400,
        'invalid_client',
        'AADSTS70021: No matching federated identity record found for presented assertion.',
      ),
      'AuthFailed',
    ],
    [
      'Entra: unknown app',
      aksSpec,
      oauthError(400, 'unauthorized_client', 'AADSTS700016: Application not found.'),
      'AuthFailed',
    ],
    [
      'Entra: throttled is transient, not a refusal',
      aksSpec,
      oauthError(429, 'temporarily_unavailable', 'AADSTS50196: busy'),
      'Throttled',
    ],
    [
      'Entra: 503 is transient',
      aksSpec,
      oauthError(503, 'temporarily_unavailable', 'AADSTS90033: unavailable'),
      'ServerError',
    ],
    [
      'Google STS: invalid_grant (token refused)',
      gkeSpec,
      oauthError(400, 'invalid_grant', 'The audience in ID Token does not match the expected audience.'),
      'AuthFailed',
    ],
    [
      'Google STS: unauthorized_client (subject not allowed)',
      gkeSpec,
      oauthError(403, 'unauthorized_client', 'The given credential is rejected by the attribute condition.'),
      'AuthFailed',
    ],
    [
      'Google STS: invalid_request (any other 4xx) is a refusal too',
      gkeSpec,
      oauthError(400, 'invalid_request', 'Invalid value for "audience".'),
      'AuthFailed',
    ],
    ['Google STS: 500 is transient', gkeSpec, oauthError(500, 'server_error', 'internal'), 'ServerError'],
    [
      'a 200 that is no token reply',
      gkeSpec,
      { status: 200, headers: {}, body: '{"access_token":""}' },
      'InvalidResponse',
    ],
  ])('%s → %s', async (_why, watchSpec, reply, errorClass) => {
    const echoing = reply.body.replace('"error_description":"', `"error_description":"${SA_TOKEN} `);
    const w = world({ reply: () => ({ ...reply, body: echoing }) });
    const result = await w.get(watchSpec, 'team-a', 'https://example.invalid');
    expect(result).toMatchObject({ ok: false, error: { class: errorClass } });
    // A server echoing the ServiceAccount token never gets it into the message.
    expect(JSON.stringify(result)).not.toContain(SA_TOKEN);
  });

  it('an unreachable token endpoint is NetworkError', async () => {
    const w = world({
      reply: () => {
        throw new TransportError('connect ECONNREFUSED', 'refused');
      },
    });
    expect(await w.get(aksSpec, 'team-a', 'https://management.azure.com')).toMatchObject({
      ok: false,
      error: { class: 'NetworkError' },
    });
  });

  it('a GKE spec that got past the CRD without poolProvider: CredentialsNotFound, no token minted', async () => {
    // Its audience defaults to the pool provider: with neither, nothing is minted for nothing.
    const w = world();
    const bare = { ...gkeSpec, workloadIdentity: { serviceAccountName: 'reader' } };
    expect(await w.get(bare, 'team-a', 'https://container.googleapis.com')).toMatchObject({
      ok: false,
      error: { class: 'CredentialsNotFound', message: expect.stringContaining('GoogleGKE') },
    });
    expect(w.tokenRequests).toEqual([]);
    expect(w.requests).toEqual([]);
  });
});
