import { freeTokens } from '../../helpers/free-tokens.js';
import { parseSpec } from '../../../src/api/schema.js';
import type { ClusterUpgradeWatch } from '../../../src/api/types.js';
import { createController, type ControllerDeps } from '../../../src/controller/index.js';
import { noopMetrics } from '../../helpers/noop-metrics.js';

const b64 = (text: string): string => Buffer.from(text, 'utf8').toString('base64');

describe('createController (the factory main.ts wires)', () => {
  it('reads the Secret, patches /status and creates Events through the client-node shaped APIs', async () => {
    const watch: ClusterUpgradeWatch = {
      apiVersion: 'upgradewatch.io/v1alpha1',
      kind: 'ClusterUpgradeWatch',
      metadata: { name: 'prod', namespace: 'team-a', uid: 'u1', generation: 3, resourceVersion: '10' },
      spec: {
        provider: 'AlibabaACK',
        region: 'cn-hangzhou',
        clusterID: 'c1',
        credentialsRef: { name: 'creds' },
      },
    };
    const secretReads: unknown[] = [];
    const statusPatches: Array<{ param: Record<string, unknown> }> = [];
    const eventsCreated: Array<{ namespace: string; body: { reason?: string } }> = [];
    const statusResults: string[] = [];
    const deps: ControllerDeps = {
      getWatch: (key) => (key === 'team-a/prod' ? watch : undefined),
      parseSpec,
      families: {
        AlibabaACK: {
          name: 'AlibabaACK',
          defaultBaseUrl: () => 'https://cs.cn-hangzhou.aliyuncs.com',
          allowedDomains: ['aliyuncs.com'],
          connect: () => ({
            observe: async () => ({ ok: true, observation: { phase: 'Running', currentStep: 'Precheck' } }),
          }),
        },
      },
      transport: async () => ({ status: 200, headers: {}, body: '{}' }),
      rateLimiter: freeTokens(),
      semaphore: { tryAcquire: () => () => {} },
      metrics: { ...noopMetrics, countStatusUpdate: (r) => statusResults.push(r) },
      coreApi: {
        readNamespacedSecret: async (param) => {
          secretReads.push(param);
          return { data: { accessKeyId: b64('AK'), accessKeySecret: b64('SECRETSECRET') } };
        },
        createNamespacedEvent: async (param) => eventsCreated.push(param as (typeof eventsCreated)[number]),
        patchNamespacedEvent: async () => ({}),
      },
      customObjectsApi: {
        patchNamespacedCustomObjectStatus: async (param) => {
          statusPatches.push({ param: param as unknown as Record<string, unknown> });
          return { metadata: { resourceVersion: '11' } };
        },
      },
      options: { allowCustomEndpoints: false },
      clock: { now: () => new Date('2025-03-01T10:00:00Z') },
      random: () => 0.5,
      instance: 'upgradewatch-0',
    };
    const controller = createController(deps);
    const result = await controller.reconcile('team-a/prod');

    expect(result).toEqual({ requeueAfterMs: 30_000 });
    expect(secretReads).toEqual([{ name: 'creds', namespace: 'team-a' }]);
    expect(statusPatches).toHaveLength(1);
    expect(statusPatches[0]?.param).toMatchObject({
      group: 'upgradewatch.io',
      plural: 'clusterupgradewatches',
      namespace: 'team-a',
      name: 'prod',
      body: { metadata: { resourceVersion: '10' }, status: { phase: 'Running', observedGeneration: 3 } },
    });
    expect(statusResults).toEqual(['success']);
    expect(eventsCreated.map((e) => e.body.reason)).toEqual(['UpgradeStarted', 'StepStarted']);
    expect(JSON.stringify({ statusPatches, eventsCreated })).not.toContain('SECRETSECRET');
  });
});
