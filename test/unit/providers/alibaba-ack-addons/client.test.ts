// AlibabaACKAddons client: the componentIds query (one JSON-array string), the round trip
// through the simulator module, and the family wiring.

import type { ClusterUpgradeWatchSpec } from '../../../../src/api/types.js';
import {
  alibabaAckAddons,
  connectAlibabaAckAddons,
} from '../../../../src/providers/alibaba-ack-addons/index.js';
import type { HttpRequest, HttpTransport } from '../../../../src/providers/common/transport.js';
import type { RequestObserver } from '../../../../src/providers/common/provider.js';
import { createAlibabaCloud } from '../../../../src/simulator/alibaba/index.js';
import { fakeContext, simTransport } from '../../simulator/alibaba-sim-helpers.js';
import type { SimRequest } from '../../../../src/simulator/types.js';

const NOW = new Date('2024-03-01T12:00:00Z');
const credentials = { accessKeyId: 'LTAI5tAddonsKey', accessKeySecret: 'addons-secret' };
const spec: ClusterUpgradeWatchSpec = {
  provider: 'AlibabaACKAddons',
  region: 'cn-beijing',
  clusterID: 'c-addons',
  components: ['terway', 'metrics-server', 'ghost'],
  credentialsRef: { name: 's' },
};

describe('AlibabaACKAddons client', () => {
  it('sends componentIds as one JSON-array string, percent-encoded exactly as signed', async () => {
    const requests: HttpRequest[] = [];
    const transport: HttpTransport = async (request) => {
      requests.push(request);
      return { status: 200, headers: {}, body: '{}' };
    };
    await connectAlibabaAckAddons(
      { spec, credentials, baseUrl: 'https://cs.cn-beijing.aliyuncs.com', transport },
      { nonce: () => 'n' },
    ).observe();
    expect(requests[0]!.url).toBe(
      'https://cs.cn-beijing.aliyuncs.com/clusters/c-addons/components/upgradestatus?componentIds=%5B%22terway%22%2C%22metrics-server%22%2C%22ghost%22%5D',
    );
    expect(requests[0]!.headers['x-acs-action']).toBe('DescribeClusterAddonsUpgradeStatus');
  });

  it('round trip through the simulator: filtered components, overall Running, currentStep, missing named', async () => {
    const cloud = createAlibabaCloud();
    const context = fakeContext({
      now: NOW,
      credentials: [{ ...credentials }],
      clusters: [
        {
          provider: 'AlibabaACKAddons',
          clusterID: 'c-addons',
          state: {
            GetClusterAddonUpgradeStatus: {
              coredns: {
                addon_info: { component_name: 'coredns', version: 'v1.9', ready_to_upgrade: 'true' },
                tasks: { status: 'Failed' },
              },
              'metrics-server': {
                addon_info: { component_name: 'metrics-server', version: 'v0.6', ready_to_upgrade: 'false' },
                tasks: {
                  status: 'Upgrading',
                  created_at: '2024-03-01T11:50:00Z',
                  finished_at: '',
                  is_canceled: false,
                },
              },
              terway: {
                addon_info: { component_name: 'terway', version: 'v1.5', ready_to_upgrade: 'false' },
                tasks: {
                  status: 'Success',
                  created_at: '2024-03-01T11:40:00Z',
                  finished_at: '2024-03-01T11:45:00Z',
                  is_canceled: false,
                },
              },
            },
          },
        },
      ],
    });
    const seen: SimRequest[] = [];
    const events: Parameters<RequestObserver>[0][] = [];
    const result = await connectAlibabaAckAddons({
      spec,
      credentials,
      baseUrl: 'http://127.0.0.1:18443',
      transport: simTransport(cloud, context, seen),
      clock: { now: () => NOW },
      onRequest: (e) => events.push(e),
    }).observe();

    expect(seen[0]!.query.componentIds).toBe('["terway","metrics-server","ghost"]');
    expect(result).toEqual({
      ok: true,
      observation: {
        // coredns failed but was not asked for: the simulator filtered it out, as ACK does
        phase: 'Running',
        progress: 50,
        currentStep: 'metrics-server',
        startTime: '2024-03-01T11:40:00Z',
        components: [
          {
            name: 'terway',
            version: 'v1.5',
            phase: 'Succeeded',
            readyToUpgrade: false,
            startTime: '2024-03-01T11:40:00Z',
            completionTime: '2024-03-01T11:45:00Z',
          },
          {
            name: 'metrics-server',
            version: 'v0.6',
            phase: 'Running',
            readyToUpgrade: false,
            startTime: '2024-03-01T11:50:00Z',
          },
        ],
        message: 'not reported by ACK: ghost',
        providerStatus: {
          components: { terway: 'Success', 'metrics-server': 'Upgrading' },
          missingComponents: ['ghost'],
        },
      },
    });
    expect(events).toEqual([
      {
        provider: 'AlibabaACKAddons',
        operation: 'DescribeClusterAddonsUpgradeStatus',
        result: 'Success',
        durationSeconds: 0,
      },
    ]);
  });

  /** One observe() against a server that always answers `body` with 200. */
  const observeBody = (body: string) =>
    connectAlibabaAckAddons({
      spec,
      credentials,
      baseUrl: 'https://cs.cn-beijing.aliyuncs.com',
      transport: async () => ({ status: 200, headers: {}, body }),
    }).observe();

  it('a null component entry is skipped; the other components are still reported', async () => {
    const result = await observeBody('{"terway":{"tasks":{"status":"Success"}},"metrics-server":null}');
    expect(result).toMatchObject({ ok: true, observation: { phase: 'Succeeded', progress: 100 } });
    expect(result.ok && result.observation.components?.map((c) => c.name)).toEqual(['terway']);
  });

  it('an object entry with a wrongly typed field → InvalidResponse naming it', async () => {
    expect(await observeBody('{"terway":{"tasks":"Running"}}')).toMatchObject({
      ok: false,
      error: { class: 'InvalidResponse', message: expect.stringContaining('terway') },
    });
  });

  it('no components in the spec: no query at all (every component)', async () => {
    const urls: string[] = [];
    const transport: HttpTransport = async (request) => {
      urls.push(request.url);
      return { status: 200, headers: {}, body: '{}' };
    };
    const { components: _omit, ...withoutComponents } = spec;
    await connectAlibabaAckAddons({
      spec: withoutComponents,
      credentials,
      baseUrl: 'https://cs.cn-beijing.aliyuncs.com',
      transport,
    }).observe();
    expect(urls[0]).toBe('https://cs.cn-beijing.aliyuncs.com/clusters/c-addons/components/upgradestatus');
  });

  it('the family: name, default endpoint, allowed domain, connect', async () => {
    expect(alibabaAckAddons.name).toBe('AlibabaACKAddons');
    expect(alibabaAckAddons.defaultBaseUrl(spec)).toBe('https://cs.cn-beijing.aliyuncs.com');
    expect(alibabaAckAddons.allowedDomains).toEqual(['aliyuncs.com']);
    const transport: HttpTransport = async () => ({
      status: 404,
      headers: {},
      body: '{"code":"ErrorClusterNotFound","message":"gone","requestId":"R"}',
    });
    const result = await alibabaAckAddons
      .connect({ spec, credentials, baseUrl: 'https://cs.cn-beijing.aliyuncs.com', transport })
      .observe();
    expect(result).toMatchObject({
      ok: false,
      error: { class: 'NotFound', requestId: 'R', message: 'ErrorClusterNotFound: gone (HTTP 404)' },
    });
  });
});
