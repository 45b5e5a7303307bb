// AWSEKS end to end on the real kube-apiserver (docs/reference.md#provider-awseks): the operator
// (in-process, bound only by deploy/rbac/, its controller and work queue on a virtual clock shared
// with the simulator) signs every EKS call with SigV4, and the simulator's AWS module checks the
// signature, answers ListUpdates / DescribeUpdate from the scripted states and renders AWS's own
// error bodies for injected faults.
//
// Covered: Idle → Running (control plane, then each named node group as a step) → Succeeded; a
// failed node group update whose errors[] become the message; every error class from AWS's error
// shapes; keyless temporary keys (STS AssumeRoleWithWebIdentity) that expire mid-upgrade and are
// re-exchanged without a failed poll; the endpoint guard (an operator process without
// --allow-custom-endpoints refuses a spec.endpoint outside amazonaws.com before any request);
// and no secret access key, token or temporary key in any log line, CR version or Event.
//
// The virtual clock starts a minute ahead of the wall clock and only moves forward (the
// kube-apiserver stamps ServiceAccount tokens' nbf/iat with real time), and the file moves it
// well under an hour (those tokens expire by real time).
import { jest } from '@jest/globals';
import type { ClusterUpgradeWatch } from '../../src/api/types.js';
import { awsEksFacts } from '../../src/providers/aws-eks/facts.js';
import { AWS_EKS } from '../../src/providers/names.js';
import type { ClusterState } from '../../src/simulator/index.js';
import { FakeTimers } from '../helpers/fake-timers.js';
import { createServiceAccount, keylessSpec, kubeTrust } from '../helpers/keyless.js';
import {
  clusterId,
  putState,
  setupSuite,
  specFor,
  teardownSuite,
  type Suite,
} from '../helpers/operator-fixture.js';
import {
  adminKubeConfig,
  condition,
  createWatch,
  ensureOperatorBuilt,
  eventsFor,
  eventually,
  kube,
  OperatorProcess,
  patchSpec,
  putSecret,
  waitForWatch,
  withLogs,
  type WatchSpec,
} from '../helpers/operator-harness.js';
import { startInProcessOperator, type InProcessOperator } from '../helpers/operator-inprocess.js';
import { virtualWatches, type VirtualWatches } from '../helpers/virtual-watches.js';
import { expectNoSecretLeak, textsOf } from '../helpers/secret-scan.js';

jest.setTimeout(300_000);

const EKS = awsEksFacts.simulatorStates as unknown as Record<
  keyof typeof awsEksFacts.simulatorStates,
  ClusterState
>;
const UPDATE_ID = '0c9e8f6a-3d5b-4c1e-9a7f-2b8d6e4c1a01';
const LIFETIME_MS = 10 * 60_000;
/** The production refresh margin (src/credentials/temporary-cache.ts): not overridden here. */
const REFRESH_BEFORE_MS = 5 * 60_000;
const TRUSTED = ['system:serviceaccount:*:reader*'];

let suite: Suite;
let clock: FakeTimers;
let inproc: InProcessOperator;
let strict: OperatorProcess | undefined;
let watches: VirtualWatches;
/** ServiceAccount tokens the simulator received and temporary keys it issued. */
const issuedSecrets: string[] = [];
const logs = () => [
  { name: 'in-process operator', tail: () => inproc?.log.tail() ?? '' },
  { name: 'operator without --allow-custom-endpoints', tail: () => strict?.logTail() ?? '' },
];

beforeAll(async () => {
  clock = new FakeTimers(new Date(Date.now() + 60_000));
  [suite] = await Promise.all([
    setupSuite('op-eks', {
      clock,
      workloadIdentity: kubeTrust(adminKubeConfig(), TRUSTED, { credentialLifetime: '10m' }),
      onSecret: (value) => issuedSecrets.push(value),
    }),
    ensureOperatorBuilt(),
  ]);
  await createServiceAccount(suite.kc, suite.space, 'reader-eks');
  inproc = await startInProcessOperator({
    kubeconfig: suite.saKubeconfig,
    selector: suite.space.selector,
    clock,
  });
  watches = virtualWatches(suite.space, () => inproc);
});

afterAll(async () => {
  await strict?.stop();
  await inproc?.stop();
  await teardownSuite(suite);
});

beforeEach(() => {
  suite.sim.admin.resetCounters();
  suite.sim.admin.clearFaults();
});

afterEach(() => watches.deleteAll());

const watch = (name: string, spec: WatchSpec) => watches.create(name, spec);
async function advanceUntil(
  name: string,
  what: string,
  predicate: (watch: ClusterUpgradeWatch) => boolean,
  // Node groups are listed one per steady poll in turn: a change can take two 30 s polls plus jitter.
  maxMs = 120_000,
  stepMs = 5_000,
): Promise<ClusterUpgradeWatch> {
  const [seen] = await watches.advanceUntil([name], what, predicate, maxMs, stepMs);
  return seen!;
}

const synced = (w: ClusterUpgradeWatch) => condition(w, 'Synced')?.status === 'True';
const phase = (want: string) => (w: ClusterUpgradeWatch) => w.status?.phase === want && synced(w);
const syncedReason = (reason: string) => (w: ClusterUpgradeWatch) =>
  condition(w, 'Synced')?.status === 'False' && condition(w, 'Synced')?.reason === reason;
const stepsOf = (w: ClusterUpgradeWatch) => (w.status?.steps ?? []).map((s) => `${s.name}: ${s.phase}`);

function cloudRequests(clusterID: string, outcome: string): number {
  const report = suite.sim.admin.counters({ clusterID });
  return report.entries.reduce((sum, entry) => sum + (entry.outcomes[outcome] ?? 0), 0);
}

function exchanges(outcome = 'ok'): number {
  const report = suite.sim.admin.counters({ operation: 'AssumeRoleWithWebIdentity' });
  return report.entries.reduce((sum, entry) => sum + (entry.outcomes[outcome] ?? 0), 0);
}

it('Idle → control plane → node groups as steps → Succeeded, and a steady poll costs at most 2 requests', () =>
  withLogs(logs, async () => {
    const cluster = clusterId('eks-ok');
    putState(suite, AWS_EKS, cluster, EKS.idle);
    await watch('eks-ok', specFor(suite, AWS_EKS, cluster));
    await advanceUntil('eks-ok', 'Idle', phase('Idle'));

    putState(suite, AWS_EKS, cluster, EKS.started);
    const started = await advanceUntil('eks-ok', 'Running 0 %', phase('Running'), 120_000);
    expect(started.status).toMatchObject({ progress: 0, currentStep: 'Control plane', upgradeID: UPDATE_ID });
    expect(stepsOf(started)).toEqual([
      'Control plane: Running',
      'Node group general: Pending',
      'Node group gpu: Pending',
    ]);

    putState(suite, AWS_EKS, cluster, EKS.running);
    const running = await advanceUntil('eks-ok', 'node group general', (w) => w.status?.progress === 33);
    expect(running.status).toMatchObject({
      phase: 'Running',
      currentStep: 'Node group general',
      toVersion: '1.31',
    });

    putState(suite, AWS_EKS, cluster, EKS.succeeded);
    const done = await advanceUntil('eks-ok', 'Succeeded', phase('Succeeded'));
    expect(done.status?.progress).toBe(100);
    expect(stepsOf(done).every((step) => step.endsWith('Succeeded'))).toBe(true);
    expect(cloudRequests(cluster, 'rejected')).toBe(0);

    // Terminal updates are remembered: each further poll lists the cluster and one node group.
    const pollsBefore = inproc.calls.length;
    await inproc.advance(3 * 30_000, 5_000);
    const steady = inproc.calls.slice(pollsBefore).filter((call) => call.url.includes(cluster));
    expect(steady.length).toBeGreaterThan(0);
    expect(steady.every((call) => call.url.includes('/updates?'))).toBe(true);
    const polls = new Set(steady.map((call) => call.at)).size;
    expect(steady.length).toBeLessThanOrEqual(2 * polls);
  }));

it("a failed node group update: Failed, with the update's errors[] as the message", () =>
  withLogs(logs, async () => {
    const cluster = clusterId('eks-fail');
    putState(suite, AWS_EKS, cluster, EKS.running);
    await watch('eks-fail', specFor(suite, AWS_EKS, cluster));
    await advanceUntil('eks-fail', 'Running', phase('Running'));
    putState(suite, AWS_EKS, cluster, EKS.failed);
    const failed = await advanceUntil('eks-fail', 'Failed', phase('Failed'));
    expect(failed.status?.message).toContain('NodeCreationFailure');
    expect(failed.status?.message).toContain('Instances failed to join the kubernetes cluster');
    expect(stepsOf(failed)).toContain('Node group gpu: Failed');
    expect(condition(failed, 'Ready')).toMatchObject({ status: 'False' });
  }));

interface ErrorCase {
  name: string;
  inject: (cluster: string) => Promise<void> | void;
  reason: string;
  /** The AWS error code the condition message carries. */
  code: RegExp;
}

const ERROR_CASES: ErrorCase[] = [
  {
    name: 'throttled',
    inject: (cluster) =>
      void suite.sim.admin.addFault({ kind: 'throttle', clusterID: cluster, provider: AWS_EKS }),
    reason: 'Throttled',
    code: /ThrottlingException/,
  },
  {
    name: 'server-error',
    inject: (cluster) =>
      void suite.sim.admin.addFault({ kind: 'server-error', clusterID: cluster, provider: AWS_EKS }),
    reason: 'ServerError',
    code: /ServerException/,
  },
  {
    // The watch moves to a Secret whose secret access key is not the one AWS holds: the
    // signature does not verify.
    name: 'wrong-secret',
    inject: async () => {
      await putSecret(suite.space, 'aws-wrong', {
        ...suite.keys.aws,
        accessKeySecret: 'not/the-real-secret-key',
      });
      await patchSpec(suite.space, 'eks-wrong-secret', { credentialsRef: { name: 'aws-wrong' } });
    },
    reason: 'AuthFailed',
    code: /InvalidSignatureException/,
  },
  {
    name: 'unrecognized-client',
    inject: (cluster) =>
      void suite.sim.admin.addFault({ kind: 'auth', clusterID: cluster, provider: AWS_EKS }),
    reason: 'AuthFailed',
    code: /UnrecognizedClientException/,
  },
  {
    name: 'not-found',
    inject: (cluster) => void suite.sim.admin.deleteCluster(AWS_EKS, cluster),
    reason: 'NotFound',
    code: /ResourceNotFoundException/,
  },
  {
    name: 'clock-skew',
    inject: (cluster) =>
      void suite.sim.admin.addFault({ kind: 'clock-skew', clusterID: cluster, provider: AWS_EKS }),
    reason: 'ClockSkew',
    code: /InvalidSignatureException.*Signature expired/,
  },
];

it.each(ERROR_CASES.map((c) => [c.name, c.reason, c] as const))(
  'error class %s → Synced False %s, with the AWS code in the message',
  (name, reason, c) =>
    withLogs(logs, async () => {
      const cluster = clusterId(`eks-${name}`);
      putState(suite, AWS_EKS, cluster, EKS.running);
      await watch(`eks-${name}`, specFor(suite, AWS_EKS, cluster));
      const before = await advanceUntil(`eks-${name}`, 'Running', phase('Running'));
      await c.inject(cluster);
      const after = await advanceUntil(`eks-${name}`, reason, syncedReason(reason), 120_000);
      expect(condition(after, 'Synced')?.message).toMatch(c.code);
      // The AWS request id (a dashed lower-case UUID) is named for support cases.
      expect(condition(after, 'Synced')?.message).toMatch(
        /[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}/,
      );
      // The observed upgrade stays as it was (transient or permanent alike).
      expect(after.status?.phase).toBe(before.status?.phase);
      expect(after.status?.steps).toEqual(before.status?.steps);
    }),
);

it('keyless: temporary keys that expire mid-upgrade are exchanged again before they do, with no failed poll', () =>
  withLogs(logs, async () => {
    const cluster = clusterId('eks-keyless');
    putState(suite, AWS_EKS, cluster, EKS.running);
    const startedAt = Date.now();
    await watch('eks-keyless', {
      ...keylessSpec(suite, AWS_EKS, cluster, 'reader-eks'),
      pollInterval: '30s',
    });
    await advanceUntil('eks-keyless', 'Running', phase('Running'));
    const first = suite.sim.admin
      .getCredentials()
      .filter((key) => key.expiresAt !== undefined && key.accessKeyId.startsWith('ASIA'))
      .at(-1);
    expect(first).toBeDefined();
    expect(first?.hasSecurityToken).toBe(true);

    // 12.5 virtual minutes polled every 30 s: the first keys expire at 10 minutes.
    await inproc.advance(LIFETIME_MS + 150_000, 10_000);
    putState(suite, AWS_EKS, cluster, EKS.succeeded);
    // A steady poll lists the cluster and ONE node group in turn (docs/reference.md#provider-awseks),
    // so gpu's new update shows within two polls of 30 s plus jitter: 4 intervals leave room.
    await advanceUntil('eks-keyless', 'Succeeded', phase('Succeeded'), 120_000, 10_000);

    const expiredAt = Date.parse(first!.expiresAt!);
    expect(expiredAt).toBeLessThan(clock.nowMillis());
    // Refreshed 5 minutes before expiry: exchanges at 0, ~5 and ~10 minutes.
    expect(exchanges()).toBe(1 + Math.floor((LIFETIME_MS + 150_000) / (LIFETIME_MS - REFRESH_BEFORE_MS)));
    const polls = inproc.calls.filter((call) => call.url.includes(cluster));
    expect(polls.filter((call) => call.at > expiredAt).length).toBeGreaterThan(0);
    expect(cloudRequests(cluster, 'rejected')).toBe(0);
    expect(cloudRequests(cluster, 'error')).toBe(0);
    const versions = suite.recorder
      .of('eks-keyless')
      .filter((v) => v.at >= startedAt && v.object.status?.phase);
    expect(versions.filter((v) => condition(v.object, 'Synced')?.status !== 'True')).toEqual([]);
  }));

it('endpoint guard: without --allow-custom-endpoints a spec.endpoint outside amazonaws.com is refused', () =>
  withLogs(logs, async () => {
    const run = `${suite.space.run}-strict`;
    strict = await OperatorProcess.start({
      kubeconfig: suite.saKubeconfig,
      selector: `upgradewatch.io/test-run=${run}`,
      allowCustomEndpoints: false,
      name: 'strict',
    });
    const cluster = clusterId('eks-guard');
    putState(suite, AWS_EKS, cluster, EKS.running);
    const lookalike = 'https://eks.us-west-2.amazonaws.com.evil.example';
    await createWatch(
      suite.space,
      'eks-guard',
      specFor(suite, AWS_EKS, cluster, { endpoint: lookalike }),
      run,
    );
    const refused = await waitForWatch(
      suite.space,
      'eks-guard',
      'InvalidSpec',
      (w) => condition(w, 'Ready')?.reason === 'InvalidSpec',
      30_000,
    );
    expect(condition(refused, 'Ready')?.message).toContain('spec.endpoint');
    expect(condition(refused, 'Ready')?.message).toContain('rejected');
    // Refused before any request: the simulator never saw this cluster.
    expect(suite.sim.admin.counters({ clusterID: cluster }).total).toBe(0);
    // The Event is written in the background after the status: wait for it (a hang guard only).
    const warning = await eventually(
      'a Warning Event for eks-guard',
      async () => (await eventsFor(suite.space, 'eks-guard')).find((e) => e.type === 'Warning'),
      30_000,
    );
    expect(warning.reason).toBe('InvalidSpec');
  }));

it('no secret access key, ServiceAccount token or temporary key in any log line, CR version or Event', () =>
  withLogs(logs, async () => {
    // Runs last: every request and exchange of the file is behind it.
    expect(issuedSecrets.filter((value) => value.startsWith('eyJ')).length).toBeGreaterThan(0);
    const events = (await kube(suite.kc, 'GET', `/api/v1/namespaces/${suite.space.namespace}/events`)).body;
    const texts = [
      ...inproc.log.raw,
      ...(strict?.raw ?? []),
      ...textsOf(...suite.recorder.versions.map((version) => version.object)),
      ...textsOf(events),
    ];
    expectNoSecretLeak(texts, [...new Set([...issuedSecrets, suite.keys.aws.accessKeySecret])]);
  }));
