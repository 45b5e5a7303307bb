#!/usr/bin/env node
// kubectl-upgradewatch: the kubectl plugin (`kubectl upgradewatch status|history`). See the
// README ("kubectl plugin") and plugins/upgradewatch.yaml (krew).
import { parseArgs, USAGE } from './args.js';
import { kubeWatchSource, loadTarget } from './kube.js';
import { runPlugin } from './run.js';

async function main(argv: string[]): Promise<number> {
  const parsed = parseArgs(argv);
  if (parsed.ok === 'help') {
    process.stdout.write(`${USAGE}\n`);
    return 0;
  }
  if (parsed.ok === false) {
    process.stderr.write(`error: ${parsed.error}\n\n${USAGE}\n`);
    return 1;
  }
  const { args } = parsed;
  const target = loadTarget(args);
  let stopped = false;
  let wake: (() => void) | undefined;
  process.once('SIGINT', () => {
    stopped = true;
    wake?.();
  });
  return runPlugin(args, target.namespace, kubeWatchSource(target.kubeConfig), {
    stdout: process.stdout,
    stderr: process.stderr,
    now: () => new Date(),
    sleep: (ms) =>
      new Promise<boolean>((resolve) => {
        if (stopped) return resolve(false);
        const timer = setTimeout(() => resolve(!stopped), ms);
        wake = () => {
          clearTimeout(timer);
          resolve(false);
        };
      }),
  });
}

main(process.argv.slice(2)).then(
  (code) => process.exit(code),
  (error: unknown) => {
    process.stderr.write(`error: ${error instanceof Error ? error.message : String(error)}\n`);
    process.exit(1);
  },
);
