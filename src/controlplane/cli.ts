#!/usr/bin/env node
// Local control plane CLI (for the demo and manual testing):
//   cli.js build                               build/locate binaries, print their dir
//   cli.js start [--kubeconfig-out PATH]       start, print the kubeconfig path, run until Ctrl-C
import { copyFileSync } from 'node:fs';
import { locateBinaries } from './binaries.js';
import { startControlPlane } from './index.js';

const USAGE = 'usage: controlplane build | start [--kubeconfig-out PATH]';

function flagValue(args: string[], flag: string): string | undefined {
  const i = args.indexOf(flag);
  if (i < 0) return undefined;
  const value = args[i + 1];
  if (!value) throw new Error(`${flag} needs a value\n${USAGE}`);
  return value;
}

async function build(): Promise<void> {
  const b = await locateBinaries();
  process.stdout.write(`${b.dir}\n`);
}

async function start(args: string[]): Promise<void> {
  const began = Date.now();
  const cp = await startControlPlane();
  const out = flagValue(args, '--kubeconfig-out');
  const kubeconfig = out ?? cp.kubeconfigPath;
  if (out) copyFileSync(cp.kubeconfigPath, out);
  process.stderr.write(
    `kube-apiserver ${cp.version}, etcd ${cp.etcdVersion} ready at ${cp.server} in ${Date.now() - began}ms\n` +
      `logs: ${cp.logs.apiServer} ${cp.logs.etcd}\n` +
      `export KUBECONFIG=${kubeconfig}\n` +
      'Ctrl-C to stop.\n',
  );
  process.stdout.write(`${kubeconfig}\n`);
  await new Promise<void>((resolve) => {
    const shutdown = (): void => resolve();
    process.once('SIGINT', shutdown);
    process.once('SIGTERM', shutdown);
  });
  process.stderr.write('stopping control plane...\n');
  await cp.stop();
}

async function main(argv: string[]): Promise<void> {
  const [command, ...rest] = argv;
  if (command === 'build') return build();
  if (command === 'start') return start(rest);
  throw new Error(USAGE);
}

main(process.argv.slice(2)).then(
  () => process.exit(0),
  (err: unknown) => {
    process.stderr.write(`${err instanceof Error ? err.message : String(err)}\n`);
    process.exit(1);
  },
);
