// Keyless watches end to end on the real kube-apiserver: the operator (in-process, bound only by
// deploy/rbac/) mints each watch's ServiceAccount token with TokenRequest; the simulator verifies
// it against the kube-apiserver's own /openid/v1/jwks (RS256, iss, aud, exp, nbf) and trades it
// for temporary keys that the simulated clouds accept only with their security token and only
// until they expire (test/helpers/keyless.ts).
//
// The operator's controller, work queue and exchange cache run on a virtual clock shared with the
// simulator, so a 20-minute credential lifetime and the production 5-minute refresh margin play
// out without sleeping. The virtual clock starts a minute ahead of the wall clock and only moves
// forward: the kube-apiserver stamps `nbf`/`iat` with real time, which must never be in the
// simulator's future; and the whole file moves it well under an hour, since the tokens the
// kube-apiserver mints (1 h) expire by real time. Everything else — HTTP, TokenRequest, JWKS,
// signatures — is real.
import { jest } from '@jest/globals';
import { FakeTimers } from '../helpers/fake-timers.js';
import { createServiceAccount, HUAWEI_AUDIENCE, keylessSpec, kubeTrust } from '../helpers/keyless.js';
import { clusterId, putState, setupSuite, teardownSuite, type Suite } from '../helpers/operator-fixture.js';
import {
  adminKubeConfig,
  condition,
  getWatch,
  withLogs,
  type WatchSpec,
} from '../helpers/operator-harness.js';
import { startInProcessOperator, type InProcessOperator } from '../helpers/operator-inprocess.js';
import { virtualWatches, type VirtualWatches } from '../helpers/virtual-watches.js';
import { ACK, CCE } from '../helpers/operator-states.js';
import { expectNoSecretLeak } from '../helpers/secret-scan.js';
import { operatorSurfaces } from '../helpers/keyless-world.js';
import { phase, syncedReason } from '../helpers/watch-predicates.js';

jest.setTimeout(300_000);

const LIFETIME_MS = 10 * 60_000;
/** The production refresh margin (src/credentials/temporary-cache.ts): not overridden here. */
const REFRESH_BEFORE_MS = 5 * 60_000;
/** The role's `oidc:sub` (StringLike) and the IdP mapping: `intruder` is not among them. */
const TRUSTED = ['system:serviceaccount:*:reader*'];

let suite: Suite;
let clock: FakeTimers;
let inproc: InProcessOperator;
let watches: VirtualWatches;
/** ServiceAccount tokens the simulator received; federated tokens, secrets, security tokens it issued. */
const secrets: string[] = [];
const logs = () => [{ name: 'in-process operator', tail: () => inproc?.log.tail() ?? '' }];

beforeAll(async () => {
  clock = new FakeTimers(new Date(Date.now() + 60_000));
  suite = await setupSuite('op-keyless-e2e', {
    clock,
    workloadIdentity: kubeTrust(adminKubeConfig(), TRUSTED, { credentialLifetime: '10m' }),
    onSecret: (value) => secrets.push(value),
  });
  // One ServiceAccount per test: the operator's key cache outlives a test's watches.
  for (const name of ['reader', 'reader-expiring', 'reader-a', 'reader-b', 'reader-throttled', 'intruder'])
    await createServiceAccount(suite.kc, suite.space, name);
  inproc = await startInProcessOperator({
    kubeconfig: suite.saKubeconfig,
    selector: suite.space.selector,
    clock,
  });
  watches = virtualWatches(suite.space, () => inproc);
});

afterAll(async () => {
  await inproc?.stop();
  await teardownSuite(suite);
});

beforeEach(() => {
  suite.sim.admin.resetCounters();
});

// Earlier watches would keep refreshing keys and skew the next test's exchange counts.
afterEach(() => watches.deleteAll());

const watch = (name: string, spec: WatchSpec) => watches.create(name, spec);
const advanceUntil: VirtualWatches['advanceUntil'] = (...args) => watches.advanceUntil(...args);

function exchanges(operation = 'AssumeRoleWithOIDC', outcome = 'ok'): number {
  const report = suite.sim.admin.counters({ operation });
  return report.entries.reduce((sum, entry) => sum + (entry.outcomes[outcome] ?? 0), 0);
}

/** Temporary keys the simulator issued, newest last. */
function issuedKeys() {
  return suite.sim.admin
    .getCredentials()
    .filter((key) => key.expiresAt !== undefined)
    .sort((a, b) => Date.parse(a.expiresAt!) - Date.parse(b.expiresAt!));
}

function cloudRequests(clusterIDs: string[], outcome: string): number {
  return clusterIDs
    .map((clusterID) => suite.sim.admin.counters({ clusterID }))
    .flatMap((report) => report.entries)
    .reduce((sum, entry) => sum + (entry.outcomes[outcome] ?? 0), 0);
}

/** An Alibaba and a Huawei watch of `serviceAccount`, each on its own upgrading cluster. */
async function bothClouds(prefix: string, serviceAccount: string) {
  const ack = clusterId(`${prefix}-ack`);
  const cce = clusterId(`${prefix}-cce`);
  putState(suite, 'AlibabaACK', ack, ACK.upgrading);
  putState(suite, 'HuaweiCCE', cce, CCE.precheck(cce));
  await watch(`${prefix}-ack`, keylessSpec(suite, 'AlibabaACK', ack, serviceAccount));
  await watch(`${prefix}-cce`, keylessSpec(suite, 'HuaweiCCE', cce, serviceAccount));
  return { ack, cce, names: [`${prefix}-ack`, `${prefix}-cce`] };
}

it('happy path on both clouds: an Alibaba and a Huawei keyless watch reach Succeeded', () =>
  withLogs(logs, async () => {
    const { ack, cce, names } = await bothClouds('happy', 'reader');
    await advanceUntil(names, 'both Running', phase('Running'), 60_000);
    putState(suite, 'AlibabaACK', ack, ACK.success);
    putState(suite, 'HuaweiCCE', cce, CCE.success(cce));
    await advanceUntil(names, 'both Succeeded', phase('Succeeded'), 60_000);

    expect(exchanges('AssumeRoleWithOIDC')).toBe(1);
    expect(exchanges('CreateTokenWithIdToken')).toBe(1);
    expect(exchanges('CreateTemporaryAccessKeyByToken')).toBe(1);
    expect(cloudRequests([ack, cce], 'ok')).toBeGreaterThanOrEqual(4);
    expect(cloudRequests([ack, cce], 'rejected')).toBe(0);
    const issued = issuedKeys();
    expect(issued.length).toBeGreaterThanOrEqual(2);
    expect(issued.every((key) => key.hasSecurityToken)).toBe(true);
  }));

it('a missing ServiceAccount is CredentialsNotFound; once created the watch recovers', () =>
  withLogs(logs, async () => {
    const ack = clusterId('kl-late');
    putState(suite, 'AlibabaACK', ack, ACK.upgrading);
    await watch('late-sa', keylessSpec(suite, 'AlibabaACK', ack, 'reader-late'));
    const [missing] = await advanceUntil(
      ['late-sa'],
      'CredentialsNotFound',
      syncedReason('CredentialsNotFound'),
      30_000,
    );
    expect(condition(missing, 'Synced')?.message).toContain('reader-late');
    expect(exchanges()).toBe(0);

    await createServiceAccount(suite.kc, suite.space, 'reader-late');
    await advanceUntil(
      ['late-sa'],
      'Synced again after the ServiceAccount appears',
      phase('Running'),
      120_000,
    );
  }));

it('a token minted for the wrong audience is refused: AuthFailed', () =>
  withLogs(logs, async () => {
    const ack = clusterId('kl-aud');
    putState(suite, 'AlibabaACK', ack, ACK.upgrading);
    await watch('wrong-aud', keylessSpec(suite, 'AlibabaACK', ack, 'reader', { audience: HUAWEI_AUDIENCE }));
    const [refused] = await advanceUntil(['wrong-aud'], 'AuthFailed', syncedReason('AuthFailed'), 30_000);
    expect(condition(refused, 'Synced')?.message).toContain('AuthenticationFail.OIDCToken.Invalid');
    expect(exchanges('AssumeRoleWithOIDC', 'error')).toBe(1);
    expect(cloudRequests([ack], 'ok')).toBe(0);
  }));

it('a ServiceAccount the role does not trust is refused on both clouds: AuthFailed', () =>
  withLogs(logs, async () => {
    const { ack, cce, names } = await bothClouds('intruder', 'intruder');
    const [alibaba, huawei] = await advanceUntil(names, 'AuthFailed', syncedReason('AuthFailed'), 30_000);
    expect(condition(alibaba, 'Synced')?.message).toContain('AuthenticationFail.NoPermission');
    expect(condition(huawei, 'Synced')?.message).toContain('IAM id-token exchange refused');
    expect(cloudRequests([ack, cce], 'ok')).toBe(0);
  }));

it('temporary keys that expire mid-upgrade are refreshed before they do: no failed poll, no status flap', () =>
  withLogs(logs, async () => {
    const ack = clusterId('kl-exp');
    putState(suite, 'AlibabaACK', ack, ACK.upgrading);
    const startedAt = Date.now();
    await watch('expiring', {
      ...keylessSpec(suite, 'AlibabaACK', ack, 'reader-expiring'),
      pollInterval: '30s',
    });
    await advanceUntil(['expiring'], 'Running', phase('Running'), 60_000);
    const first = issuedKeys().at(-1);
    expect(first).toBeDefined();

    // 12.5 virtual minutes of upgrade, polled every 30 s: the first keys expire at 10 minutes.
    await inproc.advance(LIFETIME_MS + 150_000, 10_000);
    putState(suite, 'AlibabaACK', ack, ACK.success);
    await advanceUntil(['expiring'], 'Succeeded', phase('Succeeded'), 60_000, 10_000);

    const expiredAt = Date.parse(first!.expiresAt!);
    expect(expiredAt).toBeLessThan(clock.nowMillis());
    // Keys are refreshed 5 minutes before they expire (not at it): at 0, ~5 and ~10 minutes.
    expect(exchanges()).toBe(1 + Math.floor((LIFETIME_MS + 150_000) / (LIFETIME_MS - REFRESH_BEFORE_MS)));
    const polls = inproc.calls.filter((call) => call.url.includes(ack));
    expect(polls.filter((call) => call.at > expiredAt).length).toBeGreaterThan(0);
    expect(cloudRequests([ack], 'rejected')).toBe(0);
    expect(cloudRequests([ack], 'error')).toBe(0);
    // No flap: every version the kube-apiserver stored was Synced, and the phase only moved forward.
    const versions = suite.recorder.of('expiring').filter((v) => v.at >= startedAt && v.object.status?.phase);
    expect(versions.filter((v) => condition(v.object, 'Synced')?.status !== 'True')).toEqual([]);
    const phases = versions.map((v) => v.object.status?.phase);
    expect(phases.slice(phases.indexOf('Succeeded')).every((p) => p === 'Succeeded')).toBe(true);
    expect(phases.slice(0, phases.indexOf('Succeeded')).every((p) => p === 'Running')).toBe(true);
  }));

it('20 watches on 2 ServiceAccounts: exactly 2 exchanges per credential lifetime', () =>
  withLogs(logs, async () => {
    const names: string[] = [];
    for (let i = 0; i < 20; i++) {
      const cluster = clusterId(`kl-fleet${i}`);
      putState(suite, 'AlibabaACK', cluster, ACK.upgrading);
      const account = i % 2 === 0 ? 'reader-a' : 'reader-b';
      names.push(`fleet-${i}`);
      await watch(`fleet-${i}`, {
        ...keylessSpec(suite, 'AlibabaACK', cluster, account),
        pollInterval: '30s',
      });
    }
    await advanceUntil(names, 'all 20 Running', phase('Running'), 60_000, 10_000);
    expect(exchanges()).toBe(2);
    // Up to a minute before the refresh margin every poll of all 20 reuses those two keys …
    await inproc.advance(LIFETIME_MS - REFRESH_BEFORE_MS - 60_000, 30_000);
    expect(exchanges()).toBe(2);
    // … then each ServiceAccount is exchanged once more, shared again by its 10 watches.
    await inproc.advance(2 * 60_000, 30_000);
    expect(exchanges()).toBe(4);
    const polls = suite.sim.admin.counters({ operation: 'GetUpgradeStatus' }).total;
    // Each watch polled about every 30 s for 6 minutes (12 nominal; 8 allows for the jitter):
    // hundreds of signed cloud calls on 4 exchanges.
    expect(polls).toBeGreaterThanOrEqual(20 * 8);
  }));

it('STS throttled: refreshes fail quietly while the keys last, then Synced=False Throttled with the status kept', () =>
  withLogs(logs, async () => {
    const ack = clusterId('kl-thr');
    putState(suite, 'AlibabaACK', ack, ACK.upgrading);
    await watch('throttled', {
      ...keylessSpec(suite, 'AlibabaACK', ack, 'reader-throttled'),
      pollInterval: '30s',
    });
    const [running] = await advanceUntil(['throttled'], 'Running', phase('Running'), 60_000);
    suite.sim.admin.addFault({ kind: 'throttle', operation: 'AssumeRoleWithOIDC' });

    // Inside the refresh margin: every refresh is throttled, yet the keys in hand still work.
    await inproc.advance(LIFETIME_MS - REFRESH_BEFORE_MS + 60_000, 30_000);
    expect(exchanges('AssumeRoleWithOIDC', 'throttle')).toBeGreaterThan(0);
    const during = await getWatch(suite.space, 'throttled');
    expect(condition(during, 'Synced')?.status).toBe('True');

    // Once they expire: a transient Throttled, with phase, progress and steps as they were.
    const [throttled] = await advanceUntil(
      ['throttled'],
      'Throttled',
      syncedReason('Throttled'),
      10 * 60_000,
      30_000,
    );
    expect(throttled!.status?.phase).toBe(running!.status?.phase);
    expect(throttled!.status?.progress).toBe(running!.status?.progress);
    expect(throttled!.status?.steps).toEqual(running!.status?.steps);

    suite.sim.admin.clearFaults();
    await advanceUntil(['throttled'], 'Synced again', phase('Running'), 5 * 60_000, 10_000);
  }));

it('no ServiceAccount token, federated token or temporary key in any log line, CR version or Event', () =>
  withLogs(logs, async () => {
    // Runs last: every exchange of the file is behind it (tokens of both clouds, refreshed keys).
    expect(secrets.filter((value) => value.startsWith('eyJ')).length).toBeGreaterThan(10);
    expectNoSecretLeak(await operatorSurfaces(suite, inproc), [...new Set(secrets)]);
  }));
