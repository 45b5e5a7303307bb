// Command line of `kubectl upgradewatch` (pure): kubectl's own spelling of the shared flags
// (-n/--namespace, -A/--all-namespaces, -o/--output, -w/--watch, --kubeconfig, --context), with
// `--flag value` and `--flag=value` both accepted.

type Command = 'status' | 'history';

export interface PluginArgs {
  command: Command;
  name?: string;
  namespace?: string;
  allNamespaces: boolean;
  watch: boolean;
  output: 'text' | 'json';
  kubeconfig?: string;
  context?: string;
}

type ParseResult = { ok: true; args: PluginArgs } | { ok: false; error: string } | { ok: 'help' };

export const USAGE = `Show ClusterUpgradeWatch upgrades at a glance.

Usage:
  kubectl upgradewatch status [NAME] [-n NAMESPACE | -A] [-w] [-o json]
  kubectl upgradewatch history NAME [-n NAMESPACE] [-o json]

Flags:
  -n, --namespace NAME     namespace (default: the kubeconfig context's, else "default")
  -A, --all-namespaces     every namespace (status without NAME)
  -w, --watch              keep redrawing as the status changes (plain lines when piped)
  -o, --output json        print the same data as JSON
      --kubeconfig PATH    kubeconfig file (default: $KUBECONFIG, else ~/.kube/config)
      --context NAME       kubeconfig context (default: the current context)

Exit status: 0 ok, 1 not found or error.`;

const VALUE_FLAGS: Record<string, keyof PluginArgs> = {
  '-n': 'namespace',
  '--namespace': 'namespace',
  '-o': 'output',
  '--output': 'output',
  '--kubeconfig': 'kubeconfig',
  '--context': 'context',
};

export function parseArgs(argv: readonly string[]): ParseResult {
  const values: Partial<Record<keyof PluginArgs, string>> = {};
  const positional: string[] = [];
  let allNamespaces = false;
  let watch = false;
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i]!;
    if (arg === '-h' || arg === '--help') return { ok: 'help' };
    if (arg === '-A' || arg === '--all-namespaces') allNamespaces = true;
    else if (arg === '-w' || arg === '--watch') watch = true;
    else if (arg.startsWith('-')) {
      const eq = arg.indexOf('=');
      const flag = eq > 0 ? arg.slice(0, eq) : arg;
      const field = VALUE_FLAGS[flag];
      if (!field) return { ok: false, error: `unknown flag: ${flag}` };
      const value = eq > 0 ? arg.slice(eq + 1) : argv[++i];
      if (value === undefined || value === '') return { ok: false, error: `flag needs a value: ${flag}` };
      values[field] = value;
    } else positional.push(arg);
  }
  const [command, name, ...extra] = positional;
  if (command !== 'status' && command !== 'history')
    return { ok: false, error: command ? `unknown command "${command}"` : 'missing command' };
  if (extra.length > 0) return { ok: false, error: `unexpected arguments: ${extra.join(' ')}` };
  const output = values.output ?? 'text';
  if (output !== 'json' && output !== 'text')
    return { ok: false, error: `unsupported output "${output}" (json)` };
  if (allNamespaces && (name !== undefined || values.namespace !== undefined))
    return { ok: false, error: '-A/--all-namespaces takes no NAME and no --namespace' };
  if (command === 'history' && name === undefined) return { ok: false, error: 'history needs a NAME' };
  if (command === 'history' && watch) return { ok: false, error: '--watch is for status' };
  const args: PluginArgs = { command, allNamespaces, watch, output };
  if (name !== undefined) args.name = name;
  if (values.namespace !== undefined) args.namespace = values.namespace;
  if (values.kubeconfig !== undefined) args.kubeconfig = values.kubeconfig;
  if (values.context !== undefined) args.context = values.context;
  return { ok: true, args };
}
