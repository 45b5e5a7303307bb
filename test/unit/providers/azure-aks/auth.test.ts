// Our Entra client-credentials request against @azure/msal-node (the official library) as the
// oracle: MSAL runs with an injected network client that answers its metadata look-ups and
// records the token POST, and the two requests are compared field by field.
import { ConfidentialClientApplication, type INetworkModule, type NetworkResponse } from '@azure/msal-node';
import type { ClusterUpgradeWatchSpec } from '../../../../src/api/types.js';
import {
  ARM_SCOPE,
  entraAssertionForm,
  entraTokenRequest,
  entraTokenUrl,
} from '../../../../src/providers/azure-aks/auth.js';
import { connectAzureAks } from '../../../../src/providers/azure-aks/client.js';
import { ARM_BASE_URL } from '../../../../src/providers/azure-aks/descriptor.js';
import { azureAksSample } from '../../../../src/providers/azure-aks/sample.js';
import { createPollMemory } from '../../../../src/providers/cloud-common/poll-memory.js';
import { createTokenCache } from '../../../../src/providers/cloud-common/token-cache.js';
import type { Credentials } from '../../../../src/providers/common/credentials.js';
import { createAzureCloud } from '../../../../src/simulator/azure/index.js';
import { capturingTransport, ListingFakeContext, simWire } from '../../simulator/bearer-sim-helpers.js';

const tenant = '72f988bf-86f1-41af-91ab-2d7cd011db47';
const credentials = {
  tenantID: tenant,
  clientID: '11111111-2222-3333-4444-555555555555',
  clientSecret: 'sec~ret.Value_1',
};
const base = `https://login.microsoftonline.com/${tenant}`;

function respond<T>(body: unknown): NetworkResponse<T> {
  return { status: 200, headers: {}, body: body as T };
}

/** MSAL's client-credentials POST, proven by the client secret or (keyless) a client assertion. */
async function msalTokenPost(
  proof: { clientSecret: string } | { clientAssertion: string } = { clientSecret: credentials.clientSecret },
): Promise<{
  url: string;
  body: URLSearchParams;
  headers: Record<string, string>;
}> {
  let posted: { url: string; body: URLSearchParams; headers: Record<string, string> } | undefined;
  const networkClient: INetworkModule = {
    async sendGetRequestAsync<T>(url: string) {
      if (url.includes('discovery/instance')) {
        return respond<T>({
          tenant_discovery_endpoint: `${base}/v2.0/.well-known/openid-configuration`,
          'api-version': '1.1',
          metadata: [
            {
              preferred_network: 'login.microsoftonline.com',
              preferred_cache: 'login.windows.net',
              aliases: ['login.microsoftonline.com', 'login.windows.net'],
            },
          ],
        });
      }
      return respond<T>({
        token_endpoint: `${base}/oauth2/v2.0/token`,
        authorization_endpoint: `${base}/oauth2/v2.0/authorize`,
        end_session_endpoint: `${base}/oauth2/v2.0/logout`,
        issuer: `${base}/v2.0`,
        jwks_uri: `${base}/discovery/v2.0/keys`,
      });
    },
    async sendPostRequestAsync<T>(
      url: string,
      options?: { body?: string; headers?: Record<string, string> },
    ) {
      posted = { url, body: new URLSearchParams(options?.body ?? ''), headers: options?.headers ?? {} };
      return respond<T>({
        token_type: 'Bearer',
        expires_in: 3599,
        ext_expires_in: 3599,
        access_token: 'eyJ0eXAiOiJKV1QifQ.e30.sig',
      });
    },
  };
  const app = new ConfidentialClientApplication({
    auth: { clientId: credentials.clientID, ...proof, authority: base },
    system: { networkClient },
  });
  const result = await app.acquireTokenByClientCredential({ scopes: [ARM_SCOPE] });
  expect(result?.accessToken).toBe('eyJ0eXAiOiJKV1QifQ.e30.sig');
  if (!posted) throw new Error('MSAL sent no token request');
  return posted;
}

/** Fields MSAL sends that `ours` lacks, beyond its telemetry and correlation fields
 *  (x-client-*, client-request-id…), which decide nothing about the grant. */
function grantFieldsOnlyMsalSends(theirs: URLSearchParams, ours: URLSearchParams): string[] {
  const telemetry =
    /^(x-client-|x-ms-|x-app-|client-request-id$|client_info$|claims$|token_type$|x-anchormailbox$)/i;
  return [...theirs.keys()].filter((k) => !ours.has(k) && !telemetry.test(k));
}

describe('Entra client credentials against @azure/msal-node', () => {
  it('the same token endpoint and the same grant fields', async () => {
    const ours = entraTokenRequest(credentials);
    const theirs = await msalTokenPost();
    expect(ours.method).toBe('POST');
    expect(ours.url).toBe(theirs.url.split('?')[0]);
    const form = new URLSearchParams(ours.body);
    for (const field of ['client_id', 'scope', 'client_secret', 'grant_type']) {
      expect([field, form.get(field)]).toEqual([field, theirs.body.get(field)]);
    }
    // MSAL adds only telemetry and correlation fields (x-client-*, client-request-id…); nothing else decides the grant.
    expect(grantFieldsOnlyMsalSends(theirs.body, form)).toEqual([]);
    expect(ours.headers['content-type']).toBe(
      theirs.headers['Content-Type'] ?? theirs.headers['content-type'],
    );
  });

  it('keyless: the client-assertion grant MSAL sends for a clientAssertion, same URL and fields', async () => {
    const assertion = 'eyJhbGciOiJSUzI1NiJ9.eyJzdWIiOiJzeXN0ZW06c2EifQ.sig';
    const theirs = await msalTokenPost({ clientAssertion: assertion });
    const form = entraAssertionForm(credentials.clientID, assertion);
    expect(entraTokenUrl(tenant)).toBe(theirs.url.split('?')[0]);
    const fields = ['client_id', 'scope', 'client_assertion_type', 'client_assertion', 'grant_type'];
    for (const field of fields) expect([field, form.get(field)]).toEqual([field, theirs.body.get(field)]);
    expect(form.has('client_secret')).toBe(false);
    expect(theirs.body.has('client_secret')).toBe(false);
    // Nothing else MSAL sends decides the grant (telemetry and correlation fields only).
    expect(grantFieldsOnlyMsalSends(theirs.body, form)).toEqual([]);
  });

  it.each([
    ['a GUID tenant', tenant, `https://login.microsoftonline.com/${tenant}/oauth2/v2.0/token`],
    [
      'a verified domain',
      'contoso.onmicrosoft.com',
      'https://login.microsoftonline.com/contoso.onmicrosoft.com/oauth2/v2.0/token',
    ],
  ])('token URL for %s', (_why, id, url) => {
    expect(entraTokenUrl(id)).toBe(url);
  });

  it.each([
    ['a path traversal', '../evil'],
    ['a second path segment', 'a/b'],
    ['a host change', 'x@evil.example'],
    ['empty', ''],
  ])('refuses a tenantID that is %s (it goes into the URL path)', (_why, id) => {
    expect(() => entraTokenUrl(id)).toThrow(RangeError);
  });
});

describe('the full Entra request: client and simulator against @azure/msal-node', () => {
  const spec = azureAksSample.spec as ClusterUpgradeWatchSpec;

  it('the AKS client posts what MSAL posts (URL, grant fields, content type), then GETs ARM with the token', async () => {
    const { transport, sent } = capturingTransport(
      '{"token_type":"Bearer","expires_in":3599,"access_token":"eyJ.t"}',
      '{"properties":{"provisioningState":"Succeeded"}}',
    );
    const clock = { now: () => new Date('2026-12-07T03:00:00Z') };
    await connectAzureAks(
      {
        spec,
        credentials: { ...credentials } as Credentials,
        baseUrl: ARM_BASE_URL,
        transport,
        clock,
      },
      { cache: createTokenCache({ clock }), memory: createPollMemory() },
    ).observe();
    const theirs = await msalTokenPost();
    const ours = sent[0]!;
    expect(ours.url).toBe(theirs.url.split('?')[0]);
    const form = new URLSearchParams(ours.body);
    for (const field of ['client_id', 'scope', 'client_secret', 'grant_type']) {
      expect([field, form.get(field)]).toEqual([field, theirs.body.get(field)]);
    }
    expect(ours.headers['content-type']).toBe(
      theirs.headers['Content-Type'] ?? theirs.headers['content-type'],
    );
    expect(sent.slice(1).map((r) => [r.method, r.url, r.headers.authorization])).toEqual([
      [
        'GET',
        `https://management.azure.com/subscriptions/${azureAksSample.spec.subscriptionID}/resourceGroups/rg-demo/providers/Microsoft.ContainerService/managedClusters/prod-aks?api-version=2025-10-01`,
        'Bearer eyJ.t',
      ],
      [
        'GET',
        `https://management.azure.com/subscriptions/${azureAksSample.spec.subscriptionID}/resourceGroups/rg-demo/providers/Microsoft.ContainerService/managedClusters/prod-aks/agentPools?api-version=2025-10-01`,
        'Bearer eyJ.t',
      ],
    ]);
  });

  it('the simulated Entra endpoint accepts the request MSAL sends', async () => {
    const theirs = await msalTokenPost();
    const context = new ListingFakeContext();
    context.credentials.set(credentials.clientID, {
      accessKeyId: credentials.clientID,
      accessKeySecret: credentials.clientSecret,
      projectIds: [tenant],
    });
    const wire = simWire(createAzureCloud(), context);
    const reply = await wire.transport({
      method: 'POST',
      url: `http://sim.test${new URL(theirs.url).pathname}`,
      headers: theirs.headers,
      body: theirs.body.toString(),
    });
    expect(reply.status).toBe(200);
    expect(JSON.parse(reply.body)).toMatchObject({ token_type: 'Bearer', expires_in: 3599 });
  });
});
