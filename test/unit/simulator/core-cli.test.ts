import { mkdtemp, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createAxiosTransport } from '../../../src/providers/common/axios-transport.js';
import { HELP, main, type CliIo } from '../../../src/simulator/cli.js';
import { AUTH, KEY, fakeCloud } from './core-fixtures.js';

function io() {
  const out: string[] = [];
  const err: string[] = [];
  let stop: (signal: string) => void = () => undefined;
  const stopped = new Promise<string>((resolve) => (stop = resolve));
  const value: CliIo = {
    out: (line) => void out.push(line),
    err: (line) => void err.push(line),
    waitForStop: () => stopped,
    clouds: [fakeCloud],
  };
  return { io: value, out, err, stop: (signal = 'SIGTERM') => stop(signal) };
}

const waitFor = async (predicate: () => boolean) => {
  for (let i = 0; i < 200 && !predicate(); i++) await new Promise((resolve) => setTimeout(resolve, 10));
  if (!predicate()) throw new Error('condition not reached');
};

describe('upgradewatch-sim CLI', () => {
  it('--help documents the flags and the scenario format with an example', async () => {
    const { io: cli, out } = io();
    expect(await main(['--help'], cli)).toBe(0);
    const text = out.join('\n');
    expect(text).toBe(HELP);
    for (const flag of ['--port', '--host', '--allow-non-loopback', '--scenario', '--tls', '--cert-dir'])
      expect(text).toContain(flag);
    for (const word of [
      'Scenario format',
      'credentials:',
      'clusters:',
      'timeline:',
      'duration:',
      'loop:',
      'faults:',
      'Example:',
      'GetUpgradeStatus',
      'ListUpgradeWorkFlows',
      'ListClustersDetails',
      'GetClusterAddonUpgradeStatus',
    ]) {
      expect(text).toContain(word);
    }
  });

  it.each([
    ['an unknown flag', ['--bogus'], /bogus/],
    ['a port out of range', ['--port', '70000'], /--port must be an integer/],
    ['a port that is not a number', ['--port', 'http'], /--port must be an integer/],
    ['an unknown log level', ['--log-level', 'loud'], /--log-level must be one of/],
    ['--cert-dir without --tls', ['--cert-dir', '/tmp/x'], /only makes sense with --tls/],
    ['a positional argument', ['scenario.yaml'], /positional/i],
  ])('exits 2 on %s', async (_why, argv, message) => {
    const { io: cli, err } = io();
    expect(await main(argv, cli)).toBe(2);
    expect(err.join('\n')).toMatch(message);
  });

  it('exits 1 with the scenario error when the scenario is invalid', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'sim-cli-'));
    const file = join(dir, 'bad.yaml');
    await writeFile(file, 'clusters:\n  - provider: AlibabaACK\n');
    const { io: cli, err } = io();
    expect(await main(['--scenario', file, '--log-level', 'silent'], cli)).toBe(1);
    expect(err.join('\n')).toMatch(/invalid scenario .*bad\.yaml/);
  });

  it('refuses a non-loopback host without --allow-non-loopback', async () => {
    const { io: cli, err } = io();
    expect(await main(['--host', '0.0.0.0', '--log-level', 'silent'], cli)).toBe(1);
    expect(err.join('\n')).toMatch(/non-loopback/);
  });

  it('serves the scenario, prints the URLs, and stops cleanly on the stop signal', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'sim-cli-'));
    const file = join(dir, 'ok.yaml');
    await writeFile(
      file,
      `credentials: [{ accessKeyId: ${KEY.accessKeyId}, accessKeySecret: ${KEY.accessKeySecret} }]\n` +
        'clusters:\n  - { provider: AlibabaACK, clusterID: c1, state: { GetUpgradeStatus: { status: running, upgrade_step: upgrading } } }\n',
    );
    const { io: cli, out, stop } = io();
    const exit = main(['--scenario', file, '--log-level', 'silent'], cli);
    await waitFor(() => out.length >= 2);
    const url = /^listening on (http:\/\/127\.0\.0\.1:\d+)$/.exec(out[0] ?? '')?.[1];
    expect(url).toBeDefined();
    expect(out[1]).toBe(`admin API on ${url}/_sim`);
    const reply = await createAxiosTransport()({
      method: 'GET',
      url: `${url}/fake/c1/status`,
      headers: AUTH,
    });
    expect(JSON.parse(reply.body).upgrade_step).toBe('upgrading');
    stop('SIGTERM');
    expect(await exit).toBe(0);
    await expect(
      createAxiosTransport()({ method: 'GET', url: `${url}/fake/c1/status`, headers: AUTH }),
    ).rejects.toThrow();
  });
});

describe('the --help example', () => {
  it('is a valid scenario', async () => {
    const { parseScenarioText } = await import('../../../src/simulator/scenario.js');
    const example = HELP.slice(HELP.indexOf('Example:\n') + 'Example:\n'.length, HELP.indexOf('\nAdmin API'))
      .split('\n')
      .map((line) => line.slice(2))
      .join('\n');
    const scenario = parseScenarioText(example, 'help example');
    expect(scenario.clusters[0]?.entries).toHaveLength(4);
    expect(scenario.credentials).toHaveLength(1);
  });
});
