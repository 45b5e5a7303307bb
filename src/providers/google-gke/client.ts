// GoogleGKE ExternalClient (docs/providers-next.md#google-gke). Bearer token from the
// service-account key (./auth.ts, cached by ../cloud-common/token-cache.ts), then:
//   - no operation followed: GET …/projects/{projectID}/locations/{region}/operations
//     (ListOperations); the newest UPGRADE_MASTER / UPGRADE_NODES of this cluster is the upgrade;
//   - that operation still PENDING / RUNNING / ABORTING: the next polls GET only that operation
//     (GetOperation), which carries the freshest `progress`; once it is DONE the client goes back
//     to the list. spec.taskID names an operation to follow from the start.
//   - the cluster (GetCluster, ./versions.ts) once when an upgrade operation is first seen running
//     and once when it is DONE, for fromVersion / toVersion; never in a poll that already sent
//     two API requests (then the next poll reads it).
// A steady poll is one API request; no poll sends more than two API requests, plus a token
// request about once an hour.

import type { Observation } from '../../api/types.js';
import { PATTERNS } from '../../api/schema.js';
import type { ConnectParams, ExternalClient, ObserveResult } from '../common/provider.js';
import { zodBodyParser } from '../common/signed-get.js';
import {
  bearerGet,
  givenTokenSource,
  OPERATION_GET_ACCESS_TOKEN,
  type BearerContext,
  type BearerSource,
} from '../cloud-common/bearer-get.js';
import { createPollMemory, keepProgressForward } from '../cloud-common/poll-memory.js';
import { pollSetup, type BearerClientOptions, type LastProgress } from '../cloud-common/bearer-client.js';
import { GOOGLE_GKE } from '../names.js';
import type { TokenCache } from '../cloud-common/token-cache.js';
import { tokenEndpointFor } from '../cloud-common/token-endpoint.js';
import { GOOGLE_TOKEN_URL, googleTokenRequest } from './auth.js';
import { googleCredentialOf, type GoogleCredential } from './credentials.js';
import { GOOGLE_ERROR_TABLE } from './errors.js';
import { newestUpgradeOperation, normalize } from './normalize.js';
import {
  clusterSchema,
  listOperationsResponseSchema,
  operationSchema,
  type GkeCluster,
  type GkeOperation,
} from './schema.js';
import { operationDone, partVersion, readDue, versionsOf, withRead, type VersionReads } from './versions.js';

export const OPERATION_LIST_OPERATIONS = 'ListOperations';
export const OPERATION_GET_OPERATION = 'GetOperation';
export const OPERATION_GET_CLUSTER = 'GetCluster';
/**
 * API requests one poll may send (docs/providers-next.md#google-gke). Token requests are not
 * counted: they come about once an hour, and counting them would starve the cluster reads of a
 * watch whose tokens are short-lived.
 */
export const MAX_API_REQUESTS_PER_POLL = 2;
export const GOOGLE_API_DOMAIN = 'googleapis.com';

const parseList = zodBodyParser(listOperationsResponseSchema);
const parseOperation = zodBodyParser(operationSchema);
const parseCluster = zodBodyParser(clusterSchema);
/** What goes into a request path — spec.projectID, operation names from the cloud: only an id. */
const PATH_ID = new RegExp(PATTERNS.cloudID);

interface Followed {
  /** The upgrade operation still running, polled by name. */
  following?: string;
  last?: LastProgress;
  /** The cluster reads for the newest upgrade operation (./versions.ts). */
  versions?: VersionReads;
}

export type GkeClientOptions = BearerClientOptions<Followed>;

const sharedMemory = createPollMemory<Followed>();

function locationUrl(baseUrl: string, projectID: string, location: string): string {
  const origin = new URL(baseUrl).origin;
  return `${origin}/v1/projects/${encodeURIComponent(projectID)}/locations/${encodeURIComponent(location)}`;
}

export function operationsUrl(baseUrl: string, projectID: string, location: string): string {
  return `${locationUrl(baseUrl, projectID, location)}/operations`;
}

/** `projects.locations.clusters.get`: GET v1/projects/{p}/locations/{l}/clusters/{c}. */
export function clusterUrl(baseUrl: string, projectID: string, location: string, clusterID: string): string {
  return `${locationUrl(baseUrl, projectID, location)}/clusters/${encodeURIComponent(clusterID)}`;
}

function stillRunning(operation: GkeOperation | undefined): operation is GkeOperation & { name: string } {
  return (
    operation !== undefined &&
    typeof operation.name === 'string' &&
    PATH_ID.test(operation.name) &&
    typeof operation.status === 'string' &&
    !operationDone(operation)
  );
}

function googleSource(params: ConnectParams, credential: GoogleReady, cache: TokenCache): BearerSource {
  // Keyless (./sts.ts): the federated token, refreshed by the exchange's cache.
  if ('accessToken' in credential) return givenTokenSource(GOOGLE_GKE, GOOGLE_ERROR_TABLE, credential);
  const tokenUrl = tokenEndpointFor(params.baseUrl, GOOGLE_API_DOMAIN, GOOGLE_TOKEN_URL);
  const fetch = {
    tokenOperation: OPERATION_GET_ACCESS_TOKEN,
    tokenRequest: async (now: Date) => {
      const request = await googleTokenRequest(credential.key, now, tokenUrl);
      // The signed assertion buys a token for an hour: an endpoint echoing it must not show it.
      const assertion = new URLSearchParams(request.body).get('assertion') ?? undefined;
      return { request, secrets: [assertion] };
    },
    cacheKey: `${credential.fingerprint}@${tokenUrl}`,
    cache,
  };
  return { provider: GOOGLE_GKE, errors: GOOGLE_ERROR_TABLE, token: { fetch }, secrets: credential.secrets };
}

type GoogleReady = Extract<GoogleCredential, { ok: true }>;

type Read =
  | { ok: true; observation: Observation; running?: string; upgrade?: GkeOperation }
  | Extract<ObserveResult, { ok: false }>;

/** The followed operation by name; undefined when Google no longer keeps it (back to the list). */
async function readFollowed(
  source: BearerSource,
  context: BearerContext,
  url: string,
  clusterID: string,
  explicit: boolean,
): Promise<Read | undefined> {
  const one = await bearerGet(source, context, {
    operation: OPERATION_GET_OPERATION,
    url,
    parse: parseOperation,
  });
  if (!one.ok) return one.error.class === 'NotFound' && !explicit ? undefined : one;
  const upgrade = newestUpgradeOperation([one.value], clusterID);
  return {
    ok: true,
    observation: normalize([one.value], clusterID),
    ...(stillRunning(one.value) ? { running: one.value.name } : {}),
    ...(upgrade ? { upgrade } : {}),
  };
}

async function readList(
  source: BearerSource,
  context: BearerContext,
  url: string,
  clusterID: string,
): Promise<Read> {
  const list = await bearerGet(source, context, {
    operation: OPERATION_LIST_OPERATIONS,
    url,
    parse: parseList,
  });
  if (!list.ok) return list;
  const operations = list.value.operations ?? [];
  const newest = newestUpgradeOperation(operations, clusterID);
  return {
    ok: true,
    observation: normalize(operations, clusterID),
    ...(stillRunning(newest) ? { running: newest.name } : {}),
    ...(newest ? { upgrade: newest } : {}),
  };
}

type ClusterRead = { ok: true; cluster: GkeCluster } | Extract<ObserveResult, { ok: false }>;

async function readCluster(source: BearerSource, context: BearerContext, url: string): Promise<ClusterRead> {
  const cluster = await bearerGet(source, context, {
    operation: OPERATION_GET_CLUSTER,
    url,
    parse: parseCluster,
  });
  return cluster.ok ? { ok: true, cluster: cluster.value } : cluster;
}

/**
 * The version reads after this poll: the cluster is read when ./versions.ts says a read is due
 * and the poll has sent fewer than MAX_API_REQUESTS_PER_POLL API requests (else the next poll
 * reads it). A failed read fails the poll: the reconciler retries with its backoff.
 */
async function updateVersions(
  reads: VersionReads | undefined,
  upgrade: GkeOperation | undefined,
  sent: number,
  read: () => Promise<ClusterRead>,
): Promise<{ ok: true; reads: VersionReads | undefined } | Extract<ObserveResult, { ok: false }>> {
  const due = upgrade === undefined ? undefined : readDue(reads, upgrade);
  if (upgrade === undefined || due === undefined || sent >= MAX_API_REQUESTS_PER_POLL) {
    return { ok: true, reads };
  }
  const cluster = await read();
  if (!cluster.ok) return cluster;
  return { ok: true, reads: withRead(reads, due, partVersion(cluster.cluster, upgrade)) };
}

export function connectGoogleGke(params: ConnectParams, options: GkeClientOptions = {}): ExternalClient {
  const { spec } = params;
  return {
    async observe(signal?: AbortSignal): Promise<ObserveResult> {
      const credential = googleCredentialOf(params.credentials, params.spec);
      if (!credential.ok) return credential;
      const projectID = spec.projectID ?? '';
      if (!PATH_ID.test(projectID)) {
        return {
          ok: false,
          error: { class: 'RequestRejected', message: 'spec.projectID must be a GCP project id' },
        };
      }
      const setup = pollSetup(params, options, sharedMemory, signal);
      const { cache, memory } = setup;
      // Every request this poll sends passes the metrics observer: count the API ones.
      let sent = 0;
      const context: BearerContext = {
        ...setup.context,
        onRequest: (request) => {
          if (request.operation !== OPERATION_GET_ACCESS_TOKEN) sent += 1;
          setup.context.onRequest?.(request);
        },
      };
      const source = googleSource(params, credential, cache);
      const listUrl = operationsUrl(params.baseUrl, projectID, spec.region);
      const watchKey = `${credential.fingerprint}|${listUrl}|${spec.clusterID}`;
      const remembered = memory.get(watchKey) ?? {};
      const follow = spec.taskID ?? remembered.following;
      const followUrl = follow === undefined ? undefined : `${listUrl}/${encodeURIComponent(follow)}`;
      const read =
        (followUrl &&
          (await readFollowed(source, context, followUrl, spec.clusterID, spec.taskID !== undefined))) ||
        (await readList(source, context, listUrl, spec.clusterID));
      if (!read.ok) return read;
      const versions = await updateVersions(remembered.versions, read.upgrade, sent, () =>
        readCluster(source, context, clusterUrl(params.baseUrl, projectID, spec.region, spec.clusterID)),
      );
      if (!versions.ok) return versions;
      const observed = {
        ...read.observation,
        ...versionsOf(versions.reads, read.observation.upgradeID, read.observation.phase),
      };
      const progress = keepProgressForward(remembered.last, observed);
      const observation = progress === undefined ? observed : { ...observed, progress };
      memory.set(watchKey, {
        ...(read.running ? { following: read.running } : {}),
        last: { upgradeID: observation.upgradeID, progress: observation.progress },
        ...(versions.reads ? { versions: versions.reads } : {}),
      });
      return { ok: true, observation };
    },
  };
}
