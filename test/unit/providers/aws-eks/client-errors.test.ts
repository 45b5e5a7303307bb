// Every AWS error class, injected by the simulator's fault bodies and produced for real by its
// SigV4 front door, through the AWSEKS client.
import { createAwsEksFamily } from '../../../../src/providers/aws-eks/index.js';
import { EksUpdateMemory } from '../../../../src/providers/aws-eks/memory.js';
import { createAwsCloud } from '../../../../src/simulator/aws/index.js';
import { awsHarness, BASE_URL, connect, eksSpec, GROUPS, KEY, states } from './sim-helpers.js';

describe('AWSEKS client: every error class from the simulator', () => {
  it.each([
    // why: EKS throttles with 400 ThrottlingException — the code decides, not the status
    ['throttle', undefined, undefined, 'Throttled', 'ThrottlingException', 400],
    // why: 429 TooManyRequestsException carries Retry-After, which must be honoured
    ['throttle', 7, undefined, 'Throttled', 'TooManyRequestsException', 429],
    // why: a bad or unknown key
    ['auth', undefined, undefined, 'AuthFailed', 'UnrecognizedClientException', 403],
    // why: InvalidSignatureException "Signature expired" is the clock, not the key
    ['clock-skew', undefined, undefined, 'ClockSkew', 'InvalidSignatureException', 403],
    ['not-found', undefined, undefined, 'NotFound', 'ResourceNotFoundException', 404],
    ['server-error', undefined, undefined, 'ServerError', 'ServerException', 500],
    [
      'server-error',
      undefined,
      'ServiceUnavailableException',
      'ServerError',
      'ServiceUnavailableException',
      503,
    ],
  ] as const)(
    'injected %s (retry %s, %s) → %s',
    async (kind, retryAfterSeconds, serverError, cls, code, status) => {
      const cloud = createAwsCloud(serverError ? { serverError } : {});
      const h = awsHarness(states.running, undefined, cloud);
      h.fault = { kind, ...(retryAfterSeconds !== undefined ? { retryAfterSeconds } : {}) };
      const result = await connect(h, GROUPS).client.observe();
      expect(result).toMatchObject({
        ok: false,
        error: {
          class: cls,
          code,
          httpStatus: status,
          requestId: expect.stringMatching(/^0+\d+-AAAA/),
          ...(retryAfterSeconds === undefined ? {} : { retryAfterMs: retryAfterSeconds * 1000 }),
        },
      });
      expect(h.seen).toHaveLength(1); // the first failure ends the poll
    },
  );

  const wrongSecret = { ...KEY, accessKeySecret: 'not-the-secret-at-all' };
  it.each([
    // why: the simulator recomputes the signature: a wrong secret is InvalidSignatureException
    [
      'a wrong secret',
      () => awsHarness(states.idle),
      wrongSecret,
      'AuthFailed',
      'InvalidSignatureException',
      0,
    ],
    // why: an access key the cloud does not know
    [
      'an unknown key',
      () => awsHarness(states.idle),
      { ...KEY, accessKeyId: 'AKIAUNKNOWNKEY000000' },
      'AuthFailed',
      'UnrecognizedClientException',
      0,
    ],
    // why: the client's clock 10 minutes behind the cloud's
    [
      'a clock 10 minutes behind',
      () => awsHarness(states.idle),
      KEY,
      'ClockSkew',
      'InvalidSignatureException',
      -600_000,
    ],
    // why: a cluster name EKS does not have
    [
      'a missing cluster',
      () => {
        const h = awsHarness(states.idle);
        h.world.clusters = [];
        return h;
      },
      KEY,
      'NotFound',
      'ResourceNotFoundException',
      0,
    ],
  ] as const)('real refusal: %s', async (_why, make, credentials, cls, code, clockOffsetMs) => {
    const h = make();
    const family = createAwsEksFamily(new EksUpdateMemory());
    const result = await family
      .connect({
        spec: eksSpec(),
        credentials,
        baseUrl: BASE_URL,
        transport: h.transport,
        clock: { now: () => new Date(h.world.now.getTime() + clockOffsetMs) },
      })
      .observe();
    expect(result).toMatchObject({ ok: false, error: { class: cls, code } });
    // no secret in what the operator shows
    expect(JSON.stringify(result)).not.toContain(credentials.accessKeySecret);
  });

  it('an expired temporary key is ExpiredTokenException → AuthFailed; a missing token is refused too', async () => {
    const h = awsHarness(states.idle);
    const temp = h.context.issueCredential({ lifetimeMs: 60_000, prefix: 'ASIA' });
    const credentials = {
      accessKeyId: temp.accessKeyId,
      accessKeySecret: temp.accessKeySecret,
      securityToken: temp.securityToken,
    };
    const run = (c: typeof credentials | typeof KEY) =>
      createAwsEksFamily()
        .connect({
          spec: eksSpec(),
          credentials: c,
          baseUrl: BASE_URL,
          transport: h.transport,
          clock: { now: () => h.world.now },
        })
        .observe();
    expect((await run(credentials)).ok).toBe(true);
    const noToken = await run({ accessKeyId: temp.accessKeyId, accessKeySecret: temp.accessKeySecret });
    expect(noToken.ok ? undefined : noToken.error.code).toBe('UnrecognizedClientException');
    h.world.now = new Date(h.world.now.getTime() + 61_000);
    const expired = await run(credentials);
    expect(expired.ok ? undefined : expired.error).toMatchObject({
      class: 'AuthFailed',
      code: 'ExpiredTokenException',
      httpStatus: 403,
    });
  });

  it('a node-group name EKS cannot have is refused before any request', async () => {
    const h = awsHarness(states.idle);
    const result = await connect(h, ['../x']).client.observe();
    expect(result.ok ? undefined : result.error.class).toBe('RequestRejected');
    expect(h.seen).toEqual([]);
  });
});
