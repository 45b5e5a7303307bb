// The scripted upgrades of the chaos run: per provider, a sequence of provider-native simulator
// states (seeds 000–004, built from test/helpers/operator-states.ts) played as a simulator
// timeline, each state paired with what docs/reference.md#conditions and the provider mappings say the CR status must show once it has been
// polled ("the truth"). Every script says why it exists. Ids (CCE workflow uid and Cluster task id,
// CSS detail id, ACK task id) are unique per watch so no two simulated clusters share an upgrade.
import type { Phase } from '../../src/api/types.js';
import { awsEksFacts } from '../../src/providers/aws-eks/facts.js';
import { AKS_STATES } from '../../src/providers/azure-aks/sample.js';
import { GKE_STATES, gkeOperationName } from '../../src/providers/google-gke/sample.js';
import {
  ALIBABA_ACK,
  ALIBABA_ACK_ADDONS,
  AWS_EKS,
  AZURE_AKS,
  GOOGLE_GKE,
  HUAWEI_CCE,
  HUAWEI_CSS,
  type ProviderName,
} from '../../src/providers/names.js';
import type { ClusterState } from '../../src/simulator/index.js';
import { ACK, ADDON_STATES, CCE, CCE_TASK_ID, CSS, ackTaskState } from '../helpers/operator-states.js';

/** What the CR status must show for one scripted state; `null` = the field must be absent. */
export interface Truth {
  phase: Phase;
  /** Exact, or an inclusive range where docs/reference.md#progress-rules allows rounding. */
  progress: number | readonly [number, number] | null;
  currentStep: string | null;
  upgradeID: string | null;
  /** Checked when given (docs/reference.md#status-fields `toVersion`). */
  toVersion?: string;
}

export interface ScriptEntry {
  label: string;
  state: ClusterState;
  truth: Truth;
  /** How long the state lasts before the next one: one step (default) or the terminal hold. */
  dwell?: 'step' | 'hold';
}

export interface UpgradeScript {
  name: string;
  provider: ProviderName;
  /** Why this script is in the run. */
  why: string;
  entries: ScriptEntry[];
  /** spec.taskID (AlibabaACK DescribeTaskInfo). */
  taskID?: string;
  /**
   * For a cloud that keeps no upgrade record (AKS): the truth when the watch's first observation
   * came only after the upgrade had ended — Idle at the new version, the honest answer
   * (docs/reference.md#provider-azureaks). ./verify.ts applies it only when the first status the
   * operator wrote after a successful poll is Idle at the target version, a moment the cluster
   * reached only after the upgrade.
   */
  firstSeenSettled?: Truth;
}

/** Fresh ids for one watch's script. */
export interface ScriptIds {
  clusterID: string;
  /** A new unique id (uuid-shaped) on every call. */
  uid(): string;
}

export type ScriptBuilder = (ids: ScriptIds) => UpgradeScript;

const truth = (
  phase: Phase,
  progress: Truth['progress'],
  currentStep: string | null = null,
  upgradeID: string | null = null,
  toVersion?: string,
): Truth => ({ phase, progress, currentStep, upgradeID, ...(toVersion ? { toVersion } : {}) });

// ------------------------------------------------------------------ AlibabaACK (seed 000)

const ACK_FAILED: ClusterState = {
  GetUpgradeStatus: {
    ...(ACK.upgrading.GetUpgradeStatus as Record<string, unknown>),
    status: 'fail',
    error_message: 'node pool np-chaos: 2 nodes did not become Ready after the upgrade',
    upgrade_task: { status: 'Failed', message: 'upgrade of node pool np-chaos failed' },
  },
};

const ack = {
  idle: { label: 'ACK idle', state: ACK.idle, truth: truth('Idle', null) },
  prechecking: { label: 'ACK prechecking', state: ACK.prechecking, truth: truth('Running', 0, 'Precheck') },
  upgrading: { label: 'ACK upgrading', state: ACK.upgrading, truth: truth('Running', 50, 'Upgrade') },
  paused: { label: 'ACK paused', state: ACK.paused, truth: truth('Paused', 50, 'Upgrade') },
  success: { label: 'ACK success', state: ACK.success, truth: truth('Succeeded', 100) },
  failed: { label: 'ACK fail', state: ACK_FAILED, truth: truth('Failed', 50, 'Upgrade') },
} satisfies Record<string, ScriptEntry>;

// ------------------------------------------------------------------ AlibabaACKAddons (seed 001)

/** A copy of an add-on state with one component's task fields replaced. */
function withAddonTask(state: ClusterState, component: string, task: Record<string, unknown>): ClusterState {
  const body = structuredClone(state.GetClusterAddonUpgradeStatus) as Record<string, Record<string, unknown>>;
  const entry = body[component] ?? {};
  body[component] = { ...entry, tasks: { ...(entry.tasks as object), ...task } };
  return { GetClusterAddonUpgradeStatus: body };
}

const addons = {
  idle: { label: 'add-ons idle', state: ADDON_STATES.idle, truth: truth('Idle', null) },
  bothRunning: {
    label: 'add-ons both running',
    state: ADDON_STATES.bothRunning,
    truth: truth('Running', 0, 'cloud-controller-manager'),
  },
  oneDone: {
    label: 'add-ons one done',
    state: ADDON_STATES.oneDone,
    truth: truth('Running', 50, 'metrics-server'),
  },
  bothDone: { label: 'add-ons both done', state: ADDON_STATES.bothDone, truth: truth('Succeeded', 100) },
  cancelled: {
    label: 'add-ons metrics-server cancelled',
    state: ADDON_STATES.cancelled,
    truth: truth('Cancelled', 50),
  },
  failed: {
    label: 'add-ons metrics-server failed',
    state: withAddonTask(ADDON_STATES.cancelled, 'metrics-server', { status: 'Failed', is_canceled: false }),
    truth: truth('Failed', 50, 'metrics-server'),
  },
  paused: {
    label: 'add-ons metrics-server paused',
    state: withAddonTask(ADDON_STATES.oneDone, 'metrics-server', { status: 'Paused' }),
    truth: truth('Paused', 50, 'metrics-server'),
  },
} satisfies Record<string, ScriptEntry>;

// ------------------------------------------------------------------ HuaweiCCE (seeds 002, 003)

const CCE_TO = 'v1.29.1-r0';
const CCE_SAMPLE = CCE.precheck('sample').ListUpgradeWorkFlows as {
  items: Array<{ metadata: { uid: string } }>;
};
const CCE_WORKFLOW_UID = CCE_SAMPLE.items[0]!.metadata.uid;

/** The same state with this watch's workflow uid and Cluster task id (and, for a newer workflow, its creation time). */
function cceRekeyed(state: ClusterState, uid: string, taskID: string, createdAt?: string): ClusterState {
  const text = JSON.stringify(state).replaceAll(CCE_WORKFLOW_UID, uid).replaceAll(CCE_TASK_ID, taskID);
  const copy = JSON.parse(text) as ClusterState;
  if (createdAt) {
    const items = (copy.ListUpgradeWorkFlows as { items: Array<{ metadata: Record<string, string> }> }).items;
    for (const item of items) item.metadata.creationTimestamp = createdAt;
  }
  return copy;
}

/** Two workflows in one list: an older finished one and the newer one the operator must track. */
function cceBoth(older: ClusterState, newer: ClusterState): ClusterState {
  const list = (s: ClusterState) => s.ListUpgradeWorkFlows as { items: unknown[] };
  return {
    ListUpgradeWorkFlows: { ...list(newer), items: [...list(older).items, ...list(newer).items] },
    ...(newer.ShowUpgradeClusterTask ? { ShowUpgradeClusterTask: newer.ShowUpgradeClusterTask } : {}),
  };
}

function cceEntries(clusterID: string, uid: string, taskID: string, createdAt?: string) {
  const at = (state: ClusterState) => cceRekeyed(state, uid, taskID, createdAt);
  const t = (phase: Phase, progress: Truth['progress'], step: string | null = null) =>
    truth(phase, progress, step, uid, CCE_TO);
  return {
    precheck: {
      label: 'CCE PreCheck',
      state: at(CCE.precheck(clusterID)),
      truth: t('Running', 0, 'PreCheck'),
    },
    snapshot: {
      label: 'CCE Snapshot',
      state: at(CCE.snapshot(clusterID)),
      truth: t('Running', 25, 'Snapshot'),
    },
    // (2 finished + 0.35) / 4 = 58.75 %: docs/reference.md#progress-rules allows the rounding. The low end, 50 %, is
    // the workflow alone (2 of 4 points): when the timeline moves on between the workflow read
    // and the task read, the task answers 404 and the client keeps the workflow's figure
    // rather than fail the poll (src/providers/huawei-cce/client.ts). Seen in CI once.
    cluster35: {
      label: 'CCE Cluster 35 %',
      state: at(CCE.cluster(clusterID, '35.00')),
      truth: t('Running', [50, 59], 'Cluster'),
    },
    cluster80: {
      label: 'CCE Cluster 80 %',
      state: at(CCE.cluster(clusterID, '80.00')),
      truth: t('Running', [50, 70], 'Cluster'),
    },
    postcheck: {
      label: 'CCE PostCheck',
      state: at(CCE.postcheck(clusterID)),
      truth: t('Running', 75, 'PostCheck'),
    },
    success: { label: 'CCE success', state: at(CCE.success(clusterID)), truth: t('Succeeded', 100) },
    // Workflow phase `Pending` = a task failed (seed 003): the Cluster point failed.
    failed: {
      label: 'CCE Cluster failed',
      state: at(CCE.failed(clusterID)),
      truth: t('Failed', 50, 'Cluster'),
    },
    cancelled: { label: 'CCE cancelled', state: at(CCE.cancelled(clusterID)), truth: t('Cancelled', 25) },
  } satisfies Record<string, ScriptEntry>;
}

// ------------------------------------------------------------------ HuaweiCSS (seed 004)

const CSS_TO = '7.10.2';
const CSS_SAMPLE = CSS.node1().ListClustersDetails as {
  detailList: Array<{ id: string; startTime: string }>;
};
const CSS_DETAIL_ID = CSS_SAMPLE.detailList[0]!.id;
const CSS_NODE = (n: number) => `css-op-ess-esn-${n}-1`;

function cssRekeyed(state: ClusterState, id: string, startTime?: string): ClusterState {
  const copy = JSON.parse(JSON.stringify(state).replaceAll(CSS_DETAIL_ID, id)) as ClusterState;
  if (startTime) {
    for (const detail of (copy.ListClustersDetails as { detailList: Array<Record<string, string>> })
      .detailList)
      detail.startTime = startTime;
  }
  return copy;
}

function cssBoth(older: ClusterState, newer: ClusterState): ClusterState {
  const list = (s: ClusterState) => (s.ListClustersDetails as { detailList: unknown[] }).detailList;
  const detailList = [...list(older), ...list(newer)];
  return { ListClustersDetails: { totalSize: detailList.length, detailList } };
}

function cssEntries(id: string, startTime?: string) {
  const at = (state: ClusterState) => cssRekeyed(state, id, startTime);
  const t = (phase: Phase, progress: Truth['progress'], step: string | null = null) =>
    truth(phase, progress, step, id, CSS_TO);
  return {
    node1: {
      label: 'CSS node 1 data migration',
      state: at(CSS.node1()),
      truth: t('Running', 0, `${CSS_NODE(1)}: Data migration`),
    },
    node2: {
      label: 'CSS node 2 image replacement',
      state: at(CSS.node2()),
      truth: t('Running', [33, 34], `${CSS_NODE(2)}: Node image replacement`),
    },
    node3: {
      label: 'CSS node 3 status update',
      state: at(CSS.node3()),
      truth: t('Running', [66, 67], `${CSS_NODE(3)}: Task status update`),
    },
    success: { label: 'CSS success', state: at(CSS.success()), truth: t('Succeeded', 100) },
    partialFailed: {
      label: 'CSS partial failure',
      state: at(CSS.partialFailed()),
      truth: t('Failed', [66, 67], `${CSS_NODE(3)}: Node image replacement`),
    },
  } satisfies Record<string, ScriptEntry>;
}

const cssIdle: ScriptEntry = { label: 'CSS idle', state: CSS.idle(), truth: truth('Idle', null) };

// ------------------------------------------------------------------ the scripts

const hold = (entry: ScriptEntry): ScriptEntry => ({ ...entry, dwell: 'hold' });

/** A script whose states need no per-watch ids. */
const fixed =
  (name: string, provider: ProviderName, why: string, entries: ScriptEntry[]): ScriptBuilder =>
  () => ({ name, provider, why, entries });

/** A later creation time, so the second upgrade is the newest one (CCE creationTimestamp, CSS startTime). */
const CCE_LATER = '2024-05-02 09:10:11.123456 +0000 UTC';
const CSS_LATER = '2024-05-02T03:10:11';

// ------------------------------------------------------------------ AWSEKS (awsEksFacts)

/** Steps: Control plane, Node group general, Node group gpu (the sample's nodegroups). */
const EKS = awsEksFacts.simulatorStates as unknown as Record<
  keyof typeof awsEksFacts.simulatorStates,
  ClusterState
>;
const EKS_UPDATE = '0c9e8f6a-3d5b-4c1e-9a7f-2b8d6e4c1a01';
const eks = {
  idle: { label: 'EKS idle', state: EKS.idle, truth: truth('Idle', null) },
  started: {
    label: 'EKS control plane updating',
    state: EKS.started,
    truth: truth('Running', 0, 'Control plane', EKS_UPDATE, '1.31'),
  },
  running: {
    label: 'EKS node group general updating',
    state: EKS.running,
    // 1 of 3 steps finished: 33 % (floor).
    truth: truth('Running', 33, 'Node group general', EKS_UPDATE, '1.31'),
  },
  succeeded: {
    label: 'EKS succeeded',
    state: EKS.succeeded,
    truth: truth('Succeeded', 100, null, EKS_UPDATE),
  },
  failed: {
    label: 'EKS node group gpu failed',
    state: EKS.failed,
    truth: truth('Failed', 66, 'Node group gpu', EKS_UPDATE),
  },
} satisfies Record<string, ScriptEntry>;

// ------------------------------------------------------------------ GoogleGKE (GKE_STATES)

/** The sample's scripted GKE upgrade; its operation is named after the cluster (gkeOperationName),
 *  and every chaos watch has a cluster of its own, so no two watches share an operation. */
function gkeEntries(clusterID: string) {
  const operation = gkeOperationName(clusterID);
  return {
    idle: { label: 'GKE idle', state: GKE_STATES.idle(), truth: truth('Idle', null) },
    // Progress is the share of DONE stages (floor): 0, 1/3, 2/3.
    preparing: {
      label: 'GKE stage Preparing',
      state: GKE_STATES.running(clusterID, 0),
      truth: truth('Running', 0, 'Preparing', operation),
    },
    controlPlane: {
      label: 'GKE stage Upgrading control plane',
      state: GKE_STATES.running(clusterID, 1),
      truth: truth('Running', 33, 'Upgrading control plane', operation),
    },
    verifying: {
      label: 'GKE stage Verifying',
      state: GKE_STATES.running(clusterID, 2),
      truth: truth('Running', 66, 'Verifying', operation),
    },
    succeeded: {
      label: 'GKE operation DONE',
      state: GKE_STATES.succeeded(clusterID),
      truth: truth('Succeeded', 100, null, operation),
    },
    failed: {
      label: 'GKE operation DONE with error',
      state: GKE_STATES.failed(clusterID),
      truth: truth('Failed', 66, 'Verifying', operation),
    },
  } satisfies Record<string, ScriptEntry>;
}

// ------------------------------------------------------------------ AzureAKS (AKS_STATES)

/** AKS keeps no upgrade record: no upgradeID; the target version is the toVersion. */
const AKS_TO = '1.34.1';

function aksEntries(clusterID: string) {
  return {
    idle: { label: 'AKS idle', state: AKS_STATES.idle(clusterID), truth: truth('Idle', null) },
    controlPlane: {
      label: 'AKS control plane Upgrading',
      state: AKS_STATES.controlPlane(clusterID),
      truth: truth('Running', 0, 'Control plane', null, AKS_TO),
    },
    pools: {
      label: 'AKS agent pool nodepool1 Upgrading',
      state: AKS_STATES.pools(clusterID),
      // The control plane is 1 of 3 steps done: 33 % (floor).
      truth: truth('Running', 33, 'Agent pool nodepool1', null, AKS_TO),
    },
    succeeded: {
      label: 'AKS every part at the target version',
      state: AKS_STATES.succeeded(clusterID),
      truth: truth('Succeeded', 100, null, null, AKS_TO),
    },
    failed: {
      label: 'AKS agent pool nodepool1 Failed',
      state: AKS_STATES.failed(clusterID),
      truth: truth('Failed', 33, 'Agent pool nodepool1', null, AKS_TO),
    },
  } satisfies Record<string, ScriptEntry>;
}

export const SCRIPTS: readonly ScriptBuilder[] = [
  fixed('ack-succeeds', ALIBABA_ACK, 'the plain path: Precheck → Upgrade → Succeeded', [
    ack.prechecking,
    ack.upgrading,
    ack.success,
  ]),
  fixed(
    'ack-idle-then-succeeds',
    ALIBABA_ACK,
    'starts Idle (idle poll interval) and must still notice the upgrade',
    [ack.idle, ack.prechecking, ack.upgrading, ack.success],
  ),
  fixed(
    'ack-pause-resume',
    ALIBABA_ACK,
    'Paused is not terminal: Running → Paused → Running again within one upgrade',
    [ack.prechecking, ack.upgrading, ack.paused, ack.upgrading, ack.success],
  ),
  fixed('ack-stays-paused', ALIBABA_ACK, 'ends Paused: Ready False / Progressing False UpgradePaused', [
    ack.prechecking,
    ack.upgrading,
    ack.paused,
  ]),
  fixed('ack-fails', ALIBABA_ACK, 'ends Failed with the provider error text', [
    ack.prechecking,
    ack.upgrading,
    ack.failed,
  ]),
  ({ clusterID, uid }) => {
    const taskID = `T-${uid()}`;
    return {
      name: 'ack-task-fails',
      provider: ALIBABA_ACK,
      taskID,
      why: 'spec.taskID follows DescribeTaskInfo: upgradeID = task id, Running → Failed',
      entries: [
        {
          label: 'ACK task running',
          state: ackTaskState(taskID, clusterID, 'running'),
          truth: truth('Running', 50, 'UpgradeMaster', taskID),
        },
        {
          label: 'ACK task failed',
          state: ackTaskState(taskID, clusterID, 'fail'),
          truth: truth('Failed', 50, 'UpgradeMaster', taskID),
        },
      ],
    };
  },
  fixed('addons-succeed', ALIBABA_ACK_ADDONS, 'components finish one by one: 0 → 50 → 100 %', [
    addons.idle,
    addons.bothRunning,
    addons.oneDone,
    addons.bothDone,
  ]),
  fixed(
    'addons-cancelled',
    ALIBABA_ACK_ADDONS,
    'is_canceled on one component ends the whole upgrade Cancelled',
    [addons.bothRunning, addons.oneDone, addons.cancelled],
  ),
  fixed('addons-fail', ALIBABA_ACK_ADDONS, 'one component Failed: Failed wins the precedence', [
    addons.bothRunning,
    addons.oneDone,
    addons.failed,
  ]),
  fixed('addons-stay-paused', ALIBABA_ACK_ADDONS, 'ends Paused on the paused component', [
    addons.bothRunning,
    addons.oneDone,
    addons.paused,
  ]),
  ({ clusterID, uid }) => {
    const e = cceEntries(clusterID, uid(), uid());
    return {
      name: 'cce-succeeds',
      provider: HUAWEI_CCE,
      why: 'every workflow point, with the Cluster task progress counted as a fraction of its point',
      entries: [e.precheck, e.snapshot, e.cluster35, e.cluster80, e.postcheck, e.success],
    };
  },
  ({ clusterID, uid }) => {
    const e = cceEntries(clusterID, uid(), uid());
    return {
      name: 'cce-fails-in-cluster',
      provider: HUAWEI_CCE,
      why: 'the Cluster point fails after its task reached 35 %: progress must not go back',
      entries: [
        e.precheck,
        e.snapshot,
        e.cluster35,
        // The failed state alone gives 2 of 4 points = 50 %; once 58 % was shown for this
        // upgradeID it stays (never backwards). 50 % only if the 35 % state was never polled.
        { ...e.failed, truth: { ...e.failed.truth, progress: [50, 59] } },
      ],
    };
  },
  ({ clusterID, uid }) => {
    const e = cceEntries(clusterID, uid(), uid());
    return {
      name: 'cce-cancelled',
      provider: HUAWEI_CCE,
      why: 'workflow phase Cancel: the running point becomes Cancelled',
      entries: [e.precheck, e.snapshot, e.cancelled],
    };
  },
  ({ clusterID, uid }) => {
    const first = cceEntries(clusterID, uid(), uid());
    const second = cceEntries(clusterID, uid(), uid(), CCE_LATER);
    const after = (entry: ScriptEntry): ScriptEntry => ({
      ...entry,
      label: `${entry.label} (second upgrade)`,
      state: cceBoth(first.failed.state, entry.state),
    });
    return {
      name: 'cce-new-upgrade-after-failure',
      provider: HUAWEI_CCE,
      why: 'a terminal phase followed by a NEW workflow (new upgradeID) that then succeeds',
      entries: [
        first.precheck,
        first.snapshot,
        hold(first.failed),
        after(second.precheck),
        after(second.cluster80),
        after(second.success),
      ],
    };
  },
  ({ uid }) => {
    const e = cssEntries(uid());
    return {
      name: 'css-succeeds',
      provider: HUAWEI_CSS,
      why: 'node by node, steps sorted by order, currentStep "node: step"',
      entries: [cssIdle, e.node1, e.node2, e.node3, e.success],
    };
  },
  ({ uid }) => {
    const e = cssEntries(uid());
    return {
      name: 'css-partial-failure',
      provider: HUAWEI_CSS,
      why: 'PARTIAL_FAILED maps to Failed',
      entries: [e.node1, e.node2, e.partialFailed],
    };
  },
  ({ uid }) => {
    const first = cssEntries(uid());
    const second = cssEntries(uid(), CSS_LATER);
    const after = (entry: ScriptEntry): ScriptEntry => ({
      ...entry,
      label: `${entry.label} (second upgrade)`,
      state: cssBoth(first.success.state, entry.state),
    });
    return {
      name: 'css-new-upgrade-after-success',
      provider: HUAWEI_CSS,
      why: 'Succeeded, then a newer upgrade detail (new upgradeID) starts from 0 % and succeeds',
      entries: [
        first.node1,
        hold(first.success),
        after(second.node1),
        after(second.node2),
        after(second.success),
      ],
    };
  },
  fixed('eks-succeeds', AWS_EKS, 'control plane, then each named node group as a step → Succeeded', [
    eks.idle,
    eks.started,
    eks.running,
    eks.succeeded,
  ]),
  fixed('eks-fails', AWS_EKS, "a node group update's errors[] become the message → Failed", [
    eks.started,
    eks.running,
    eks.failed,
  ]),
  ({ clusterID }) => {
    const e = gkeEntries(clusterID);
    return {
      name: 'gke-succeeds',
      provider: GOOGLE_GKE,
      why: 'operation stages as steps; the running operation is followed by GetOperation → Succeeded',
      entries: [e.idle, e.preparing, e.controlPlane, e.verifying, e.succeeded],
    };
  },
  ({ clusterID }) => {
    const e = gkeEntries(clusterID);
    return {
      name: 'gke-fails',
      provider: GOOGLE_GKE,
      why: "an operation DONE with error: Failed with the error's message, progress kept",
      entries: [e.preparing, e.controlPlane, e.verifying, e.failed],
    };
  },
  ({ clusterID }) => {
    const e = aksEntries(clusterID);
    return {
      name: 'aks-succeeds',
      provider: AZURE_AKS,
      why: 'control plane, then agent pools as steps → Succeeded once every part is at the target',
      // AKS keeps no upgrade record: only a watch that saw the cluster settled before (its
      // baseline, kept in the status across leaders) or upgrading can call the end Succeeded;
      // one first seen after is honestly Idle (docs/reference.md#provider-azureaks). A real
      // upgrade runs for many poll intervals; so the idle state holds long enough for a status to
      // record the baseline even when the first leader loses its Lease in the kube-apiserver
      // restart (a CI run once had the whole 18 s upgrade fall between two leaders). When faults
      // keep every poll failing until after the upgrade (another CI run), Idle is the truth.
      entries: [hold(e.idle), e.controlPlane, e.pools, e.succeeded],
      firstSeenSettled: truth('Idle', null),
    };
  },
  ({ clusterID }) => {
    const e = aksEntries(clusterID);
    return {
      name: 'aks-fails',
      provider: AZURE_AKS,
      why: 'an agent pool in provisioningState Failed → Failed',
      entries: [e.controlPlane, e.pools, e.failed],
    };
  },
];
