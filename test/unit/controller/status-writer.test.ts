import type { CustomObjectsApi } from '@kubernetes/client-node';
import type { ClusterUpgradeWatchStatus } from '../../../src/api/types.js';
import {
  createStatusWriter,
  kubeStatusPatcher,
  mergePatch,
  type CustomObjectsStatusApi,
  type StatusUpdateResult,
} from '../../../src/controller/status-writer.js';

// Compile-time proof (tsc) that client-node's real CustomObjectsApi fits the writer's port.
const _realApiFits: (api: CustomObjectsApi) => CustomObjectsStatusApi = (api) => api;
void _realApiFits;

const cond = [
  {
    type: 'Ready',
    status: 'True' as const,
    reason: 'R',
    message: '',
    lastTransitionTime: '2025-01-01T00:00:00Z',
  },
];

describe('mergePatch', () => {
  const prev: ClusterUpgradeWatchStatus = {
    phase: 'Running',
    progress: 50,
    providerStatus: { status: 'running', upgrade_step: 'upgrading' },
    nodes: { total: 3, completed: 1, current: ['n1'] },
    conditions: cond,
  };
  const cases: Array<[why: string, next: ClusterUpgradeWatchStatus, patch: Record<string, unknown>]> = [
    ['identical: empty patch', prev, {}],
    ['a removed top-level member is sent as null', { ...prev, progress: undefined }, { progress: null }],
    [
      'a removed nested key is nulled (merge patches merge objects)',
      { ...prev, providerStatus: { status: 'running' } },
      { providerStatus: { upgrade_step: null } },
    ],
    [
      'arrays are replaced whole',
      { ...prev, nodes: { total: 3, completed: 2, current: ['n2'] } },
      { nodes: { completed: 2, current: ['n2'] } },
    ],
    ['a new member is added', { ...prev, toVersion: '1.31' }, { toVersion: '1.31' }],
  ];
  it.each(cases)('%s', (_why, next, patch) => {
    expect(mergePatch(prev, next)).toEqual(patch);
  });

  it('with no previous status the whole status is sent', () => {
    expect(mergePatch(undefined, prev)).toEqual(JSON.parse(JSON.stringify(prev)));
  });
});

describe('createStatusWriter', () => {
  const next: ClusterUpgradeWatchStatus = { phase: 'Idle', conditions: cond };

  const cases: Array<[why: string, failure: unknown, result: StatusUpdateResult]> = [
    ['409 is a conflict, not an exception', Object.assign(new Error('conflict'), { code: 409 }), 'conflict'],
    ['404 means the object is gone', Object.assign(new Error('gone'), { code: 404 }), 'notFound'],
    ['500 is an error', Object.assign(new Error('boom'), { code: 500 }), 'error'],
    ['a network failure is an error', new Error('ECONNREFUSED'), 'error'],
  ];
  it.each(cases)('%s', async (_why, failure, result) => {
    const counted: StatusUpdateResult[] = [];
    const write = createStatusWriter({
      patch: async () => {
        throw failure;
      },
      onResult: (r) => counted.push(r),
    });
    const out = await write({ namespace: 'ns', name: 'w', previous: undefined, next });
    expect(out.result).toBe(result);
    expect(counted).toEqual([result]);
  });

  it('sends the diff with a resourceVersion precondition and returns the new resourceVersion', async () => {
    const bodies: unknown[] = [];
    const write = createStatusWriter({
      patch: async (namespace, name, body) => {
        bodies.push({ namespace, name, body });
        return { metadata: { resourceVersion: '43' } };
      },
    });
    const out = await write({
      namespace: 'ns',
      name: 'w',
      resourceVersion: '42',
      previous: { ...next, progress: 3 },
      next,
    });
    expect(out).toEqual({ result: 'success', resourceVersion: '43' });
    expect(bodies).toEqual([
      {
        namespace: 'ns',
        name: 'w',
        body: { status: { progress: null }, metadata: { resourceVersion: '42' } },
      },
    ]);
  });

  it('refuses to write a status without phase or conditions (never wipe what users see)', async () => {
    let calls = 0;
    const write = createStatusWriter({ patch: async () => (calls += 1) });
    const out = await write({ namespace: 'ns', name: 'w', previous: next, next: {} });
    expect(out.result).toBe('error');
    expect(calls).toBe(0);
  });
});

describe('kubeStatusPatcher', () => {
  it('patches /status of the right object with the merge-patch content type', async () => {
    const calls: Array<{ param: Record<string, unknown>; options: unknown }> = [];
    const api: CustomObjectsStatusApi = {
      patchNamespacedCustomObjectStatus: async (param, options) => {
        calls.push({ param, options });
        return {};
      },
    };
    await kubeStatusPatcher(api)('ns', 'w', { status: { phase: 'Idle' } });
    expect(calls[0]?.param).toEqual({
      group: 'upgradewatch.io',
      version: 'v1alpha1',
      namespace: 'ns',
      plural: 'clusterupgradewatches',
      name: 'w',
      body: { status: { phase: 'Idle' } },
      fieldManager: 'upgradewatch',
    });
    // Run the middleware the option carries and observe the header it sets.
    const headers: Record<string, string> = {};
    const options = calls[0]?.options as { middleware: Array<{ pre: (r: unknown) => unknown }> };
    options.middleware[0]?.pre({ setHeaderParam: (k: string, v: string) => (headers[k] = v) });
    expect(headers).toEqual({ 'Content-Type': 'application/merge-patch+json' });
  });
});
