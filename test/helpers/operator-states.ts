// The scripted upgrades of the operator integration tests, built from the provider samples'
// simulator states (src/providers/<provider>/sample.ts: operation → the body that operation
// returns, with the API's own field values from seeds 000–004), each with what the provider mappings (docs/reference.md#provider-alibabaack and the next sections) say the CR status must
// then show. The tests put one state at a time through the simulator's admin API and wait for
// the CR to show it, so every step is observed however the polls fall.
import type { Phase, ProviderName } from '../../src/api/types.js';
import { ALIBABA_ACK_ADDONS_STATES, SAMPLE_ADDONS } from '../../src/providers/alibaba-ack-addons/sample.js';
import { ackTaskState, ALIBABA_ACK_STATES } from '../../src/providers/alibaba-ack/sample.js';
import { CCE_TASK_ID, HUAWEI_CCE_STATES } from '../../src/providers/huawei-cce/sample.js';
import { CSS_NODES, HUAWEI_CSS_STATES } from '../../src/providers/huawei-css/sample.js';
import { SAMPLES } from '../../src/providers/samples.js';
import type { ClusterState } from '../../src/simulator/index.js';

/** What the CR status must show once the operator has polled a state (the provider mappings of docs/reference.md#provider-alibabaack onwards). */
export interface ExpectedStatus {
  phase: Phase;
  /** Exact progress, or an inclusive [min, max] where docs/reference.md#progress-rules allows rounding. */
  progress?: number | [number, number];
  /** `undefined` = must be absent. */
  currentStep?: string;
  /** Progressing reason while Pending/Running: "reason = the current step" in docs/reference.md#conditions, CamelCased. */
  progressingReason?: string;
  /** Expected `steps[]` as `name:phase`. */
  steps?: string[];
  fromVersion?: string;
  toVersion?: string;
  /** Substring of status.message. */
  message?: RegExp;
}

export interface ScriptStep {
  /** Why the step exists (shown in failures). */
  label: string;
  state: ClusterState;
  expect: ExpectedStatus;
}

// ---------------------------------------------------------------- AlibabaACK (seed 000, 000 DescribeTaskInfo)

export const ACK = ALIBABA_ACK_STATES;
export { ackTaskState };

export function ackScript(): ScriptStep[] {
  return [
    { label: 'ACK idle', state: ACK.idle, expect: { phase: 'Idle', currentStep: undefined } },
    {
      label: 'ACK prechecking',
      state: ACK.prechecking,
      expect: {
        phase: 'Running',
        progress: 0,
        currentStep: 'Precheck',
        progressingReason: 'Precheck',
        steps: ['Precheck:Running', 'Upgrade:Pending'],
      },
    },
    {
      label: 'ACK upgrading',
      state: ACK.upgrading,
      expect: {
        phase: 'Running',
        progress: 50,
        currentStep: 'Upgrade',
        progressingReason: 'Upgrade',
        steps: ['Precheck:Succeeded', 'Upgrade:Running'],
      },
    },
    {
      label: 'ACK success',
      state: ACK.success,
      expect: {
        phase: 'Succeeded',
        progress: 100,
        currentStep: undefined,
        steps: ['Precheck:Succeeded', 'Upgrade:Succeeded'],
      },
    },
  ];
}

// ---------------------------------------------------------------- AlibabaACKAddons (seed 001)

export const ADDONS = SAMPLE_ADDONS;
export const ADDON_STATES = ALIBABA_ACK_ADDONS_STATES;

export function addonsScript(): ScriptStep[] {
  return [
    { label: 'addons idle', state: ADDON_STATES.idle, expect: { phase: 'Idle', currentStep: undefined } },
    {
      label: 'addons both running',
      state: ADDON_STATES.bothRunning,
      expect: {
        phase: 'Running',
        progress: 0,
        currentStep: 'cloud-controller-manager',
        progressingReason: 'CloudControllerManager',
      },
    },
    {
      label: 'addons one done',
      state: ADDON_STATES.oneDone,
      expect: {
        phase: 'Running',
        progress: 50,
        currentStep: 'metrics-server',
        progressingReason: 'MetricsServer',
      },
    },
    {
      label: 'addons both done',
      state: ADDON_STATES.bothDone,
      expect: { phase: 'Succeeded', progress: 100, currentStep: undefined },
    },
  ];
}

// ---------------------------------------------------------------- HuaweiCCE (seeds 002, 003)

export const CCE = HUAWEI_CCE_STATES;
export { CCE_TASK_ID };

const cceVersions = { fromVersion: 'v1.28.3-r0', toVersion: 'v1.29.1-r0' };

export function cceScript(id: string): ScriptStep[] {
  return [
    { label: 'CCE idle', state: CCE.idle(), expect: { phase: 'Idle', currentStep: undefined } },
    {
      label: 'CCE PreCheck',
      state: CCE.precheck(id),
      expect: {
        phase: 'Running',
        progress: 0,
        currentStep: 'PreCheck',
        progressingReason: 'PreCheck',
        steps: ['PreCheck:Running', 'Snapshot:Pending', 'Cluster:Pending', 'PostCheck:Pending'],
        ...cceVersions,
      },
    },
    {
      label: 'CCE Snapshot',
      state: CCE.snapshot(id),
      expect: {
        phase: 'Running',
        progress: 25,
        currentStep: 'Snapshot',
        progressingReason: 'Snapshot',
        ...cceVersions,
      },
    },
    {
      // (2 finished + 0.35 of the Cluster point) / 4 = 58.75 %: rounding as docs/reference.md#progress-rules allows.
      label: 'CCE Cluster 35 %',
      state: CCE.cluster(id, '35.00'),
      expect: {
        phase: 'Running',
        progress: [58, 59],
        currentStep: 'Cluster',
        progressingReason: 'Cluster',
        ...cceVersions,
      },
    },
    {
      label: 'CCE Cluster 80 %',
      state: CCE.cluster(id, '80.00'),
      expect: { phase: 'Running', progress: 70, currentStep: 'Cluster', ...cceVersions },
    },
    {
      label: 'CCE PostCheck',
      state: CCE.postcheck(id),
      expect: {
        phase: 'Running',
        progress: 75,
        currentStep: 'PostCheck',
        progressingReason: 'PostCheck',
        ...cceVersions,
      },
    },
    {
      label: 'CCE success',
      state: CCE.success(id),
      expect: {
        phase: 'Succeeded',
        progress: 100,
        currentStep: undefined,
        steps: ['PreCheck:Succeeded', 'Snapshot:Succeeded', 'Cluster:Succeeded', 'PostCheck:Succeeded'],
        ...cceVersions,
      },
    },
  ];
}

// ---------------------------------------------------------------- HuaweiCSS (seed 004)

export const CSS = HUAWEI_CSS_STATES;

export function cssScript(): ScriptStep[] {
  return [
    { label: 'CSS idle', state: CSS.idle(), expect: { phase: 'Idle', currentStep: undefined } },
    {
      label: 'CSS node 1 data migration',
      state: CSS.node1(),
      expect: {
        phase: 'Running',
        progress: 0,
        currentStep: `${CSS_NODES[0]}: Data migration`,
        progressingReason: 'CssOpEssEsn11:DataMigration',
        steps: ['Data migration:Running', 'Node image replacement:Pending', 'Task status update:Pending'],
        toVersion: '7.10.2',
      },
    },
    {
      label: 'CSS node 2 image replacement',
      state: CSS.node2(),
      expect: {
        phase: 'Running',
        progress: [33, 34],
        currentStep: `${CSS_NODES[1]}: Node image replacement`,
        toVersion: '7.10.2',
      },
    },
    {
      label: 'CSS node 3 status update',
      state: CSS.node3(),
      expect: {
        phase: 'Running',
        progress: [66, 67],
        currentStep: `${CSS_NODES[2]}: Task status update`,
        toVersion: '7.10.2',
      },
    },
    {
      label: 'CSS success',
      state: CSS.success(),
      expect: {
        phase: 'Succeeded',
        progress: 100,
        currentStep: undefined,
        steps: [
          'Data migration:Succeeded',
          'Node image replacement:Succeeded',
          'Task status update:Succeeded',
        ],
        toVersion: '7.10.2',
      },
    },
  ];
}

/** A state per provider that never changes: an idle cluster (for polling/metrics tests). */
export function idleState(provider: ProviderName): ClusterState {
  return SAMPLES[provider].states.idle();
}
