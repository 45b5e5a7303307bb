// Credentials of every cloud for simulated runs (docs/reference.md#simulator): what the
// simulator's scenario declares (a SimCredential) and the Secret data a watch names, which differ
// by scheme. Access keys are the same on both sides; a Google service account is declared by its
// public key and the Secret holds its JSON key (private key included); an Entra app is declared
// by client id, secret and tenant. The bench, the demo and the test helpers build their Secrets
// here, so a cloud with a new credential scheme is one more entry, not a change in each of them.

import { generateKeyPairSync } from 'node:crypto';
import type { SimCredential } from '../simulator/types.js';
import type { Cloud } from './names.js';

export interface SampleCredential {
  /** The scenario's entry (`credentials:`). */
  sim: SimCredential;
  /** The Secret's decoded `data`, keyed as the cloud's credential scheme reads it. */
  secret: Readonly<Record<string, string>>;
}

/** Access keys: the Secret holds what the simulator declares. */
export function accessKeyCredential(sim: SimCredential): SampleCredential {
  return {
    sim,
    secret: {
      accessKeyId: sim.accessKeyId,
      accessKeySecret: sim.accessKeySecret,
      ...(sim.securityToken ? { securityToken: sim.securityToken } : {}),
    },
  };
}

/** A Google service account `label` with a fresh RSA key: declared by its public key. */
export function googleServiceAccountCredential(label: string, projectID: string): SampleCredential {
  const { privateKey, publicKey } = generateKeyPairSync('rsa', { modulusLength: 2048 });
  const clientEmail = `${label}@${projectID}.iam.gserviceaccount.com`;
  const key = {
    type: 'service_account',
    project_id: projectID,
    private_key_id: `${label}-key-1`,
    private_key: privateKey.export({ type: 'pkcs8', format: 'pem' }).toString(),
    client_email: clientEmail,
    client_id: '100000000000000000001',
    token_uri: 'https://oauth2.googleapis.com/token',
  };
  return {
    sim: {
      accessKeyId: clientEmail,
      accessKeySecret: publicKey.export({ type: 'spki', format: 'pem' }).toString(),
    },
    secret: { serviceAccountKey: JSON.stringify(key) },
  };
}

/** An Entra app registered in `tenantID`. */
export function entraAppCredential(
  tenantID: string,
  clientID: string,
  clientSecret: string,
): SampleCredential {
  return {
    sim: { accessKeyId: clientID, accessKeySecret: clientSecret, projectIds: [tenantID] },
    secret: { tenantID, clientID, clientSecret },
  };
}

/** Secret `data` (base64) of a credential. */
export function secretData(credential: SampleCredential): Record<string, string> {
  return Object.fromEntries(
    Object.entries(credential.secret).map(([key, value]) => [key, Buffer.from(value).toString('base64')]),
  );
}

/** Every cloud's credential number `n`, formatted by `label` (bench, tests): one per cloud. */
export type CloudCredentials = Readonly<Record<Cloud, (n: number) => SampleCredential>>;
