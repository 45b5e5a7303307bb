// Our Google STS token-exchange request against google-auth-library (the official client) as
// the oracle: its IdentityPoolClient, given the ServiceAccount token by a subject-token
// supplier, runs with a capturing STS transporter, and the two requests are compared field by field.
import { IdentityPoolClient } from 'google-auth-library';
import { CLOUD_PLATFORM_SCOPE } from '../../../../src/providers/google-gke/auth.js';
import {
  exchangeWithGoogleSts,
  GOOGLE_STS_ORIGIN,
  JWT_TOKEN_TYPE,
  stsExchangeForm,
} from '../../../../src/providers/google-gke/sts.js';
import type { HttpRequest } from '../../../../src/providers/common/transport.js';

const POOL =
  '//iam.googleapis.com/projects/123456789012/locations/global/workloadIdentityPools/uw-pool/providers/kube';
const SA_TOKEN = 'eyJhbGciOiJSUzI1NiJ9.e30.sig';

interface Captured {
  url?: string;
  method?: string;
  data?: URLSearchParams;
}

async function libraryExchange(): Promise<Captured> {
  const captured: Captured = {};
  const client = new IdentityPoolClient({
    type: 'external_account',
    audience: POOL,
    subject_token_type: JWT_TOKEN_TYPE,
    token_url: `${GOOGLE_STS_ORIGIN}/v1/token`,
    subject_token_supplier: { getSubjectToken: async () => SA_TOKEN },
    scopes: [CLOUD_PLATFORM_SCOPE],
  });
  // The STS client's own transporter (not the AuthClient's): the exchange goes through it.
  (client as unknown as { stsCredential: { transporter: unknown } }).stsCredential.transporter = {
    request: async (options: Captured) => {
      Object.assign(captured, options);
      return {
        data: { access_token: 'ya29.fed', issued_token_type: 'x', token_type: 'Bearer', expires_in: 3599 },
        headers: {},
      };
    },
  };
  await client.getAccessToken();
  return captured;
}

describe('Google STS token exchange against google-auth-library', () => {
  it('the same URL, method and form fields (none missing, none extra)', async () => {
    const theirs = await libraryExchange();
    const sent: HttpRequest[] = [];
    const result = await exchangeWithGoogleSts(
      {
        transport: async (request) => {
          sent.push(request);
          return {
            status: 200,
            headers: {},
            body: '{"access_token":"ya29.fed","token_type":"Bearer","expires_in":3599}',
          };
        },
        clock: { now: () => new Date('2026-12-07T00:00:00Z') },
      },
      {
        origin: GOOGLE_STS_ORIGIN,
        identity: { serviceAccountName: 'reader', poolProvider: POOL },
        token: SA_TOKEN,
        namespace: 'team-a',
      },
    );
    expect(result).toMatchObject({ ok: true, value: { credentials: { accessToken: 'ya29.fed' } } });
    const ours = sent[0]!;
    expect([ours.method, ours.url]).toEqual([theirs.method, theirs.url]);
    expect(Object.fromEntries(new URLSearchParams(ours.body))).toEqual(Object.fromEntries(theirs.data!));
    expect(Object.fromEntries(stsExchangeForm(POOL, SA_TOKEN))).toEqual(Object.fromEntries(theirs.data!));
  });
});
