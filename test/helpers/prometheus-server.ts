// A real Prometheus server (scripts/tools/install-prometheus.sh: the same module and version as
// promtool) on loopback, scraping given targets every second, with its HTTP query API.
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { stringify } from 'yaml';
import { freePort } from '../../src/controlplane/ports.js';
import { ManagedProcess, tailFile } from '../../src/controlplane/process.js';
import { eventually } from './operator-harness.js';

export interface PromSample {
  metric: Record<string, string>;
  value: [number, string];
}

export interface PrometheusServer {
  url: string;
  /** Instant query through /api/v1/query; throws with Prometheus's error text when it fails. */
  query(expr: string): Promise<PromSample[]>;
  logTail(): string;
  stop(): Promise<void>;
}

export const SCRAPE_INTERVAL = '1s';

export async function startPrometheus(
  binary: string,
  job: string,
  targets: string[],
): Promise<PrometheusServer> {
  const dir = mkdtempSync(join(tmpdir(), 'uw-prometheus-'));
  const config = join(dir, 'prometheus.yml');
  writeFileSync(
    config,
    stringify({
      global: { scrape_interval: SCRAPE_INTERVAL, evaluation_interval: SCRAPE_INTERVAL },
      scrape_configs: [{ job_name: job, static_configs: [{ targets }] }],
    }),
  );
  const port = await freePort();
  const logPath = join(dir, 'prometheus.log');
  const proc = await ManagedProcess.start({
    name: 'prometheus',
    command: binary,
    args: [
      `--config.file=${config}`,
      `--storage.tsdb.path=${join(dir, 'data')}`,
      `--web.listen-address=127.0.0.1:${port}`,
    ],
    logPath,
  });
  const url = `http://127.0.0.1:${port}`;
  const logTail = () => tailFile(logPath, 40);
  const stop = async () => {
    await proc.stop(5_000);
    rmSync(dir, { recursive: true, force: true });
  };
  try {
    await eventually(
      'Prometheus ready',
      async () => {
        if (!proc.running) throw new Error(`${proc.describeExit()}:\n${logTail()}`);
        return (await fetch(`${url}/-/ready`)).ok;
      },
      60_000,
      200,
    );
  } catch (error) {
    await stop();
    throw error;
  }
  const query = async (expr: string): Promise<PromSample[]> => {
    const res = await fetch(`${url}/api/v1/query?${new URLSearchParams({ query: expr })}`);
    const body = (await res.json()) as {
      status: string;
      error?: string;
      data?: { resultType: string; result: PromSample[] };
    };
    if (body.status !== 'success') throw new Error(`query ${expr} failed: ${body.error ?? res.status}`);
    if (body.data?.resultType !== 'vector')
      throw new Error(`query ${expr}: ${body.data?.resultType}, not a vector`);
    return body.data.result;
  };
  return { url, query, logTail, stop };
}
