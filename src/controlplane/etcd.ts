// A single-member etcd on free loopback ports, data in the given directory.
import { mkdirSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { ControlPlaneError, isAddressInUse } from './errors.js';
import { freePort } from './ports.js';
import { ManagedProcess } from './process.js';
import type { Timings } from './timings.js';
import { waitUntil } from './wait.js';

interface EtcdOptions {
  binary: string;
  /** Work dir; the data dir and etcd.log go inside. */
  dir: string;
  timings: Timings;
}

export interface RunningEtcd {
  clientURL: string;
  /** Version the server reports, e.g. "3.7.3". */
  version: string;
  process: ManagedProcess;
  stop(): Promise<void>;
}

const START_ATTEMPTS = 3;

async function healthy(clientURL: string): Promise<boolean> {
  const res = await fetch(`${clientURL}/health`, { signal: AbortSignal.timeout(2000) });
  const body = (await res.json()) as { health?: string };
  return res.ok && body.health === 'true';
}

async function startOnce(opts: EtcdOptions, logPath: string): Promise<RunningEtcd> {
  const [clientPort, peerPort] = [await freePort(), await freePort()];
  const clientURL = `http://127.0.0.1:${clientPort}`;
  const peerURL = `http://127.0.0.1:${peerPort}`;
  const dataDir = join(opts.dir, 'etcd-data');
  rmSync(dataDir, { recursive: true, force: true });
  mkdirSync(dataDir, { recursive: true, mode: 0o700 });
  const proc = await ManagedProcess.start({
    name: 'etcd',
    command: opts.binary,
    args: [
      '--name=default',
      `--data-dir=${dataDir}`,
      `--listen-client-urls=${clientURL}`,
      `--advertise-client-urls=${clientURL}`,
      `--listen-peer-urls=${peerURL}`,
      `--initial-advertise-peer-urls=${peerURL}`,
      `--initial-cluster=default=${peerURL}`,
      '--unsafe-no-fsync=true',
      '--log-level=warn',
    ],
    logPath,
  });
  try {
    await waitUntil('etcd /health', () => healthy(clientURL), {
      timeoutMs: opts.timings.etcdReadyTimeoutMs,
      intervalMs: opts.timings.pollIntervalMs,
      abort: () => {
        const exit = proc.describeExit();
        return exit ? new ControlPlaneError(exit, logPath) : undefined;
      },
    });
    const res = await fetch(`${clientURL}/version`);
    const { etcdserver } = (await res.json()) as { etcdserver?: string };
    return {
      clientURL,
      version: etcdserver ?? 'unknown',
      process: proc,
      stop: () => proc.stop(opts.timings.stopGraceMs),
    };
  } catch (err) {
    await proc.stop(opts.timings.stopGraceMs);
    if (err instanceof ControlPlaneError) throw err;
    throw new ControlPlaneError(err instanceof Error ? err.message : String(err), logPath);
  }
}

export async function startEtcd(opts: EtcdOptions): Promise<RunningEtcd> {
  const logPath = join(opts.dir, 'etcd.log');
  for (let attempt = 1; ; attempt++) {
    try {
      return await startOnce(opts, logPath);
    } catch (err) {
      // Another process may have taken a port between probe and bind.
      if (attempt >= START_ATTEMPTS || !isAddressInUse(logPath)) throw err;
    }
  }
}
