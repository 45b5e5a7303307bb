// The AWSEKS client's request budget (a steady poll costs at most 2 requests) and its
// terminal-update memory, counted on the simulator's AWS module in process.
import { EksUpdateMemory } from '../../../../src/providers/aws-eks/memory.js';
import { TransportError, type HttpTransport } from '../../../../src/providers/common/transport.js';
import type { ClusterState } from '../../../../src/simulator/types.js';
import { awsHarness, connect, GROUPS, observation, poll, states, type SimHarness } from './sim-helpers.js';

/** The finished upgrade, plus a new InProgress VersionUpdate `id` on node group gpu (newer than
 *  the control plane's), so gpu's listing needs a DescribeUpdate again. */
function withNewGpuUpdate(id: string): ClusterState {
  const next = structuredClone(states.succeeded) as {
    ListUpdates: { nodegroups: Record<string, { updateIds: string[] }> };
    DescribeUpdate: Record<string, unknown>;
  };
  next.ListUpdates.nodegroups['gpu']!.updateIds.push(id);
  next.DescribeUpdate[id] = {
    update: {
      id,
      status: 'InProgress',
      type: 'VersionUpdate',
      params: [{ type: 'ReleaseVersion', value: '1.31.2-20241201' }],
      createdAt: 1733486400,
      errors: [],
    },
  };
  return next as unknown as ClusterState;
}

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
    h.setState(withNewGpuUpdate('ffffffff-0000-4000-8000-000000000001'));
    const phases: string[] = [];
    for (let i = 0; i < 2; i += 1) phases.push(observation(await client.observe()).phase);
    expect(phases).toContain('Running');
  });

  it("a poll cut for want of a token keeps the node group's turn, so its new update is still seen", async () => {
    // why: the reconciler's admission (src/controller/poll-admission.ts) reserves as many tokens
    // as the watch's last poll sent; a further request is refused when no token is free (a busy
    // bucket), the poll is cut and its retry reserves one more. A steady poll of [cluster, general]
    // needs 2; gpu's new update needs a third (its DescribeUpdate). If the cut poll passed gpu's
    // turn anyway, the retry would list general (2 requests, reservation back to 2) and gpu's turn
    // would be cut again on every round: the watch would never see gpu's update.
    const h = awsHarness(states.succeeded);
    const memory = new EksUpdateMemory();
    await connect(h, GROUPS, memory).client.observe(); // the first poll lists and describes all
    let reserved = 2;
    let sent = 0;
    let cut = false;
    const admitted: HttpTransport = async (request) => {
      if (sent >= reserved) {
        cut = true;
        throw new TransportError('no cloud token free for a follow-up request', 'aborted');
      }
      sent += 1;
      return h.transport(request);
    };
    const busyBucket: SimHarness = { ...h, transport: admitted };
    const pollOnce = async () => {
      sent = 0;
      cut = false;
      const result = await connect(busyBucket, GROUPS, memory).client.observe();
      reserved = cut ? sent + 1 : sent;
      return cut ? 'cut' : observation(result).phase;
    };
    expect(await pollOnce()).toBe('Succeeded'); // general's turn: 2 requests

    h.setState(withNewGpuUpdate('ffffffff-0000-4000-8000-000000000002'));
    const outcomes = [];
    for (let i = 0; i < 4; i += 1) outcomes.push(await pollOnce());
    expect(outcomes.slice(0, 2)).toEqual(['cut', 'Running']); // gpu's turn, then gpu again with 3
  });

  it('a poll that fails half way remembers nothing it listed, so the next one reports one moment', async () => {
    // why: a running upgrade (general InProgress, gpu no update yet) moves on to its end (general
    // Successful, gpu Failed). A poll that lists general's new state and then fails before gpu
    // must not keep general's: the watch would look steady (general terminal, gpu none), the next
    // poll would list the cluster and one node group in turn, and report general done with gpu
    // not started — "Running 66 %, Node group gpu", a moment the cloud never had (the chaos run's
    // scriptOrder invariant caught it).
    const h = awsHarness(states.running);
    const memory = new EksUpdateMemory();
    observation(await connect(h, GROUPS, memory).client.observe());
    h.setState(states.failed);
    let sent = 0;
    const failsAtGpu: SimHarness = {
      ...h,
      transport: async (request) => {
        if (request.url.includes('nodegroupName=gpu')) throw new TransportError('connection reset', 'other');
        sent += 1;
        return h.transport(request);
      },
    };
    const cut = await connect(failsAtGpu, GROUPS, memory).client.observe();
    expect(cut.ok).toBe(false);
    expect(sent).toBe(3); // the cluster's list, general's list and its DescribeUpdate went out
    expect(observation(await connect(h, GROUPS, memory).client.observe())).toMatchObject({
      phase: 'Failed',
    });
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
