// The Huawei clients over real HTTP (axios transport) against the simulator core serving the
// Huawei module and the shipped scenarios: proves encoding, Host, X-Sdk-Date and signature
// checks agree on the wire, not only in-process.
import { fileURLToPath } from 'node:url';
import { createAxiosTransport } from '../../../src/providers/common/axios-transport.js';
import { huaweiCce } from '../../../src/providers/huawei-cce/index.js';
import { huaweiCss } from '../../../src/providers/huawei-css/index.js';
import { startSimulator, type RunningSimulator } from '../../../src/simulator/index.js';
import { createHuaweiCloud } from '../../../src/simulator/huawei/index.js';

const scenario = (name: string) => fileURLToPath(new URL(`../../../scenarios/${name}`, import.meta.url));
const credentials = {
  accessKeyId: 'HPUASIMDEMOKEY000001',
  accessKeySecret: 'simDemoSecretHuawei0000000000000000000001',
};
const projectID = '6204a5bd270343b5885144cf9c8c158d';

describe('Huawei clients against the simulator over HTTP', () => {
  let nowMs = Date.parse('2024-05-01T10:00:00Z');
  const clock = { now: () => new Date(nowMs) };
  let sims: RunningSimulator[] = [];

  afterEach(async () => {
    await Promise.all(sims.map((s) => s.stop()));
    sims = [];
  });

  async function start(file: string): Promise<RunningSimulator> {
    const sim = await startSimulator({ clouds: [createHuaweiCloud()], scenario: scenario(file), clock });
    sims.push(sim);
    return sim;
  }

  it('CCE: Idle first, then the PreCheck step once the timeline moves on', async () => {
    const sim = await start('huawei-cce.yaml');
    const client = huaweiCce.connect({
      spec: {
        provider: 'HuaweiCCE',
        region: 'cn-north-4',
        clusterID: 'b4b9e60f-8aa2-11ee-af09-0255ac10004f',
        projectID,
        credentialsRef: { name: 's' },
      },
      credentials,
      baseUrl: sim.url,
      transport: createAxiosTransport(),
      clock,
    });
    expect(await client.observe()).toEqual({ ok: true, observation: { phase: 'Idle' } });
    nowMs += 20_000;
    const second = await client.observe();
    expect(second).toMatchObject({ ok: true, observation: { phase: 'Running', currentStep: 'PreCheck' } });
  });

  it('CSS: the running node and its step', async () => {
    const sim = await start('huawei-css.yaml');
    const client = huaweiCss.connect({
      spec: {
        provider: 'HuaweiCSS',
        region: 'cn-north-4',
        clusterID: 'ea244205-d641-45d9-9dcb-ab2236bcd07e',
        projectID,
        credentialsRef: { name: 's' },
      },
      credentials,
      baseUrl: sim.url,
      transport: createAxiosTransport(),
      clock,
    });
    nowMs += 20_000;
    expect(await client.observe()).toMatchObject({
      ok: true,
      observation: {
        phase: 'Running',
        currentStep: 'css-demo-ess-esn-1-1: Data migration',
        nodes: { total: 3, completed: 0 },
      },
    });
  });

  it('a wrong secret is AuthFailed over the wire', async () => {
    const sim = await start('huawei-css.yaml');
    const client = huaweiCss.connect({
      spec: {
        provider: 'HuaweiCSS',
        region: 'cn-north-4',
        clusterID: 'ea244205-d641-45d9-9dcb-ab2236bcd07e',
        projectID,
        credentialsRef: { name: 's' },
      },
      credentials: { ...credentials, accessKeySecret: 'wrong' },
      baseUrl: sim.url,
      transport: createAxiosTransport(),
      clock,
    });
    expect(await client.observe()).toMatchObject({
      ok: false,
      error: { class: 'AuthFailed', code: 'APIG.0301' },
    });
  });
});
