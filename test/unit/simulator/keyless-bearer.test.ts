// The simulator's keyless exchanges of the bearer clouds — Entra's client-assertion grant
// (src/simulator/azure/federation.ts) and Google STS (src/simulator/google/sts.ts) — driven by
// the operator's own exchange clients (src/providers/azure-aks/federation.ts,
// src/providers/google-gke/sts.ts) over HTTP, and the access tokens they return used by the real
// provider clients. Tokens are signed here with a fresh RS256 key whose public half the scenario
// holds as a static JWKS (the integration tests use the kube-apiserver's); time moves by an
// injected clock shared by the simulator, the clients and the token claims.

import type { ClusterUpgradeWatchSpec, WorkloadIdentity } from '../../../src/api/types.js';
import { ENTRA_FEDERATION_AUDIENCE } from '../../../src/providers/azure-aks/auth.js';
import { exchangeEntraAssertion } from '../../../src/providers/azure-aks/federation.js';
import { AKS_STATES } from '../../../src/providers/azure-aks/sample.js';
import { createAxiosTransport } from '../../../src/providers/common/axios-transport.js';
import type { KeylessResult } from '../../../src/providers/common/keyless.js';
import { GKE_STATES } from '../../../src/providers/google-gke/sample.js';
import { exchangeWithGoogleSts } from '../../../src/providers/google-gke/sts.js';
import { AZURE_AKS, GOOGLE_GKE, type ProviderName } from '../../../src/providers/names.js';
import { families } from '../../../src/providers/registry.js';
import { SAMPLES, simPlacement } from '../../../src/providers/samples.js';
import { parseScenario, ScenarioError } from '../../../src/simulator/scenario.js';
import { startSimulator, type RunningSimulator } from '../../../src/simulator/server.js';
import { ManualClock } from './core-fixtures.js';
import { serviceAccountSigner, type Claims, type ServiceAccountSigner } from './sa-token.js';

const ISSUER = 'https://kubernetes.default.svc.cluster.local';
const TENANT = '72f988bf-86f1-41af-91ab-2d7cd011db47';
const APP = '5d0c6e3a-1b2f-4c7d-9e8a-0f1e2d3c4b5a';
const OTHER_APP = '99999999-1b2f-4c7d-9e8a-0f1e2d3c4b5a';
const POOL =
  '//iam.googleapis.com/projects/123456789012/locations/global/workloadIdentityPools/uw/providers/kube';
const OTHER_POOL =
  '//iam.googleapis.com/projects/123456789012/locations/global/workloadIdentityPools/other/providers/kube';
const READER = 'system:serviceaccount:team-a:reader';
const STRANGER = 'system:serviceaccount:team-b:reader';

let sim: RunningSimulator;
let clock: ManualClock;
let signer: ServiceAccountSigner;
const reported: string[] = [];
const transport = createAxiosTransport();

/** A ServiceAccount-shaped token, signed by the trusted key unless told otherwise. */
function token(claims: Claims = {}): Promise<string> {
  return signer.sign(claims);
}

function scenarioCluster(provider: ProviderName, state: Record<string, unknown>) {
  return { provider, clusterID: SAMPLES[provider].spec.clusterID, ...simPlacement(provider), state };
}

beforeAll(async () => {
  clock = new ManualClock(new Date());
  signer = await serviceAccountSigner(clock, { iss: ISSUER, sub: READER, aud: '' });
  const { jwk } = signer;
  sim = await startSimulator({
    clock,
    onSecret: (value) => reported.push(value),
    scenario: {
      clusters: [
        scenarioCluster(AZURE_AKS, AKS_STATES.idle()),
        scenarioCluster(GOOGLE_GKE, GKE_STATES.idle()),
      ],
      workloadIdentity: {
        oidcProviders: [
          { id: 'entra', issuer: ISSUER, audiences: [ENTRA_FEDERATION_AUDIENCE], jwks: { keys: [jwk] } },
          { id: 'gcp', issuer: ISSUER, audiences: [POOL], jwks: { keys: [jwk] } },
        ],
        federatedCredentials: [
          { clientId: APP, tenantId: TENANT, oidcProvider: 'entra', subjects: [READER] },
          { clientId: OTHER_APP, oidcProvider: 'entra', subjects: [STRANGER] },
        ],
        poolProviders: [
          { name: POOL, oidcProvider: 'gcp', subjects: [READER] },
          { name: OTHER_POOL, oidcProvider: 'gcp', subjects: [STRANGER] },
        ],
      },
    },
  });
});

afterAll(async () => {
  await sim.stop();
});

const identityOf: Record<string, WorkloadIdentity> = {
  [AZURE_AKS]: { serviceAccountName: 'reader', tenantID: TENANT, clientID: APP },
  [GOOGLE_GKE]: { serviceAccountName: 'reader', poolProvider: POOL },
};
const audienceOf: Record<string, string> = { [AZURE_AKS]: ENTRA_FEDERATION_AUDIENCE, [GOOGLE_GKE]: POOL };

function exchange(
  provider: ProviderName,
  jwt: string,
  identity = identityOf[provider]!,
): Promise<KeylessResult> {
  const run = provider === AZURE_AKS ? exchangeEntraAssertion : exchangeWithGoogleSts;
  return run({ transport, clock }, { origin: sim.url, identity, token: jwt, namespace: 'team-a' });
}

function observe(provider: ProviderName, accessToken: string) {
  const spec = {
    ...SAMPLES[provider].spec,
    workloadIdentity: identityOf[provider],
  } as ClusterUpgradeWatchSpec;
  return families[provider]
    .connect({ spec, credentials: { accessToken }, baseUrl: sim.url, transport, clock })
    .observe();
}

describe.each([AZURE_AKS, GOOGLE_GKE])('%s keyless', (provider) => {
  it('a trusted ServiceAccount token buys an access token the API accepts', async () => {
    const jwt = await token({ aud: audienceOf[provider] });
    const result = await exchange(provider, jwt);
    if (!result.ok) throw new Error(JSON.stringify(result.error));
    const { accessToken } = result.value.credentials;
    expect(accessToken).toMatch(/\S{20,}/);
    expect(result.value.expiresAt.getTime()).toBeGreaterThan(clock.now().getTime());
    expect(await observe(provider, accessToken!)).toMatchObject({ ok: true, observation: { phase: 'Idle' } });
    // The simulator told its secret scan about the token it received and the one it issued.
    expect(reported).toEqual(expect.arrayContaining([jwt, accessToken]));
  });

  it('a token the cloud never issued is refused by the API (AuthFailed)', async () => {
    expect(await observe(provider, 'forged-token-0123456789')).toMatchObject({
      ok: false,
      error: { class: 'AuthFailed' },
    });
  });
});

// Every refusal is AuthFailed for the operator; each row checks the cloud's own code too, so the
// simulator cannot refuse for the wrong reason.
type Row = [
  why: string,
  provider: ProviderName,
  claims: Claims,
  identity: Partial<WorkloadIdentity>,
  code: RegExp,
];
const REFUSALS: Row[] = [
  ['Entra: another issuer', AZURE_AKS, { iss: 'https://evil.example' }, {}, /AADSTS70021/],
  [
    'Entra: the audience is not api://AzureADTokenExchange',
    AZURE_AKS,
    { aud: 'sts.amazonaws.com' },
    {},
    /AADSTS70021/,
  ],
  ['Entra: signed by a key not in the JWKS', AZURE_AKS, { key: 'foreign' }, {}, /AADSTS50013/],
  ['Entra: a sub the federated credential does not name', AZURE_AKS, { sub: STRANGER }, {}, /AADSTS70021/],
  [
    'Entra: an app with no federated credential',
    AZURE_AKS,
    {},
    { clientID: '12345678-1b2f-4c7d-9e8a-0f1e2d3c4b5a' },
    /AADSTS700016/,
  ],
  [
    'Entra: another app, whose credential trusts only another sub',
    AZURE_AKS,
    {},
    { clientID: OTHER_APP },
    /AADSTS70021/,
  ],
  [
    'Entra: the app is registered in another tenant',
    AZURE_AKS,
    {},
    { tenantID: 'contoso.onmicrosoft.com' },
    /AADSTS700016/,
  ],
  ['Google: another issuer', GOOGLE_GKE, { iss: 'https://evil.example' }, {}, /invalid_grant/],
  [
    'Google: the audience is not an allowed audience of the provider',
    GOOGLE_GKE,
    { aud: 'sts.amazonaws.com' },
    {},
    /invalid_grant/,
  ],
  ['Google: expired', GOOGLE_GKE, { expiresInS: -1 }, {}, /invalid_grant/],
  ['Google: signed by a key not in the JWKS', GOOGLE_GKE, { key: 'foreign' }, {}, /invalid_grant/],
  ['Google: a sub the provider does not accept', GOOGLE_GKE, { sub: STRANGER }, {}, /unauthorized_client/],
  [
    'Google: another pool, which accepts only another sub',
    GOOGLE_GKE,
    {},
    { poolProvider: OTHER_POOL },
    /unauthorized_client/,
  ],
  [
    'Google: a pool provider that does not exist',
    GOOGLE_GKE,
    {},
    { poolProvider: `${POOL}x` },
    /invalid_request/,
  ],
];

it('Entra: an expired token draws AADSTS700024, which the operator reads as ClockSkew', async () => {
  // A ServiceAccount token is minted just before the exchange: Entra finding it outside its
  // valid time range means the two clocks disagree, and the operator says so (with its hint).
  const jwt = await token({ aud: ENTRA_FEDERATION_AUDIENCE, expiresInS: -1 });
  const result = await exchange(AZURE_AKS, jwt);
  expect(result).toMatchObject({ ok: false, error: { class: 'ClockSkew' } });
  expect(JSON.stringify(result)).toMatch(/AADSTS700024/);
});

it.each(REFUSALS)('%s → AuthFailed', async (_why, provider, claims, identity, code) => {
  const jwt = await token({ aud: audienceOf[provider], ...claims });
  const result = await exchange(provider, jwt, { ...identityOf[provider]!, ...identity });
  expect(result).toMatchObject({ ok: false, error: { class: 'AuthFailed' } });
  expect(JSON.stringify(result)).toMatch(code);
  expect(JSON.stringify(result)).not.toContain(jwt);
});

describe('scenario validation', () => {
  it.each([
    [
      'a federated credential naming an undeclared OIDC provider',
      { federatedCredentials: [{ clientId: APP, oidcProvider: 'ghost', subjects: [] }] },
      /no oidcProviders entry with id "ghost".*federatedCredentials\[0\]\.oidcProvider/s,
    ],
    [
      'a pool provider that is not a full //iam.googleapis.com name',
      { poolProviders: [{ name: 'projects/1/providers/x', oidcProvider: 'gcp', subjects: [] }] },
      /\/\/iam\.googleapis\.com.*poolProviders\[0\]\.name/s,
    ],
    [
      'a federated credential without its app',
      { federatedCredentials: [{ oidcProvider: 'gcp', subjects: [] }] },
      /federatedCredentials\[0\]\.clientId/,
    ],
  ])('refuses %s', (_why, section, message) => {
    const oidcProviders = [{ id: 'gcp', issuer: ISSUER, audiences: [POOL], jwks: { keys: [] } }];
    const parse = () => parseScenario({ workloadIdentity: { oidcProviders, ...section } });
    expect(parse).toThrow(ScenarioError);
    expect(parse).toThrow(message);
  });
});

// Faults armed on the token route (the keyless exchange shares it) reach the operator as its
// transient classes, never as a refusal.
it.each([
  ['Entra throttled', AZURE_AKS, 'throttle', 'Throttled'],
  ['Entra 5xx', AZURE_AKS, 'server-error', 'ServerError'],
  ['Google STS throttled', GOOGLE_GKE, 'throttle', 'Throttled'],
  ['Google STS 5xx', GOOGLE_GKE, 'server-error', 'ServerError'],
] as const)('fault injection: %s', async (_why, provider, kind, errorClass) => {
  sim.admin.addFault({ kind, operation: 'GetAccessToken', count: 1 });
  const result = await exchange(provider, await token({ aud: audienceOf[provider] }));
  expect(result).toMatchObject({ ok: false, error: { class: errorClass } });
  expect(sim.admin.listFaults()).toHaveLength(0);
});
