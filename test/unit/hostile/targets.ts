// The provider families under attack, each with a realistic *good* reply (a running upgrade) per
// request path and a handful of mutators that put a hostile value where that family's client
// actually reads it: its human text, its timestamps, its lists, its progress field, its status
// enum. The catalogue (./catalogue.ts) combines these with its cases, so one hostile idea is
// tried against every family in the shape that family's API really has.
//
// Eight targets for seven families: AlibabaACK is tried on both of its APIs (GetUpgradeStatus and,
// with spec.taskID, DescribeTaskInfo); HuaweiCCE's target reads the workflow list *and* the
// running Cluster point's upgrade task, so both CCE bodies are exercised. The bearer-token
// families (GoogleGKE, AzureAKS) are in ./bearer-targets.ts, with their token-endpoint targets.

import type { ClusterUpgradeWatchSpec, ProviderName } from '../../../src/api/types.js';
import type { AccessKeyCredentials } from '../../../src/providers/common/credentials.js';
import type { ProviderFamily } from '../../../src/providers/common/provider.js';
import { createAwsEksFamily } from '../../../src/providers/aws-eks/index.js';
import { families } from '../../../src/providers/registry.js';
import { BEARER_SECRETS, BEARER_TARGETS } from './bearer-targets.js';

/** Distinctive values, so a leak of any of them is unmistakable (see test/helpers/secret-scan.ts). */
export const HOSTILE_CREDENTIALS: AccessKeyCredentials = {
  accessKeyId: 'LTAIhostileKeyId0001',
  accessKeySecret: 'hostile-secret-Zq9xV2mK7pL4',
  securityToken: 'hostile-sts-token-Wn3rT8yB5cD1',
};
/** The access-key families' Secret (decoded data). */
export const ACCESS_KEY_SECRET: Readonly<Record<string, string>> = {
  accessKeyId: HOSTILE_CREDENTIALS.accessKeyId,
  accessKeySecret: HOSTILE_CREDENTIALS.accessKeySecret,
  securityToken: HOSTILE_CREDENTIALS.securityToken!,
};
export const KNOWN_SECRETS: readonly string[] = [
  HOSTILE_CREDENTIALS.accessKeySecret,
  HOSTILE_CREDENTIALS.securityToken!,
  ...BEARER_SECRETS,
];

type Json = Record<string, unknown>;
/** Mutates `doc` (a fresh copy of the good reply for `path`) in place. */
type Mutator<V> = (doc: Json, path: string, value: V) => void;

export interface HostileTarget {
  label: string;
  provider: ProviderName;
  family: ProviderFamily;
  spec: ClusterUpgradeWatchSpec;
  /** A fresh copy of the good reply for a request path (`url`, with its query, when it matters). */
  good(path: string, url?: string): Json;
  /** Puts provider-supplied text (message, step and version names, ids) into every text field read. */
  setText: Mutator<string>;
  /** Sets every timestamp field the client reads. */
  setTimes: Mutator<unknown>;
  /** Grows the family's lists (steps, points, nodes, components) to `n` entries. */
  setMany: Mutator<number>;
  /** Sets the family's progress-bearing field; families without one get an unknown `progress` field. */
  setProgress: Mutator<unknown>;
  /** Sets the main status enum. */
  setStatus: Mutator<unknown>;
  /** True when `setProgress` reaches a field the client reads (CCE's task, GKE's stage metrics). */
  readsProgressField: boolean;
  /** With readsProgressField: the progress when the value counts as a whole unit, or as none. */
  clampedProgress?: { whole: number; none: number };
  /** The Secret's decoded data, in the family's credential scheme (default: the access key). */
  secret?: Readonly<Record<string, string>>;
  /** The good reply for a request the row does not play (a bearer family's token endpoint, or
   *  the API when the row plays the token endpoint); undefined: the row plays it. */
  wellAnswered?(path: string, url: string): Json | undefined;
  /** The row plays the token endpoint (./bearer-targets.ts); its expectations are ./token-rows.ts. */
  playsTokenEndpoint?: boolean;
}

/** The decoded Secret data of a target's credential. */
export function secretOf(target: HostileTarget): Readonly<Record<string, string>> {
  return target.secret ?? ACCESS_KEY_SECRET;
}

const clone = <T>(value: T): T => structuredClone(value);
const record = (value: unknown): Json => value as Json;
const list = (value: unknown): Json[] => value as Json[];

// ---- AlibabaACK: GetUpgradeStatus ----

const ACK_STATUS = {
  status: 'running',
  upgrade_step: 'upgrading',
  error_message: '',
  precheck_report_id: 'pr-7f3e',
  upgrade_task: { status: 'running', message: '' },
};

const ackStatus: HostileTarget = {
  label: 'AlibabaACK',
  provider: 'AlibabaACK',
  family: families.AlibabaACK,
  spec: {
    provider: 'AlibabaACK',
    region: 'cn-hangzhou',
    clusterID: 'c-hostile',
    credentialsRef: { name: 'k' },
  },
  good: () => clone(ACK_STATUS),
  setText: (doc, _path, text) => {
    doc.error_message = text;
    doc.precheck_report_id = text;
    record(doc.upgrade_task).message = text;
  },
  setTimes: (doc, _path, value) => {
    doc.updated = value; // GetUpgradeStatus carries no timestamp: an unknown field must stay harmless
  },
  setMany: (doc, _path, n) => {
    doc.upgrade_task = {
      ...record(doc.upgrade_task),
      subtasks: Array.from({ length: n }, (_, i) => ({ i })),
    };
  },
  setProgress: (doc, _path, value) => {
    doc.progress = value;
  },
  setStatus: (doc, _path, value) => {
    doc.status = value;
  },
  readsProgressField: false,
};

// ---- AlibabaACK with spec.taskID: DescribeTaskInfo ----

const ACK_TASK = {
  task_id: 'T-hostile',
  cluster_id: 'c-hostile',
  task_type: 'cluster_upgrade',
  state: 'running',
  created: '2025-03-01T09:00:00+08:00',
  updated: '2025-03-01T09:06:00+08:00',
  current_stage: 'UpgradeNodes',
  stages: [
    { state: 'success', start_time: '2025-03-01 01:00:00', end_time: '2025-03-01 01:05:00', message: 'ok' },
    { state: 'running', start_time: '2025-03-01 01:05:00', end_time: '', message: '' },
  ],
  error: { code: '', message: '' },
};

const ackTask: HostileTarget = {
  label: 'AlibabaACK (taskID)',
  provider: 'AlibabaACK',
  family: families.AlibabaACK,
  spec: {
    provider: 'AlibabaACK',
    region: 'cn-hangzhou',
    clusterID: 'c-hostile',
    taskID: 'T-hostile',
    credentialsRef: { name: 'k' },
  },
  good: () => clone(ACK_TASK),
  setText: (doc, _path, text) => {
    doc.current_stage = text;
    doc.task_id = text;
    record(doc.error).message = text;
    for (const stage of list(doc.stages)) {
      stage.message = text;
      stage.name = text;
    }
  },
  setTimes: (doc, _path, value) => {
    doc.created = value;
    doc.updated = value;
    for (const stage of list(doc.stages)) {
      stage.start_time = value;
      stage.end_time = value;
    }
  },
  setMany: (doc, _path, n) => {
    doc.stages = Array.from({ length: n }, (_, i) => ({
      state: i < n / 2 ? 'success' : i === Math.floor(n / 2) ? 'running' : 'pending',
      start_time: '2025-03-01 01:00:00',
      end_time: i < n / 2 ? '2025-03-01 01:05:00' : '',
      message: `stage ${i}`,
    }));
  },
  setProgress: (doc, _path, value) => {
    doc.progress = value;
  },
  setStatus: (doc, _path, value) => {
    doc.state = value;
  },
  readsProgressField: false,
};

// ---- AlibabaACKAddons: DescribeClusterAddonsUpgradeStatus ----

const ADDONS = {
  coredns: {
    addon_info: { component_name: 'coredns', version: 'v1.11.1.1-aliyun', ready_to_upgrade: 'true' },
    tasks: {
      created_at: '2025-03-01T09:00:00Z',
      finished_at: '',
      status: 'Running',
      is_canceled: false,
      message: '',
    },
  },
  'metrics-server': {
    addon_info: { component_name: 'metrics-server', version: 'v0.3.9.4', ready_to_upgrade: 'false' },
    tasks: {
      created_at: '2025-03-01T08:50:00Z',
      finished_at: '2025-03-01T08:55:00Z',
      status: 'Success',
      is_canceled: false,
      message: '',
    },
  },
};

function addonEntries(doc: Json): Json[] {
  return Object.values(doc).filter((v): v is Json => typeof v === 'object' && v !== null);
}

const addons: HostileTarget = {
  label: 'AlibabaACKAddons',
  provider: 'AlibabaACKAddons',
  family: families.AlibabaACKAddons,
  spec: {
    provider: 'AlibabaACKAddons',
    region: 'cn-hangzhou',
    clusterID: 'c-hostile',
    components: ['coredns', 'metrics-server'],
    credentialsRef: { name: 'k' },
  },
  good: () => clone(ADDONS),
  setText: (doc, _path, text) => {
    for (const entry of addonEntries(doc)) {
      record(entry.addon_info).version = text;
      // A failed task's message is what reaches status.message.
      record(entry.tasks).status = 'Failed';
      record(entry.tasks).message = text;
    }
    record(record(doc.coredns).addon_info).component_name = text;
  },
  setTimes: (doc, _path, value) => {
    for (const entry of addonEntries(doc)) {
      record(entry.tasks).created_at = value;
      record(entry.tasks).finished_at = value;
    }
  },
  setMany: (doc, _path, n) => {
    for (let i = 0; i < n; i += 1) {
      doc[`component-${i}`] = {
        addon_info: { component_name: `component-${i}`, version: `v${i}`, ready_to_upgrade: 'true' },
        tasks: { created_at: '2025-03-01T09:00:00Z', finished_at: '', status: i % 2 ? 'Success' : 'Running' },
      };
    }
  },
  setProgress: (doc, _path, value) => {
    record(record(doc.coredns).tasks).progress = value;
  },
  setStatus: (doc, _path, value) => {
    for (const entry of addonEntries(doc)) record(entry.tasks).status = value;
  },
  readsProgressField: false,
};

// ---- HuaweiCCE: upgrade workflows, then the running Cluster point's upgrade task ----

const CCE_TASK_ID = 'task-hostile-1';
const CCE_WORKFLOWS = {
  kind: 'List',
  apiVersion: 'v3',
  items: [
    {
      kind: 'WorkFlowTask',
      apiVersion: 'v3',
      metadata: {
        uid: 'wf-hostile',
        creationTimestamp: '2025-03-01 09:00:00.123456 +0800 CST',
        updateTimestamp: '2025-03-01 09:20:00.123456 +0800 CST',
      },
      spec: { clusterID: 'c-hostile', clusterVersion: 'v1.28.5-r0', targetVersion: 'v1.29.1-r0' },
      status: {
        phase: 'Running',
        pointStatuses: [
          {
            taskType: 'PreCheck',
            status: 'Success',
            startTimeStamp: '2025-03-01T01:00:00Z',
            endTimeStamp: '2025-03-01T01:02:00Z',
          },
          {
            taskType: 'Snapshot',
            status: 'Success',
            startTimeStamp: '2025-03-01T01:02:00Z',
            endTimeStamp: '2025-03-01T01:04:00Z',
          },
          {
            taskType: 'Cluster',
            status: 'Running',
            taskID: CCE_TASK_ID,
            startTimeStamp: '2025-03-01T01:04:00Z',
          },
          { taskType: 'PostCheck', status: 'Init' },
        ],
        lineStatuses: [
          { startPoint: { taskType: 'PreCheck' }, endPoint: { taskType: 'Snapshot' } },
          { startPoint: { taskType: 'Snapshot' }, endPoint: { taskType: 'Cluster' } },
          { startPoint: { taskType: 'Cluster' }, endPoint: { taskType: 'PostCheck' } },
        ],
      },
    },
  ],
};
const CCE_TASK = {
  kind: 'UpgradeTask',
  apiVersion: 'v3',
  metadata: { uid: CCE_TASK_ID, creationTimestamp: '2025-03-01 09:04:00.5 +0800 CST' },
  spec: { version: 'v1.28.5-r0', targetVersion: 'v1.29.1-r0' },
  status: { phase: 'Running', progress: '50.00', completionTime: '' },
};

const isCceTask = (path: string): boolean => path.includes('/operation/upgrade/tasks/');
function cceWorkflow(doc: Json): Json {
  return list(doc.items)[0]!;
}
function ccePoints(doc: Json): Json[] {
  return list(record(cceWorkflow(doc).status).pointStatuses);
}

const cce: HostileTarget = {
  label: 'HuaweiCCE',
  provider: 'HuaweiCCE',
  family: families.HuaweiCCE,
  spec: {
    provider: 'HuaweiCCE',
    region: 'cn-north-4',
    projectID: 'p-hostile',
    clusterID: 'c-hostile',
    credentialsRef: { name: 'k' },
  },
  good: (path) => clone(isCceTask(path) ? CCE_TASK : CCE_WORKFLOWS),
  setText: (doc, path, text) => {
    if (isCceTask(path)) {
      record(doc.spec).targetVersion = text;
      return;
    }
    const workflow = cceWorkflow(doc);
    record(workflow.metadata).uid = text;
    record(workflow.spec).clusterVersion = text;
    record(workflow.spec).targetVersion = text;
    // Not the Cluster point: renaming it would stop the task follow-up this target relies on.
    for (const point of ccePoints(doc)) if (point.taskType === 'PostCheck') point.taskType = text;
  },
  setTimes: (doc, path, value) => {
    if (isCceTask(path)) {
      record(doc.metadata).creationTimestamp = value;
      record(doc.status).completionTime = value;
      return;
    }
    const workflow = cceWorkflow(doc);
    record(workflow.metadata).creationTimestamp = value;
    record(workflow.metadata).updateTimestamp = value;
    for (const point of ccePoints(doc)) {
      point.startTimeStamp = value;
      point.endTimeStamp = value;
    }
  },
  setMany: (doc, path, n) => {
    if (isCceTask(path)) return;
    const status = record(cceWorkflow(doc).status);
    const points = Array.from({ length: n }, (_, i) => ({
      taskType: i === n - 1 ? 'Cluster' : `Point${i}`,
      status: i === n - 1 ? 'Running' : 'Success',
      ...(i === n - 1 ? { taskID: CCE_TASK_ID } : {}),
      startTimeStamp: '2025-03-01T01:00:00Z',
    }));
    status.pointStatuses = points;
    status.lineStatuses = points.slice(1).map((point, i) => ({
      startPoint: { taskType: points[i]!.taskType },
      endPoint: { taskType: point.taskType },
    }));
  },
  setProgress: (doc, path, value) => {
    if (isCceTask(path)) record(doc.status).progress = value;
  },
  setStatus: (doc, path, value) => {
    if (!isCceTask(path)) record(cceWorkflow(doc).status).phase = value;
  },
  readsProgressField: true,
  // 2 of 4 points done, and the Cluster point's task as a whole point or as none of one.
  clampedProgress: { whole: 75, none: 50 },
};

// ---- HuaweiCSS: upgrade detail pages ----

const CSS_DETAIL = {
  totalSize: 1,
  detailList: [
    {
      id: 'up-hostile',
      startTime: '2025-03-01T01:00:00',
      endTime: '',
      status: 'RUNNING',
      agencyName: 'css_agency',
      imageInfo: {
        id: 'img-1',
        displayName: '7.10.2_24.3.0',
        datastoreType: 'elasticsearch',
        datastoreVersion: '7.10.2',
      },
      totalNodes: 'node-1,node-2,node-3,node-4',
      completedNodes: 'node-1',
      currentNodeName: 'node-2',
      executeTimes: '1',
      migrateParam: '{"instType":"ess","sourceAz":"cn-north-4a"}',
      currentNodeDetail: [
        {
          order: 0,
          name: 'Data migration',
          status: 'SUCCESS',
          beginTime: '2025-03-01T01:00:05',
          endTime: '2025-03-01T01:04:00',
        },
        { order: 1, name: 'Replace node', status: 'RUNNING', beginTime: '2025-03-01T01:04:00', endTime: '' },
        { order: 2, name: 'Rejoin cluster', status: 'WAITING', beginTime: '', endTime: '' },
      ],
    },
  ],
};

function cssDetail(doc: Json): Json {
  return list(doc.detailList)[0]!;
}

const css: HostileTarget = {
  label: 'HuaweiCSS',
  provider: 'HuaweiCSS',
  family: families.HuaweiCSS,
  spec: {
    provider: 'HuaweiCSS',
    region: 'cn-north-4',
    projectID: 'p-hostile',
    clusterID: 'c-hostile',
    credentialsRef: { name: 'k' },
  },
  good: () => clone(CSS_DETAIL),
  setText: (doc, _path, text) => {
    const detail = cssDetail(doc);
    detail.id = text;
    detail.currentNodeName = text;
    record(detail.imageInfo).datastoreVersion = text;
    record(detail.imageInfo).displayName = text;
    for (const step of list(detail.currentNodeDetail)) step.name = text;
  },
  setTimes: (doc, _path, value) => {
    const detail = cssDetail(doc);
    detail.startTime = value;
    detail.endTime = value;
    for (const step of list(detail.currentNodeDetail)) {
      step.beginTime = value;
      step.endTime = value;
    }
  },
  setMany: (doc, _path, n) => {
    const detail = cssDetail(doc);
    const names = Array.from({ length: n }, (_, i) => `node-${i}`);
    detail.totalNodes = names.join(',');
    detail.completedNodes = names.slice(0, n / 2).join(',');
    detail.currentNodeName = names.slice(n / 2).join(',');
    detail.currentNodeDetail = names.map((_, i) => ({
      order: i,
      name: `step ${i}`,
      status: i < n / 2 ? 'SUCCESS' : i === n / 2 ? 'RUNNING' : 'WAITING',
    }));
  },
  setProgress: (doc, _path, value) => {
    cssDetail(doc).progress = value;
  },
  setStatus: (doc, _path, value) => {
    cssDetail(doc).status = value;
  },
  readsProgressField: false,
};

// ---- AWSEKS: ListUpdates + DescribeUpdate, the cluster and one node group ----

const EKS_CLUSTER_UPDATE = 'a0b1c2d3-0000-4000-8000-00000000c0de';
const EKS_NODEGROUP_UPDATE = 'a0b1c2d3-0000-4000-8000-0000000090de';
const EKS_STARTED = 1740790800; // 2025-03-01T01:00:00Z, epoch seconds as restJson1 sends it

function eksUpdate(id: string, status: string, createdAt: number): Json {
  return {
    update: {
      id,
      status,
      type: 'VersionUpdate',
      params: [{ type: 'Version', value: '1.32' }],
      createdAt,
      errors: [],
    },
  };
}

/** The good reply for `url`: ListUpdates (of the cluster, or `?nodegroupName=`) or DescribeUpdate. */
function eksGood(path: string, url: string): Json {
  if (path.endsWith('/updates')) {
    const nodegroup = url.includes('nodegroupName=');
    return { updateIds: [nodegroup ? EKS_NODEGROUP_UPDATE : EKS_CLUSTER_UPDATE], nextToken: null };
  }
  return path.endsWith(EKS_NODEGROUP_UPDATE)
    ? eksUpdate(EKS_NODEGROUP_UPDATE, 'InProgress', EKS_STARTED + 1200)
    : eksUpdate(EKS_CLUSTER_UPDATE, 'Successful', EKS_STARTED);
}

/** The DescribeUpdate body's update, or undefined for a ListUpdates body. */
function eksUpdateOf(doc: Json): Json | undefined {
  return doc.update === undefined ? undefined : record(doc.update);
}

const eks: HostileTarget = {
  label: 'AWSEKS',
  provider: 'AWSEKS',
  // A fresh family per play: the family remembers terminal updates, and a remembered update is
  // not described again — the row would never reach the client.
  get family() {
    return createAwsEksFamily();
  },
  spec: {
    provider: 'AWSEKS',
    region: 'us-west-2',
    clusterID: 'c-hostile',
    nodegroups: ['ng-1'],
    credentialsRef: { name: 'k' },
  },
  good: (path, url = path) => eksGood(path, url),
  setText: (doc, _path, text) => {
    const update = eksUpdateOf(doc);
    if (!update) return;
    update.id = text;
    for (const param of list(update.params)) param.value = text;
    update.errors = [{ errorCode: text, errorMessage: text, resourceIds: [text] }];
  },
  setTimes: (doc, _path, value) => {
    const update = eksUpdateOf(doc);
    if (update) update.createdAt = value;
  },
  setMany: (doc, _path, n) => {
    const update = eksUpdateOf(doc);
    if (update) {
      update.errors = Array.from({ length: n }, (_, i) => ({
        errorCode: `E${i}`,
        errorMessage: `error ${i}`,
      }));
    }
  },
  setProgress: (doc, _path, value) => {
    doc.progress = value; // EKS updates carry no progress: an unknown field must stay harmless
  },
  setStatus: (doc, _path, value) => {
    const update = eksUpdateOf(doc);
    if (update) update.status = value;
  },
  readsProgressField: false,
};

export const TARGETS: readonly HostileTarget[] = [
  ackStatus,
  ackTask,
  addons,
  cce,
  css,
  eks,
  ...BEARER_TARGETS,
];

/** The request path without its query. */
export function pathOf(url: string): string {
  const q = url.indexOf('?');
  return q < 0 ? url : url.slice(0, q);
}
