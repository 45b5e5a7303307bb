// The simulated Google token endpoint checks a JWT assertion as Google does, against the public
// key of the service account the scenario declares. google-auth-library (the official client) is
// the oracle twice: the assertion it signs is accepted, and the request our GKE client sends is
// the one it sends.
import { generateKeyPairSync } from 'node:crypto';
import { SignJWT, importPKCS8 } from 'jose';
import type { ClusterUpgradeWatchSpec } from '../../../src/api/types.js';
import { createPollMemory } from '../../../src/providers/cloud-common/poll-memory.js';
import { createTokenCache } from '../../../src/providers/cloud-common/token-cache.js';
import type { Credentials } from '../../../src/providers/common/credentials.js';
import {
  CLOUD_PLATFORM_SCOPE,
  GOOGLE_TOKEN_URL,
  JWT_BEARER_GRANT,
} from '../../../src/providers/google-gke/auth.js';
import { connectGoogleGke } from '../../../src/providers/google-gke/client.js';
import { GKE_BASE_URL } from '../../../src/providers/google-gke/descriptor.js';
import { googleGkeSample } from '../../../src/providers/google-gke/sample.js';
import { createGoogleCloud } from '../../../src/simulator/google/index.js';
import { googleAuthLibraryTokenRequest } from '../providers/google-gke/oracle.js';
import { capturingTransport, ListingFakeContext, simWire } from './bearer-sim-helpers.js';

const { privateKey, publicKey } = generateKeyPairSync('rsa', { modulusLength: 2048 });
const PRIVATE_PEM = privateKey.export({ type: 'pkcs8', format: 'pem' }).toString();
const EMAIL = 'sa@demo-project-1.iam.gserviceaccount.com';

function setup(accessKeySecret = publicKey.export({ type: 'spki', format: 'pem' }).toString()) {
  const context = new ListingFakeContext();
  context.nowMs = Date.parse('2026-12-07T03:00:00Z');
  context.credentials.set(EMAIL, { accessKeyId: EMAIL, accessKeySecret });
  const wire = simWire(createGoogleCloud(), context);
  const token = (fields: Record<string, string>) =>
    wire.transport({
      method: 'POST',
      url: 'http://sim.test/token',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      body: new URLSearchParams(fields).toString(),
    });
  return { context, wire, token };
}

async function assertion(claims: Record<string, unknown>, alg = 'RS256'): Promise<string> {
  const key =
    alg === 'RS256' ? await importPKCS8(PRIVATE_PEM, 'RS256') : new TextEncoder().encode('x'.repeat(32));
  return new SignJWT(claims).setProtectedHeader({ alg }).sign(key);
}

const iat = Date.parse('2026-12-07T03:00:00Z') / 1000;
const good = { iss: EMAIL, scope: CLOUD_PLATFORM_SCOPE, aud: GOOGLE_TOKEN_URL, iat, exp: iat + 3600 };

describe('simulated oauth2.googleapis.com/token', () => {
  it.each<[string, Record<string, unknown>, string, number, string]>([
    ['a good assertion gets a bearer token', good, 'RS256', 200, 'Bearer'],
    ['the private key PEM may be declared instead of the public one', good, 'RS256', 200, 'Bearer'],
    [
      'aud must be the token URL',
      { ...good, aud: 'https://evil.test/token' },
      'RS256',
      400,
      'Failed audience check',
    ],
    [
      'an expired assertion is refused',
      { ...good, iat: iat - 7200, exp: iat - 3600 },
      'RS256',
      400,
      'iat and exp',
    ],
    [
      'iat far in the future (clock skew) is refused',
      { ...good, iat: iat + 900, exp: iat + 1800 },
      'RS256',
      400,
      'iat and exp',
    ],
    ['a life over an hour is refused', { ...good, exp: iat + 7200 }, 'RS256', 400, 'short-lived'],
    [
      'the cloud-platform scope is required',
      { ...good, scope: 'https://www.googleapis.com/auth/devstorage.read_only' },
      'RS256',
      400,
      'invalid_scope',
    ],
    [
      'sub, when present, must be the same account',
      { ...good, sub: 'other@x.iam.gserviceaccount.com' },
      'RS256',
      400,
      'account not found',
    ],
    [
      'an account the scenario does not declare is unknown',
      { ...good, iss: 'nobody@x.iam.gserviceaccount.com' },
      'RS256',
      400,
      'account not found',
    ],
    ['HS256 (a shared-secret signature) is not RS256', good, 'HS256', 400, 'Invalid JWT Signature.'],
  ])('%s', async (why, claims, alg, status, text) => {
    const sim = why.includes('private key PEM') ? setup(PRIVATE_PEM) : setup();
    const reply = await sim.token({ grant_type: JWT_BEARER_GRANT, assertion: await assertion(claims, alg) });
    expect(reply.status).toBe(status);
    expect(reply.body).toContain(text);
  });

  it('a grant other than jwt-bearer is unsupported_grant_type', async () => {
    const reply = await setup().token({ grant_type: 'client_credentials', assertion: await assertion(good) });
    expect(reply.body).toContain('unsupported_grant_type');
  });

  it('issued tokens expire: the API then answers 401 UNAUTHENTICATED', async () => {
    const sim = setup();
    sim.context.clusters.push({ provider: 'GoogleGKE' as never, clusterID: 'c', projectID: 'p1', state: {} });
    const reply = await sim.token({ grant_type: JWT_BEARER_GRANT, assertion: await assertion(good) });
    const { access_token: token, expires_in: life } = JSON.parse(reply.body) as {
      access_token: string;
      expires_in: number;
    };
    const list = () =>
      sim.wire.transport({
        method: 'GET',
        url: 'http://sim.test/v1/projects/p1/locations/us-central1/operations',
        headers: { authorization: `Bearer ${token}` },
      });
    expect((await list()).status).toBe(200);
    sim.context.advance(life * 1000);
    const refused = await list();
    expect(refused.status).toBe(401);
    expect(JSON.parse(refused.body)).toMatchObject({ error: { code: 401, status: 'UNAUTHENTICATED' } });
  });
});

describe('simulated projects.locations.clusters.get', () => {
  async function withToken(projectIds?: string[]) {
    const sim = setup();
    if (projectIds) sim.context.credentials.get(EMAIL)!.projectIds = projectIds;
    const body = { name: 'c', currentMasterVersion: '1.34.1-gke.1829001', nodePools: [] };
    sim.context.clusters.push(
      {
        provider: 'GoogleGKE' as never,
        clusterID: 'c',
        projectID: 'p1',
        region: 'us-central1',
        state: { GetCluster: body },
      },
      {
        provider: 'GoogleGKE' as never,
        clusterID: 'bare',
        projectID: 'p1',
        region: 'us-central1',
        state: {},
      },
    );
    const reply = await sim.token({ grant_type: JWT_BEARER_GRANT, assertion: await assertion(good) });
    const { access_token: token } = JSON.parse(reply.body) as { access_token: string };
    const get = async (path: string, bearer = token) => {
      const answer = await sim.wire.transport({
        method: 'GET',
        url: `http://sim.test/v1/projects/${path}`,
        headers: bearer ? { authorization: `Bearer ${bearer}` } : {},
      });
      return { status: answer.status, body: JSON.parse(answer.body) as Record<string, unknown> };
    };
    return { get, body, sim };
  }

  it('answers the scenario’s Cluster body as it is', async () => {
    const { get, body, sim } = await withToken();
    expect(await get('p1/locations/us-central1/clusters/c')).toEqual({ status: 200, body });
    expect(sim.wire.sent.at(-1)).toBe('GetCluster');
  });

  it('a cluster whose state has no GetCluster body: a RUNNING cluster without versions, not a 404', async () => {
    const { get } = await withToken();
    expect(await get('p1/locations/us-central1/clusters/bare')).toEqual({
      status: 200,
      body: { name: 'bare', location: 'us-central1', status: 'RUNNING' },
    });
  });

  it.each<[string, string, string[] | undefined, boolean, number, string, string]>([
    [
      'a cluster the location does not have',
      'p1/locations/us-central1/clusters/nope',
      undefined,
      true,
      404,
      'NOT_FOUND',
      'Not found: projects/p1/locations/us-central1/clusters/nope.',
    ],
    [
      'another location',
      'p1/locations/europe-west4/clusters/c',
      undefined,
      true,
      404,
      'NOT_FOUND',
      'Not found: projects/p1/locations/europe-west4/clusters/c.',
    ],
    [
      'a project the account may not read',
      'p1/locations/us-central1/clusters/c',
      ['p2'],
      true,
      403,
      'PERMISSION_DENIED',
      'Required "container.clusters.get" permission(s) for "projects/p1/locations/us-central1/clusters/c".',
    ],
    [
      'no bearer token',
      'p1/locations/us-central1/clusters/c',
      undefined,
      false,
      401,
      'UNAUTHENTICATED',
      'Request had invalid authentication credentials.',
    ],
  ])('%s: Google’s own error body', async (_why, path, projectIds, bearer, status, code, text) => {
    const { get } = await withToken(projectIds);
    const answer = await get(path, bearer ? undefined : '');
    expect(answer.status).toBe(status);
    expect(answer.body).toEqual({
      error: { code: status, status: code, message: expect.stringContaining(text) },
    });
  });

  it.each([
    [
      'auth',
      403,
      'Required "container.clusters.get" permission(s) for "projects/p1/locations/us-central1/clusters/c".',
    ],
    ['not-found', 404, 'Not found: projects/p1/locations/us-central1/clusters/c.'],
    ['throttle', 429, 'Quota exceeded'],
    ['server-error', 500, 'Internal error encountered.'],
  ] as const)('an injected %s fault answers as clusters.get would', async (kind, status, text) => {
    const { get, sim } = await withToken();
    sim.wire.faults.set('GetCluster', [{ kind }]);
    const answer = await get('p1/locations/us-central1/clusters/c');
    expect(answer.status).toBe(status);
    expect(JSON.stringify(answer.body)).toContain(text.replaceAll('"', '\\"'));
  });
});

describe('google-auth-library as the oracle', () => {
  const at = new Date('2026-12-07T03:00:00Z');
  const oracle = () => googleAuthLibraryTokenRequest(EMAIL, PRIVATE_PEM, at);

  it('the simulator accepts the assertion google-auth-library signs', async () => {
    const theirs = await oracle();
    const reply = await setup().token(Object.fromEntries(theirs.data ?? []));
    expect(reply.status).toBe(200);
    expect(JSON.parse(reply.body)).toMatchObject({ token_type: 'Bearer', expires_in: 3599 });
  });

  it('the GKE client sends the token request google-auth-library sends: URL, method, form, assertion bytes', async () => {
    const { transport, sent } = capturingTransport(
      '{"access_token":"ya29.t","expires_in":3599,"token_type":"Bearer"}',
      '{}',
    );
    const serviceAccountKey = JSON.stringify({
      type: 'service_account',
      client_email: EMAIL,
      private_key: PRIVATE_PEM,
    });
    await connectGoogleGke(
      {
        spec: googleGkeSample.spec as ClusterUpgradeWatchSpec,
        credentials: { serviceAccountKey } as Credentials,
        baseUrl: GKE_BASE_URL,
        transport,
        clock: { now: () => at },
      },
      { cache: createTokenCache({ clock: { now: () => at } }), memory: createPollMemory() },
    ).observe();
    const theirs = await oracle();
    const ours = sent[0]!;
    expect([ours.method, ours.url]).toEqual([theirs.method, theirs.url]);
    expect(Object.fromEntries(new URLSearchParams(ours.body))).toEqual(Object.fromEntries(theirs.data ?? []));
    expect(sent[1]).toMatchObject({
      method: 'GET',
      url: 'https://container.googleapis.com/v1/projects/demo-project-1/locations/us-central1/operations',
      headers: { authorization: 'Bearer ya29.t' },
    });
  });
});
