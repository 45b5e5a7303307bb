// The simulator's AWS module on its own: routing, the SigV4 front door (each refusal with AWS's
// body), the EKS replies from ClusterState (paging, node groups, unknown ids) and the fault
// bodies. The operator's client against it is test/unit/providers/aws-eks/client.test.ts.
import { signEksCall } from '../../../src/providers/aws-eks/request.js';
import { AWS_EKS } from '../../../src/providers/names.js';
import { awsEksFacts } from '../../../src/providers/aws-eks/facts.js';
import { awsCloud } from '../../../src/simulator/aws/index.js';
import { STATE_OPERATIONS } from '../../../src/simulator/types.js';
import type { ClusterState, SimReply, SimRequest } from '../../../src/simulator/types.js';
import { fakeContext, simRequestFrom, type FakeWorld } from './alibaba-sim-helpers.js';

const NOW = new Date('2024-12-06T10:30:00Z');
const KEY = {
  accessKeyId: 'AKIAIOSFODNN7EXAMPLE',
  accessKeySecret: 'wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY',
};
const state = awsEksFacts.simulatorStates.running as unknown as ClusterState;
const CLUSTER_UPDATE = '0c9e8f6a-3d5b-4c1e-9a7f-2b8d6e4c1a01';

function world(): FakeWorld {
  return {
    now: NOW,
    credentials: [KEY],
    clusters: [{ provider: AWS_EKS, clusterID: 'prod-eks_1', region: 'us-west-2', state }],
  };
}

interface Signed {
  segments?: string[];
  query?: Record<string, string>;
  at?: Date;
  region?: string;
  credentials?: { accessKeyId: string; accessKeySecret: string; securityToken?: string };
  edit?: (request: SimRequest) => void;
}

function signed(options: Signed = {}): SimRequest {
  const { request } = signEksCall(
    {
      operation: 'ListUpdates',
      segments: options.segments ?? ['clusters', 'prod-eks_1', 'updates'],
      ...(options.query ? { query: options.query } : {}),
      parse: () => ({ ok: true, value: null }),
    },
    {
      baseUrl: 'https://eks.us-west-2.amazonaws.com',
      region: options.region ?? 'us-west-2',
      credentials: options.credentials ?? KEY,
      transport: async () => ({ status: 200, headers: {}, body: '' }),
      clock: { now: () => NOW },
    },
    options.at ?? NOW,
  );
  const sim = simRequestFrom(request);
  options.edit?.(sim);
  return sim;
}

function answer(request: SimRequest, w = world()): { reply: SimReply; json: Record<string, unknown> } {
  const context = fakeContext(w);
  const route = awsCloud.route(request);
  if (!route) throw new Error('unrouted');
  const reply = awsCloud.authenticate(request, route, context) ?? awsCloud.respond(request, route, context);
  return {
    reply,
    json: reply.body.startsWith('{') ? (JSON.parse(reply.body) as Record<string, unknown>) : {},
  };
}

describe('AWS simulator: routes', () => {
  it.each([
    ['GET', '/clusters/prod-eks_1/updates', '', 'ListUpdates'],
    ['GET', '/clusters/prod-eks_1/updates/abc', '', 'DescribeUpdate'],
    ['POST', '/', 'Action=AssumeRoleWithWebIdentity&Version=2011-06-15', 'AssumeRoleWithWebIdentity'],
    // why: STS also takes the parameters in the query of a GET
    ['GET', '/?Action=AssumeRoleWithWebIdentity', '', 'AssumeRoleWithWebIdentity'],
    // why: not this cloud's: Alibaba's STS action, another path, a write
    ['POST', '/?Action=AssumeRoleWithOIDC', '', undefined],
    ['GET', '/clusters/prod/components/upgradestatus', '', undefined],
    ['POST', '/clusters/prod/updates', '', undefined],
  ])('%s %s %s → %s', (method, path, body, operation) => {
    const request = simRequestFrom({ method, url: `https://h${path}`, headers: {}, body });
    expect(awsCloud.route(request)?.operation).toBe(operation);
  });
});

describe('AWS simulator: the SigV4 front door', () => {
  it('accepts a correctly signed request', () => {
    const { reply, json } = answer(signed());
    expect(reply.status).toBe(200);
    expect(json).toEqual({ updateIds: [CLUSTER_UPDATE], nextToken: null });
  });

  it.each([
    [
      'no Authorization',
      { edit: (r: SimRequest): void => void delete r.headers['authorization'] },
      'MissingAuthenticationTokenException',
      /Missing Authentication Token/,
    ],
    [
      'no X-Amz-Date',
      { edit: (r: SimRequest): void => void delete r.headers['x-amz-date'] },
      'IncompleteSignatureException',
      /X-Amz-Date/,
    ],
    // why: the window is 5 minutes either way, and the message says which way
    [
      'signed 6 minutes ago',
      { at: new Date(NOW.getTime() - 6 * 60_000) },
      'InvalidSignatureException',
      /^Signature expired: 20241206T102400Z is now earlier than 20241206T102500Z \(20241206T103000Z - 5 min\.\)$/,
    ],
    [
      'signed 6 minutes ahead',
      { at: new Date(NOW.getTime() + 6 * 60_000) },
      'InvalidSignatureException',
      /^Signature not yet current: 20241206T103600Z is still later than 20241206T103500Z/,
    ],
    [
      'unknown key',
      { credentials: { ...KEY, accessKeyId: 'AKIANOTKNOWN00000000' } },
      'UnrecognizedClientException',
      /security token included in the request is invalid/,
    ],
    [
      'wrong secret',
      { credentials: { ...KEY, accessKeySecret: 'x'.repeat(40) } },
      'InvalidSignatureException',
      /does not match/,
    ],
    // why: a permanent key must not carry a session token
    [
      'a permanent key with a token',
      { credentials: { ...KEY, securityToken: 'tok' } },
      'UnrecognizedClientException',
      /invalid/,
    ],
    ['scoped to another region', { region: 'eu-west-1' }, 'InvalidSignatureException', /valid region/],
    // why: the signature covers the query: changing it after signing must be caught
    [
      'query changed after signing',
      { query: { maxResults: '100' }, edit: (r: SimRequest): void => void (r.query['maxResults'] = '5') },
      'InvalidSignatureException',
      /does not match/,
    ],
    [
      'a signed header changed',
      { edit: (r: SimRequest): void => void (r.headers['accept'] = 'text/html') },
      'InvalidSignatureException',
      /does not match/,
    ],
  ] as const)('%s → 403', (_why, options, code, message) => {
    const { reply, json } = answer(signed(options));
    expect(reply.status).toBe(403);
    expect(reply.headers?.['x-amzn-errortype']).toMatch(new RegExp(`^${code}:`));
    expect(json.message).toMatch(message);
  });

  it('temporary keys: their own token, until they expire (ExpiredTokenException)', () => {
    const w = world();
    const temp = {
      accessKeyId: 'ASIATEMP',
      accessKeySecret: 'temp-secret-1234',
      securityToken: 'token-1',
      expiresAt: new Date(NOW.getTime() + 60_000),
    };
    w.credentials.push(temp);
    expect(answer(signed({ credentials: temp }), w).reply.status).toBe(200);
    expect(answer(signed({ credentials: { ...temp, securityToken: 'token-2' } }), w).json.message).toMatch(
      /invalid/,
    );
    w.now = new Date(NOW.getTime() + 60_000);
    const expired = answer(signed({ credentials: temp, at: w.now }), w);
    expect(expired.reply.headers?.['x-amzn-errortype']).toMatch(/^ExpiredTokenException:/);
  });
});

describe('AWS simulator: EKS replies from the cluster state', () => {
  it.each([
    [
      'a node group',
      { query: { nodegroupName: 'general' } },
      200,
      { updateIds: ['7a1b2c3d-4e5f-4a6b-8c7d-9e0f1a2b3c02'], nextToken: null },
    ],
    // why: a node group the state does not have is EKS's ResourceNotFoundException
    [
      'an unknown node group',
      { query: { nodegroupName: 'nope' } },
      404,
      { clusterName: 'prod-eks_1', nodegroupName: 'nope', message: 'No node group found for name: nope.' },
    ],
    [
      'an unknown cluster',
      { segments: ['clusters', 'other', 'updates'] },
      404,
      { clusterName: 'other', message: 'No cluster found for name: other.' },
    ],
    [
      'DescribeUpdate of a listed id',
      { segments: ['clusters', 'prod-eks_1', 'updates', CLUSTER_UPDATE] },
      200,
      { update: { id: CLUSTER_UPDATE, status: 'Successful' } },
    ],
    // why: an id listed for a node group is not the cluster's
    [
      'DescribeUpdate of a node group id without nodegroupName',
      { segments: ['clusters', 'prod-eks_1', 'updates', '7a1b2c3d-4e5f-4a6b-8c7d-9e0f1a2b3c02'] },
      404,
      { message: 'No update found for ID: 7a1b2c3d-4e5f-4a6b-8c7d-9e0f1a2b3c02' },
    ],
    [
      'maxResults out of range',
      { query: { maxResults: '0' } },
      400,
      { message: 'maxResults must be between 1 and 100' },
    ],
    [
      'a forged nextToken',
      { query: { nextToken: 'garbage!' } },
      400,
      { message: 'The nextToken provided is not valid.' },
    ],
  ] as const)('%s', (_why, options, status, body) => {
    const { reply, json } = answer(signed(options as Signed));
    expect(reply.status).toBe(status);
    expect(reply.headers?.['x-amzn-requestid']).toBeTruthy();
    expect(json).toMatchObject(body as Record<string, unknown>);
  });

  it('pages a long list with maxResults and nextToken', () => {
    const ids = Array.from({ length: 5 }, (_, i) => `id-${i}`);
    const w = world();
    w.clusters[0]!.state = { ListUpdates: { cluster: { updateIds: ids } }, DescribeUpdate: {} };
    const first = answer(signed({ query: { maxResults: '2' } }), w).json;
    expect(first.updateIds).toEqual(['id-0', 'id-1']);
    const second = answer(signed({ query: { maxResults: '2', nextToken: String(first.nextToken) } }), w).json;
    expect(second.updateIds).toEqual(['id-2', 'id-3']);
    // The state keys this module reads are the ones the AWSEKS sample declares.
    expect(STATE_OPERATIONS[AWS_EKS]).toEqual(['ListUpdates', 'DescribeUpdate']);
  });
});

describe('AWS simulator: fault bodies', () => {
  const eks = { provider: AWS_EKS, operation: 'ListUpdates', clusterID: 'prod-eks_1' };
  const sts = { provider: AWS_EKS, operation: 'AssumeRoleWithWebIdentity' };
  it.each([
    ['throttle', undefined, 400, /^ThrottlingException:/, /^Rate exceeded$/],
    // why: with a retry hint AWS answers 429 and Retry-After
    ['throttle', 3, 429, /^TooManyRequestsException:/, /Too Many Requests/],
    ['server-error', undefined, 500, /^ServerException:/, /internal error/],
    ['auth', undefined, 403, /^UnrecognizedClientException:/, /token included in the request is invalid/],
    ['not-found', undefined, 404, /^ResourceNotFoundException:/, /^No cluster found for name: prod-eks_1\.$/],
    // why: the skew fault must read as clock skew to the operator, so it says "Signature expired"
    ['clock-skew', undefined, 403, /^InvalidSignatureException:/, /^Signature expired: /],
  ] as const)('EKS fault %# (%s)', (kind, retry, status, type, message) => {
    const reply = awsCloud.faultReply(kind, eks, fakeContext(world()), retry);
    expect(reply.status).toBe(status);
    expect(reply.headers?.['x-amzn-errortype']).toMatch(type);
    expect(reply.headers?.['retry-after']).toBe(retry === undefined ? undefined : String(retry));
    expect((JSON.parse(reply.body) as { message: string }).message).toMatch(message);
  });

  it('STS faults are STS XML documents', () => {
    const reply = awsCloud.faultReply('auth', sts, fakeContext(world()));
    expect(reply.status).toBe(400);
    expect(reply.body).toMatch(
      /^<ErrorResponse xmlns="https:\/\/sts\.amazonaws\.com\/doc\/2011-06-15\/"><Error><Type>Sender<\/Type><Code>InvalidIdentityToken<\/Code>/,
    );
  });
});
