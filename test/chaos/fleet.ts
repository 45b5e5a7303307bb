// The fleet of one chaos run, built from the profile and its seed alone (pure): the credentials
// (several Secrets per cloud, STS / temporary tokens, two deliberately wrong ones, and one keyless
// watch per cloud on a ServiceAccount, docs/keyless.md), the
// watches spread round-robin over the scripts of scripts.ts, and each watch's timeline with
// jittered step lengths so the state changes do not all land at once.
import type { ClusterUpgradeWatchSpec } from '../../src/api/types.js';
import {
  CLOUDS,
  PROVIDER_CLOUD,
  PROVIDERS,
  type Cloud,
  type ProviderName,
} from '../../src/providers/names.js';
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
  /** What the Secret holds (what the operator signs with). */
  given: SimCredential;
  /** What the simulated cloud accepts for that access key id. */
  accepted: SimCredential;
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

/**
 * The Secrets of the run, one row each. `wrong` rows hold a secret the simulated cloud does not
 * accept for that key id. Every value is distinctive (see test/helpers/secret-scan.ts).
 */
const CREDENTIAL_ROWS: ReadonlyArray<{
  secretName: string;
  cloud: Cloud;
  keyId: (random: Random) => string;
  secretPrefix: string;
  tokenPrefix?: string;
  wrong?: boolean;
  why: string;
}> = [
  {
    secretName: 'alibaba-ak-1',
    cloud: 'alibaba',
    keyId: (r) => `LTAI5tChaos${text(r, 13)}`,
    secretPrefix: 'chaosAliSecret1',
    why: 'permanent AccessKey',
  },
  {
    secretName: 'alibaba-ak-2',
    cloud: 'alibaba',
    keyId: (r) => `LTAI5tChaos${text(r, 13)}`,
    secretPrefix: 'chaosAliSecret2',
    why: 'a second AccessKey (its own rate-limit bucket)',
  },
  {
    secretName: 'alibaba-sts',
    cloud: 'alibaba',
    keyId: (r) => `STS.NChaos${text(r, 18)}`,
    secretPrefix: 'chaosAliStsSecret',
    tokenPrefix: 'CAISchaosStsToken',
    why: 'STS temporary credentials: x-acs-security-token',
  },
  {
    secretName: 'huawei-ak-1',
    cloud: 'huawei',
    keyId: (r) => `HPUACHAOS${text(r, 11).toUpperCase()}`,
    secretPrefix: 'chaosHwSecret1',
    why: 'permanent AK/SK',
  },
  {
    secretName: 'huawei-temporary',
    cloud: 'huawei',
    keyId: (r) => `HSTCHAOS${text(r, 12).toUpperCase()}`,
    secretPrefix: 'chaosHwTempSecret',
    tokenPrefix: 'gQpjbi1ub3J0aC00chaosHwToken',
    why: 'temporary AK/SK: X-Security-Token',
  },
  {
    secretName: 'alibaba-wrong-secret',
    cloud: 'alibaba',
    keyId: (r) => `LTAI5tChaosBad${text(r, 10)}`,
    secretPrefix: 'chaosAliRealSecret',
    wrong: true,
    why: 'wrong AccessKey secret: SignatureDoesNotMatch → AuthFailed',
  },
  {
    secretName: 'huawei-wrong-secret',
    cloud: 'huawei',
    keyId: (r) => `HPUACHAOSBAD${text(r, 8).toUpperCase()}`,
    secretPrefix: 'chaosHwRealSecret',
    wrong: true,
    why: 'wrong SK on a key of its own (Huawei locks a key after 5 bad signatures): APIG.0301 → AuthFailed',
  },
  {
    secretName: 'aws-ak-1',
    cloud: 'aws',
    keyId: (r) => `AKIACHAOS${text(r, 11).toUpperCase()}`,
    secretPrefix: 'chaosAwsSecret1',
    why: 'permanent access key: SigV4',
  },
  {
    secretName: 'aws-temporary',
    cloud: 'aws',
    keyId: (r) => `ASIACHAOS${text(r, 11).toUpperCase()}`,
    secretPrefix: 'chaosAwsTempSecret',
    tokenPrefix: 'IQoJb3JpZ2luX2VjChaosAwsToken',
    why: 'temporary keys: X-Amz-Security-Token',
  },
  {
    secretName: 'aws-wrong-secret',
    cloud: 'aws',
    keyId: (r) => `AKIACHAOSBAD${text(r, 8).toUpperCase()}`,
    secretPrefix: 'chaosAwsRealSecret',
    wrong: true,
    why: 'wrong secret access key: InvalidSignatureException → AuthFailed',
  },
];

function credentials(random: Random): ChaosCredential[] {
  return CREDENTIAL_ROWS.map((row) => {
    const accepted: SimCredential = {
      accessKeyId: row.keyId(random),
      accessKeySecret: `${row.secretPrefix}${text(random, 24)}`,
      ...(row.tokenPrefix ? { securityToken: `${row.tokenPrefix}${text(random, 64)}` } : {}),
    };
    const given = row.wrong
      ? { ...accepted, accessKeySecret: `chaos-wrong-${row.cloud}-secret-${text(random, 24)}` }
      : accepted;
    return { secretName: row.secretName, cloud: row.cloud, given, accepted, why: row.why };
  });
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
  const goodFor = (cloud: Cloud) => creds.filter((c) => c.cloud === cloud && c.given === c.accepted);
  const wrongFor = (cloud: Cloud) => creds.find((c) => c.cloud === cloud && c.given !== c.accepted)!;
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
    const keyless = !watches.some((w) => w.cloud === cloud);
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
  // One watch per cloud on its wrong Secret, on the cloud's first provider mid-upgrade. Only the
  // clouds with credential rows: GoogleGKE and AzureAKS are not in the chaos fleet yet (their
  // Secrets are not access keys; see src/providers/sample-credentials.ts).
  for (const cloud of CLOUDS.filter((c) => creds.some((credential) => credential.cloud === c))) {
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
  const secretValues = creds.flatMap((c) =>
    [c.given.accessKeySecret, c.given.securityToken, c.accepted.accessKeySecret].filter(
      (v): v is string => v !== undefined,
    ),
  );
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
