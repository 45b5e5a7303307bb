import type { ClusterUpgradeWatchSpec } from '../../../../src/api/types.js';
import type { RequestObserver } from '../../../../src/providers/common/provider.js';
import type { HttpResponse } from '../../../../src/providers/common/transport.js';
import { detailQuery, MAX_PAGES } from '../../../../src/providers/huawei-css/client.js';
import { connectHuaweiCss, huaweiCss } from '../../../../src/providers/huawei-css/index.js';
import { jsonResponse, recordingTransport } from '../huawei-common/helpers.js';

const spec: ClusterUpgradeWatchSpec = {
  provider: 'HuaweiCSS',
  region: 'cn-north-4',
  clusterID: 'es-1',
  projectID: 'proj',
  credentialsRef: { name: 'huawei' },
};
const credentials = { accessKeyId: 'AK', accessKeySecret: 'SK' };
const PATH = '/v1.0/proj/clusters/es-1/upgrade/detail';

/** `count` entries, entry i started i hours after 2024-01-01, so the last is the latest. */
function entries(count: number) {
  return Array.from({ length: count }, (_, i) => ({
    id: `d${i}`,
    startTime: String(Date.UTC(2024, 0, 1) + i * 3_600_000),
    status: i === count - 1 ? 'RUNNING' : 'SUCCESS',
    totalNodes: 'a,b',
    completedNodes: 'a',
  }));
}

/** A server that pages `all` the way the API does (offset = 1-based position). */
function pagingServer(
  all: unknown[],
  overrides: (offset: number) => HttpResponse | undefined = () => undefined,
) {
  return (url: URL): HttpResponse => {
    const offset = Number(url.searchParams.get('offset'));
    const limit = Number(url.searchParams.get('limit'));
    return (
      overrides(offset) ??
      jsonResponse(200, { totalSize: all.length, detailList: all.slice(offset - 1, offset - 1 + limit) })
    );
  };
}

function connect(server: (url: URL) => HttpResponse, extra: Partial<ClusterUpgradeWatchSpec> = {}) {
  const events: Parameters<RequestObserver>[0][] = [];
  const { transport, requests } = recordingTransport((_req, url) => server(url));
  const client = huaweiCss.connect({
    spec: { ...spec, ...extra },
    credentials,
    baseUrl: 'https://css.cn-north-4.myhuaweicloud.com',
    transport,
    clock: { now: () => new Date('2024-05-01T10:00:00Z') },
    onRequest: (e) => events.push(e),
  });
  const offsets = () => requests.map((r) => new URL(r.url).searchParams.get('offset'));
  return { client, requests, events, offsets };
}

describe('HuaweiCSS client', () => {
  it('one short page: one request with offset=1, limit=10 and no action_mode (a version upgrade)', async () => {
    const { client, requests } = connect(pagingServer(entries(3)));
    const result = await client.observe();
    expect(requests).toHaveLength(1);
    const url = new URL(requests[0]!.url);
    expect(url.pathname).toBe(PATH);
    expect(Object.fromEntries(url.searchParams)).toEqual({ offset: '1', limit: '10' });
    expect(result).toMatchObject({
      ok: true,
      observation: { phase: 'Running', upgradeID: 'd2', progress: 50 },
    });
  });

  const queries: Array<[why: string, mode: ClusterUpgradeWatchSpec['actionMode'], expected: object]> = [
    [
      'actionMode absent (default Upgrading): no action_mode, as seed 004 sends for an upgrade',
      undefined,
      { offset: '1', limit: '10' },
    ],
    [
      'actionMode Upgrading: no action_mode, never UPGRADING (CSS refuses it with 400 CSS.0001)',
      'Upgrading',
      { offset: '1', limit: '10' },
    ],
    [
      'actionMode AZMigration: action_mode=AZ_MIGRATION, the one value the API documents',
      'AZMigration',
      { offset: '1', limit: '10', action_mode: 'AZ_MIGRATION' },
    ],
  ];
  it.each(queries)('%s', async (_why, actionMode, expected) => {
    expect(detailQuery(actionMode, 1)).toEqual(expected);
    const { client, requests } = connect(pagingServer(entries(1)), actionMode ? { actionMode } : {});
    await client.observe();
    expect(Object.fromEntries(new URL(requests[0]!.url).searchParams)).toEqual(expected);
  });

  it('a 400 CSS.0001 is RequestRejected with code and request id; metrics say UpgradeDetail', async () => {
    const { client, events } = connect(() =>
      jsonResponse(
        400,
        { errCode: 'CSS.0001', externalMessage: 'CSS.0001 : Incorrect parameters.' },
        { 'x-request-id': 'css-400' },
      ),
    );
    expect(await client.observe()).toMatchObject({
      ok: false,
      error: { class: 'RequestRejected', code: 'CSS.0001', requestId: 'css-400', httpStatus: 400 },
    });
    expect(events.map((e) => [e.operation, e.result])).toEqual([['UpgradeDetail', 'RequestRejected']]);
  });

  it('reads every page and tracks the latest entry, which is on the last page', async () => {
    const { client, offsets, events } = connect(pagingServer(entries(25)));
    const result = await client.observe();
    expect(offsets()).toEqual(['1', '11', '21']);
    expect(result).toMatchObject({ ok: true, observation: { upgradeID: 'd24', phase: 'Running' } });
    expect(events.map((e) => [e.operation, e.result])).toEqual([
      ['UpgradeDetail', 'Success'],
      ['UpgradeDetail', 'Success'],
      ['UpgradeDetail', 'Success'],
    ]);
  });

  it('stops at totalSize when the last page is exactly full', async () => {
    const { client, offsets } = connect(pagingServer(entries(20)));
    await client.observe();
    expect(offsets()).toEqual(['1', '11']);
  });

  it(`reads at most ${MAX_PAGES} pages`, async () => {
    const { client, requests } = connect(pagingServer(entries(250)));
    const result = await client.observe();
    expect(requests).toHaveLength(MAX_PAGES);
    expect(result).toMatchObject({ ok: true, observation: { upgradeID: 'd99' } });
  });

  it('stops when a server ignores offset and repeats the first page', async () => {
    const all = entries(10);
    const { client, requests } = connect(() => jsonResponse(200, { detailList: all }));
    await client.observe();
    expect(requests).toHaveLength(2);
  });

  it('no entries is Idle', async () => {
    const { client } = connect(() => jsonResponse(200, { totalSize: 0, detailList: [] }));
    expect(await client.observe()).toEqual({ ok: true, observation: { phase: 'Idle' } });
  });

  it('a missing detailList is Idle too', async () => {
    const { client } = connect(() => jsonResponse(200, {}));
    expect(await client.observe()).toEqual({ ok: true, observation: { phase: 'Idle' } });
  });

  it('an error on a later page is returned (never a guess from partial data)', async () => {
    const { client, offsets } = connect(
      pagingServer(entries(25), (offset) =>
        offset === 11 ? jsonResponse(429, { error_code: 'APIG.0308', error_msg: 'throttled' }) : undefined,
      ),
    );
    expect(await client.observe()).toMatchObject({ ok: false, error: { class: 'Throttled' } });
    expect(offsets()).toEqual(['1', '11']);
  });

  it('CSS.0047 is NotFound', async () => {
    const { client } = connect(() =>
      jsonResponse(404, { errCode: 'CSS.0047', externalMessage: 'CSS.0047 : The cluster does not exist.' }),
    );
    expect(await client.observe()).toMatchObject({
      ok: false,
      error: { class: 'NotFound', code: 'CSS.0047' },
    });
  });

  it('a schema failure is InvalidResponse', async () => {
    const { client } = connect(() => jsonResponse(200, { detailList: { not: 'an array' } }));
    expect(await client.observe()).toMatchObject({ ok: false, error: { class: 'InvalidResponse' } });
  });

  it('entries without an id are all kept', async () => {
    const all = entries(3).map(({ id: _id, ...rest }) => rest);
    const { client } = connect(pagingServer(all));
    expect(await client.observe()).toMatchObject({
      ok: true,
      observation: { phase: 'Running', startTime: '2024-01-01T02:00:00Z' },
    });
  });

  it('refuses to connect without a projectID', () => {
    expect(() =>
      connectHuaweiCss({
        spec: { ...spec, projectID: undefined },
        credentials,
        baseUrl: 'https://x',
        transport: async () => jsonResponse(200, {}),
      }),
    ).toThrow(/projectID/);
  });

  it('works with the default clock and no observer', async () => {
    const client = connectHuaweiCss({
      spec,
      credentials,
      baseUrl: 'https://css.x.myhuaweicloud.com',
      transport: async () => jsonResponse(200, {}),
    });
    expect(await client.observe()).toEqual({ ok: true, observation: { phase: 'Idle' } });
  });
});
