// The simulator's keyless exchanges, driven by the operator's own exchange clients
// (src/providers/alibaba-common/sts.ts, huawei-common/iam.ts) over HTTP, and the temporary keys they return
// used by the real provider clients: tokens are signed here with a fresh RS256 key whose public
// half the scenario holds as a static JWKS (the integration tests use the kube-apiserver's).
// Time moves by an injected clock shared by the simulator, the clients and the token claims.

import type { ClusterUpgradeWatchSpec } from '../../../src/api/types.js';
import { assumeRoleWithOidc } from '../../../src/providers/alibaba-common/sts.js';
import { federateWithIdToken } from '../../../src/providers/huawei-common/iam.js';
import type { ExchangeResult } from '../../../src/credentials/types.js';
import { createAxiosTransport } from '../../../src/providers/common/axios-transport.js';
import type { Credentials } from '../../../src/providers/common/credentials.js';
import { families } from '../../../src/providers/registry.js';
import { parseScenario, ScenarioError } from '../../../src/simulator/scenario.js';
import { startSimulator, type RunningSimulator } from '../../../src/simulator/server.js';
import { subjectAllowed } from '../../../src/simulator/trust.js';
import { ManualClock } from './core-fixtures.js';
import { serviceAccountSigner, type Claims, type ServiceAccountSigner } from './sa-token.js';

const ISSUER = 'https://kubernetes.default.svc.cluster.local';
const PROVIDER_ARN = 'acs:ram::1234567890123456:oidc-provider/ack-rrsa-c1';
const ROLE = 'acs:ram::1234567890123456:role/reader';
const OTHER_ROLE = 'acs:ram::1234567890123456:role/other-team';
const IDP = 'upgradewatch-idp';
const PROJECT = '6204a5bd270343b5885144cf9c8c158d';
const READER = 'system:serviceaccount:team-a:reader';
const STRANGER = 'system:serviceaccount:team-b:reader';
const LIFETIME_MS = 20 * 60_000;

let sim: RunningSimulator;
/** What the simulator reported through onSecret (for the secret scans). */
const reported: string[] = [];
let clock: ManualClock;
let signer: ServiceAccountSigner;
const transport = createAxiosTransport();

/** A ServiceAccount-shaped token, signed by the trusted key unless told otherwise. */
function token(claims: Claims = {}): Promise<string> {
  return signer.sign(claims);
}

beforeAll(async () => {
  clock = new ManualClock(new Date());
  signer = await serviceAccountSigner(clock, { iss: ISSUER, sub: READER, aud: 'sts.aliyuncs.com' });
  const { jwk } = signer;
  sim = await startSimulator({
    clock,
    onSecret: (value) => reported.push(value),
    scenario: {
      clusters: [
        { provider: 'AlibabaACK', clusterID: 'c1', region: 'cn-hangzhou', state: { GetUpgradeStatus: {} } },
        {
          provider: 'HuaweiCCE',
          clusterID: 'h1',
          projectID: PROJECT,
          region: 'cn-north-4',
          state: { ListUpgradeWorkFlows: { kind: 'List', apiVersion: 'v3', items: [] } },
        },
      ],
      workloadIdentity: {
        credentialLifetime: '20m',
        oidcProviders: [
          { id: PROVIDER_ARN, issuer: ISSUER, audiences: ['sts.aliyuncs.com'], jwks: { keys: [jwk] } },
          { id: IDP, issuer: ISSUER, audiences: ['upgradewatch'], jwks: { keys: [jwk] } },
        ],
        roles: [
          { arn: ROLE, oidcProviderArn: PROVIDER_ARN, subjects: [READER] },
          { arn: OTHER_ROLE, oidcProviderArn: PROVIDER_ARN, subjects: [STRANGER] },
        ],
        idpMappings: [{ idpId: IDP, subjects: [READER], projectIds: [PROJECT] }],
      },
    },
  });
});

afterAll(async () => {
  await sim.stop();
});

const deps = () => ({ transport, clock });

function alibaba(jwt: string, roleARN = ROLE, oidcProviderARN = PROVIDER_ARN): Promise<ExchangeResult> {
  return assumeRoleWithOidc(deps(), {
    origin: sim.url,
    roleARN,
    oidcProviderARN,
    token: jwt,
    sessionName: 'upgradewatch-team-a-reader',
  });
}

function huawei(jwt: string, idpID = IDP): Promise<ExchangeResult> {
  return federateWithIdToken(deps(), { origin: sim.url, idpID, token: jwt });
}

const ACK_SPEC: ClusterUpgradeWatchSpec = {
  provider: 'AlibabaACK',
  region: 'cn-hangzhou',
  clusterID: 'c1',
  credentialsRef: { name: 'unused' },
};
const CCE_SPEC: ClusterUpgradeWatchSpec = {
  provider: 'HuaweiCCE',
  region: 'cn-north-4',
  clusterID: 'h1',
  projectID: PROJECT,
  credentialsRef: { name: 'unused' },
};

function observe(spec: ClusterUpgradeWatchSpec, credentials: Credentials) {
  return families[spec.provider].connect({ spec, credentials, baseUrl: sim.url, transport, clock }).observe();
}

function keysOf(result: ExchangeResult) {
  if (!result.ok) throw new Error(`exchange failed: ${JSON.stringify(result.error)}`);
  return result.value;
}

describe.each([
  ['Alibaba AssumeRoleWithOIDC', ACK_SPEC, () => token().then((jwt) => alibaba(jwt))],
  [
    'Huawei id-token + securitytokens',
    CCE_SPEC,
    () => token({ aud: 'upgradewatch' }).then((jwt) => huawei(jwt)),
  ],
])('%s', (_name, spec, exchange) => {
  it('issues keys with the scenario lifetime that the cloud accepts only with their token, until they expire', async () => {
    const { credentials, expiresAt } = keysOf(await exchange());
    const lifetime = expiresAt.getTime() - clock.now().getTime();
    // Alibaba reports the expiry to the second, rounded down.
    expect(lifetime).toBeGreaterThan(LIFETIME_MS - 1000);
    expect(lifetime).toBeLessThanOrEqual(LIFETIME_MS);
    expect(credentials.securityToken).toBeDefined();

    expect(await observe(spec, credentials)).toMatchObject({ ok: true });
    const { securityToken: _dropped, ...withoutToken } = credentials;
    expect(await observe(spec, withoutToken)).toMatchObject({ ok: false, error: { class: 'AuthFailed' } });

    clock.advance(LIFETIME_MS);
    const expired = await observe(spec, credentials);
    expect(expired).toMatchObject({ ok: false, error: { class: 'AuthFailed' } });
    expect(JSON.stringify(expired)).toMatch(
      spec.provider === 'AlibabaACK' ? /InvalidSecurityToken\.Expired/ : /security token expired/,
    );
  });
});

// Every refusal is AuthFailed for the operator (src/providers/common/exchange-http.ts#refusal), but
// each row checks the cloud's own code so the simulator cannot refuse for the wrong reason.
const ALIBABA_REFUSALS: Array<[why: string, claims: Claims, role: string, code: string]> = [
  ['the role trusts only other ServiceAccounts', {}, OTHER_ROLE, 'AuthenticationFail.NoPermission'],
  ['a sub no role lists', { sub: STRANGER }, ROLE, 'AuthenticationFail.NoPermission'],
  [
    'the audience is not a client id of the provider',
    { aud: 'upgradewatch' },
    ROLE,
    'AuthenticationFail.OIDCToken.Invalid',
  ],
  ['another issuer', { iss: 'https://evil.example' }, ROLE, 'AuthenticationFail.OIDCToken.Invalid'],
  ['signed by a key not in the JWKS', { key: 'foreign' }, ROLE, 'AuthenticationFail.OIDCToken.Invalid'],
  ['expired token', { expiresInS: -1 }, ROLE, 'AuthenticationFail.OIDCToken.Expired'],
  ['not valid yet (nbf)', { notBeforeInS: 120 }, ROLE, 'AuthenticationFail.OIDCToken.Invalid'],
  ['a role that does not exist', {}, 'acs:ram::1234567890123456:role/ghost', 'EntityNotExist.Role'],
];

it.each(ALIBABA_REFUSALS)('Alibaba refuses: %s', async (_why, claims, role, code) => {
  const result = await alibaba(await token(claims), role);
  expect(result).toMatchObject({ ok: false, error: { class: 'AuthFailed', code } });
});

const HUAWEI_REFUSALS: Array<[why: string, claims: Claims, idp: string, status: number]> = [
  ['the mapping does not list the sub', { sub: STRANGER }, IDP, 401],
  ['the audience is not the IdP client id', { aud: 'sts.aliyuncs.com' }, IDP, 401],
  ['signed by a key not in the JWKS', { key: 'foreign' }, IDP, 401],
  ['expired token', { expiresInS: -1 }, IDP, 401],
  ['an identity provider that does not exist', {}, 'ghost-idp', 404],
];

it.each(HUAWEI_REFUSALS)('Huawei refuses: %s', async (_why, claims, idp, status) => {
  const result = await huawei(await token({ aud: 'upgradewatch', ...claims }), idp);
  expect(result).toMatchObject({ ok: false, error: { class: 'AuthFailed', httpStatus: status } });
});

it('a federated token Huawei never issued is refused by securitytokens', async () => {
  const response = await transport({
    method: 'POST',
    url: `${sim.url}/v3.0/OS-CREDENTIAL/securitytokens`,
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({
      auth: { identity: { methods: ['token'], token: { id: 'MIIforged', duration_seconds: 3600 } } },
    }),
  });
  expect(response.status).toBe(401);
  expect(JSON.parse(response.body)).toMatchObject({ error: { code: 401, title: 'Unauthorized' } });
});

// Faults armed on the exchange operations reach the operator as its transient classes.
const FAULTS: Array<[why: string, operation: string, kind: 'throttle' | 'server-error', cls: string]> = [
  ['STS throttled', 'AssumeRoleWithOIDC', 'throttle', 'Throttled'],
  ['STS 5xx', 'AssumeRoleWithOIDC', 'server-error', 'ServerError'],
  ['IAM id-token throttled', 'CreateTokenWithIdToken', 'throttle', 'Throttled'],
  ['IAM securitytokens 5xx', 'CreateTemporaryAccessKeyByToken', 'server-error', 'ServerError'],
];

it.each(FAULTS)('fault injection: %s', async (_why, operation, kind, cls) => {
  sim.admin.addFault({ kind, operation, count: 1 });
  const result =
    operation === 'AssumeRoleWithOIDC'
      ? await alibaba(await token())
      : await huawei(await token({ aud: 'upgradewatch' }));
  expect(result).toMatchObject({ ok: false, error: { class: cls } });
  expect(sim.admin.listFaults()).toHaveLength(0);
});

it('counts exchanges per operation with no cluster', async () => {
  sim.admin.resetCounters();
  keysOf(await alibaba(await token()));
  keysOf(await huawei(await token({ aud: 'upgradewatch' })));
  const count = (operation: string) => sim.admin.counters({ operation }).entries[0];
  expect(count('AssumeRoleWithOIDC')).toMatchObject({ provider: 'AlibabaACK', clusterID: '-', count: 1 });
  expect(count('CreateTokenWithIdToken')).toMatchObject({ provider: 'HuaweiCCE', count: 1 });
  expect(count('CreateTemporaryAccessKeyByToken')).toMatchObject({ provider: 'HuaweiCCE', count: 1 });
});

const JWKS = { keys: [] };
const SCENARIO_ERRORS: Array<[why: string, workloadIdentity: unknown, message: RegExp]> = [
  [
    'a role naming a provider the scenario does not declare',
    { roles: [{ arn: ROLE, oidcProviderArn: 'acs:ram::1:oidc-provider/ghost', subjects: [] }] },
    /no oidcProviders entry with id "acs:ram::1:oidc-provider\/ghost"/,
  ],
  [
    'a mapping naming an undeclared IdP',
    { idpMappings: [{ idpId: 'ghost', subjects: [] }] },
    /no oidcProviders entry with id "ghost"/,
  ],
  [
    'two key sources for one provider (which one is checked would be a guess)',
    { oidcProviders: [{ id: IDP, issuer: ISSUER, audiences: ['a'], jwks: JWKS, jwksFile: '/x' }] },
    /exactly one of jwks, jwksFile or jwksUrl/,
  ],
  [
    'a lifetime under a second (keys that expire before they can be used)',
    { credentialLifetime: '500ms' },
    /at least 1s/,
  ],
];

it.each(SCENARIO_ERRORS)('the scenario refuses %s', (_why, workloadIdentity, message) => {
  expect(() => parseScenario({ workloadIdentity })).toThrow(ScenarioError);
  expect(() => parseScenario({ workloadIdentity })).toThrow(message);
});

const SUBJECTS: Array<[why: string, allowed: string[], subject: string, expected: boolean]> = [
  ['an exact entry', [READER], READER, true],
  ['another namespace is another subject', [READER], STRANGER, false],
  ['`*` spans a namespace (RAM StringLike)', ['system:serviceaccount:*:reader'], STRANGER, true],
  [
    '`*` does not make the rest optional',
    ['system:serviceaccount:*:reader'],
    'system:serviceaccount:a:writer',
    false,
  ],
  [
    'regex characters in a pattern are literal',
    ['system:serviceaccount:team.a:*'],
    'system:serviceaccount:teamXa:r',
    false,
  ],
];

it.each(SUBJECTS)('subjects: %s', (_why, allowed, subject, expected) => {
  expect(subjectAllowed(allowed, subject)).toBe(expected);
});

it('reports every token it received and every secret it issued, for the secret scans', async () => {
  const alibabaToken = await token();
  const alibabaKeys = keysOf(await alibaba(alibabaToken));
  const huaweiToken = await token({ aud: 'upgradewatch' });
  const huaweiKeys = keysOf(await huawei(huaweiToken));
  expect(reported).toEqual(
    expect.arrayContaining([
      alibabaToken,
      alibabaKeys.credentials.accessKeySecret,
      alibabaKeys.credentials.securityToken,
      huaweiToken,
      huaweiKeys.credentials.accessKeySecret,
      huaweiKeys.credentials.securityToken,
    ]),
  );
  // … and the federated token between Huawei's two calls, which the operator never logs either.
  expect(reported.filter((value) => value.startsWith('MII')).length).toBeGreaterThan(0);
});
