// Keyless EKS: the operator's STS AssumeRoleWithWebIdentity (src/providers/aws-eks/sts.ts)
// against the simulator's STS (real RS256 checks of the token against the scenario's trust),
// the temporary keys then used by the EKS client; and the reply/refusal parsing on its own.
import { exportJWK, generateKeyPair, SignJWT, type JWK } from 'jose';
import { assumeRoleWithWebIdentity, awsRoleSessionName } from '../../../../src/providers/aws-eks/sts.js';
import { createAwsEksFamily } from '../../../../src/providers/aws-eks/index.js';
import type { HttpRequest, HttpResponse } from '../../../../src/providers/common/transport.js';
import { SimTrust } from '../../../../src/simulator/trust.js';
import { awsEksFacts } from '../../../../src/providers/aws-eks/facts.js';
import type { ClusterState } from '../../../../src/simulator/types.js';
import { awsHarness, BASE_URL, eksSpec, type SimHarness } from './sim-helpers.js';

const ISSUER = 'https://oidc.eks.us-west-2.amazonaws.com/id/EXAMPLED539D4633E53DE1B71EXAMPLE';
const PROVIDER_ARN =
  'arn:aws:iam::111122223333:oidc-provider/oidc.eks.us-west-2.amazonaws.com/id/EXAMPLED539D4633E53DE1B71EXAMPLE';
const ROLE = 'arn:aws:iam::111122223333:role/upgradewatch-reader';
const READER = 'system:serviceaccount:team-a:reader';
const STS_ORIGIN = 'https://sts.us-west-2.amazonaws.com';

type PrivateKey = Awaited<ReturnType<typeof generateKeyPair>>['privateKey'];
let trustedKey: PrivateKey;
let foreignKey: PrivateKey;
let jwk: JWK;

beforeAll(async () => {
  const trusted = await generateKeyPair('RS256', { extractable: true });
  trustedKey = trusted.privateKey;
  foreignKey = (await generateKeyPair('RS256')).privateKey;
  jwk = { ...(await exportJWK(trusted.publicKey)), kid: 'k1', alg: 'RS256', use: 'sig' };
});

function harness(): SimHarness {
  const h = awsHarness(awsEksFacts.simulatorStates.running as unknown as ClusterState);
  h.context.trust = new SimTrust(
    {
      credentialLifetimeMs: 15 * 60_000,
      oidcProviders: [
        {
          id: PROVIDER_ARN,
          issuer: ISSUER,
          audiences: ['sts.amazonaws.com'],
          jwks: { keys: [jwk as Record<string, unknown>] },
        },
      ],
      roles: [{ arn: ROLE, oidcProviderArn: PROVIDER_ARN, subjects: ['system:serviceaccount:team-a:*'] }],
      idpMappings: [],
      federatedCredentials: [],
      poolProviders: [],
    },
    { now: () => h.world.now },
  );
  return h;
}

async function token(
  h: SimHarness,
  claims: { sub?: string; aud?: string; expiresInS?: number; key?: PrivateKey } = {},
) {
  const now = Math.floor(h.world.now.getTime() / 1000);
  return new SignJWT({})
    .setProtectedHeader({ alg: 'RS256', kid: 'k1' })
    .setIssuer(ISSUER)
    .setSubject(claims.sub ?? READER)
    .setAudience(claims.aud ?? 'sts.amazonaws.com')
    .setIssuedAt(now - 60)
    .setExpirationTime(now + (claims.expiresInS ?? 3600))
    .sign(claims.key ?? trustedKey);
}

function exchange(h: SimHarness, webToken: string, roleARN = ROLE, transport = h.transport) {
  return assumeRoleWithWebIdentity(
    { transport, clock: { now: () => h.world.now } },
    {
      origin: STS_ORIGIN,
      identity: { serviceAccountName: 'reader', roleARN },
      token: webToken,
      namespace: 'team-a',
    },
  );
}

describe('AssumeRoleWithWebIdentity against the simulated STS', () => {
  it('sends the SDK form fields anonymously and returns keys the EKS API accepts until they expire', async () => {
    const h = harness();
    const sent: HttpRequest[] = [];
    const webToken = await token(h);
    const result = await exchange(h, webToken, ROLE, async (request) => {
      sent.push(request);
      return h.transport(request);
    });
    expect(sent).toHaveLength(1);
    const request = sent[0]!;
    expect(request).toMatchObject({ method: 'POST', url: `${STS_ORIGIN}/` });
    expect(request.headers['content-type']).toBe('application/x-www-form-urlencoded');
    expect(request.headers.authorization).toBeUndefined();
    expect(Object.fromEntries(new URLSearchParams(request.body))).toEqual({
      Action: 'AssumeRoleWithWebIdentity',
      Version: '2011-06-15',
      RoleArn: ROLE,
      RoleSessionName: 'upgradewatch-team-a-reader',
      WebIdentityToken: webToken,
      DurationSeconds: '3600',
    });
    if (!result.ok) throw new Error(result.error.message);
    expect(result.value.credentials.accessKeyId).toMatch(/^ASIA/);
    expect(result.value.expiresAt.getTime()).toBe(
      Math.floor((h.world.now.getTime() + 15 * 60_000) / 1000) * 1000,
    );

    const observe = () =>
      createAwsEksFamily()
        .connect({
          spec: eksSpec(),
          credentials: result.value.credentials,
          baseUrl: BASE_URL,
          transport: h.transport,
          clock: { now: () => h.world.now },
        })
        .observe();
    expect((await observe()).ok).toBe(true);
    h.world.now = new Date(h.world.now.getTime() + 16 * 60_000);
    const expired = await observe();
    expect(expired.ok ? undefined : expired.error.code).toBe('ExpiredTokenException');
  });

  it.each([
    // why: a token from a key the provider does not publish
    ['a token signed by another key', 'AuthFailed', 'InvalidIdentityToken', { key: 'foreign' }, ROLE],
    // why: the audience EKS's roles expect is sts.amazonaws.com
    ['another audience', 'AuthFailed', 'InvalidIdentityToken', { aud: 'sts.aliyuncs.com' }, ROLE],
    // why: STS says ExpiredTokenException for an expired web identity token
    ['an expired token', 'AuthFailed', 'ExpiredTokenException', { expiresInS: -10 }, ROLE],
    // why: the role's trust policy names other ServiceAccounts
    [
      'a ServiceAccount the role does not trust',
      'AuthFailed',
      'AccessDenied',
      { sub: 'system:serviceaccount:team-b:reader' },
      ROLE,
    ],
    // why: no such role
    ['an unknown role', 'AuthFailed', 'AccessDenied', {}, 'arn:aws:iam::111122223333:role/nope'],
  ] as const)('%s → %s (%s)', async (_why, cls, code, claims, role) => {
    const h = harness();
    const webToken = await token(h, {
      ...('sub' in claims ? { sub: claims.sub } : {}),
      ...('aud' in claims ? { aud: claims.aud } : {}),
      ...('expiresInS' in claims ? { expiresInS: claims.expiresInS } : {}),
      ...('key' in claims ? { key: foreignKey } : {}),
    });
    const result = await exchange(h, webToken, role);
    expect(result.ok).toBe(false);
    if (result.ok) return;
    expect(result.error).toMatchObject({ class: cls, code });
    expect(result.error.message).toMatch(/^AssumeRoleWithWebIdentity refused: /);
    expect(result.error.message).not.toContain(webToken);
    expect(h.world.credentials).toHaveLength(1); // nothing issued
  });

  it.each([
    // why: STS throttling stays transient (the exchange is retried with back-off)
    ['throttle', 'Throttled', 'ThrottlingException'],
    ['server-error', 'ServerError', 'ServerException'],
    // why: the faulted STS refuses the token
    ['auth', 'AuthFailed', 'InvalidIdentityToken'],
  ] as const)('injected %s → %s', async (kind, cls, code) => {
    const h = harness();
    h.fault = { kind };
    const result = await exchange(h, await token(h));
    expect(result.ok ? undefined : result.error).toMatchObject({ class: cls, code });
  });
});

function reply(status: number, body: string): HttpResponse {
  return { status, headers: { 'content-type': 'text/xml' }, body };
}

const GOOD = `<AssumeRoleWithWebIdentityResponse xmlns="https://sts.amazonaws.com/doc/2011-06-15/">
  <AssumeRoleWithWebIdentityResult>
    <Audience>sts.amazonaws.com</Audience>
    <Credentials>
      <SessionToken>AQoDYXdzEE0a8ANXXXXXXXXNO1ewxE5TijQyp+IEXAMPLE</SessionToken>
      <SecretAccessKey>wJalrXUtnFEMI/K7MDENG/bPxRfiCYzEXAMPLEKEY</SecretAccessKey>
      <Expiration>2014-10-24T23:00:23Z</Expiration>
      <AccessKeyId>ASgeIAIOSFODNN7EXAMPLE</AccessKeyId>
    </Credentials>
  </AssumeRoleWithWebIdentityResult>
  <ResponseMetadata><RequestId>ad4156e9-bce1-11e2-82e6-6b6efEXAMPLE</RequestId></ResponseMetadata>
</AssumeRoleWithWebIdentityResponse>`;

describe('the STS reply, read on its own', () => {
  const run = (response: HttpResponse) =>
    assumeRoleWithWebIdentity(
      { transport: async () => response, clock: { now: () => new Date('2014-10-24T22:00:00Z') } },
      {
        origin: STS_ORIGIN,
        identity: { serviceAccountName: 'reader', roleARN: ROLE },
        token: 'eyJ.token.sig',
        namespace: 'team-a',
      },
    );

  it("the API reference's example reply → the keys and expiry", async () => {
    const result = await run(reply(200, GOOD));
    expect(result).toEqual({
      ok: true,
      value: {
        credentials: {
          accessKeyId: 'ASgeIAIOSFODNN7EXAMPLE',
          accessKeySecret: 'wJalrXUtnFEMI/K7MDENG/bPxRfiCYzEXAMPLEKEY',
          securityToken: 'AQoDYXdzEE0a8ANXXXXXXXXNO1ewxE5TijQyp+IEXAMPLE',
        },
        expiresAt: new Date('2014-10-24T23:00:23Z'),
      },
    });
  });

  it.each([
    // why: a 200 without credentials (a proxy page, a truncated body) is InvalidResponse
    ['no Credentials element', 'InvalidResponse', reply(200, '<AssumeRoleWithWebIdentityResponse/>')],
    ['HTML from a proxy', 'InvalidResponse', reply(200, '<html><body>login</body></html>')],
    ['an unreadable expiry', 'InvalidResponse', reply(200, GOOD.replace('2014-10-24T23:00:23Z', 'soon'))],
    // why: IDPCommunicationError is STS failing to reach the IdP — transient, not a refusal
    [
      'IDPCommunicationError',
      'ServerError',
      reply(
        400,
        "<ErrorResponse><Error><Type>Sender</Type><Code>IDPCommunicationError</Code><Message>Couldn't retrieve verification key</Message></Error><RequestId>r-1</RequestId></ErrorResponse>",
      ),
    ],
    // why: entities in the message are decoded; the request id is the body's
    [
      'InvalidIdentityToken with entities',
      'AuthFailed',
      reply(
        400,
        '<ErrorResponse><Error><Type>Sender</Type><Code>InvalidIdentityToken</Code><Message>Incorrect token &amp; audience</Message></Error><RequestId>r-2</RequestId></ErrorResponse>',
      ),
    ],
    [
      'Throttling',
      'Throttled',
      reply(
        400,
        '<ErrorResponse><Error><Type>Sender</Type><Code>Throttling</Code><Message>Rate exceeded</Message></Error></ErrorResponse>',
      ),
    ],
  ] as const)('%s → %s', async (_why, cls, response) => {
    const result = await run(response);
    expect(result.ok ? undefined : result.error.class).toBe(cls);
  });

  it("a refusal keeps the STS code, the body's request id and the decoded message", async () => {
    const result = await run(
      reply(
        400,
        '<ErrorResponse><Error><Type>Sender</Type><Code>InvalidIdentityToken</Code><Message>Incorrect token &amp; audience</Message></Error><RequestId>r-2</RequestId></ErrorResponse>',
      ),
    );
    expect(result).toMatchObject({
      ok: false,
      error: {
        class: 'AuthFailed',
        code: 'InvalidIdentityToken',
        requestId: 'r-2',
        message: expect.stringContaining('Incorrect token & audience'),
      },
    });
  });

  it.each([
    ['team-a', 'reader', 'upgradewatch-team-a-reader'],
    // why: the API allows 64 characters of [\w+=,.@-]
    ['n'.repeat(63), 'sa', `upgradewatch-${'n'.repeat(51)}`],
  ])('session name for %s/%s', (ns, sa, name) => {
    expect(awsRoleSessionName(ns, sa)).toBe(name);
    expect(name).toMatch(/^[\w+=,.@-]{2,64}$/);
  });
});
