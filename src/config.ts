// Command-line flags of docs/reference.md#flags. Each flag also reads an `UPGRADEWATCH_*` environment variable
// (`--max-concurrent-polls` ↔ `UPGRADEWATCH_MAX_CONCURRENT_POLLS`); a flag wins over its variable.

import { parseArgs } from 'node:util';
import { parseDuration } from './api/duration.js';

export interface OperatorConfig {
  kubeconfig?: string;
  namespace?: string;
  selector?: string;
  metricsBindAddress: string;
  healthProbeBindAddress: string;
  leaderElect: boolean;
  leaderElectionNamespace: string;
  leaderElectionId: string;
  maxConcurrentPolls: number;
  /** Polls of one namespace in flight at most; 0 = no cap. */
  maxConcurrentPollsPerNamespace: number;
  cloudQps: number;
  cloudBurst: number;
  statusHeartbeatMs: number;
  allowCustomEndpoints: boolean;
  /** Only Secrets labelled upgradewatch.io/credentials: "true" may be used by a watch. */
  requireCredentialsLabel: boolean;
  logLevel: string;
  /** Extra PEM CA bundle for cloud endpoints (simulators with TLS, private clouds). */
  cloudCaFile?: string;
}

interface FlagSpec {
  name: string;
  type: 'string' | 'boolean';
  default?: string;
  help: string;
}

/** Cloud polls (and so status writes) in flight at most; the bench's floor uses it too. */
export const DEFAULT_MAX_CONCURRENT_POLLS = 16;

const FLAGS: readonly FlagSpec[] = [
  {
    name: 'kubeconfig',
    type: 'string',
    help: 'kubeconfig path (default: in-cluster, then $KUBECONFIG, then ~/.kube/config)',
  },
  { name: 'namespace', type: 'string', help: 'watch only this namespace (default: all namespaces)' },
  {
    name: 'selector',
    type: 'string',
    help: 'label selector; shard a large fleet across several Deployments',
  },
  {
    name: 'metrics-bind-address',
    type: 'string',
    default: ':8080',
    help: 'Prometheus /metrics address ("0" disables)',
  },
  {
    name: 'health-probe-bind-address',
    type: 'string',
    default: ':8081',
    help: '/healthz and /readyz address ("0" disables)',
  },
  {
    name: 'leader-elect',
    type: 'boolean',
    default: 'false',
    help: 'elect a leader over a coordination.k8s.io Lease',
  },
  {
    name: 'leader-election-namespace',
    type: 'string',
    help: 'namespace of the Lease (default: $POD_NAMESPACE, the in-cluster namespace, or upgradewatch-system)',
  },
  { name: 'leader-election-id', type: 'string', default: 'upgradewatch-leader', help: 'name of the Lease' },
  {
    name: 'max-concurrent-polls',
    type: 'string',
    default: String(DEFAULT_MAX_CONCURRENT_POLLS),
    help: 'cloud polls in flight at most',
  },
  {
    name: 'max-concurrent-polls-per-namespace',
    type: 'string',
    default: '8',
    help: 'cloud polls of one namespace in flight at most, so one tenant cannot hold every slot ("0" = no cap)',
  },
  { name: 'cloud-qps', type: 'string', default: '10', help: 'requests/s per (provider, access key, region)' },
  { name: 'cloud-burst', type: 'string', default: '20', help: 'burst per (provider, access key, region)' },
  {
    name: 'status-heartbeat',
    type: 'string',
    default: '10m',
    help: 'rewrite lastSyncTime at most this often when nothing changed',
  },
  {
    name: 'allow-custom-endpoints',
    type: 'boolean',
    default: 'false',
    help: 'accept any http(s) spec.endpoint (simulators, private clouds); otherwise only https on the provider domain',
  },
  {
    name: 'require-credentials-label',
    type: 'boolean',
    default: 'false',
    help: 'a watch may use a Secret only if it is labelled upgradewatch.io/credentials: "true"',
  },
  {
    name: 'cloud-ca-file',
    type: 'string',
    help: 'extra PEM CA bundle trusted for cloud endpoints (TLS stays verified)',
  },
  {
    name: 'log-level',
    type: 'string',
    default: 'info',
    help: 'trace, debug, info, warn, error, fatal or silent',
  },
];

export function envName(flag: string): string {
  return `UPGRADEWATCH_${flag.toUpperCase().replace(/-/g, '_')}`;
}

export function helpText(): string {
  const lines = [
    'Usage: upgradewatch [flags]',
    '',
    'Flags (each also read from the environment variable shown):',
  ];
  for (const flag of FLAGS) {
    const dflt = flag.default !== undefined ? ` (default ${flag.default})` : '';
    lines.push(`  --${flag.name}${flag.type === 'string' ? ' VALUE' : ''}`);
    lines.push(`      ${flag.help}${dflt}  [${envName(flag.name)}]`);
  }
  lines.push('  --help', '      print this help');
  return lines.join('\n');
}

export class ConfigError extends Error {
  override name = 'ConfigError';
}

function positiveNumber(flag: string, raw: string, integer: boolean): number {
  const value = Number(raw);
  if (!Number.isFinite(value) || value <= 0 || (integer && !Number.isInteger(value))) {
    throw new ConfigError(`--${flag} must be a positive ${integer ? 'integer' : 'number'}, got "${raw}"`);
  }
  return value;
}

function nonNegativeInteger(flag: string, raw: string): number {
  const value = Number(raw);
  if (!Number.isInteger(value) || value < 0) {
    throw new ConfigError(`--${flag} must be a non-negative integer, got "${raw}"`);
  }
  return value;
}

function bool(flag: string, raw: string | boolean): boolean {
  if (typeof raw === 'boolean') return raw;
  if (/^(true|1|yes)$/i.test(raw)) return true;
  if (/^(false|0|no|)$/i.test(raw)) return false;
  throw new ConfigError(`--${flag} must be true or false, got "${raw}"`);
}

type ParsedArgs = { help: true } | { help: false; config: OperatorConfig };

export function parseConfig(argv: readonly string[], env: Record<string, string | undefined>): ParsedArgs {
  const options: Record<string, { type: 'string' | 'boolean' }> = { help: { type: 'boolean' } };
  for (const flag of FLAGS) options[flag.name] = { type: flag.type };
  let values: Record<string, string | boolean | undefined>;
  try {
    values = parseArgs({ args: [...argv], options, strict: true, allowPositionals: false }).values as Record<
      string,
      string | boolean | undefined
    >;
  } catch (error) {
    throw new ConfigError(error instanceof Error ? error.message : String(error));
  }
  if (values.help) return { help: true };
  const raw = (name: string): string | boolean | undefined => {
    if (values[name] !== undefined) return values[name];
    const fromEnv = env[envName(name)];
    if (fromEnv !== undefined && fromEnv !== '') return fromEnv;
    return FLAGS.find((f) => f.name === name)?.default;
  };
  const str = (name: string): string | undefined => {
    const v = raw(name);
    return v === undefined ? undefined : String(v);
  };
  const heartbeat = str('status-heartbeat') ?? '10m';
  const statusHeartbeatMs = parseDuration(heartbeat);
  if (statusHeartbeatMs === undefined || statusHeartbeatMs <= 0) {
    throw new ConfigError(`--status-heartbeat must be a duration such as 10m, got "${heartbeat}"`);
  }
  const logLevel = str('log-level') ?? 'info';
  if (!['trace', 'debug', 'info', 'warn', 'error', 'fatal', 'silent'].includes(logLevel)) {
    throw new ConfigError(`--log-level must be one of trace, debug, info, warn, error, fatal, silent`);
  }
  const config: OperatorConfig = {
    metricsBindAddress: str('metrics-bind-address') ?? ':8080',
    healthProbeBindAddress: str('health-probe-bind-address') ?? ':8081',
    leaderElect: bool('leader-elect', raw('leader-elect') ?? false),
    leaderElectionNamespace: str('leader-election-namespace') ?? env.POD_NAMESPACE ?? 'upgradewatch-system',
    leaderElectionId: str('leader-election-id') ?? 'upgradewatch-leader',
    maxConcurrentPolls: positiveNumber(
      'max-concurrent-polls',
      str('max-concurrent-polls') ?? String(DEFAULT_MAX_CONCURRENT_POLLS),
      true,
    ),
    maxConcurrentPollsPerNamespace: nonNegativeInteger(
      'max-concurrent-polls-per-namespace',
      str('max-concurrent-polls-per-namespace') ?? '8',
    ),
    cloudQps: positiveNumber('cloud-qps', str('cloud-qps') ?? '10', false),
    cloudBurst: positiveNumber('cloud-burst', str('cloud-burst') ?? '20', true),
    statusHeartbeatMs,
    allowCustomEndpoints: bool('allow-custom-endpoints', raw('allow-custom-endpoints') ?? false),
    requireCredentialsLabel: bool('require-credentials-label', raw('require-credentials-label') ?? false),
    logLevel,
  };
  const optional = {
    kubeconfig: 'kubeconfig',
    namespace: 'namespace',
    selector: 'selector',
    cloudCaFile: 'cloud-ca-file',
  } as const;
  for (const [key, flag] of Object.entries(optional)) {
    const value = str(flag);
    if (value !== undefined && value !== '') config[key as keyof typeof optional] = value;
  }
  return { help: false, config };
}
