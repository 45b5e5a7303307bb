// upgradewatch-sim: run the cloud simulator as a process (demo, benchmark, manual poking).
// Prints `listening on URL` and the admin base on stdout; logs JSON lines on stderr;
// SIGTERM/SIGINT stop it cleanly.

import { parseArgs } from 'node:util';
import { pino } from 'pino';
import { ALIBABA_ACK, PROVIDERS } from '../providers/names.js';
import { SAMPLES } from '../providers/samples.js';
import type { SimLogger } from './logger.js';
import { PROJECT_PROVIDERS } from './scenario.js';
import { startSimulator } from './server.js';
import type { SimCloud } from './types.js';

const STATE_KEY_WIDTH = Math.max(...PROVIDERS.map((provider) => provider.length)) + 2;
/** One help line per provider: the operation keys its cluster states hold. */
const STATE_KEYS = PROVIDERS.map(
  (provider) =>
    `${' '.repeat(35)}#   ${`${provider}:`.padEnd(STATE_KEY_WIDTH)}${SAMPLES[provider].stateOperations.join(', ')}`,
).join('\n');

export const HELP = `upgradewatch-sim — simulated Alibaba Cloud (ACK, ACK add-ons) and Huawei Cloud (CCE, CSS)
upgrade-status APIs on one loopback port: real paths, real signature checks, scripted
upgrade timelines and injectable faults. See docs/simulator.md.

Usage: upgradewatch-sim [flags]

Flags:
  --port N              port to listen on (default 0: any free port; read it from the output)
  --host HOST           address to bind (default 127.0.0.1); loopback only unless --allow-non-loopback
  --allow-non-loopback  allow a non-loopback --host (the simulator accepts made-up credentials)
  --scenario FILE       YAML or JSON scenario to play (default: no clusters, no credentials)
  --tls                 serve HTTPS with a generated CA; its path is printed at start
  --cert-dir DIR        with --tls: keep the CA and server certificate in DIR and reuse them
  --seed N              seed for probability faults (overrides the scenario's "seed")
  --log-level LEVEL     debug | info | warn | error | silent (default info; JSON lines on stderr)
  -h, --help            show this help

On start it prints:
  listening on http://127.0.0.1:PORT
  admin API on http://127.0.0.1:PORT/_sim

Scenario format (YAML or JSON):
  seed: 42                         # optional, for probability faults
  credentials:                     # access keys the simulated clouds accept
    - accessKeyId: <id>
      accessKeySecret: <secret>
      securityToken: <token>       # optional: requests must then carry it (STS)
      projectIds: [<id>]           # optional, Huawei: projects this key may use
  clusters:
    - provider: ${PROVIDERS.join(' | ')}
      clusterID: <id>
      projectID: <id>              # required for ${PROJECT_PROVIDERS.join(' / ')}
      region: <region>             # optional
      loop: false                  # true: replay the timeline forever
      timeline:                    # or "state: {...}" for one fixed state
        - duration: 20s            # ms, s, m, h, or sums like 1m30s; the last entry persists
          state: {...}             # provider-native bodies keyed by operation name:
${STATE_KEYS}
                                   #   (DescribeTaskInfo and ShowUpgradeClusterTask hold {taskID: body})
      faults:                      # optional, armed at start for this cluster
        - kind: throttle           # throttle | server-error | auth | not-found | clock-skew | latency |
          count: 2                 # malformed | truncated | content-type | html | empty
          probability: 0.5         # optional, seeded
          latencyMs: 1500          # latency faults
          retryAfterSeconds: 3     # throttle faults
          operation: GetUpgradeStatus
  faults:                          # optional, armed at start; clusterID "*" = every cluster
    - { clusterID: "*", kind: latency, latencyMs: 200, probability: 0.1 }

Example:
  credentials:
    - { accessKeyId: LTAI5tDemoKey, accessKeySecret: demo-secret }
  clusters:
    - provider: ${ALIBABA_ACK}
      clusterID: c106f377e16f34eb1808d6b93620000
      region: cn-hangzhou
      timeline:
        - duration: 20s
          state: { GetUpgradeStatus: { status: "", upgrade_step: not_start } }
        - duration: 30s
          state: { GetUpgradeStatus: { status: running, upgrade_step: prechecking } }
        - duration: 1m
          state: { GetUpgradeStatus: { status: running, upgrade_step: upgrading } }
        - state: { GetUpgradeStatus: { status: success, upgrade_step: success } }

Admin API (JSON, under /_sim): GET healthz | GET clusters | GET/PUT/DELETE clusters/{provider}/{id}
  | POST clusters/{provider}/{id}/restart | GET/POST/DELETE faults | GET/DELETE counters
  | GET/PUT credentials | POST reset
`;

export interface CliIo {
  out(line: string): void;
  err(line: string): void;
  /** Resolves with the signal name when the process should stop. */
  waitForStop(): Promise<string>;
  /** Override the simulated clouds (tests). */
  clouds?: SimCloud[];
}

function waitForSignal(): Promise<string> {
  return new Promise((resolve) => {
    const stop = (signal: string) => resolve(signal);
    process.once('SIGTERM', stop);
    process.once('SIGINT', stop);
  });
}

const defaultIo: CliIo = {
  out: (line) => process.stdout.write(`${line}\n`),
  err: (line) => process.stderr.write(`${line}\n`),
  waitForStop: waitForSignal,
};

const LOG_LEVELS = ['debug', 'info', 'warn', 'error', 'silent'];

function integer(name: string, text: string | undefined, min: number, max: number): number | undefined {
  if (text === undefined) return undefined;
  const value = Number(text);
  if (!Number.isInteger(value) || value < min || value > max)
    throw new Error(`--${name} must be an integer in ${min}..${max}`);
  return value;
}

/** Run the CLI; resolves with the exit code once stopped. */
export async function main(argv: string[], io: CliIo = defaultIo): Promise<number> {
  let flags;
  try {
    flags = parseArgs({
      args: argv,
      strict: true,
      allowPositionals: false,
      options: {
        port: { type: 'string' },
        host: { type: 'string' },
        'allow-non-loopback': { type: 'boolean' },
        scenario: { type: 'string' },
        tls: { type: 'boolean' },
        'cert-dir': { type: 'string' },
        seed: { type: 'string' },
        'log-level': { type: 'string' },
        help: { type: 'boolean', short: 'h' },
      },
    }).values;
  } catch (error) {
    io.err(`upgradewatch-sim: ${error instanceof Error ? error.message : String(error)} (see --help)`);
    return 2;
  }
  if (flags.help) {
    io.out(HELP);
    return 0;
  }
  let port: number | undefined;
  let seed: number | undefined;
  const level = flags['log-level'] ?? 'info';
  try {
    port = integer('port', flags.port, 0, 65535);
    seed = integer('seed', flags.seed, -(2 ** 31), 2 ** 32 - 1);
    if (!LOG_LEVELS.includes(level)) throw new Error(`--log-level must be one of ${LOG_LEVELS.join(', ')}`);
    if (flags['cert-dir'] !== undefined && !flags.tls)
      throw new Error('--cert-dir only makes sense with --tls');
  } catch (error) {
    io.err(`upgradewatch-sim: ${error instanceof Error ? error.message : String(error)}`);
    return 2;
  }
  const logger: SimLogger = pino({ name: 'upgradewatch-sim', level }, pino.destination(2));

  let simulator;
  try {
    simulator = await startSimulator({
      ...(port !== undefined ? { port } : {}),
      ...(seed !== undefined ? { seed } : {}),
      ...(flags.host !== undefined ? { host: flags.host } : {}),
      ...(flags.scenario !== undefined ? { scenario: flags.scenario } : {}),
      ...(flags['cert-dir'] !== undefined ? { certDir: flags['cert-dir'] } : {}),
      ...(io.clouds ? { clouds: io.clouds } : {}),
      allowNonLoopback: flags['allow-non-loopback'] ?? false,
      tls: flags.tls ?? false,
      logger,
    });
  } catch (error) {
    io.err(`upgradewatch-sim: ${error instanceof Error ? error.message : String(error)}`);
    return 1;
  }
  io.out(`listening on ${simulator.url}`);
  io.out(`admin API on ${simulator.adminUrl}`);
  if (simulator.caFile) io.out(`CA certificate: ${simulator.caFile}`);

  const signal = await io.waitForStop();
  logger.info({ signal }, 'stopping');
  await simulator.stop();
  return 0;
}
