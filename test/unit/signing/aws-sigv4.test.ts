// Our SigV4 signer against AWS's published test-suite vectors and against the official signer
// (@smithy/signature-v4, the one aws-sdk-js-v3 uses) on generated EKS requests.
import { readFileSync } from 'node:fs';
import fc from 'fast-check';
import { encodePath } from '../../../src/signing/huawei.js';
import { formatAmzDate, signSigV4, sigv4CanonicalUri } from '../../../src/signing/aws-sigv4.js';
import { smithySignedHeaders } from './smithy-oracle.js';

interface VectorFile {
  credentials: { accessKeyId: string; secretAccessKey: string };
  region: string;
  service: string;
  amzDate: string;
  host: string;
  cases: Array<{
    name: string;
    method: string;
    path: string;
    query: Record<string, string>;
    sessionToken?: string;
    authorization: string;
  }>;
}
const vectors = JSON.parse(
  readFileSync(new URL('../../fixtures/vectors/aws-sigv4.json', import.meta.url), 'utf8'),
) as VectorFile;

function amzDateToDate(text: string): Date {
  const m = /^(\d{4})(\d{2})(\d{2})T(\d{2})(\d{2})(\d{2})Z$/.exec(text);
  if (!m) throw new Error(text);
  const [y, mo, d, h, mi, s] = m.slice(1).map(Number) as [number, number, number, number, number, number];
  return new Date(Date.UTC(y, mo - 1, d, h, mi, s));
}

describe('AWS SigV4 test-suite vectors (published known answers)', () => {
  it.each(vectors.cases.map((c) => [c.name, c] as const))('%s', (_name, c) => {
    const headers = signSigV4(
      { method: c.method, host: vectors.host, path: c.path, query: c.query, headers: {}, body: '' },
      {
        credentials: { ...vectors.credentials, sessionToken: c.sessionToken },
        region: vectors.region,
        service: vectors.service,
        now: amzDateToDate(vectors.amzDate),
        contentSha256Header: false,
      },
    );
    expect(headers.authorization).toBe(c.authorization);
    expect(headers['x-amz-date']).toBe(vectors.amzDate);
  });

  it('non-S3 canonical URIs encode each decoded segment twice (wire once, canonical once more)', () => {
    expect(sigv4CanonicalUri('/\u1234')).toBe('/%25E1%2588%25B4');
    expect(sigv4CanonicalUri('/clusters/my_cluster-1/updates')).toBe('/clusters/my_cluster-1/updates');
  });
});

interface Case {
  cluster: string;
  nodegroup?: string;
  query: Record<string, string>;
  accessKeyId: string;
  secret: string;
  sessionToken?: string;
  region: string;
  now: Date;
}

function smithyAuthorization(c: Case, path: string): Promise<Record<string, string>> {
  return smithySignedHeaders({
    accessKeyId: c.accessKeyId,
    secretAccessKey: c.secret,
    sessionToken: c.sessionToken,
    region: c.region,
    host: `eks.${c.region}.amazonaws.com`,
    wirePath: encodePath(path),
    query: c.query,
    now: c.now,
  });
}

const segment = fc.oneof(
  // EKS cluster and node-group names.
  fc.stringMatching(/^[A-Za-z0-9][A-Za-z0-9_-]{0,40}$/),
  // Any other text (non-ASCII, reserved characters): encoded twice by both signers. Empty, `.`
  // and `..` segments are left out — the official signer folds them away, and no cloud path has them.
  fc
    .string({ unit: 'grapheme', minLength: 1, maxLength: 12 })
    .filter((s) => !s.includes('/') && s !== '.' && s !== '..'),
);

describe('against @smithy/signature-v4 on generated EKS requests', () => {
  it('the same Authorization and signed headers', async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.record({
          cluster: segment,
          nodegroup: fc.option(segment, { nil: undefined }),
          // Query values with the full character range: both encode them per RFC 3986.
          query: fc.dictionary(
            fc.stringMatching(/^[A-Za-z][A-Za-z0-9]{0,10}$/),
            fc.string({ maxLength: 20 }),
            { maxKeys: 3 },
          ),
          accessKeyId: fc.stringMatching(/^AKIA[A-Z0-9]{16}$/),
          secret: fc.string({ minLength: 20, maxLength: 40 }),
          sessionToken: fc.option(fc.base64String({ minLength: 8, maxLength: 64 }), { nil: undefined }),
          region: fc.constantFrom('us-east-1', 'eu-west-1', 'ap-southeast-2', 'cn-north-1'),
          now: fc.date({
            min: new Date('2000-01-01T00:00:00Z'),
            max: new Date('2099-12-31T23:59:59Z'),
            noInvalidDate: true,
          }),
        }),
        async (c) => {
          const path = c.nodegroup
            ? `/clusters/${c.cluster}/node-groups/${c.nodegroup}/updates`
            : `/clusters/${c.cluster}/updates`;
          const ours = signSigV4(
            {
              method: 'GET',
              host: `eks.${c.region}.amazonaws.com`,
              path,
              query: c.query,
              headers: {},
              body: '',
            },
            {
              credentials: {
                accessKeyId: c.accessKeyId,
                secretAccessKey: c.secret,
                sessionToken: c.sessionToken,
              },
              region: c.region,
              service: 'eks',
              now: c.now,
            },
          );
          const theirs = await smithyAuthorization(c, path);
          expect(ours.authorization).toBe(theirs.authorization);
          expect(ours['x-amz-date']).toBe(formatAmzDate(c.now));
          expect(ours['x-amz-security-token']).toBe(theirs['x-amz-security-token']);
        },
      ),
      { numRuns: 200 },
    );
  });
});
