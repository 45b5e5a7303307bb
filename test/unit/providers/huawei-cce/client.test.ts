import type { ClusterUpgradeWatchSpec } from '../../../../src/api/types.js';
import type { RequestObserver } from '../../../../src/providers/common/provider.js';
import type { HttpResponse } from '../../../../src/providers/common/transport.js';
import { connectHuaweiCce, huaweiCce } from '../../../../src/providers/huawei-cce/index.js';
import { fixture, jsonResponse, recordingTransport } from '../huawei-common/helpers.js';

const spec: ClusterUpgradeWatchSpec = {
  provider: 'HuaweiCCE',
  region: 'cn-north-4',
  clusterID: 'cluster-1',
  projectID: 'project-1',
  credentialsRef: { name: 'huawei' },
};
const credentials = { accessKeyId: 'AK', accessKeySecret: 'SK' };
const clock = { now: () => new Date('2024-05-01T10:00:00Z') };
const WORKFLOWS = '/api/v3/projects/project-1/clusters/cluster-1/operation/upgradeworkflows';
const TASK = (id: string) => `/api/v3/projects/project-1/clusters/cluster-1/operation/upgrade/tasks/${id}`;

const runningWorkflow = {
  kind: 'List',
  apiVersion: 'v3',
  items: [
    {
      metadata: { uid: 'wf-old', creationTimestamp: '2023-01-01T00:00:00Z' },
      status: { phase: 'Success' },
    },
    {
      metadata: { uid: 'wf-new', creationTimestamp: '2024-05-01T08:00:00Z' },
      spec: { clusterVersion: 'v1.28', targetVersion: 'v1.29' },
      status: {
        phase: 'Running',
        pointStatuses: [
          { taskType: 'PreCheck', status: 'Success' },
          { taskType: 'Cluster', status: 'Running', taskID: 'task-9' },
        ],
        lineStatuses: [{ startPoint: { taskType: 'PreCheck' }, endPoint: { taskType: 'Cluster' } }],
      },
    },
  ],
};

function connect(handler: (path: string) => HttpResponse, withTask?: string) {
  const events: Parameters<RequestObserver>[0][] = [];
  const { transport, requests } = recordingTransport((_req, url) => handler(url.pathname));
  const client = huaweiCce.connect({
    spec: withTask ? { ...spec, taskID: withTask } : spec,
    credentials,
    baseUrl: 'https://cce.cn-north-4.myhuaweicloud.com',
    transport,
    clock,
    onRequest: (e) => events.push(e),
  });
  return { client, requests, events };
}

describe('HuaweiCCE client', () => {
  it('lists workflows, then reads the running Cluster task for its fraction', async () => {
    const { client, requests, events } = connect((path) =>
      path === WORKFLOWS
        ? jsonResponse(200, runningWorkflow)
        : jsonResponse(200, { status: { phase: 'Running', progress: '50.00' } }),
    );
    const result = await client.observe();
    expect(requests.map((r) => new URL(r.url).pathname)).toEqual([WORKFLOWS, TASK('task-9')]);
    expect(result).toMatchObject({
      ok: true,
      observation: { phase: 'Running', progress: 75, upgradeID: 'wf-new', currentStep: 'Cluster' },
    });
    expect(events.map((e) => [e.provider, e.operation, e.result])).toEqual([
      ['HuaweiCCE', 'ListUpgradeWorkFlows', 'Success'],
      ['HuaweiCCE', 'ShowUpgradeClusterTask', 'Success'],
    ]);
    expect(requests[0]!.headers['X-Project-Id']).toBe('project-1');
  });

  it('no running Cluster point: one request only', async () => {
    const { client, requests } = connect(() =>
      jsonResponse(200, fixture('huawei-cce/fixtures/seed-003-upgrade-workflows.json')),
    );
    const result = await client.observe();
    expect(requests).toHaveLength(1);
    expect(result).toMatchObject({ ok: true, observation: { phase: 'Cancelled' } });
  });

  it('no workflow at all is Idle', async () => {
    const { client } = connect(() => jsonResponse(200, { kind: 'List', apiVersion: 'v3', items: [] }));
    expect(await client.observe()).toEqual({ ok: true, observation: { phase: 'Idle' } });
  });

  it('with spec.taskID only the task endpoint is called', async () => {
    const { client, requests } = connect(
      () => jsonResponse(200, fixture('huawei-cce/fixtures/seed-002-upgrade-task.json')),
      'task-7',
    );
    const result = await client.observe();
    expect(requests.map((r) => new URL(r.url).pathname)).toEqual([TASK('task-7')]);
    expect(result).toMatchObject({ ok: true, observation: { phase: 'Pending', toVersion: 'v1.23.5-r0' } });
  });

  it('a task error with spec.taskID is returned classified', async () => {
    const { client } = connect(
      () => jsonResponse(404, { errorCode: 'CCE.01404001', errorMessage: 'Resource not found' }),
      'gone',
    );
    expect(await client.observe()).toMatchObject({
      ok: false,
      error: { class: 'NotFound', code: 'CCE.01404001' },
    });
  });

  it('a workflows error is returned classified, and no task is read', async () => {
    const { client, requests } = connect(() =>
      jsonResponse(401, { error_code: 'APIG.0301', error_msg: 'verify aksk signature fail' }),
    );
    expect(await client.observe()).toMatchObject({ ok: false, error: { class: 'AuthFailed' } });
    expect(requests).toHaveLength(1);
  });

  it('a transient failure of the task read is returned, so the last known progress stays', async () => {
    const { client, events } = connect((path) =>
      path === WORKFLOWS
        ? jsonResponse(200, runningWorkflow)
        : jsonResponse(503, { error_code: 'APIG.0202', error_msg: 'Backend unavailable' }),
    );
    expect(await client.observe()).toMatchObject({ ok: false, error: { class: 'ServerError' } });
    expect(events.map((e) => e.result)).toEqual(['Success', 'ServerError']);
  });

  it('a vanished task only costs its fraction', async () => {
    const { client } = connect((path) =>
      path === WORKFLOWS
        ? jsonResponse(200, runningWorkflow)
        : jsonResponse(404, { errorCode: 'CCE.01404001', errorMessage: 'Resource not found' }),
    );
    expect(await client.observe()).toMatchObject({
      ok: true,
      observation: { phase: 'Running', progress: 50 },
    });
  });

  const badTaskIds: Array<[why: string, taskID: string]> = [
    ['a path traversal would read another API', '../../../clusters/other'],
    ['a slash would add a path segment', 'task/9'],
    ['a query character would change the request', 'task-9?x=1'],
    ['an encoded slash is still not an id', 'task%2F9'],
    ['longer than 64 characters', 'a'.repeat(65)],
    ['a non-ASCII letter', 'tâsk-9'],
  ];
  it.each(badTaskIds)(
    'a Cluster point taskID that is not an id is InvalidResponse before any task request: %s',
    async (_why, taskID) => {
      const workflow = structuredClone(runningWorkflow);
      workflow.items[1]!.status.pointStatuses![1]!.taskID = taskID;
      const { client, requests } = connect(() => jsonResponse(200, workflow));
      const result = await client.observe();
      expect(result).toMatchObject({ ok: false, error: { class: 'InvalidResponse' } });
      expect(!result.ok && result.error.message).toContain('Cluster point taskID');
      expect(requests.map((r) => new URL(r.url).pathname)).toEqual([WORKFLOWS]);
    },
  );

  it('a taskID of exactly 64 id characters is read', async () => {
    const workflow = structuredClone(runningWorkflow);
    workflow.items[1]!.status.pointStatuses![1]!.taskID = 'A-9'.repeat(21) + 'z';
    const { client, requests } = connect((path) =>
      path === WORKFLOWS ? jsonResponse(200, workflow) : jsonResponse(200, { status: { phase: 'Running' } }),
    );
    expect(await client.observe()).toMatchObject({ ok: true });
    expect(requests).toHaveLength(2);
  });

  it('a body that fails the schema is InvalidResponse', async () => {
    const { client } = connect(() => jsonResponse(200, { items: 'nope' }));
    expect(await client.observe()).toMatchObject({ ok: false, error: { class: 'InvalidResponse' } });
  });

  it('refuses to connect without a projectID (the spec validator guarantees one)', () => {
    expect(() =>
      connectHuaweiCce({
        spec: { ...spec, projectID: undefined },
        credentials,
        baseUrl: 'https://x',
        transport: async () => jsonResponse(200, {}),
      }),
    ).toThrow(/projectID/);
  });

  it('works with the default clock and no observer', async () => {
    const client = connectHuaweiCce({
      spec,
      credentials,
      baseUrl: 'https://cce.cn-north-4.myhuaweicloud.com',
      transport: async () => jsonResponse(200, { items: [] }),
    });
    expect(await client.observe()).toEqual({ ok: true, observation: { phase: 'Idle' } });
  });
});
