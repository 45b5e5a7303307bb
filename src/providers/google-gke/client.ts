// GoogleGKE ExternalClient (docs/providers-next.md#google-gke). Bearer token from the
// service-account key (./auth.ts, cached by ../cloud-common/token-cache.ts), then:
//   - no operation followed: GET …/projects/{projectID}/locations/{region}/operations
//     (ListOperations); the newest UPGRADE_MASTER / UPGRADE_NODES of this cluster is the upgrade;
//   - that operation still PENDING / RUNNING / ABORTING: the next polls GET only that operation
//     (GetOperation), which carries the freshest `progress`; once it is DONE the client goes back
//     to the list. spec.taskID names an operation to follow from the start.
// A steady poll is one API request (plus a token request about once an hour): ≤ 2.

import type { Observation } from '../../api/types.js';
import { PATTERNS } from '../../api/schema.js';
import type { ConnectParams, ExternalClient, ObserveResult } from '../common/provider.js';
import { zodBodyParser } from '../common/signed-get.js';
import {
  bearerGet,
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
import { googleCredentialOf } from './credentials.js';
import { GOOGLE_ERROR_TABLE } from './errors.js';
import { newestUpgradeOperation, normalize } from './normalize.js';
import { listOperationsResponseSchema, operationSchema, type GkeOperation } from './schema.js';

export const OPERATION_LIST_OPERATIONS = 'ListOperations';
export const OPERATION_GET_OPERATION = 'GetOperation';
export const GOOGLE_API_DOMAIN = 'googleapis.com';

const parseList = zodBodyParser(listOperationsResponseSchema);
const parseOperation = zodBodyParser(operationSchema);
/** What goes into a request path — spec.projectID, operation names from the cloud: only an id. */
const PATH_ID = new RegExp(PATTERNS.cloudID);
const FINISHED = new Set(['DONE']);

interface Followed {
  /** The upgrade operation still running, polled by name. */
  following?: string;
  last?: LastProgress;
}

export type GkeClientOptions = BearerClientOptions<Followed>;

const sharedMemory = createPollMemory<Followed>();

export function operationsUrl(baseUrl: string, projectID: string, location: string): string {
  const origin = new URL(baseUrl).origin;
  return `${origin}/v1/projects/${encodeURIComponent(projectID)}/locations/${encodeURIComponent(location)}/operations`;
}

function stillRunning(operation: GkeOperation | undefined): operation is GkeOperation & { name: string } {
  const status = operation?.status?.toUpperCase();
  return (
    operation !== undefined &&
    typeof operation.name === 'string' &&
    PATH_ID.test(operation.name) &&
    status !== undefined &&
    !FINISHED.has(status)
  );
}

function googleSource(
  params: ConnectParams,
  credential: Extract<ReturnType<typeof googleCredentialOf>, { ok: true }>,
  cache: TokenCache,
): BearerSource {
  const tokenUrl = tokenEndpointFor(params.baseUrl, GOOGLE_API_DOMAIN, GOOGLE_TOKEN_URL);
  return {
    provider: GOOGLE_GKE,
    errors: GOOGLE_ERROR_TABLE,
    tokenOperation: OPERATION_GET_ACCESS_TOKEN,
    tokenRequest: async (now) => {
      const request = await googleTokenRequest(credential.key, now, tokenUrl);
      // The signed assertion buys a token for an hour: an endpoint echoing it must not show it.
      const assertion = new URLSearchParams(request.body).get('assertion') ?? undefined;
      return { request, secrets: [assertion] };
    },
    cacheKey: `${credential.fingerprint}@${tokenUrl}`,
    cache,
    secrets: credential.secrets,
  };
}

type Read = { ok: true; observation: Observation; running?: string } | Extract<ObserveResult, { ok: false }>;

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
  return {
    ok: true,
    observation: normalize([one.value], clusterID),
    ...(stillRunning(one.value) ? { running: one.value.name } : {}),
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
  };
}

export function connectGoogleGke(params: ConnectParams, options: GkeClientOptions = {}): ExternalClient {
  const { spec } = params;
  return {
    async observe(signal?: AbortSignal): Promise<ObserveResult> {
      const credential = googleCredentialOf(params.credentials);
      if (!credential.ok) return credential;
      const projectID = spec.projectID ?? '';
      if (!PATH_ID.test(projectID)) {
        return {
          ok: false,
          error: { class: 'RequestRejected', message: 'spec.projectID must be a GCP project id' },
        };
      }
      const { context, cache, memory } = pollSetup(params, options, sharedMemory, signal);
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
      const progress = keepProgressForward(remembered.last, read.observation);
      const observation = progress === undefined ? read.observation : { ...read.observation, progress };
      memory.set(watchKey, {
        ...(read.running ? { following: read.running } : {}),
        last: { upgradeID: observation.upgradeID, progress: observation.progress },
      });
      return { ok: true, observation };
    },
  };
}
