// The simulator's SigV4 check is real: requests signed by the official signer
// (@smithy/signature-v4, the one aws-sdk-js-v3 uses) on generated EKS requests are accepted,
// and the same requests with one byte changed after signing are refused.
import fc from 'fast-check';
import { encodePath, encodeQuery } from '../../../src/signing/huawei.js';
import { awsCloud } from '../../../src/simulator/aws/index.js';
import type { SimCredential, SimRequest } from '../../../src/simulator/types.js';
import { smithySignedHeaders } from '../signing/smithy-oracle.js';
import { fakeContext, simRequestFrom } from './alibaba-sim-helpers.js';

const NOW = new Date('2024-12-06T10:30:00Z');

async function smithySigned(c: {
  cluster: string;
  query: Record<string, string>;
  credential: SimCredential;
  region: string;
}): Promise<SimRequest> {
  const host = `eks.${c.region}.amazonaws.com`;
  const path = `/clusters/${c.cluster}/updates`;
  const headers = await smithySignedHeaders({
    accessKeyId: c.credential.accessKeyId,
    secretAccessKey: c.credential.accessKeySecret,
    sessionToken: c.credential.securityToken,
    region: c.region,
    host,
    wirePath: encodePath(path),
    query: c.query,
    now: NOW,
  });
  const search = encodeQuery(c.query);
  return simRequestFrom({
    method: 'GET',
    url: `https://${host}${encodePath(path)}${search ? `?${search}` : ''}`,
    headers,
  });
}

const name = fc.stringMatching(/^[A-Za-z0-9][A-Za-z0-9_-]{0,40}$/);
const cases = fc.record({
  cluster: name,
  query: fc.dictionary(
    fc.constantFrom('nodegroupName', 'maxResults', 'nextToken'),
    fc.string({ maxLength: 20 }),
  ),
  secret: fc.string({ minLength: 20, maxLength: 40 }),
  sessionToken: fc.option(fc.base64String({ minLength: 8, maxLength: 64 }), { nil: undefined }),
  region: fc.constantFrom('us-east-1', 'eu-west-1', 'ap-southeast-2'),
});

function verdict(request: SimRequest, credential: SimCredential): string | undefined {
  const context = fakeContext({ now: NOW, credentials: [credential], clusters: [] });
  const route = awsCloud.route(request);
  if (!route) return 'unrouted';
  return awsCloud.authenticate(request, route, context)?.headers?.['x-amzn-errortype']?.split(':')[0];
}

describe('simulator SigV4 verification against @smithy/signature-v4', () => {
  it('accepts what the official signer signs, refuses it once the query or secret differs', async () => {
    await fc.assert(
      fc.asyncProperty(cases, async (c) => {
        const credential: SimCredential = {
          accessKeyId: 'AKIAIOSFODNN7EXAMPLE',
          accessKeySecret: c.secret,
          ...(c.sessionToken ? { securityToken: c.sessionToken } : {}),
        };
        const request = await smithySigned({ ...c, credential });
        expect(verdict(request, credential)).toBeUndefined();

        const tampered: SimRequest = {
          ...request,
          query: { ...request.query, maxResults: `${request.query['maxResults'] ?? ''}9` },
        };
        expect(verdict(tampered, credential)).toBe('InvalidSignatureException');
        expect(verdict(request, { ...credential, accessKeySecret: `${c.secret}x` })).toBe(
          'InvalidSignatureException',
        );
      }),
      { numRuns: 150 },
    );
  });
});
