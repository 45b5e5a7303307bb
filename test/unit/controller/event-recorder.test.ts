import type { CoreV1Api } from '@kubernetes/client-node';
import type { ClusterUpgradeWatch } from '../../../src/api/types.js';
import type { SecretApi } from '../../../src/credentials/secret-reader.js';
import {
  createEventRecorder,
  kubeEventSink,
  type CoreV1EventApi,
  type EventSink,
  type NewEvent,
} from '../../../src/controller/event-recorder.js';

// Compile-time proof (tsc) that client-node's real CoreV1Api fits the ports the factory needs.
const _realApiFits: (api: CoreV1Api) => SecretApi & CoreV1EventApi = (api) => api;
void _realApiFits;

const watch: ClusterUpgradeWatch = {
  apiVersion: 'upgradewatch.io/v1alpha1',
  kind: 'ClusterUpgradeWatch',
  metadata: { name: 'prod', namespace: 'team-a', uid: 'uid-1', resourceVersion: '7', generation: 1 },
  spec: { provider: 'AlibabaACK', region: 'cn-hangzhou', clusterID: 'c1', credentialsRef: { name: 'creds' } },
};

function fakeSink() {
  const created: NewEvent[] = [];
  const bumps: Array<{ namespace: string; name: string; count: number; at: string }> = [];
  let bumpFailure: unknown;
  const sink: EventSink = {
    create: async (event) => {
      created.push(event);
    },
    bump: async (namespace, name, count, at) => {
      if (bumpFailure) throw bumpFailure;
      bumps.push({ namespace, name, count, at: at.toISOString() });
    },
  };
  return { sink, created, bumps, failBumps: (e: unknown) => (bumpFailure = e) };
}

describe('createEventRecorder', () => {
  let now = Date.parse('2025-01-01T00:00:00Z');
  const clock = { now: () => new Date(now) };

  it('creates an Event with the involved object, then counts repeats on the same Event', async () => {
    const f = fakeSink();
    const record = createEventRecorder({ sink: f.sink, clock, instance: 'pod-1' });
    await record(watch, [{ type: 'Warning', reason: 'PollFailed', message: 'Throttled: slow down' }]);
    now += 60_000;
    await record(watch, [{ type: 'Warning', reason: 'PollFailed', message: 'Throttled: slow down' }]);
    expect(f.created).toHaveLength(1);
    expect(f.created[0]).toMatchObject({
      namespace: 'team-a',
      involvedObject: {
        apiVersion: 'upgradewatch.io/v1alpha1',
        kind: 'ClusterUpgradeWatch',
        name: 'prod',
        namespace: 'team-a',
        uid: 'uid-1',
        resourceVersion: '7',
      },
      type: 'Warning',
      reason: 'PollFailed',
      count: 1,
      component: 'upgradewatch',
      instance: 'pod-1',
    });
    expect(f.created[0]?.name).toMatch(/^prod\.[0-9a-f]+$/);
    expect(f.bumps).toEqual([
      { namespace: 'team-a', name: f.created[0]?.name, count: 2, at: new Date(now).toISOString() },
    ]);
  });

  it('a different message is a different Event', async () => {
    const f = fakeSink();
    const record = createEventRecorder({ sink: f.sink, clock });
    await record(watch, [
      { type: 'Normal', reason: 'StepStarted', message: 'Step Precheck started' },
      { type: 'Normal', reason: 'StepStarted', message: 'Step Upgrade started' },
    ]);
    expect(f.created.map((e) => e.message)).toEqual(['Step Precheck started', 'Step Upgrade started']);
    expect(new Set(f.created.map((e) => e.name)).size).toBe(2);
  });

  it('an expired Event (404 on bump) is created afresh', async () => {
    const f = fakeSink();
    const record = createEventRecorder({ sink: f.sink, clock });
    await record(watch, [{ type: 'Warning', reason: 'AuthFailed', message: 'bad key' }]);
    f.failBumps(Object.assign(new Error('gone'), { code: 404 }));
    await record(watch, [{ type: 'Warning', reason: 'AuthFailed', message: 'bad key' }]);
    expect(f.created).toHaveLength(2);
  });

  it('a failing API never throws into the reconcile; it is logged', async () => {
    const warnings: string[] = [];
    const record = createEventRecorder({
      sink: {
        create: async () => {
          throw Object.assign(new Error('forbidden'), { code: 403 });
        },
        bump: async () => {},
      },
      clock,
      logger: {
        debug: () => {},
        info: () => {},
        error: () => {},
        warn: (f, m) => warnings.push(`${m} ${JSON.stringify(f)}`),
      },
    });
    await expect(
      record(watch, [{ type: 'Normal', reason: 'UpgradeStarted', message: 'x' }]),
    ).resolves.toBeUndefined();
    expect(warnings).toHaveLength(1);
    expect(warnings[0]).toContain('HTTP 403');
  });
});

describe('kubeEventSink', () => {
  it('creates a core/v1 Event and bumps with a merge patch', async () => {
    const creates: unknown[] = [];
    const patches: Array<{ param: unknown; options: unknown }> = [];
    const sink = kubeEventSink({
      createNamespacedEvent: async (param) => creates.push(param),
      patchNamespacedEvent: async (param, options) => patches.push({ param, options }),
    });
    const at = new Date('2025-01-01T00:00:00Z');
    await sink.create({
      name: 'prod.1',
      namespace: 'ns',
      involvedObject: {
        apiVersion: 'upgradewatch.io/v1alpha1',
        kind: 'ClusterUpgradeWatch',
        name: 'prod',
        namespace: 'ns',
      },
      type: 'Normal',
      reason: 'UpgradeStarted',
      message: 'Upgrade started',
      count: 1,
      firstTimestamp: at,
      lastTimestamp: at,
      component: 'upgradewatch',
      instance: 'pod-1',
    });
    expect(creates[0]).toMatchObject({
      namespace: 'ns',
      body: {
        metadata: { name: 'prod.1', namespace: 'ns' },
        reason: 'UpgradeStarted',
        type: 'Normal',
        source: { component: 'upgradewatch', host: 'pod-1' },
        reportingComponent: 'upgradewatch',
        reportingInstance: 'pod-1',
      },
    });
    await sink.bump('ns', 'prod.1', 3, new Date('2025-01-01T00:05:00.250Z'));
    expect(patches[0]?.param).toEqual({
      name: 'prod.1',
      namespace: 'ns',
      body: { count: 3, lastTimestamp: '2025-01-01T00:05:00Z' },
    });
    const headers: Record<string, string> = {};
    (patches[0]?.options as { middleware: Array<{ pre: (r: unknown) => unknown }> }).middleware[0]?.pre({
      setHeaderParam: (k: string, v: string) => (headers[k] = v),
    });
    expect(headers).toEqual({ 'Content-Type': 'application/merge-patch+json' });
  });
});
