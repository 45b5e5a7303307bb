// `npm run demo -- [flags]`: flag parsing and help. Pure.

import { parseDuration } from '../api/duration.js';
import { DEMO_NAMESPACE } from './samples.js';

export interface DemoOptions {
  /** Stop once every watch shows its scripted final phase (exit 0), or at the timeout (exit 1). */
  once: boolean;
  /** `--once` deadline, counted from when the watches are applied. */
  timeoutMs: number;
  /** Scenario file for the simulator; undefined = the shipped scenarios/demo.yaml. */
  scenario?: string;
  /** Run on this existing cluster instead of starting a local control plane. */
  kubeconfig?: string;
  /** Keep the demo's log directory on exit (it is always kept when the demo fails). */
  keepLogs: boolean;
  /** Table refresh period. */
  refreshMs: number;
  help: boolean;
}

export class UsageError extends Error {
  override readonly name = 'UsageError';
}

const DEFAULT_TIMEOUT = '5m';

export const HELP = `Usage: npm run demo -- [flags]

Starts a local kube-apiserver + etcd, the cloud simulator (scenarios/demo.yaml) and the operator,
applies one ClusterUpgradeWatch per provider (plus a failing and a pausing one) in the namespace
${DEMO_NAMESPACE}, and shows them progressing. Ctrl-C stops everything and cleans up.

Flags:
  --once             stop when every watch shows its scripted final phase (exit 0),
                     or exit 1 at the timeout naming the watches that did not get there
  --timeout D        deadline for --once, e.g. 5m, 90s (default ${DEFAULT_TIMEOUT})
  --scenario FILE    simulator scenario to play instead of scenarios/demo.yaml; it must
                     simulate the clusters of src/demo/samples.ts
  --kubeconfig PATH  run on a cluster you already have (kind, minikube, a dev cluster) instead
                     of starting a local control plane: applies the CRD server-side, runs the
                     simulator and the operator (--namespace ${DEMO_NAMESPACE}) on this machine,
                     and on exit deletes the namespace and everything it created (the CRD too,
                     unless it was there before)
  --keep-logs        keep the operator and simulator logs after exit (kept anyway on failure)
  --help             print this help
`;

function duration(flag: string, value: string | undefined): number {
  const ms = value === undefined ? undefined : parseDuration(value);
  if (ms === undefined || ms <= 0)
    throw new UsageError(`${flag} needs a duration like 5m or 90s, got ${value ?? 'nothing'}`);
  return ms;
}

export function parseArgs(argv: readonly string[]): DemoOptions {
  const options: DemoOptions = {
    once: false,
    timeoutMs: parseDuration(DEFAULT_TIMEOUT) ?? 300_000,
    keepLogs: false,
    refreshMs: 1000,
    help: false,
  };
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i] ?? '';
    const [flag, inline] =
      arg.startsWith('--') && arg.includes('=')
        ? [arg.slice(0, arg.indexOf('=')), arg.slice(arg.indexOf('=') + 1)]
        : [arg, undefined];
    const value = (): string | undefined => inline ?? argv[++i];
    switch (flag) {
      case '--once':
        options.once = true;
        break;
      case '--timeout':
        options.timeoutMs = duration(flag, value());
        break;
      case '--scenario': {
        const file = value();
        if (!file) throw new UsageError('--scenario needs a file');
        options.scenario = file;
        break;
      }
      case '--kubeconfig': {
        const file = value();
        if (!file) throw new UsageError('--kubeconfig needs a file');
        options.kubeconfig = file;
        break;
      }
      case '--keep-logs':
        options.keepLogs = true;
        break;
      case '--help':
      case '-h':
        options.help = true;
        break;
      default:
        throw new UsageError(`unknown argument ${arg}`);
    }
  }
  return options;
}
