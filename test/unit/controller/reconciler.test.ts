import { freeTokens } from '../../helpers/free-tokens.js';
import type { Observation } from '../../../src/api/types.js';
import { parseSpec } from '../../../src/api/schema.js';
import { silentLogger } from '../../../src/controller/ports.js';
import { noopMetrics } from '../../helpers/noop-metrics.js';
import {
  CONFLICT_REQUEUE_MS,
  createReconciler,
  MIN_EDIT_POLL_INTERVAL_MS,
} from '../../../src/controller/reconciler.js';
import { credentialsFingerprint } from '../../../src/credentials/secret-reader.js';
import type { CloudError } from '../../../src/providers/common/errors.js';
import {
  ACCESS_KEY_ID,
  ACCESS_KEY_SECRET,
  SECURITY_TOKEN,
  createHarness,
  fail,
  ok,
  secretData,
  type Harness,
} from './harness.js';

const MIN = 60_000;

const running: Observation = {
  phase: 'Running',
  progress: 50,
  currentStep: 'Upgrade',
  steps: [
    { name: 'Precheck', phase: 'Succeeded' },
    { name: 'Upgrade', phase: 'Running' },
  ],
  toVersion: '1.31.1',
  providerStatus: { status: 'running', upgrade_step: 'upgrading' },
};

const authFailed: CloudError = {
  class: 'AuthFailed',
  message: 'InvalidAccessKeyId.NotFound: Specified access key is not found.',
  code: 'InvalidAccessKeyId.NotFound',
  requestId: 'REQ-AUTH-1',
  httpStatus: 404,
};

function summary(h: Harness): string[] {
  return (h.status()?.conditions ?? []).map((c) => `${c.type}=${c.status}/${c.reason}`);
}

/** Accepted: one poll of the endpoint's origin, Synced True. Refused: no connection, no poll, InvalidSpec. */
function endpointOutcome(accepted: boolean, endpoint: string): unknown {
  return accepted
    ? {
        observeCalls: 1,
        baseUrls: [new URL(endpoint).origin],
        synced: expect.objectContaining({ status: 'True' }),
      }
    : {
        observeCalls: 0,
        baseUrls: [],
        synced: expect.objectContaining({ status: 'False', reason: 'InvalidSpec' }),
      };
}

describe('reconciler: conditions end to end (docs/reference.md#conditions rows through the whole loop)', () => {
  const rows: Array<[why: string, observation: Observation, expected: string[]]> = [
    [
      'Idle',
      { phase: 'Idle' },
      [
        'Ready=True/NoUpgradeInProgress',
        'Progressing=False/NoUpgradeInProgress',
        'Stalled=False/NoUpgradeInProgress',
        'Synced=True/PollSucceeded',
      ],
    ],
    [
      'Pending with a step',
      { phase: 'Pending', currentStep: 'Precheck' },
      [
        'Ready=True/UpgradeInProgress',
        'Progressing=True/Precheck',
        'Stalled=False/UpgradeInProgress',
        'Synced=True/PollSucceeded',
      ],
    ],
    [
      'Running with a step that needs sanitizing',
      { phase: 'Running', currentStep: 'node-2: upgrade plugins' },
      [
        'Ready=True/UpgradeInProgress',
        'Progressing=True/Node2:UpgradePlugins',
        'Stalled=False/UpgradeInProgress',
        'Synced=True/PollSucceeded',
      ],
    ],
    [
      'Paused',
      { phase: 'Paused' },
      [
        'Ready=False/UpgradePaused',
        'Progressing=False/UpgradePaused',
        'Stalled=False/UpgradePaused',
        'Synced=True/PollSucceeded',
      ],
    ],
    [
      'Succeeded',
      { phase: 'Succeeded' },
      [
        'Ready=True/UpgradeSucceeded',
        'Progressing=False/UpgradeSucceeded',
        'Stalled=False/UpgradeSucceeded',
        'Synced=True/PollSucceeded',
      ],
    ],
    [
      'Failed (incl. partial)',
      { phase: 'Failed', message: 'partial failure: 1 of 3 nodes' },
      [
        'Ready=False/UpgradeFailed',
        'Progressing=False/UpgradeFailed',
        'Stalled=True/UpgradeFailed',
        'Synced=True/PollSucceeded',
      ],
    ],
    [
      'Cancelled',
      { phase: 'Cancelled' },
      [
        'Ready=True/UpgradeCancelled',
        'Progressing=False/UpgradeCancelled',
        'Stalled=False/UpgradeCancelled',
        'Synced=True/PollSucceeded',
      ],
    ],
  ];
  it.each(rows)('%s', async (_why, observation, expected) => {
    const h = createHarness({ script: [ok(observation)] });
    await h.reconcile();
    expect(summary(h)).toEqual(expected);
    expect(h.status()?.phase).toBe(observation.phase);
    expect(h.status()?.observedGeneration).toBe(1);
    for (const c of h.status()?.conditions ?? []) expect(c.observedGeneration).toBe(1);
  });

  const errors: Array<[why: string, error: CloudError, expected: string[]]> = [
    [
      'AuthFailed is permanent',
      authFailed,
      [
        'Ready=False/AuthFailed',
        'Progressing=True/Upgrade',
        'Stalled=True/AuthFailed',
        'Synced=False/AuthFailed',
      ],
    ],
    [
      'NotFound is permanent',
      { class: 'NotFound', message: 'ErrorClusterNotFound' },
      ['Ready=False/NotFound', 'Progressing=True/Upgrade', 'Stalled=True/NotFound', 'Synced=False/NotFound'],
    ],
    [
      'ClockSkew is permanent',
      { class: 'ClockSkew', message: 'InvalidTimeStamp.Expired' },
      [
        'Ready=False/ClockSkew',
        'Progressing=True/Upgrade',
        'Stalled=True/ClockSkew',
        'Synced=False/ClockSkew',
      ],
    ],
    [
      'RequestRejected is permanent, with the cloud code and request id in Synced',
      {
        class: 'RequestRejected',
        message: 'CSS.0001: CSS.0001 : Incorrect parameters. (HTTP 400)',
        code: 'CSS.0001',
        requestId: 'REQ-400',
      },
      [
        'Ready=False/RequestRejected',
        'Progressing=True/Upgrade',
        'Stalled=True/RequestRejected',
        'Synced=False/RequestRejected',
      ],
    ],
    [
      'Throttled is transient',
      { class: 'Throttled', message: 'Throttling.User' },
      [
        'Ready=True/UpgradeInProgress',
        'Progressing=True/Upgrade',
        'Stalled=False/UpgradeInProgress',
        'Synced=False/Throttled',
      ],
    ],
    [
      'NetworkError is transient',
      { class: 'NetworkError', message: 'ECONNRESET' },
      [
        'Ready=True/UpgradeInProgress',
        'Progressing=True/Upgrade',
        'Stalled=False/UpgradeInProgress',
        'Synced=False/NetworkError',
      ],
    ],
    [
      'ServerError is transient',
      { class: 'ServerError', message: 'HTTP 503' },
      [
        'Ready=True/UpgradeInProgress',
        'Progressing=True/Upgrade',
        'Stalled=False/UpgradeInProgress',
        'Synced=False/ServerError',
      ],
    ],
    [
      'InvalidResponse is transient',
      { class: 'InvalidResponse', message: 'not JSON' },
      [
        'Ready=True/UpgradeInProgress',
        'Progressing=True/Upgrade',
        'Stalled=False/UpgradeInProgress',
        'Synced=False/InvalidResponse',
      ],
    ],
  ];
  it.each(errors)('%s (after a Running poll)', async (_why, error, expected) => {
    const h = createHarness({ script: [ok(running), fail(error)] });
    await h.reconcile();
    h.advance(31_000);
    await h.reconcile();
    expect(h.observeCalls()).toBe(2);
    expect(summary(h)).toEqual(expected);
  });

  it('a transient error keeps the last phase, progress, steps and message; Synced names the request id', async () => {
    const h = createHarness({
      script: [
        ok({ ...running, message: 'upgrading nodes' }),
        fail({ class: 'ServerError', message: 'HTTP 503 ServiceUnavailable', requestId: 'REQ-503' }),
      ],
    });
    await h.reconcile();
    const before = h.status();
    h.advance(31_000);
    await h.reconcile();
    const after = h.status();
    expect(after?.phase).toBe('Running');
    expect(after?.progress).toBe(50);
    expect(after?.steps).toEqual(before?.steps);
    expect(after?.message).toBe('upgrading nodes');
    expect(after?.lastSyncTime).toBe(before?.lastSyncTime); // lastSyncTime = last *successful* poll
    expect(h.condition('Synced')?.message).toBe('HTTP 503 ServiceUnavailable (request id REQ-503)');
  });

  it('suspended: Synced False Suspended and not a single cloud call', async () => {
    const h = createHarness({ spec: { suspend: true } });
    const result = await h.reconcile();
    await h.reconcile();
    expect(h.observeCalls()).toBe(0);
    expect(h.secretReads()).toBe(0);
    expect(h.condition('Synced')).toMatchObject({ status: 'False', reason: 'Suspended' });
    expect(result.requeueAfterMs).toBeUndefined();
    // No last-poll series while suspended, so the PollingFailing alert cannot fire for it.
    expect(h.metricCalls.filter(([m]) => m === 'forgetSuccessfulPoll')).toHaveLength(2);
    expect(h.metricCalls.filter(([m]) => m === 'recordSuccessfulPoll')).toHaveLength(0);
  });

  it('InvalidSpec from the schema: no credentials read, no observe call', async () => {
    const h = createHarness({ spec: { region: 'Not A Region!' } });
    await h.reconcile();
    expect(h.observeCalls()).toBe(0);
    expect(h.secretReads()).toBe(0);
    expect(summary(h)).toEqual([
      'Ready=False/InvalidSpec',
      'Progressing=Unknown/InvalidSpec',
      'Stalled=True/InvalidSpec',
      'Synced=False/InvalidSpec',
    ]);
    expect(h.status()?.phase).toBe('Unknown');
    expect(h.events.map((e) => e.reason)).toEqual(['InvalidSpec']);
  });
});

describe('reconciler: endpoint rules ⇒ InvalidSpec and no request', () => {
  const cases: Array<[why: string, endpoint: string, allowCustom: boolean, accepted: boolean]> = [
    ['http sends signed requests in clear text', 'http://cs.cn-hangzhou.aliyuncs.com', false, false],
    ['instance metadata service', 'https://169.254.169.254', false, false],
    ['loopback', 'https://127.0.0.1', false, false],
    ['allowed domain as a prefix of an attacker domain', 'https://aliyuncs.com.evil.test', false, false],
    ['no dot boundary before the allowed domain', 'https://evilaliyuncs.com', false, false],
    ['user-info', 'https://user:pass@cs.cn-hangzhou.aliyuncs.com', false, false],
    ['an allowed subdomain is fine', 'https://cs-vpc.cn-hangzhou.aliyuncs.com', false, true],
    ['a custom simulator URL with --allow-custom-endpoints', 'http://127.0.0.1:18443', true, true],
  ];
  it.each(cases)('%s', async (_why, endpoint, allowCustom, accepted) => {
    const h = createHarness({ spec: { endpoint }, options: { allowCustomEndpoints: allowCustom } });
    await h.reconcile();
    expect({
      observeCalls: h.observeCalls(),
      baseUrls: h.connects.map((c) => c.baseUrl),
      synced: h.condition('Synced'),
    }).toEqual(endpointOutcome(accepted, endpoint));
    expect(JSON.stringify(h.status())).not.toContain('pass@');
  });
});

describe('reconciler: writes only when something changed', () => {
  it('a second poll with the same answer writes nothing', async () => {
    const h = createHarness({ script: [ok(running)] });
    await h.reconcile();
    expect(h.patches).toHaveLength(1);
    h.advance(31_000);
    await h.reconcile();
    expect(h.observeCalls()).toBe(2);
    expect(h.patches).toHaveLength(1);
  });

  it('heartbeat: lastSyncTime is written once per 10 minutes when nothing else changes', async () => {
    const h = createHarness({ script: [ok(running)] });
    await h.reconcile();
    const firstSync = h.status()?.lastSyncTime;
    // Polls every ~30 s for 9.5 minutes: nothing written.
    for (let i = 0; i < 19; i += 1) {
      h.advance(30_000);
      await h.reconcile();
    }
    expect(h.patches).toHaveLength(1);
    expect(h.status()?.lastSyncTime).toBe(firstSync);
    h.advance(31_000); // 10m01s after the first write
    await h.reconcile();
    expect(h.patches).toHaveLength(2);
    expect(h.patches[1]).toEqual({
      status: { lastSyncTime: new Date(h.now()).toISOString().replace(/\.\d{3}Z$/, 'Z') },
      metadata: { resourceVersion: '2' },
    });
  });

  it('a changed answer is written at once, with the previous resourceVersion as precondition', async () => {
    const h = createHarness({ script: [ok(running), ok({ ...running, progress: 75 })] });
    await h.reconcile();
    h.advance(31_000);
    await h.reconcile();
    expect(h.patches).toHaveLength(2);
    expect(h.patches[1]).toMatchObject({ status: { progress: 75 }, metadata: { resourceVersion: '2' } });
  });
});

describe('reconciler: when to poll', () => {
  it('reconciles triggered before the due time (status events, resyncs) do not poll', async () => {
    const h = createHarness({ script: [ok(running)] });
    const first = await h.reconcile();
    expect(first.requeueAfterMs).toBe(30_000); // active → pollInterval (random 0.5 ⇒ no jitter offset)
    for (let i = 0; i < 10; i += 1) {
      h.advance(2_000);
      const again = await h.reconcile();
      expect(again.requeueAfterMs).toBe(30_000 - (i + 1) * 2_000);
    }
    expect(h.observeCalls()).toBe(1);
  });

  it('idle and terminal phases use idlePollInterval', async () => {
    const h = createHarness({ script: [ok({ phase: 'Succeeded' })], spec: { idlePollInterval: '10m' } });
    expect((await h.reconcile()).requeueAfterMs).toBe(600_000);
  });

  it('paused polls at pollInterval (it can resume any moment)', async () => {
    const h = createHarness({ script: [ok({ phase: 'Paused' })], spec: { pollInterval: '45s' } });
    expect((await h.reconcile()).requeueAfterMs).toBe(45_000);
  });

  it('a spec edit (new generation) polls at once, even mid-interval', async () => {
    const h = createHarness({ script: [ok(running)] });
    await h.reconcile();
    h.advance(5_000);
    h.editSpec({ pollInterval: '1m' });
    await h.reconcile();
    expect(h.observeCalls()).toBe(2);
    expect(h.status()?.observedGeneration).toBe(2);
    expect((await h.reconcile()).requeueAfterMs).toBe(60_000);
  });

  it('suspend stops polling; unsuspending polls at once', async () => {
    const h = createHarness({ script: [ok(running)] });
    await h.reconcile();
    h.editSpec({ suspend: true });
    h.advance(10 * MIN);
    await h.reconcile();
    await h.reconcile();
    expect(h.observeCalls()).toBe(1);
    expect(h.status()?.phase).toBe('Running'); // suspension does not erase what we know
    expect(h.condition('Synced')?.reason).toBe('Suspended');
    h.editSpec({ suspend: false });
    await h.reconcile();
    expect(h.observeCalls()).toBe(2);
    expect(h.condition('Synced')?.reason).toBe('PollSucceeded');
  });
});

describe('reconciler: permanent errors never hammer (Huawei locks a key after five bad signatures)', () => {
  const rejected: CloudError = {
    class: 'RequestRejected',
    message: 'InvalidParameter: componentIds is invalid (HTTP 400)',
    code: 'InvalidParameter',
    requestId: 'REQ-400',
  };
  const permanent: Array<[why: string, error: CloudError, synced: string]> = [
    ['AuthFailed (a locked key must not be hammered)', authFailed, 'REQ-AUTH-1'],
    [
      'RequestRejected (the same request cannot pass unchanged)',
      rejected,
      'InvalidParameter: componentIds is invalid (HTTP 400) (request id REQ-400)',
    ],
  ];
  it.each(permanent)(
    '%s: one cloud request per 10 minutes across many triggers, one Warning Event',
    async (_why, error, synced) => {
      // random 0 ⇒ the shortest permanent-error delay the policy can pick: exactly 10 minutes.
      const h = createHarness({ random: () => 0, script: [fail(error)] });
      const first = await h.reconcile();
      expect(h.observeCalls()).toBe(1);
      // Re-check the Secret every 30 s, but do not call the cloud.
      expect(first.requeueAfterMs).toBe(30_000);
      // 200 triggers over 9m50s: informer resyncs, our own status updates, label edits...
      for (let i = 0; i < 200; i += 1) {
        h.advance(2_950);
        await h.reconcile();
      }
      expect(h.observeCalls()).toBe(1);
      h.advance(10_001);
      await h.reconcile();
      expect(h.observeCalls()).toBe(2);
      expect(h.events.filter((e) => e.reason === error.class)).toHaveLength(1);
      expect(h.events.filter((e) => e.reason === 'PollFailed')).toHaveLength(0);
      expect(h.condition('Synced')?.message).toContain(synced);
    },
  );

  it('a rotated Secret is retried at once (within the ≤30 s credentials cache)', async () => {
    const h = createHarness({ script: [fail(authFailed), ok({ phase: 'Idle' })] });
    await h.reconcile();
    h.setSecret(secretData('rotated-secret-value'));
    h.advance(5_000);
    await h.reconcile(); // still the cached Secret: no new request
    expect(h.observeCalls()).toBe(1);
    h.advance(25_000); // the 30 s requeue: cache expired, new fingerprint
    await h.reconcile();
    expect(h.observeCalls()).toBe(2);
    expect(h.connects[1]?.credentials.accessKeySecret).toBe('rotated-secret-value');
    expect(h.condition('Ready')).toMatchObject({ status: 'True', reason: 'NoUpgradeInProgress' });
  });

  it('a spec edit is retried at once, but an edit loop polls at most once per MIN_EDIT_POLL_INTERVAL_MS', async () => {
    const h = createHarness({ script: [fail(authFailed)] });
    await h.reconcile();
    h.advance(MIN_EDIT_POLL_INTERVAL_MS);
    h.editSpec({ clusterID: 'c-456' });
    await h.reconcile();
    expect(h.observeCalls()).toBe(2);

    h.advance(1_000);
    h.editSpec({ clusterID: 'c-789' });
    expect(await h.reconcile()).toEqual({ requeueAfterMs: MIN_EDIT_POLL_INTERVAL_MS - 1_000 });
    expect(h.observeCalls()).toBe(2); // the edit did not skip the schedule
    h.advance(MIN_EDIT_POLL_INTERVAL_MS - 1_000);
    await h.reconcile();
    expect(h.observeCalls()).toBe(3);
  });
});

describe('reconciler: transient backoff', () => {
  const throttled = (retryAfterMs?: number): CloudError =>
    retryAfterMs === undefined
      ? { class: 'Throttled', message: 'Throttling.User' }
      : { class: 'Throttled', message: 'Throttling.User', retryAfterMs };

  it('doubles per consecutive failure (full jitter at the top of the range) and resets on success', async () => {
    const h = createHarness({
      random: () => 0.999,
      script: [fail(throttled()), fail(throttled()), fail(throttled()), ok(running), fail(throttled())],
    });
    const delays: number[] = [];
    for (let i = 0; i < 5; i += 1) {
      const result = await h.reconcile();
      delays.push(result.requeueAfterMs ?? -1);
      h.advance(result.requeueAfterMs ?? 0);
    }
    expect(h.observeCalls()).toBe(5);
    expect(delays).toEqual([4_995, 9_990, 19_980, 32_994, 4_995]); // 32_994 = 30 s × (0.9 + 0.2 × 0.999)
  });

  it('Retry-After wins when longer, and no poll happens before it', async () => {
    const h = createHarness({ script: [fail(throttled(120_000)), ok(running)] });
    const result = await h.reconcile();
    expect(result.requeueAfterMs).toBe(120_000);
    h.advance(119_000);
    await h.reconcile();
    expect(h.observeCalls()).toBe(1);
    h.advance(1_000);
    await h.reconcile();
    expect(h.observeCalls()).toBe(2);
  });

  it('PollFailed at most once per 30 minutes per reason', async () => {
    const h = createHarness({
      random: () => 0.999,
      script: [fail({ class: 'ServerError', message: 'HTTP 502' })],
    });
    for (let elapsed = 0; elapsed < 29 * MIN;) {
      const result = await h.reconcile();
      const step = result.requeueAfterMs ?? 1_000;
      h.advance(step);
      elapsed += step;
    }
    const pollFailed = () => h.events.filter((e) => e.reason === 'PollFailed');
    expect(h.observeCalls()).toBeGreaterThan(5);
    expect(pollFailed()).toHaveLength(1);
    h.setScript([fail({ class: 'NetworkError', message: 'ECONNRESET' })]);
    h.advance(5 * MIN);
    await h.reconcile();
    expect(pollFailed().map((e) => e.message)).toEqual(['ServerError: HTTP 502', 'NetworkError: ECONNRESET']);
    h.setScript([fail({ class: 'ServerError', message: 'HTTP 502' })]);
    h.advance(5 * MIN); // > 30 min since the first ServerError event
    await h.reconcile();
    expect(pollFailed()).toHaveLength(3);
  });
});

describe('reconciler: credentials', () => {
  it('CredentialsNotFound: no cloud call, Secret re-checked every 30 s, then recovery', async () => {
    const h = createHarness({ secret: undefined, script: [ok(running)] });
    const first = await h.reconcile();
    expect(first.requeueAfterMs).toBe(30_000);
    expect(h.observeCalls()).toBe(0);
    expect(summary(h)).toContain('Synced=False/CredentialsNotFound');
    expect(h.condition('Ready')?.message).toBe('Secret team-a/creds not found');
    expect(h.events.map((e) => e.reason)).toEqual(['CredentialsNotFound']);
    h.setSecret(secretData());
    h.advance(30_000);
    await h.reconcile();
    expect(h.observeCalls()).toBe(1);
    expect(summary(h)).toEqual([
      'Ready=True/UpgradeInProgress',
      'Progressing=True/Upgrade',
      'Stalled=False/UpgradeInProgress',
      'Synced=True/PollSucceeded',
    ]);
  });

  it('a Secret missing a key names the key, not a value', async () => {
    const h = createHarness({ secret: { accessKeyId: Buffer.from(ACCESS_KEY_ID).toString('base64') } });
    await h.reconcile();
    expect(h.condition('Synced')?.message).toBe('Secret team-a/creds has no non-empty accessKeySecret');
  });

  it('the rate-limit bucket is provider|accessKeyId|region|credential fingerprint and the slot is released', async () => {
    const h = createHarness({ script: [ok(running)] });
    await h.reconcile();
    const fingerprint = credentialsFingerprint({
      accessKeyId: ACCESS_KEY_ID,
      accessKeySecret: ACCESS_KEY_SECRET,
    });
    expect(h.bucketKeys).toEqual([`AlibabaACK|${ACCESS_KEY_ID}|cn-hangzhou|${fingerprint}`]);
    expect(h.maxSlotsHeld()).toBe(1);
    expect(h.slotsHeld()).toBe(0);
  });

  it('a throwing provider client is a transient InvalidResponse and still releases its slot', async () => {
    const h = createHarness({
      script: [
        () => {
          throw new Error('bug in normalize');
        },
      ],
    });
    const result = await h.reconcile();
    expect(h.slotsHeld()).toBe(0);
    expect(h.condition('Synced')).toMatchObject({ status: 'False', reason: 'InvalidResponse' });
    expect(result.error).toBeUndefined();
    expect(result.requeueAfterMs).toBeGreaterThan(0);
  });
});

describe('reconciler: secrets never leak', () => {
  it('not into status, Events or logs — even if a provider echoes them', async () => {
    const h = createHarness({
      secret: secretData(ACCESS_KEY_SECRET, SECURITY_TOKEN),
      script: [
        fail({ class: 'ServerError', message: `upstream said: bad signature for ${ACCESS_KEY_SECRET}` }),
        ok({
          phase: 'Running',
          currentStep: 'Upgrade',
          message: `token ${SECURITY_TOKEN} ok`,
          providerStatus: { echo: ACCESS_KEY_SECRET },
        }),
        fail({ class: 'AuthFailed', message: `SignatureDoesNotMatch ${ACCESS_KEY_SECRET}` }),
        () => {
          throw new Error(`crash with ${SECURITY_TOKEN}`);
        },
      ],
    });
    for (let i = 0; i < 4; i += 1) {
      await h.reconcile();
      h.advance(11 * MIN);
    }
    expect(h.observeCalls()).toBe(4);
    const captured = JSON.stringify({
      patches: h.patches,
      status: h.status(),
      events: h.events,
      logs: h.logs,
      metrics: h.metricCalls,
    });
    expect(captured).not.toContain(ACCESS_KEY_SECRET);
    expect(captured).not.toContain(SECURITY_TOKEN);
    expect(captured).toContain('[REDACTED]'); // the text is kept, only the value is masked
  });
});

describe('reconciler: status write failures never throw', () => {
  it('409 conflict ⇒ short requeue; the retry re-writes from memory without a cloud call', async () => {
    const h = createHarness({ script: [ok(running)] });
    h.failNextWrite(409);
    const result = await h.reconcile();
    expect(result).toEqual({ requeueAfterMs: CONFLICT_REQUEUE_MS });
    h.advance(CONFLICT_REQUEUE_MS);
    await h.reconcile();
    expect(h.observeCalls()).toBe(1);
    expect(h.status()?.phase).toBe('Running');
    expect(h.metricCalls.filter(([m]) => m === 'countReconcile').map(([, r]) => r)).toEqual([
      'requeue',
      'success',
    ]);
  });

  it('404 ⇒ short requeue', async () => {
    const h = createHarness();
    h.failNextWrite(404);
    expect(await h.reconcile()).toEqual({ requeueAfterMs: CONFLICT_REQUEUE_MS });
  });

  it('other API failures ⇒ rate-limited retry by the queue', async () => {
    const h = createHarness();
    h.failNextWrite(500);
    expect(await h.reconcile()).toEqual({ error: 'rateLimited' });
  });

  it('a lagging informer cache neither re-writes nor repeats Events', async () => {
    const h = createHarness({ script: [ok({ phase: 'Idle' }), ok(running)] });
    await h.reconcile();
    h.freezeCache(true); // our next write will not show up in the cache
    h.advance(5 * MIN);
    await h.reconcile(); // Idle → Running: written, UpgradeStarted
    await h.reconcile(); // triggered by our own write's event, but the cache is stale
    await h.reconcile();
    expect(h.patches).toHaveLength(2);
    expect(h.events.filter((e) => e.reason === 'UpgradeStarted')).toHaveLength(1);
    h.freezeCache(false);
    await h.reconcile();
    expect(h.patches).toHaveLength(2);
  });
});

describe('reconciler: Events, metrics and deletion', () => {
  it('Events on transitions: started, step, succeeded', async () => {
    const h = createHarness({
      script: [
        ok({ phase: 'Idle' }),
        ok({ phase: 'Running', currentStep: 'Precheck', toVersion: '1.31.1' }),
        ok({ phase: 'Running', currentStep: 'Upgrade', toVersion: '1.31.1' }),
        ok({ phase: 'Succeeded', toVersion: '1.31.1' }),
      ],
    });
    for (let i = 0; i < 4; i += 1) {
      await h.reconcile();
      h.advance(6 * MIN);
    }
    expect(h.events.map((e) => `${e.type}/${e.reason}: ${e.message}`)).toEqual([
      'Normal/UpgradeStarted: Upgrade started to 1.31.1',
      'Normal/StepStarted: Step Precheck started',
      'Normal/StepStarted: Step Upgrade started',
      'Normal/UpgradeSucceeded: Upgrade succeeded to 1.31.1',
    ]);
  });

  it('metrics: phase/progress, last successful poll, reconcile results', async () => {
    const h = createHarness({ script: [ok(running), fail({ class: 'ServerError', message: '503' })] });
    await h.reconcile();
    h.advance(31_000);
    await h.reconcile();
    const calls = h.metricCalls.filter(([m]) => m !== 'countStatusUpdate');
    expect(calls).toEqual([
      ['recordSuccessfulPoll', 'team-a', 'prod', new Date(Date.parse('2025-03-01T10:00:00Z'))],
      ['recordWatch', 'team-a', 'prod', 'AlibabaACK', 'Running', 50],
      ['countReconcile', 'success'],
      ['recordWatch', 'team-a', 'prod', 'AlibabaACK', 'Running', 50],
      ['countReconcile', 'error'],
    ]);
    expect(h.metricCalls.filter(([m]) => m === 'countStatusUpdate').map(([, r]) => r)).toEqual([
      'success',
      'success',
    ]);
  });

  it('deletion clears per-object memory and metric series; a vanished key is a no-op', async () => {
    const h = createHarness();
    await h.reconcile();
    expect(h.reconciler.trackedObjects()).toBe(1);
    h.reconciler.onDelete('team-a/prod', 'uid-1');
    expect(h.reconciler.trackedObjects()).toBe(0);
    expect(h.metricCalls).toContainEqual(['forgetWatch', 'team-a', 'prod']);
    h.remove();
    expect(await h.reconcile()).toEqual({});
    expect(h.observeCalls()).toBe(1);
  });

  it('memory is dropped when the cache no longer has the object, even without onDelete', async () => {
    const h = createHarness();
    await h.reconcile();
    h.remove();
    await h.reconcile();
    expect(h.reconciler.trackedObjects()).toBe(0);
    expect(h.metricCalls).toContainEqual(['forgetWatch', 'team-a', 'prod']);
  });
});

describe('reconciler: plumbing around the provider', () => {
  it('every further HTTP request of one poll takes its own token; request metrics are forwarded', async () => {
    const sent: string[] = [];
    const h = createHarness({
      transport: async (request) => {
        sent.push(request.url);
        return { status: 200, headers: {}, body: '{}' };
      },
      connect: (params) => ({
        observe: async () => {
          for (const page of [1, 2, 3]) {
            await params.transport({ method: 'GET', url: `${params.baseUrl}/page/${page}`, headers: {} });
            params.onRequest?.({
              provider: 'AlibabaACK',
              operation: 'GetUpgradeStatus',
              result: 'Success',
              durationSeconds: 0.25,
            });
          }
          return ok({ phase: 'Idle' });
        },
      }),
    });
    await h.reconcile();
    expect(sent).toEqual([1, 2, 3].map((p) => `https://cs.cn-hangzhou.aliyuncs.com/page/${p}`));
    expect(h.bucketKeys).toHaveLength(3); // one reserved before the slot (first request), then one free one per further request
    expect(h.metricCalls.filter(([m]) => m === 'observeCloudRequest')).toHaveLength(3);
    expect(h.metricCalls).toContainEqual([
      'observeCloudRequest',
      'AlibabaACK',
      'GetUpgradeStatus',
      'Success',
      0.25,
    ]);
    expect(h.connects[0]?.credentials).toEqual({
      accessKeyId: ACCESS_KEY_ID,
      accessKeySecret: ACCESS_KEY_SECRET,
    });
  });

  // why: a provider with no upgrade record (AKS) tells "upgraded while unwatched" from "never
  // upgraded" by the versions its last status showed; a fresh process has only the status.
  it('each poll hands the client what the status shows (phase, versions, upgrade id) to resume from', async () => {
    const h = createHarness({
      script: [ok({ phase: 'Idle', fromVersion: '1.33.2' }), ok(running), ok(running)],
    });
    await h.reconcile();
    h.advance(11 * MIN);
    await h.reconcile();
    h.advance(31_000);
    await h.reconcile();
    expect(h.connects.map((c) => c.lastSeen)).toEqual([
      undefined,
      { phase: 'Idle', fromVersion: '1.33.2' },
      { phase: 'Running', toVersion: '1.31.1' },
    ]);
  });

  it('a poll finishing after shutdown began writes nothing', async () => {
    const controller = new AbortController();
    const h = createHarness({
      signal: controller.signal,
      connect: () => ({
        observe: async () => {
          controller.abort();
          return fail({ class: 'NetworkError', message: 'aborted' });
        },
      }),
    });
    expect(await h.reconcile()).toEqual({});
    expect(h.patches).toHaveLength(0);
    expect(h.slotsHeld()).toBe(0);
  });

  it('a provider this build does not have is InvalidSpec, not a crash', async () => {
    const h = createHarness({ noFamilies: true });
    await h.reconcile();
    expect(h.condition('Synced')).toMatchObject({ status: 'False', reason: 'InvalidSpec' });
    expect(h.condition('Synced')?.message).toContain('AlibabaACK is not available');
  });

  it('a throwing connect() is a provider failure (InvalidResponse), not a crash', async () => {
    const h = createHarness({
      connect: () => {
        throw new Error('connect exploded');
      },
    });
    await h.reconcile();
    expect(h.condition('Synced')?.reason).toBe('InvalidResponse');
    expect(h.slotsHeld()).toBe(0);
  });

  it('an unexpected exception elsewhere becomes a rate-limited retry and a log line, never a throw', async () => {
    const logs: string[] = [];
    const results: string[] = [];
    const reconciler = createReconciler({
      getWatch: () => {
        throw new Error('cache exploded');
      },
      parseSpec,
      getCredentials: async () => ({
        ok: false,
        fingerprint: '',
        error: { class: 'CredentialsNotFound', message: 'unused' },
      }),
      families: {},
      transport: async () => ({ status: 200, headers: {}, body: '' }),
      rateLimiter: freeTokens(),
      semaphore: { tryAcquire: () => () => {} },
      writeStatus: async () => ({ result: 'success' }),
      recordEvents: async () => {},
      metrics: { ...noopMetrics, countReconcile: (r) => results.push(r) },
      clock: { now: () => new Date() },
      random: () => 0.5,
      logger: { ...silentLogger, error: (_f, m) => logs.push(m) },
      options: { allowCustomEndpoints: false },
    });
    await expect(reconciler.reconcile('a/b')).resolves.toEqual({ error: 'rateLimited' });
    expect(logs).toEqual(['reconcile failed: cache exploded']);
    expect(results).toEqual(['error']);
  });
});
