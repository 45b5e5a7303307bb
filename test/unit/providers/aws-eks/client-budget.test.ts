// The AWSEKS client's request budget (a steady poll costs at most 2 requests) and its
// terminal-update memory, counted on the simulator's AWS module in process.
import { EksUpdateMemory } from '../../../../src/providers/aws-eks/memory.js';
import type { ClusterState } from '../../../../src/simulator/types.js';
import { awsHarness, connect, GROUPS, observation, poll, states } from './sim-helpers.js';

describe('AWSEKS client: request budget and terminal-update memory', () => {
  it.each([
    // why: the rule — a steady poll (nothing can change) costs at most 2 requests
    ['cluster alone', undefined, 1],
    ['cluster + 2 node groups', GROUPS, 2],
    ['cluster + 5 node groups', ['a', 'b', 'c', 'd', 'e'], 2],
  ])(
    'steady polls of a finished upgrade, %s: within the budget, no DescribeUpdate',
    async (_why, groups, budget) => {
      const base = states.succeeded as {
        ListUpdates: { cluster: unknown; nodegroups: Record<string, unknown> };
      };
      const nodegroups = Object.fromEntries(
        (groups ?? []).map((g) => [g, base.ListUpdates.nodegroups['general']]),
      );
      const h = awsHarness({
        ...states.succeeded,
        ListUpdates: { cluster: base.ListUpdates.cluster, nodegroups },
      });
      const { client } = connect(h, groups);
      const first = await poll(h, client);
      expect(first.requests.length).toBeGreaterThan(budget); // the first poll lists and describes everything
      for (let i = 0; i < 12; i += 1) {
        const { result, requests } = await poll(h, client);
        observation(result);
        expect(requests).toHaveLength(budget);
        expect(requests.every((r) => /\/updates\?/.test(r) && !/\/updates\/[^?]/.test(r))).toBe(true);
      }
    },
  );

  it('a steady poll lists the node groups in turn, so a new node-group update is seen within (node groups) polls', async () => {
    const h = awsHarness(states.succeeded);
    const { client } = connect(h, GROUPS);
    await client.observe();
    const listed: string[] = [];
    for (let i = 0; i < 4; i += 1) {
      const { requests } = await poll(h, client);
      listed.push(
        requests.find((r) => r.includes('nodegroupName'))!.replace(/.*nodegroupName=([a-z]+).*/, '$1'),
      );
    }
    expect(listed).toEqual(['general', 'gpu', 'general', 'gpu']);

    // A new gpu update appears (newer than the control plane's): seen at the latest on the 2nd poll.
    const NEW = 'ffffffff-0000-4000-8000-000000000001';
    const next = structuredClone(states.succeeded) as {
      ListUpdates: { nodegroups: Record<string, { updateIds: string[] }> };
      DescribeUpdate: Record<string, unknown>;
    };
    next.ListUpdates.nodegroups['gpu']!.updateIds.push(NEW);
    next.DescribeUpdate[NEW] = {
      update: {
        id: NEW,
        status: 'InProgress',
        type: 'VersionUpdate',
        params: [{ type: 'ReleaseVersion', value: '1.31.2-20241201' }],
        createdAt: 1733486400,
        errors: [],
      },
    };
    h.setState(next as unknown as ClusterState);
    const phases: string[] = [];
    for (let i = 0; i < 2; i += 1) phases.push(observation(await client.observe()).phase);
    expect(phases).toContain('Running');
  });

  it('describes a terminal update once, an InProgress one on every poll', async () => {
    const h = awsHarness(states.running);
    const memory = new EksUpdateMemory();
    const describes = (requests: string[], id: string) =>
      requests.filter((r) => r.includes(`/updates/${id}`)).length;
    const CLUSTER_UPDATE = '0c9e8f6a-3d5b-4c1e-9a7f-2b8d6e4c1a01';
    const GENERAL_UPDATE = '7a1b2c3d-4e5f-4a6b-8c7d-9e0f1a2b3c02';
    const counts = { cluster: 0, general: 0 };
    for (let i = 0; i < 3; i += 1) {
      // a fresh client per poll, as the reconciler connects: the memory is the family's
      const { requests } = await poll(h, connect(h, GROUPS, memory).client);
      counts.cluster += describes(requests, CLUSTER_UPDATE);
      counts.general += describes(requests, GENERAL_UPDATE);
    }
    expect(counts).toEqual({ cluster: 1, general: 3 });
  });

  it('follows nextToken across ListUpdates pages and still picks the newest VersionUpdate', async () => {
    const ids = Array.from(
      { length: 150 },
      (_, i) => `00000000-0000-4000-8000-${String(i).padStart(12, '0')}`,
    );
    const DescribeUpdate = Object.fromEntries(
      ids.map((id, i) => [
        id,
        {
          update: {
            id,
            status: 'Successful',
            type: i % 2 ? 'LoggingUpdate' : 'VersionUpdate',
            params: [{ type: 'Version', value: `1.${i}` }],
            createdAt: 1700000000 + i,
          },
        },
      ]),
    );
    const h = awsHarness({ ListUpdates: { cluster: { updateIds: ids } }, DescribeUpdate });
    const o = observation(await connect(h).client.observe());
    expect(h.seen.filter((r) => r.includes('/updates?'))).toHaveLength(2);
    expect(o.toVersion).toBe('1.148'); // 149 is a LoggingUpdate
  });
});
