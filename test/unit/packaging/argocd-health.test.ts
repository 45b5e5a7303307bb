// deploy/integrations/argocd/health.lua run by real Lua interpreters — lua5.4 and lua5.1
// (Argo CD embeds gopher-lua, a Lua 5.1) — against ClusterUpgradeWatches whose status is
// computed by the operator's own nextStatus() for every row of the docs/reference.md#conditions table.
import { parse } from 'yaml';
import type { ClusterUpgradeWatchStatus, Observation } from '../../../src/api/types.js';
import { nextStatus, type Outcome } from '../../../src/controller/status.js';
import { luaString, runHealthScript, toLua } from './lua.js';
import { readRepoFile, repoPath, run, toolPath } from './support.js';

const SCRIPT = repoPath('deploy/integrations/argocd/health.lua');
const NOW = new Date('2026-03-01T10:00:00Z');

const running: Observation = {
  phase: 'Running',
  progress: 45,
  currentStep: 'Upgrading node pools',
  fromVersion: '1.30.1-aliyun.1',
  toVersion: '1.31.1-aliyun.1',
  upgradeID: 'c82e6987e2961451182edacd74faf0000',
};
const observed = (observation: Observation): Outcome => ({ kind: 'observed', observation, at: NOW });
const observe = (phase: Observation['phase'], extra: Partial<Observation> = {}): Outcome =>
  observed({ phase, ...extra });

/** The status after the operator has seen these outcomes in order, for generation 1. */
function statusAfter(outcomes: readonly Outcome[]): ClusterUpgradeWatchStatus | undefined {
  let status: ClusterUpgradeWatchStatus | undefined;
  for (const outcome of outcomes) status = nextStatus(status, outcome, { generation: 1, now: NOW });
  return status;
}

function watch(status: ClusterUpgradeWatchStatus | undefined, generation = 1): Record<string, unknown> {
  return {
    apiVersion: 'upgradewatch.io/v1alpha1',
    kind: 'ClusterUpgradeWatch',
    metadata: { name: 'prod-hangzhou-ack', namespace: 'platform-upgrades', generation },
    spec: {
      provider: 'AlibabaACK',
      region: 'cn-hangzhou',
      clusterID: 'c82e6987e2961451182edacd74faf0000',
      credentialsRef: { name: 'alibaba-cloud-credentials' },
      suspend: false,
    },
    ...(status === undefined ? {} : { status }),
  };
}

interface Row {
  why: string;
  object: Record<string, unknown>;
  status: 'Healthy' | 'Progressing' | 'Degraded' | 'Suspended' | 'Unknown';
  message: string | RegExp;
}

const throttled: Outcome = {
  kind: 'transientError',
  reason: 'Throttled',
  message: 'Throttling.User: request rate exceeded',
};
const authFailed: Outcome = {
  kind: 'permanentError',
  reason: 'AuthFailed',
  message: 'InvalidAccessKeyId.NotFound: Specified access key is not found.',
};

const ROWS: Row[] = [
  {
    why: 'a new object the operator has not written yet must not look healthy',
    object: watch(undefined),
    status: 'Progressing',
    message: 'Waiting for first sync',
  },
  {
    why: 'a status without conditions is not a sync either',
    object: watch({ conditions: [] }),
    status: 'Progressing',
    message: 'Waiting for first sync',
  },
  {
    why: 'Idle: nothing to do, the cluster is fine',
    object: watch(statusAfter([observe('Idle')])),
    status: 'Healthy',
    message: 'No upgrade in progress',
  },
  {
    why: 'Pending: the upgrade was accepted and will start',
    object: watch(statusAfter([observe('Pending', { toVersion: '1.31.1-aliyun.1' })])),
    status: 'Progressing',
    message: 'Pending (to 1.31.1-aliyun.1)',
  },
  {
    why: 'Running: progress, step and versions are what a person wants to read in the UI',
    object: watch(statusAfter([observed(running)])),
    status: 'Progressing',
    message: 'Running 45%: Upgrading node pools (1.30.1-aliyun.1 -> 1.31.1-aliyun.1)',
  },
  {
    why: 'Paused: waits for a person, like a suspended rollout',
    object: watch(statusAfter([observed(running), observed({ ...running, phase: 'Paused' })])),
    status: 'Suspended',
    message: 'Upgrade paused: Paused 45%: Upgrading node pools (1.30.1-aliyun.1 -> 1.31.1-aliyun.1)',
  },
  {
    why: 'Succeeded: the upgrade is done',
    object: watch(
      statusAfter([observed(running), observe('Succeeded', { progress: 100, toVersion: '1.31.1-aliyun.1' })]),
    ),
    status: 'Healthy',
    message: 'Upgrade succeeded',
  },
  {
    why: 'Failed (Stalled True): the cluster may be half upgraded',
    object: watch(
      statusAfter([
        observed(running),
        observed({ ...running, phase: 'Failed', message: 'node pool np-1 failed' }),
      ]),
    ),
    status: 'Degraded',
    message: 'UpgradeFailed: node pool np-1 failed',
  },
  {
    why: 'Cancelled: the cluster stays on its version and keeps serving',
    object: watch(statusAfter([observed(running), observe('Cancelled')])),
    status: 'Healthy',
    message: 'Upgrade cancelled',
  },
  {
    why: 'permanent error on a new object (Progressing Unknown): Stalled decides',
    object: watch(statusAfter([authFailed])),
    status: 'Degraded',
    message: 'AuthFailed: InvalidAccessKeyId.NotFound: Specified access key is not found.',
  },
  {
    why: 'permanent error during an upgrade keeps Progressing True, but Stalled wins',
    object: watch(statusAfter([observed(running), authFailed])),
    status: 'Degraded',
    message: /^AuthFailed: InvalidAccessKeyId\.NotFound/,
  },
  {
    why: 'transient error during an upgrade keeps the last known health and says why',
    object: watch(statusAfter([observed(running), throttled])),
    status: 'Progressing',
    message:
      'Running 45%: Upgrading node pools (1.30.1-aliyun.1 -> 1.31.1-aliyun.1); last poll failed (Throttled): Throttling.User: request rate exceeded',
  },
  {
    why: 'transient error while idle does not turn a healthy watch red',
    object: watch(statusAfter([observe('Idle'), throttled])),
    status: 'Healthy',
    message: 'No upgrade in progress; last poll failed (Throttled): Throttling.User: request rate exceeded',
  },
  {
    why: 'transient error before any successful poll: nothing is known yet',
    object: watch(statusAfter([throttled])),
    status: 'Progressing',
    message: /^Waiting for the first successful poll; last poll failed \(Throttled\)/,
  },
  {
    why: 'suspended (spec.suspend): no polling, like a suspended CronJob',
    object: watch(statusAfter([observed(running), { kind: 'suspended' }])),
    status: 'Suspended',
    message:
      'Polling suspended (spec.suspend); last known: Running 45%: Upgrading node pools (1.30.1-aliyun.1 -> 1.31.1-aliyun.1)',
  },
  {
    why: 'a spec change the operator has not processed yet: the status is about the old spec',
    object: watch(statusAfter([observe('Idle')]), 2),
    status: 'Progressing',
    message: 'Waiting for the operator to observe generation 2',
  },
  {
    why: 'a provider value the operator does not map (phase Unknown) is not claimed healthy',
    object: watch(statusAfter([observe('Unknown')])),
    status: 'Unknown',
    message: /does not recognise/,
  },
];

describe('toLua', () => {
  it('turns JSON into a Lua table literal, escaping strings byte by byte', () => {
    expect(toLua({ a: [1, 'x"\\y'], b: null, c: true, d: 'é\n' })).toBe(
      '{["a"] = {1, "x\\"\\\\y"}, ["c"] = true, ["d"] = "\\195\\169\\010"}',
    );
  });

  it('round-trips a string with quotes, backslashes, newlines and UTF-8 through lua5.4', () => {
    const text = 'step "1" \\ done\nnext: 升级节点';
    const result = run(toolPath('lua5.4'), ['-'], { input: `io.write(${luaString(text)})` });
    expect(result.stdout).toBe(text);
  });
});

/** A string exactly; a pattern as a match. */
function textMatcher(expected: string | RegExp): unknown {
  return typeof expected === 'string' ? expected : expect.stringMatching(expected);
}

describe.each(['lua5.4', 'lua5.1'])('health.lua under %s', (interpreter) => {
  it.each(ROWS.map((row) => [row.why, row] as const))('%s', (_why, row) => {
    const health = runHealthScript(interpreter, SCRIPT, row.object);
    expect(health).toEqual({
      status: row.status,
      message: textMatcher(row.message),
    });
  });
});

describe('argocd-cm-patch.yaml', () => {
  it('installs health.lua verbatim under the resource.customizations.health key of our kind', () => {
    const patch = parse(readRepoFile('deploy/integrations/argocd/argocd-cm-patch.yaml')) as {
      kind: string;
      metadata: { name: string };
      data: Record<string, string>;
    };
    expect(patch.kind).toBe('ConfigMap');
    expect(patch.metadata.name).toBe('argocd-cm');
    expect(Object.keys(patch.data)).toEqual([
      'resource.customizations.health.upgradewatch.io_ClusterUpgradeWatch',
    ]);
    expect(patch.data['resource.customizations.health.upgradewatch.io_ClusterUpgradeWatch']).toBe(
      readRepoFile('deploy/integrations/argocd/health.lua'),
    );
  });
});
