// The fleet of one chaos run, built from the profile and its seed alone (pure but for the
// service accounts' RSA keys): the credentials (several Secrets per cloud in its own credential
// scheme, STS / temporary tokens, one deliberately wrong Secret per cloud, and one keyless watch
// per cloud whose providers support it, on a ServiceAccount, docs/keyless.md), the
// watches spread round-robin over the scripts of scripts.ts, and each watch's timeline with
// jittered step lengths so the state changes do not all land at once.
import type { ClusterUpgradeWatchSpec } from '../../src/api/types.js';
import { descriptors } from '../../src/providers/descriptors.js';
import {
  CLOUDS,
  GOOGLE_GKE,
  PROVIDER_CLOUD,
  PROVIDERS,
  type Cloud,
  type ProviderName,
} from '../../src/providers/names.js';
import {
  accessKeyCredential,
  entraAppCredential,
  googleServiceAccountCredential,
  type SampleCredential,
} from '../../src/providers/sample-credentials.js';
import { SAMPLES } from '../../src/providers/samples.js';
import { seededRandom, type Random } from '../../src/simulator/rng.js';
import type { ClusterState, SimCredential } from '../../src/simulator/index.js';
import { workloadIdentityFor } from '../helpers/keyless.js';
import type { ChaosProfile } from './profile.js';
import { SCRIPTS, type Truth, type UpgradeScript } from './scripts.js';

export type { Cloud };

export interface ChaosCredential {
  secretName: string;
  cloud: Cloud;
  /** What the Secret holds (what the operator signs or asks for a token with). */
  given: SampleCredential;
  /** What the simulated cloud accepts for that key id, service account or app. */
  accepted: SimCredential;
  /** The Secret holds a secret the cloud does not accept (an auth-failure watch uses it). */
  wrong: boolean;
  why: string;
}

export interface FleetWatch {
  name: string;
  cloud: Cloud;
  provider: ProviderName;
  clusterID: string;
  /** Exactly one of secretName (credentialsRef) and serviceAccount (workloadIdentity). */
  secretName?: string;
  serviceAccount?: string;
  taskID?: string;
  /** undefined for the auth-failure watches. */
  script?: UpgradeScript;
  timeline: Array<{ durationMs?: number; state: ClusterState }>;
}

export interface Fleet {
  credentials: ChaosCredential[];
  watches: FleetWatch[];
  /** Every secret value and token the operator can see (what the secret scan looks for). */
  secretValues: string[];
}

export const AUTH_FAILURE_WATCHES = CLOUDS.length;
/** The ServiceAccount of each cloud's keyless watch (the first scripted watch of that cloud). */
export const KEYLESS_SERVICE_ACCOUNT = 'chaos-reader';
const ALNUM = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789';
const HEX = '0123456789abcdef';

function text(random: Random, length: number, alphabet = ALNUM): string {
  let out = '';
  for (let i = 0; i < length; i++) out += alphabet[Math.floor(random() * alphabet.length)];
  return out;
}

function uuid(random: Random): string {
  const h = (n: number) => text(random, n, HEX);
  return `${h(8)}-${h(4)}-4${h(3)}-8${h(3)}-${h(12)}`;
}

/** What one credential row makes: the Secret a watch names, and what the simulated cloud accepts. */
interface MadeCredential {
  given: SampleCredential;
  accepted: SimCredential;
}

/** An access-key row: key id and secret (and token) drawn from the seed; `wrong` changes the secret. */
function accessKey(
  keyId: (random: Random) => string,
  secretPrefix: string,
  options: { tokenPrefix?: string; wrong?: Cloud } = {},
): (random: Random) => MadeCredential {
  return (random) => {
    const accepted: SimCredential = {
      accessKeyId: keyId(random),
      accessKeySecret: `${secretPrefix}${text(random, 24)}`,
      ...(options.tokenPrefix ? { securityToken: `${options.tokenPrefix}${text(random, 64)}` } : {}),
    };
    const given = options.wrong
      ? { ...accepted, accessKeySecret: `chaos-wrong-${options.wrong}-secret-${text(random, 24)}` }
      : accepted;
    return { given: accessKeyCredential(given), accepted };
  };
}

const GKE_PROJECT = SAMPLES[GOOGLE_GKE].spec.projectID ?? '';

/** A Google service account (a fresh RSA key; not from the seed). `wrong`: the Secret holds
 *  another key of the same account, so the JWT assertion's signature does not verify. */
function googleAccount(label: string, wrong = false): (random: Random) => MadeCredential {
  return () => {
    const real = googleServiceAccountCredential(label, GKE_PROJECT);
    return { given: wrong ? googleServiceAccountCredential(label, GKE_PROJECT) : real, accepted: real.sim };
  };
}

/** An Entra app in the chaos tenant; `wrong`: the Secret holds another client secret. */
function entraApp(secretPrefix: string, wrong = false): (random: Random) => MadeCredential {
  return (random) => {
    const tenantID = '2c9a5f0e-0000-4000-8000-00000000c4a0';
    const clientID = uuid(random);
    const real = entraAppCredential(tenantID, clientID, `${secretPrefix}~${text(random, 32)}`);
    const given = wrong
      ? entraAppCredential(tenantID, clientID, `chaosAzureWrongSecret~${text(random, 32)}`)
      : real;
    return { given, accepted: real.sim };
  };
}

/**
 * The Secrets of the run, one row each, in each cloud's credential scheme
 * (src/providers/sample-credentials.ts). `wrong` rows hold a secret the simulated cloud does not
 * accept for that key id, account or app. Every value is distinctive (see test/helpers/secret-scan.ts).
 */
const CREDENTIAL_ROWS: ReadonlyArray<{
  secretName: string;
  cloud: Cloud;
  make: (random: Random) => MadeCredential;
  wrong?: boolean;
  why: string;
}> = [
  {
    secretName: 'alibaba-ak-1',
    cloud: 'alibaba',
    make: accessKey((r) => `LTAI5tChaos${text(r, 13)}`, 'chaosAliSecret1'),
    why: 'permanent AccessKey',
  },
  {
    secretName: 'alibaba-ak-2',
    cloud: 'alibaba',
    make: accessKey((r) => `LTAI5tChaos${text(r, 13)}`, 'chaosAliSecret2'),
    why: 'a second AccessKey (its own rate-limit bucket)',
  },
  {
    secretName: 'alibaba-sts',
    cloud: 'alibaba',
    make: accessKey((r) => `STS.NChaos${text(r, 18)}`, 'chaosAliStsSecret', {
      tokenPrefix: 'CAISchaosStsToken',
    }),
    why: 'STS temporary credentials: x-acs-security-token',
  },
  {
    secretName: 'huawei-ak-1',
    cloud: 'huawei',
    make: accessKey((r) => `HPUACHAOS${text(r, 11).toUpperCase()}`, 'chaosHwSecret1'),
    why: 'permanent AK/SK',
  },
  {
    secretName: 'huawei-temporary',
    cloud: 'huawei',
    make: accessKey((r) => `HSTCHAOS${text(r, 12).toUpperCase()}`, 'chaosHwTempSecret', {
      tokenPrefix: 'gQpjbi1ub3J0aC00chaosHwToken',
    }),
    why: 'temporary AK/SK: X-Security-Token',
  },
  {
    secretName: 'alibaba-wrong-secret',
    cloud: 'alibaba',
    make: accessKey((r) => `LTAI5tChaosBad${text(r, 10)}`, 'chaosAliRealSecret', { wrong: 'alibaba' }),
    wrong: true,
    why: 'wrong AccessKey secret: SignatureDoesNotMatch → AuthFailed',
  },
  {
    secretName: 'huawei-wrong-secret',
    cloud: 'huawei',
    make: accessKey((r) => `HPUACHAOSBAD${text(r, 8).toUpperCase()}`, 'chaosHwRealSecret', {
      wrong: 'huawei',
    }),
    wrong: true,
    why: 'wrong SK on a key of its own (Huawei locks a key after 5 bad signatures): APIG.0301 → AuthFailed',
  },
  {
    secretName: 'aws-ak-1',
    cloud: 'aws',
    make: accessKey((r) => `AKIACHAOS${text(r, 11).toUpperCase()}`, 'chaosAwsSecret1'),
    why: 'permanent access key: SigV4',
  },
  {
    secretName: 'aws-temporary',
    cloud: 'aws',
    make: accessKey((r) => `ASIACHAOS${text(r, 11).toUpperCase()}`, 'chaosAwsTempSecret', {
      tokenPrefix: 'IQoJb3JpZ2luX2VjChaosAwsToken',
    }),
    why: 'temporary keys: X-Amz-Security-Token',
  },
  {
    secretName: 'aws-wrong-secret',
    cloud: 'aws',
    make: accessKey((r) => `AKIACHAOSBAD${text(r, 8).toUpperCase()}`, 'chaosAwsRealSecret', {
      wrong: 'aws',
    }),
    wrong: true,
    why: 'wrong secret access key: InvalidSignatureException → AuthFailed',
  },
  {
    secretName: 'google-sa-1',
    cloud: 'google',
    make: googleAccount('chaos-reader-1'),
    why: 'service-account JSON key: RS256 JWT assertion for an access token',
  },
  {
    secretName: 'google-sa-2',
    cloud: 'google',
    make: googleAccount('chaos-reader-2'),
    why: 'a second service account (its own token cache entry)',
  },
  {
    secretName: 'google-wrong-key',
    cloud: 'google',
    make: googleAccount('chaos-bad', true),
    wrong: true,
    why: "another RSA key of a known account: the assertion's signature does not verify → AuthFailed",
  },
  {
    secretName: 'azure-app-1',
    cloud: 'azure',
    make: entraApp('chaosAzureSecret1'),
    why: 'Entra client credentials: client secret for an access token',
  },
  {
    secretName: 'azure-app-2',
    cloud: 'azure',
    make: entraApp('chaosAzureSecret2'),
    why: 'a second Entra app (its own token cache entry)',
  },
  {
    secretName: 'azure-wrong-secret',
    cloud: 'azure',
    make: entraApp('chaosAzureRealSecret', true),
    wrong: true,
    why: 'wrong client secret of a known app: invalid_client → AuthFailed',
  },
];

function credentials(random: Random): ChaosCredential[] {
  return CREDENTIAL_ROWS.map((row) => ({
    secretName: row.secretName,
    cloud: row.cloud,
    ...row.make(random),
    wrong: row.wrong === true,
    why: row.why,
  }));
}

/**
 * The secret values in a credential's Secret data and in what the cloud accepts: access-key
 * secrets and tokens, a service account's private key (the PEM and the whole JSON key), a client
 * secret. Key ids, emails, tenant and client ids and public keys are not secret.
 */
function secretsOf(credential: ChaosCredential): string[] {
  const data = credential.given.secret;
  const privateKey = (json: string | undefined): string | undefined =>
    json === undefined ? undefined : (JSON.parse(json) as { private_key?: string }).private_key;
  const values = [
    data.accessKeySecret,
    data.securityToken,
    data.serviceAccountKey,
    privateKey(data.serviceAccountKey),
    data.clientSecret,
  ];
  if (credential.cloud !== 'google') values.push(credential.accepted.accessKeySecret);
  return values.filter((v): v is string => v !== undefined && v !== '');
}

/** Each state's duration: the first staggers the start, a `hold` lasts holdMs, the last lasts for ever. */
function timelineOf(script: UpgradeScript, profile: ChaosProfile, random: Random): FleetWatch['timeline'] {
  return script.entries.map((entry, index) => {
    if (index === script.entries.length - 1) return { state: entry.state };
    const factor = index === 0 ? 0.3 + random() : 0.6 + 0.8 * random();
    const durationMs = entry.dwell === 'hold' ? profile.holdMs : Math.round(profile.stepMs * factor);
    return { durationMs, state: entry.state };
  });
}

export function buildFleet(profile: ChaosProfile): Fleet {
  const random = seededRandom(profile.seed);
  const creds = credentials(random);
  const goodFor = (cloud: Cloud) => creds.filter((c) => c.cloud === cloud && !c.wrong);
  const wrongFor = (cloud: Cloud) => creds.find((c) => c.cloud === cloud && c.wrong)!;
  const watches: FleetWatch[] = [];
  const scripted = profile.watches - AUTH_FAILURE_WATCHES;
  if (scripted < SCRIPTS.length)
    throw new Error(`a chaos profile needs at least ${SCRIPTS.length + 2} watches`);
  const used = Object.fromEntries(CLOUDS.map((cloud) => [cloud, 0])) as Record<Cloud, number>;
  for (let i = 0; i < scripted; i++) {
    const clusterID = `c-chaos-${String(i).padStart(3, '0')}-${text(random, 6, HEX)}`;
    const script = SCRIPTS[i % SCRIPTS.length]!({ clusterID, uid: () => uuid(random) });
    const cloud = PROVIDER_CLOUD[script.provider];
    const pool = goodFor(cloud);
    // The first watch of each cloud whose providers can go keyless names a ServiceAccount.
    const keyless = descriptors[script.provider].supportsKeyless && !watches.some((w) => w.cloud === cloud);
    watches.push({
      name: `${script.name}-${String(i).padStart(3, '0')}`,
      cloud,
      provider: script.provider,
      clusterID,
      ...(keyless
        ? { serviceAccount: KEYLESS_SERVICE_ACCOUNT }
        : { secretName: pool[used[cloud]++ % pool.length]!.secretName }),
      ...(script.taskID ? { taskID: script.taskID } : {}),
      script,
      timeline: timelineOf(script, profile, random),
    });
  }
  // One watch per cloud on its wrong Secret, on the cloud's first provider mid-upgrade.
  for (const cloud of CLOUDS) {
    const provider: ProviderName = PROVIDERS.find((p) => PROVIDER_CLOUD[p] === cloud)!;
    const clusterID = `c-chaos-auth-${cloud}-${text(random, 6, HEX)}`;
    watches.push({
      name: `auth-failure-${cloud}`,
      cloud,
      provider,
      clusterID,
      secretName: wrongFor(cloud).secretName,
      timeline: [{ state: SAMPLES[provider].states.running(clusterID, 1) }],
    });
  }
  const secretValues = creds.flatMap(secretsOf);
  return { credentials: creds, watches, secretValues: [...new Set(secretValues)] };
}

/** The truth the CR must show at the end: the script's last state (undefined: an auth-failure watch). */
export function finalTruth(watch: FleetWatch): Truth | undefined {
  return watch.script?.entries.at(-1)?.truth;
}

/** The CR spec of a watch, polling the simulator at `endpoint`. */
export function specOf(watch: FleetWatch, endpoint: string, profile: ChaosProfile): ClusterUpgradeWatchSpec {
  return {
    ...SAMPLES[watch.provider].spec,
    clusterID: watch.clusterID,
    ...(watch.taskID ? { taskID: watch.taskID } : {}),
    endpoint,
    ...(watch.serviceAccount
      ? { workloadIdentity: workloadIdentityFor(watch.provider, watch.serviceAccount) }
      : { credentialsRef: { name: watch.secretName! } }),
    pollInterval: profile.pollInterval,
    idlePollInterval: profile.idlePollInterval,
  };
}
