// The official SigV4 signer (@smithy/signature-v4, the one aws-sdk-js-v3 uses) as a test
// oracle: the headers it signs for one EKS GET. Not a test file itself.
import { Sha256 } from '@aws-crypto/sha256-js';
import { SignatureV4 } from '@smithy/signature-v4';

export interface OracleRequest {
  accessKeyId: string;
  secretAccessKey: string;
  sessionToken?: string | undefined;
  region: string;
  /** Host (with port if any). */
  host: string;
  /** The path as sent on the wire (each segment already encoded once). */
  wirePath: string;
  query: Record<string, string>;
  headers?: Record<string, string>;
  now: Date;
}

export async function smithySignedHeaders(r: OracleRequest): Promise<Record<string, string>> {
  const signer = new SignatureV4({
    credentials: {
      accessKeyId: r.accessKeyId,
      secretAccessKey: r.secretAccessKey,
      ...(r.sessionToken ? { sessionToken: r.sessionToken } : {}),
    },
    region: r.region,
    service: 'eks',
    sha256: Sha256,
  });
  const request = {
    method: 'GET',
    protocol: 'https:',
    hostname: r.host,
    path: r.wirePath,
    query: r.query,
    headers: { host: r.host, ...r.headers },
  };
  return (await signer.sign(request, { signingDate: r.now })).headers;
}
