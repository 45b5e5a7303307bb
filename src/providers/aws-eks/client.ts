// AWSEKS ExternalClient (docs/providers-next.md#aws-eks): follows the newest VersionUpdate of the
// cluster and of each node group the watch names.
//   ListUpdates      GET /clusters/{name}/updates[?nodegroupName=…]           (ids only)
//   DescribeUpdate   GET /clusters/{name}/updates/{updateId}[?nodegroupName=…]
//
// Request budget (the rule the tests count): a poll lists every followed resource and describes
// each listed id it does not hold as terminal. A *steady* poll — every resource listed before
// and none with an update that can still change — lists the cluster and one node group (round
// robin) and describes nothing new: at most 2 requests. A node group's new update is therefore
// seen within (node groups) steady polls; a cluster update, within one. What a poll lists is kept
// (and the turn passed) only when the whole poll succeeded: a poll cut for want of a token (its
// new update needs a DescribeUpdate beyond the 2 reserved) lists the same group again, so it
// cannot be skipped for ever, and a failed poll leaves no resource newer than the others.

import { PATTERNS } from '../../api/schema.js';
import type { CloudError } from '../common/errors.js';
import { nonEmpty } from '../common/normalize-helpers.js';
import type { AccessKeyCredentials } from '../common/credentials.js';
import type { ConnectParams, ExternalClient, ObserveResult } from '../common/provider.js';
import { zodBodyParser, type CallResult } from '../common/signed-get.js';
import { EKS_CLUSTER_NAME } from './facts.js';
import { EksUpdateMemory } from './memory.js';
import { newestVersionUpdate, normalize } from './normalize.js';
import { callEks, eksCallContext, type EksCallContext } from './request.js';
import { describeUpdateResponseSchema, listUpdatesResponseSchema, type EksUpdate } from './schema.js';

export const OPERATION_LIST_UPDATES = 'ListUpdates';
export const OPERATION_DESCRIBE_UPDATE = 'DescribeUpdate';
/** ListUpdates' largest page (the API allows 1–100). */
export const LIST_PAGE_SIZE = 100;
/** Pages followed per resource and poll (1000 updates); a longer history is cut. */
export const MAX_LIST_PAGES = 10;

const parseList = zodBodyParser(listUpdatesResponseSchema);
const parseDescribe = zodBodyParser(describeUpdateResponseSchema);

const EKS_NODEGROUP_NAME = new RegExp(PATTERNS.nodegroup);

export interface AwsEksClientOptions {
  /** Shared by every poll of the family (the reconciler connects afresh for each poll). */
  memory?: EksUpdateMemory;
}

interface Resource {
  /** The memory key: base URL, cluster, node group. */
  key: string;
  nodegroup?: string;
}

function rejected(message: string): { ok: false; error: CloudError } {
  return { ok: false, error: { class: 'RequestRejected', message } };
}

async function listUpdateIds(
  context: EksCallContext,
  clusterID: string,
  resource: Resource,
): Promise<CallResult<string[]>> {
  const ids: string[] = [];
  let nextToken: string | undefined;
  for (let page = 0; page < MAX_LIST_PAGES; page += 1) {
    const query: Record<string, string> = {
      maxResults: String(LIST_PAGE_SIZE),
      ...(resource.nodegroup ? { nodegroupName: resource.nodegroup } : {}),
      ...(nextToken ? { nextToken } : {}),
    };
    const result = await callEks(
      {
        operation: OPERATION_LIST_UPDATES,
        segments: ['clusters', clusterID, 'updates'],
        query,
        parse: parseList,
      },
      context,
    );
    if (!result.ok) return result;
    ids.push(...(result.value.updateIds ?? []).filter((id): id is string => id !== null && id.trim() !== ''));
    nextToken = nonEmpty(result.value.nextToken);
    if (!nextToken) break;
  }
  return { ok: true, value: ids };
}

/** The resource's newest VersionUpdate, describing only the ids memory does not hold as terminal. */
async function newestUpdate(
  context: EksCallContext,
  memory: EksUpdateMemory,
  clusterID: string,
  resource: Resource,
): Promise<CallResult<EksUpdate | undefined>> {
  const listed = await listUpdateIds(context, clusterID, resource);
  if (!listed.ok) return listed;
  const updates: EksUpdate[] = [];
  for (const id of new Set(listed.value)) {
    const known = memory.terminalUpdate(resource.key, id);
    if (known) {
      updates.push(known);
      continue;
    }
    const described = await callEks(
      {
        operation: OPERATION_DESCRIBE_UPDATE,
        segments: ['clusters', clusterID, 'updates', id],
        query: resource.nodegroup ? { nodegroupName: resource.nodegroup } : {},
        parse: parseDescribe,
      },
      context,
    );
    if (!described.ok) return described;
    const update = described.value.update;
    if (!update) continue;
    memory.noteUpdate(resource.key, id, update);
    updates.push(update);
  }
  return { ok: true, value: newestVersionUpdate(updates) };
}

export function connectAwsEks(
  params: ConnectParams<AccessKeyCredentials>,
  options: AwsEksClientOptions = {},
): ExternalClient {
  const memory = options.memory ?? new EksUpdateMemory();
  const spec = params.spec;
  const clusterID = spec.clusterID;
  const nodegroups = [...new Set(spec.nodegroups ?? [])];
  const watch = `${params.baseUrl}\n${clusterID}`;
  const cluster: Resource = { key: `${watch}\n` };
  const groups: Resource[] = nodegroups.map((nodegroup) => ({ key: `${watch}\n${nodegroup}`, nodegroup }));

  return {
    async observe(signal?: AbortSignal): Promise<ObserveResult> {
      // Validated before connect; checked again because the names go into the path.
      if (!EKS_CLUSTER_NAME.test(clusterID)) return rejected(`"${clusterID}" is not an EKS cluster name`);
      const badGroup = nodegroups.find((name) => !EKS_NODEGROUP_NAME.test(name));
      if (badGroup !== undefined) return rejected(`"${badGroup}" is not an EKS node group name`);

      const context = eksCallContext(params, signal);
      const all = [cluster, ...groups];
      const steady = memory.steady(all.map((resource) => resource.key));
      const turn =
        steady && groups.length > 0 ? groups[memory.turnInRotation(watch, groups.length)] : undefined;
      const toList = !steady ? all : turn ? [cluster, turn] : [cluster];
      // What this poll lists is remembered only once the whole poll succeeded: a poll that failed
      // or was cut half way must not leave one resource newer than the others, or the next poll
      // could judge the watch steady and report that mix as one moment.
      const listed: Array<[Resource, EksUpdate | undefined]> = [];
      for (const resource of toList) {
        const newest = await newestUpdate(context, memory, clusterID, resource);
        if (!newest.ok) return newest;
        listed.push([resource, newest.value]);
      }
      for (const [resource, newest] of listed) memory.noteNewest(resource.key, newest);
      if (turn) memory.passTurn(watch, groups.length);
      const updateOf = (resource: Resource) => memory.newestUpdate(resource.key) ?? undefined;
      return {
        ok: true,
        observation: normalize({
          cluster: updateOf(cluster),
          nodegroups: groups.map((group) => ({ name: group.nodegroup!, update: updateOf(group) })),
        }),
      };
    },
  };
}
